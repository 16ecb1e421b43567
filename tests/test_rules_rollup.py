"""Hierarchy roll-ups (rollup.*): 类 = Σ 款, 款 = Σ 项, 301 = Σ 301xx, within the rounding tolerance."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from test_rules_sample_data import assert_rule_fails, assert_rule_passes, bump, find_row, fund_table, sample


def _none(doc):
    return None


def _with_fund(doc):
    doc.tables["fund_expenditure"] = fund_table("10.00", "4.00", "6.00")


def _with_capital(doc):
    doc.tables["capital_expenditure"] = fund_table("10.00", "4.00", "6.00", key="capital_expenditure")


CASES = [
    ("rollup.function.income", _none, lambda d: bump(find_row(d, "income", code="21011"), "carryover"),
     ("income", "21011", "carryover")),
    ("rollup.function.expenditure", _none, lambda d: bump(find_row(d, "expenditure", code="2080109"), "project"),
     ("expenditure", "20801", "project")),
    ("rollup.function.general_expenditure", _none,
     lambda d: bump(find_row(d, "general_expenditure", code="221"), "total"), ("general_expenditure", "221", "total")),
    ("rollup.function.fund_expenditure", _with_fund,
     lambda d: bump(find_row(d, "fund_expenditure", code="2120803"), "project"),
     ("fund_expenditure", "21208", "project")),
    ("rollup.function.capital_expenditure", _with_capital,
     lambda d: bump(find_row(d, "capital_expenditure", code="21208"), "basic"),
     ("capital_expenditure", "212", "basic")),
    ("rollup.economic.basic_expenditure", _none,
     lambda d: bump(find_row(d, "basic_expenditure", code="30305"), "personnel", "-0.10"),
     ("basic_expenditure", "303", "personnel")),
]


@pytest.mark.parametrize(("rule_id", "prepare", "change", "where"), CASES, ids=[c[0] for c in CASES])
def test_passes_as_printed(rule_id, prepare, change, where):
    doc = sample()
    prepare(doc)
    assert_rule_passes(rule_id, doc)


@pytest.mark.parametrize(("rule_id", "prepare", "change", "where"), CASES, ids=[c[0] for c in CASES])
def test_fails_when_one_figure_changes(rule_id, prepare, change, where):
    doc = sample()
    prepare(doc)
    change(doc)
    assert_rule_fails(rule_id, doc, where)


def test_sample_rounding_differences_are_notes_with_the_xbrl_tolerance():
    """20801 项目支出 184.18 vs Σ 184.19: printed to 0.01 万元, so the parent and its three printed
    children each stand for ±0.005; the tolerance is 4 × 0.005 = 0.02 ≥ 0.01: a note, not a failure."""
    r = assert_rule_passes("rollup.function.expenditure", sample())
    notes = {(n["code"], n["column"]): n for n in r["notes"]}
    n = notes[("20801", "project")]
    assert (n["actual"], n["expected"], n["difference"]) == (D("184.18"), D("184.19"), D("-0.01"))
    assert "舍入容差 ±0.02" in n["message"]
    assert notes[("20801", "total")]["expected"] == D("824.45")


def test_a_difference_just_beyond_the_tolerance_fails():
    """184.16 vs 184.19 is 0.03 > 0.02: a failure with the contract's message shape."""
    doc = sample()
    find_row(doc, "expenditure", code="20801")["project"] = D("184.16")
    r = assert_rule_fails("rollup.function.expenditure", doc, ("expenditure", "20801", "project"))
    f = next(f for f in r["failures"] if f["code"] == "20801" and f["column"] == "project")
    assert f["message"].startswith("20801 人力资源和社会保障管理事务 项目支出 184.16 ≠ 下级合计 184.19")
    assert (f["expected"], f["actual"], f["difference"]) == (D("184.19"), D("184.16"), D("-0.03"))


def test_a_class_printed_without_children_is_fine():
    doc = sample()
    t = doc.tables["general_expenditure"]
    t.rows = [r for r in t.rows if not (r.get("code") or "").startswith("221") or r["code"] == "221"]
    assert_rule_passes("rollup.function.general_expenditure", doc)
