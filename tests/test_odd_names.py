"""File names of GBK bytes (issue 17, item 5): what ``unzip`` leaves from a zip made on Chinese
Windows.  Python hands them over as text with undecodable bytes, which no report, ledger row, JSON
file or key can hold: one such file stopped ``serve`` at start (0 of the other uploads reported),
made ``validate --json`` exit 1 with nothing written, and ended ``backfill`` with 0 reports.

Now: ``serve`` and ``backfill`` skip it with one log line saying what it is (its name read as GBK)
and what to do, and report on every other upload; ``validate`` reads it and writes its report
under the name with its bytes escaped, with a warning saying so.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from connectors.storage import LocalStorage
from flows.checking import Checker
from flows.service import Service
from flows.validate import set_checker
from tests import documents
from tests.reports import stored_report

ROOT = Path(__file__).resolve().parents[1]
GBK_NAME = "曲阳人社局.txt".encode("gbk")
SAMPLE = documents.SAMPLE.read_bytes()


def _folder(tmp_path: Path, good: int = 3) -> tuple[Path, LocalStorage, list[str]]:
    incoming = tmp_path / "bucket" / "incoming"
    incoming.mkdir(parents=True)
    store = LocalStorage(tmp_path / "bucket")
    keys = [f"incoming/good-{i}.txt" for i in range(good)]
    for key in keys:
        store.put(key, SAMPLE + key.encode())
    with open(os.fsencode(incoming) + b"/" + GBK_NAME, "wb") as fh:
        fh.write(SAMPLE)
    return incoming, store, keys


@pytest.mark.usefixtures("prefect_harness")
def test_serve_reports_the_other_uploads_and_names_the_odd_one_once(tmp_path, caplog):
    incoming, store, keys = _folder(tmp_path)
    set_checker(Checker(workers=0))
    try:
        service = Service(str(incoming), mode="poll")
        with caplog.at_level(logging.WARNING):
            first = asyncio.run(service.run(once=True))
            second = asyncio.run(service.run(once=True))
        service.close()
    finally:
        set_checker(None)
    assert sorted(o.key for o in first.outcomes if o.done) == keys and second.outcomes == []
    for key in keys:
        assert stored_report(store, key)["status"] == "passed"
    said = [r.getMessage() for r in caplog.records if "不是 UTF-8 编码" in r.getMessage()]
    assert len(said) == 1 and "按 GBK 读作“曲阳人社局.txt”" in said[0] and "\\xc7\\xfa" in said[0], said


def test_validate_reads_it_and_writes_its_report(tmp_path):
    incoming, _, _ = _folder(tmp_path, good=0)
    out = tmp_path / "report.json"
    proc = subprocess.run([sys.executable, "-m", "flows.cli", "validate", os.fsencode(incoming) + b"/" + GBK_NAME,
                           "--json", str(out)], cwd=ROOT, capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["status"] == "passed" and report["source"].endswith("/\\xc7\\xfa\\xd1\\xf4\\xc8\\xcb\\xc9\\xe7\\xbe\\xd6.txt")
    assert any("按 GBK 读作“曲阳人社局.txt”" in w for w in report["warnings"])


@pytest.mark.slow
def test_backfill_reports_the_other_uploads(tmp_path):
    from flows.backfill import backfill

    incoming, store, keys = _folder(tmp_path, good=2)
    assert backfill(str(incoming), workers=1) == 0
    for key in keys:
        assert stored_report(store, key)["status"] == "passed"
