"""The reading limits and the cheap facts they are checked on, and text recognition.

The limits must stop the hostile files (``tests/test_bad_corpus.py`` runs those through the CLI)
and must never stop a real disclosure: every real PDF and workbook of the corpus passes them.
"""

from __future__ import annotations

import threading
import time
import zlib

import pytest

from connectors.readers import limits
from connectors.readers.limits import Limits, check_document, inflated_pdf_streams, used_range
from connectors.readers.sniff import decode_text, sniff
from disclosure.errors import UnreadableDocument
from tests import bad_corpus, documents


def test_limits_come_from_the_environment_and_a_typo_switches_nothing_off(monkeypatch):
    assert Limits.from_env({}) == Limits()
    env = {"BUDGETCHECK_MAX_PAGES": "20", "BUDGETCHECK_MAX_SECONDS": "2.5", "BUDGETCHECK_MAX_CELLS": "lots",
           "BUDGETCHECK_MAX_BYTES": "0"}
    got = Limits.from_env(env)
    assert got.max_pages == 20 and got.max_seconds == 2.5
    assert got.max_cells == Limits().max_cells and got.max_bytes == Limits().max_bytes
    monkeypatch.setenv("BUDGETCHECK_MAX_SHEETS", "3")
    assert limits.current().max_sheets == 3
    assert set(limits.ENV_VARS) == {f for f in Limits.__dataclass_fields__}


def test_every_real_document_passes_the_limits():
    real = [*documents.real_pdfs(), *documents.jiangsu_pdfs(), *documents.REAL.glob("*.xls*")]
    assert len(real) >= 25
    for path in real:
        data = path.read_bytes()
        check_document(data, sniff(data), Limits())  # raises if a limit were hit


def test_used_range_follows_the_cell_references_not_the_dimension():
    xml = (b'<worksheet><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1"/><c r="C1"/></row>'
           b'<row r="7"><c r="B7"/></row></sheetData></worksheet>')
    assert used_range(xml) == (7, 3)
    # rows and cells without references follow the previous ones
    assert used_range(b"<sheetData><row><c/><c/><c/></row><row><c/></row><row r=\"10\"><c r=\"E10\"/><c/></row>"
                      b"</sheetData>") == (10, 6)
    assert used_range(b'<x:row r="3"><x:c r="AA3"/></x:row>') == (3, 27)


def test_inflated_size_of_pdf_streams_counts_nested_compression_and_stops_at_the_cap():
    plain = bad_corpus.stream(zlib.compress(b" " * 1000))
    assert inflated_pdf_streams(plain, 10**9) == 1000
    twice = bad_corpus.stream(zlib.compress(zlib.compress(b" " * 50_000)), b"[/FlateDecode /FlateDecode]")
    assert inflated_pdf_streams(twice, 10**9) == 50_000
    assert inflated_pdf_streams(bad_corpus.stream(b"\xff\xd8\xff not zlib"), 10**9) == 0
    bomb = bad_corpus.flate_bomb_pdf(64)
    assert 10 * 1024**2 < inflated_pdf_streams(bomb, 10 * 1024**2) <= 12 * 1024**2  # stopped near the cap


def test_an_xls_workbook_is_measured_from_its_cell_records():
    from connectors.readers.limits import biff_sheets
    from connectors.readers.package import cfb_stream

    template = documents.real("TEMPLATE_shanghai-putuo_2026_yusuan-unit-template.xls").read_bytes()
    sheets = biff_sheets(cfb_stream(template, ("Workbook", "Book")))
    assert len(sheets) == 16 and sheets[0][0] == "封面" and sheets[7] == ("单位收入总表", True, 23, 9)
    far = (bad_corpus.BAD / "xls-cell-at-IV65536.xls").read_bytes()  # a small stream: in the mini stream
    assert biff_sheets(cfb_stream(far, ("Workbook", "Book"))) == [("Sheet", True, 65536, 256)]
    check_document(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "xls")  # damaged: left to the reader


def test_each_limit_names_itself_the_value_and_the_setting():
    small = Limits(max_bytes=100, max_pages=1, max_sheets=1, max_cells=10, max_decompressed_bytes=50_000)
    cases = {
        "BUDGETCHECK_MAX_BYTES": (b"x" * 101, "text", "101 字节"),
        "BUDGETCHECK_MAX_PAGES": (bad_corpus.blank_pages_pdf(2), "pdf", "PDF 共 2 页"),
        "BUDGETCHECK_MAX_SHEETS": (bad_corpus.many_sheets_xlsx(2), "xlsx", "2 个工作表"),
        "BUDGETCHECK_MAX_CELLS": (bad_corpus.rows_xlsx(4, 3), "xlsx", "4 行 × 3 列"),
        "BUDGETCHECK_MAX_DECOMPRESSED_BYTES": (bad_corpus.flate_bomb_pdf(1), "pdf", "解压后"),
    }
    for setting, (data, fmt, found) in cases.items():
        limit = Limits(**{**small.__dict__, **({"max_bytes": 10**9} if setting != "BUDGETCHECK_MAX_BYTES" else {})})
        with pytest.raises(UnreadableDocument) as caught:
            check_document(data, fmt, limit)
        message = caught.value.message
        assert setting in message and found in message and message.endswith("。"), message
        assert caught.value.reason == "over_limit"


def test_the_time_limit_stops_python_work_in_the_main_thread_only():
    with pytest.raises(limits.OutOfTime):
        with limits.time_limit(0.2):
            while True:
                pass
    done = []

    def elsewhere():
        with limits.time_limit(0.01):  # no signals outside the main thread: runs unlimited
            time.sleep(0.05)
        done.append(True)

    t = threading.Thread(target=elsewhere)
    t.start()
    t.join()
    assert done == [True]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "gb18030"])
def test_text_in_any_usual_encoding_is_text(encoding):
    text = documents.SAMPLE.read_text(encoding="utf-8")
    data = text.encode(encoding)
    assert sniff(data) == "text" and decode_text(data).lstrip("\ufeff") == text
    letter = bad_corpus.LETTER.encode(encoding)  # pure Chinese: few zero bytes to go by
    assert sniff(letter) == "text" and decode_text(letter).lstrip("\ufeff") == bad_corpus.LETTER


def test_blank_files_are_called_blank_and_binary_stays_binary():
    for data in (b"  \n\t", "\u3000\n".encode(), " \n".encode("utf-16")):
        with pytest.raises(UnreadableDocument, match="空白字符"):
            sniff(data)
    with pytest.raises(UnreadableDocument, match="空的"):
        sniff(b"")
    for data in (bytes(range(256)) * 8, bytes(4096), b"\x00\x01" * 500):
        with pytest.raises(UnreadableDocument, match="二进制"):
            sniff(data)
