"""The contract's JSON, byte for byte: the typed report writes what the dict-built one wrote.

``tests/data/reports/`` holds reports written by ``budgetcheck validate … --json`` at 095bf5c,
before the report became :class:`disclosure.report.Report` (the sample: passed, notes and quoted
sentences; a failed real PDF with ``printed`` cells; an unreadable workbook; two files of one
Jiangsu disclosure with last year's, checked together: ``part``-less reports with a
``neighbours`` section).  Each must come out again byte for byte from the CLI, and each must
survive a round trip through :meth:`Report.from_dict` unchanged (a stored report re-written by a
neighbour re-check loses nothing).  ``bench/report_equality.py`` does the same over every
document of the corpora.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from disclosure.model import dumps_exact
from disclosure.report import Report
from flows.cli import main

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "data" / "reports"
#: Absolute paths in the neighbours section are written relative to this placeholder.
ROOT_MARK = "<root>"
SINGLE = {
    "quyang-hrss-2022-budget.txt.json": "samples/quyang-hrss-2022-budget.txt",
    "MODIFIED_shanghai-putuo_caizhengju_2024_juesuan-dept_testproblems.pdf.json":
        "tests/corpus/real/MODIFIED_shanghai-putuo_caizhengju_2024_juesuan-dept_testproblems.pdf",
    "shanghai-putuo_sifaju_2026_yusuan-unit.review-checklist.xlsx.json":
        "tests/corpus/real/shanghai-putuo_sifaju_2026_yusuan-unit.review-checklist.xlsx",
}
TOGETHER = ("jiangsu-renda-2019-two-files-and-2018.json", [
    "tests/corpus/jiangsu/jiangsu-prov_renda_2019_yusuan-dept-text.pdf",
    "tests/corpus/jiangsu/jiangsu-prov_renda_2019_yusuan-dept-tables.pdf",
    "tests/corpus/jiangsu/jiangsu-prov_renda_2018_yusuan-dept.pdf",
])


def _cli_json(args: list[str], out: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(ROOT)  # sources as given, relative: the golden files were made that way
    main(["validate", *args, "--json", str(out)])
    return out.read_text(encoding="utf-8").replace(str(ROOT), ROOT_MARK)


@pytest.mark.parametrize("golden", sorted(SINGLE))
def test_the_cli_writes_the_same_report_byte_for_byte(golden, tmp_path, monkeypatch):
    got = _cli_json([SINGLE[golden]], tmp_path / "r.json", monkeypatch)
    assert got == (GOLDEN / golden).read_text(encoding="utf-8")


def test_files_checked_together_give_the_same_reports_byte_for_byte(tmp_path, monkeypatch):
    golden, sources = TOGETHER
    got = _cli_json(sources, tmp_path / "r.json", monkeypatch)
    assert got == (GOLDEN / golden).read_text(encoding="utf-8")


@pytest.mark.parametrize("golden", sorted(p.name for p in GOLDEN.glob("*.json")))
def test_a_stored_report_survives_the_round_trip_through_the_type(golden):
    text = (GOLDEN / golden).read_text(encoding="utf-8")
    data = json.loads(text, parse_float=Decimal)
    reports = data if isinstance(data, list) else [data]
    again = [Report.from_dict(r).to_dict() for r in reports]
    assert dumps_exact(again if isinstance(data, list) else again[0]) + "\n" == text
