"""A document that kills the reader, or runs past its time, is charged alone; the others get reports.

Real worker processes (two, spawned as the service spawns them), real Prefect flow runs, the
real sparse XLSX (one cell at XFD1048576: the spreadsheet reader allocates 17 billion cells and
aborts its process with SIGABRT) beside three real PDFs.

* With the default limits the XLSX never reaches the reader: its used range is over
  ``BUDGETCHECK_MAX_CELLS``, and its report says so.  No worker dies.
* With that limit lifted, the reader really dies.  Every document that was in the pool is run
  again alone; the PDFs get their reports in the same pass (nobody is counted as crashed), and the
  XLSX, dying again alone, gets an ``unreadable`` report naming the reader's death.
* A document that runs past ``BUDGETCHECK_MAX_SECONDS`` (counted in its worker from the moment
  it starts on it) is stopped there and reported as too slow; the worker goes on, and the document
  beside it gets its report.
"""

from __future__ import annotations

import asyncio
import io
import sqlite3

import pypdfium2 as pdfium
import pytest

from connectors.storage import LocalStorage
from flows.checking import Checker
from flows.service import Service
from flows.validate import set_checker
from tests import documents
from tests.bad_corpus import sparse_xlsx
from tests.reports import stored_report

pytestmark = [pytest.mark.usefixtures("prefect_harness"), pytest.mark.slow]

PDFS = ["shanghai-putuo_sifaju_2026_yusuan-dept.pdf", "shanghai-putuo_shangwuwei_2025_yusuan-dept.pdf",
        "shanghai-putuo_wanli-jiedao_2024_yusuan-dept.pdf"]


@pytest.fixture
def pool_checker():
    checker = Checker(workers=2)
    set_checker(checker)
    yield checker
    checker.close()
    set_checker(None)


def _serve_once(tmp_path, uploads: dict[str, bytes]):
    store = LocalStorage(tmp_path / "bucket")
    for key, data in uploads.items():
        store.put(key, data)
    service = Service(str(tmp_path / "bucket" / "incoming"), mode="poll")
    try:
        stats = asyncio.run(service.run(once=True))
    finally:
        service.close()
    return store, stats


def _crash_counts(tmp_path) -> list[tuple]:
    db = sqlite3.connect(tmp_path / "bucket" / ".budgetcheck" / "ledger.sqlite")
    try:
        return db.execute("SELECT key, attempts FROM crashes").fetchall()
    finally:
        db.close()


def _uploads() -> dict[str, bytes]:
    out = {f"incoming/{name}": documents.real(name).read_bytes() for name in PDFS}
    out["incoming/poison.xlsx"] = sparse_xlsx()
    return out


def test_default_limits_stop_the_poison_before_the_reader(tmp_path, pool_checker):
    store, stats = _serve_once(tmp_path, _uploads())
    assert not stats.failed and len(stats.outcomes) == 4
    poison = stored_report(store, "incoming/poison.xlsx")
    assert poison["status"] == "unreadable"
    assert "XFD1048576" in poison["error"] and "BUDGETCHECK_MAX_CELLS" in poison["error"]
    for name in PDFS:
        assert stored_report(store, f"incoming/{name}")["status"] in ("passed", "failed")
    assert pool_checker.isolated == []  # no worker died, nothing had to be run alone


def test_a_reader_crash_is_charged_to_the_document_that_caused_it(tmp_path, monkeypatch, pool_checker):
    monkeypatch.setenv("BUDGETCHECK_MAX_CELLS", str(10**12))  # let the poison reach the reader
    pool_checker.close()
    checker = Checker(workers=2)  # workers spawned now see the lifted limit
    set_checker(checker)
    try:
        store, stats = _serve_once(tmp_path, _uploads())
    finally:
        checker.close()
    # every upload was done in this one pass: no PDF was counted as crashed or left pending
    assert not stats.failed and sorted(o.key for o in stats.outcomes if o.done) == sorted(_uploads())
    assert _crash_counts(tmp_path) == []
    poison = stored_report(store, "incoming/poison.xlsx")
    assert poison["status"] == "unreadable"
    assert "读取程序异常退出" in poison["error"] and "SIGABRT" in poison["error"], poison["error"]
    for name in PDFS:
        report = stored_report(store, f"incoming/{name}")
        assert report["status"] in ("passed", "failed") and report["department"]["name"]
    # the crash was charged by running the documents of the broken pool alone: the poison died
    # again, whatever shared the pool with it was fine
    outcomes = dict((src.rsplit("/", 1)[-1], how) for src, how in checker.isolated)
    assert outcomes.pop("poison.xlsx") == "died"
    assert outcomes and set(outcomes.values()) == {"ok"} and set(outcomes) <= set(PDFS)


def _long_pdf(pages: int = 460) -> bytes:
    """A real disclosure's pages repeated: about 2.5 s to read here, far past a 0.5 s limit."""
    src = pdfium.PdfDocument(str(documents.real(PDFS[0])))
    out = pdfium.PdfDocument.new()
    while len(out) + len(src) <= pages:
        out.import_pages(src)
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def test_a_document_over_the_time_limit_is_stopped_and_named(tmp_path, monkeypatch, pool_checker):
    monkeypatch.setenv("BUDGETCHECK_MAX_SECONDS", "0.5")
    uploads = {"incoming/long.pdf": _long_pdf(), "incoming/junk.pdf": bytes(range(256)) * 40}
    store, stats = _serve_once(tmp_path, uploads)
    assert not stats.failed
    long = stored_report(store, "incoming/long.pdf")
    assert long["status"] == "unreadable" and "0.5 秒" in long["error"] and "BUDGETCHECK_MAX_SECONDS" in long["error"]
    junk = stored_report(store, "incoming/junk.pdf")
    assert junk["status"] == "unreadable" and "二进制" in junk["error"]  # its own report, not a casualty
    assert pool_checker.isolated == []  # stopped inside its worker: no worker was killed
