"""The catalogue as GX suites: declared as data, saved, reloaded whole, rendered in Data Docs."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest
from test_rules_sample_data import find_row, sample

from disclosure.model import dumps_exact
from disclosure.report import Report
from expectations.catalogue import FAMILIES, RULES, rules_of
from expectations.frames import Term, checks_frame, tolerance_check
from expectations.gx_context import SUITES_DIR, build_suite, get_gx, load_suite, suite_dict, suite_name
from expectations.runner import validate

ROOT = Path(__file__).resolve().parent.parent


def test_rules_are_declared_with_stable_ids_titles_and_severities():
    prefixes = {"sum", "row", "rollup", "cross", "code", "complete", "neighbour"}
    assert len(RULES) >= 40
    for r in RULES:
        assert r.family in prefixes and r.severity in ("error", "warning")
        assert r.title and any("\u4e00" <= ch <= "\u9fff" for ch in r.title)
        assert r.tables and callable(r.derive)


def test_saved_suites_match_the_catalogue_and_reload_whole():
    for family in FAMILIES:
        path = SUITES_DIR / f"{suite_name(family)}.json"
        saved = json.loads(path.read_text(encoding="utf-8"))
        assert saved == suite_dict(build_suite(family)), f"re-export: python -m expectations.gx_context ({family})"
        reloaded = load_suite(path)
        assert [e.rule for e in reloaded.expectations] == [r.id for r in rules_of(family)]
        assert len(reloaded.expectations) == len(saved["expectations"])


@pytest.mark.slow  # a fresh process importing GX
def test_a_suite_loaded_without_the_custom_class_loses_expectations():
    """The GX trap load_suite guards against: without importing expectations.custom, GX drops them."""
    code = (
        "import json, great_expectations as gx; from pathlib import Path;"
        f"d = json.loads(Path({str(SUITES_DIR / 'budgetcheck.cross.json')!r}).read_text());"
        "s = gx.ExpectationSuite(name=d['name'], expectations=d['expectations']);"
        "print(len(d['expectations']), len(s.expectations))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    saved, loaded = map(int, out.stdout.split())
    assert saved == len(rules_of("cross")) and loaded == 0


def test_one_context_per_process():
    assert get_gx() is get_gx()
    validate(sample())
    assert get_gx().context.validation_results_store.list_keys() == []


def test_tolerance_is_exact_and_follows_printed_precision():
    t = sample().tables["expenditure"]
    c = tolerance_check("x", table=t, row=1, code=None, column="total", subject="s",
                        actual=Term(D("184.18"), "万元"), addends=[Term(D("70.01"), "万元"), Term(D("4.23"), "万元"),
                                                                 Term(D("109.95"), "万元")], expected_label="e")
    assert c.expected == D("184.19") and c.tolerance == D("0.020") and c.difference == D("-0.01")
    whole = Term(D("154369326"), "元")
    c2 = tolerance_check("x", table=t, row=1, code=None, column="total", subject="s", actual=whole,
                         addends=[Term(D("154369327"), "元")], expected_label="e")
    assert c2.tolerance_yuan == D("1.0")  # two whole-元 figures, ±0.5 each
    frame = checks_frame([c, c2])
    assert str(frame["actual"].dtype) == "int64" and str(frame["tolerance"].dtype) == "int64"
    # the smallest exact scale here is whole 元: 184.18 万元 = 1,841,800 元, tolerances 200 元 and 1 元
    assert list(frame["actual"]) == [1841800, 154369326] and list(frame["tolerance"]) == [200, 1]
    c3 = tolerance_check("x", table=t, row=1, code=None, column="total", subject="s",
                         actual=Term(D("99750.00"), "元"), addends=[], expected_label="e")
    assert list(checks_frame([c, c3])["tolerance"]) == [200000, 5]  # now in 0.001 元


def test_report_shape_and_failure_message():
    doc = sample()
    find_row(doc, "expenditure", code="20801")["project"] = D("184.10")
    report = validate(doc).to_dict()
    assert report["status"] == "failed"
    s = report["summary"]
    assert s["rules"] == len(RULES) == s["passed"] + s["failed_errors"] + s["failed_warnings"]
    assert s["failed_errors"] >= 1
    rollup = next(r for r in report["results"] if r["rule"] == "rollup.function.expenditure")
    f = next(f for f in rollup["failures"] if f["code"] == "20801" and f["column"] == "project")
    assert set(f) == {"table", "row", "code", "column", "expected", "actual", "difference", "message"}
    assert f["row"] == 11 and f["table"] == "expenditure"
    assert f["message"].startswith("20801 人力资源和社会保障管理事务 项目支出 184.10 ≠ 下级合计 184.19")
    text = dumps_exact(report)
    assert '"actual": 184.10' in text and '"expected": 184.19' in text and '"difference": -0.09' in text


def test_unreadable_report():
    r = Report.unreadable("s3://b/incoming/x.pdf", "第3页起无文字层，可能是扫描件，请上传可复制文字的PDF").to_dict()
    assert r["status"] == "unreadable" and r["error"].startswith("第3页") and r["results"] == []


def test_data_docs_for_this_validation_only_show_title_id_and_severity(tmp_path):
    doc = sample()
    find_row(doc, "expenditure", code="20801")["project"] = D("184.10")
    validate(sample(), data_docs_dir=tmp_path / "first")
    report = validate(doc, data_docs_dir=tmp_path / "docs")
    assert report.to_dict()["status"] == "failed"
    index = (tmp_path / "docs" / "index.html").read_text(encoding="utf-8")
    pages = sorted((tmp_path / "docs" / "validations").rglob("*.html"))
    assert len(pages) == len(FAMILIES)  # this validation's six suite results, not the earlier one's
    assert index.count("validations/") >= len(FAMILIES)
    rollup = next(p for p in pages if "/rollup/" in str(p)).read_text(encoding="utf-8")
    assert "支出总表：类、款金额等于其下级科目之和〔rollup.function.expenditure｜错误〕" in rollup
    assert "20801" in rollup  # the failing place is listed
    code = next(p for p in pages if "/code/" in str(p)).read_text(encoding="utf-8")
    assert "〔code.reference_name｜警告〕" in code


def test_every_rule_is_named_by_a_rule_test_module():
    """A new rule comes with its passing and failing case in tests/test_rules_<family>.py: every id is
    named there (the CASES lists run each one as printed and after one figure changes)."""
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_rules_*.py"))
    missing = [r.id for r in RULES if f'"{r.id}"' not in sources]
    assert not missing, f"rules without a test case: {missing}"
