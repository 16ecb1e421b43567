"""Recognise an upload's format from its bytes, not its name (names lie)."""

from __future__ import annotations

import codecs
import io
import zipfile

from disclosure import errors

_MAGIC: list[tuple[bytes, str]] = [
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"),
    (b"II*\x00", "TIFF 图片"),
    (b"MM\x00*", "TIFF 图片"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf", "7z 压缩包"),
    (b"\x1f\x8b", "gzip 压缩包"),
    (b"{\\rtf", "RTF 文档"),
]


def sniff(data: bytes) -> str:
    """Return ``pdf``, ``xlsx``, ``xls``, ``pages_json`` or ``text``; raise UnreadableDocument otherwise."""
    if not data:
        raise errors.empty_file()
    if not data.strip():
        raise errors.blank_file(len(data))
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile as exc:
            raise errors.corrupt("Excel") from exc
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        if any(n.startswith("word/") for n in names):
            raise errors.wrong_type("Word 文档（DOCX）")
        raise errors.wrong_type("ZIP 压缩包")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise errors.wrong_type(what)
    text = decode_text(data)
    if text is None:
        raise errors.wrong_type("无法识别的二进制数据")
    if not text.strip():  # full-width spaces, or UTF-16 blanks
        raise errors.blank_file(len(data))
    if text.lstrip().startswith("[") and '"page"' in text[:2000]:
        return "pages_json"
    return "text"


#: UTF-16 without a byte-order mark is told by its zero bytes: at least this share of the code
#: units are ASCII (digits, spaces, line breaks: high byte zero) ...
UTF16_MIN_ZERO_SHARE = 0.1
#: ... and zero bytes on the other side are at most this share of those (a Chinese character
#: has a zero low byte once in 256).
UTF16_OTHER_SIDE_SHARE = 0.125


def decode_text(data: bytes) -> str | None:
    """Decode text uploads: UTF-8 (with or without BOM), UTF-16 (BOM, or zero bytes all on one side
    of the code units, as Windows "Unicode" text is saved), or GB18030; ``None`` if it is binary."""
    utf16 = _utf16_encoding(data)
    if utf16 is not None:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            return None
        return text if _is_text(text) else None
    if b"\x00" in data[:4096]:
        return None
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return None


def _utf16_encoding(data: bytes) -> str | None:
    """``utf-16`` (BOM), ``utf-16-le`` / ``utf-16-be`` (no BOM), or None."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = data[:4096]
    if len(head) < 2 or b"\x00" not in head:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    units = len(head) // 2
    if odd >= units * UTF16_MIN_ZERO_SHARE and even <= odd * UTF16_OTHER_SIDE_SHARE:
        return "utf-16-le"
    if even >= units * UTF16_MIN_ZERO_SHARE and odd <= even * UTF16_OTHER_SIDE_SHARE:
        return "utf-16-be"
    return None


def _is_text(text: str) -> bool:
    """No control characters other than tab, line breaks and form feed (page breaks)."""
    return not any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in text[:4096])
