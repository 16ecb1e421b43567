"""Text decoding says what is wrong and where (issue 17, item 8); the whole documents are in the
bad-input corpus (``sample-stray-0xff-byte.txt``, ``sample-cut-mid-character.txt``,
``sample-one-gbk-line.txt``, ``sample-utf32-bom.txt``, ``letter-utf32le-nobom.txt``)."""

from __future__ import annotations

import codecs

import pytest

from connectors.readers.encoding import decode
from connectors.readers.sniff import sniff
from disclosure.errors import UnreadableDocument

TEXT = "部门预算收支总表\n单位：万元\n一、一般公共预算拨款收入 2591.22\n说明：本部门当年全部收入。\n" * 3


def test_utf32_with_and_without_a_bom_is_read():
    for data in (TEXT.encode("utf-32"), TEXT.encode("utf-32-le"), TEXT.encode("utf-32-be")):
        assert decode(data).text.lstrip("\ufeff") == TEXT
    assert decode(codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le")).encoding == "UTF-32"


def test_gbk_is_read_as_gbk():
    decoded = decode(TEXT.encode("gbk"))
    assert decoded.text == TEXT and decoded.encoding == "GBK" and not decoded.warnings


def test_a_gbk_line_in_utf8_is_read_and_named():
    lines = TEXT.encode().split(b"\n")
    lines[3] = lines[3].decode().encode("gbk")
    decoded = decode(b"\n".join(lines))
    assert decoded.text == TEXT and decoded.encoding == "UTF-8"
    assert decoded.warnings and "第 4 行是 GBK（GB18030）编码" in decoded.warnings[0]


def test_a_stray_byte_is_named_by_line_and_byte():
    data = TEXT.encode()
    at = data.index(b"2591")
    with pytest.raises(UnreadableDocument) as exc:
        decode(data[:at] + b"\xff" + data[at:])
    line_start = data.rfind(b"\n", 0, at) + 1
    assert f"第 3 行第 {at - line_start + 1} 字节（全文第 {at + 1} 字节）是无法识别的字节 0xFF" in exc.value.message


def test_a_text_cut_mid_character_is_said_to_be_cut():
    data = TEXT.encode()[:-5]  # "。\n" is 4 bytes: the cut falls inside "入"
    with pytest.raises(UnreadableDocument) as exc:
        sniff(data)
    assert "截断在一个字符的中间" in exc.value.message and "第 12 行" in exc.value.message


def test_binary_stays_binary():
    assert decode(bytes(range(256)) * 16) is None
    assert decode(bytes((i * 37 + 11) % 256 for i in range(1, 4000) if (i * 37 + 11) % 256)) is None
