"""Row identities (row.*): each rule passes on the sample as printed and fails when one figure changes."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from test_rules_sample_data import assert_rule_fails, assert_rule_passes, bump, find_row, fund_table, sample

from disclosure.model import Table
from disclosure.tables import TABLE_SPECS


def _none(doc):
    return None


def _with_fund(doc):
    doc.tables["fund_expenditure"] = fund_table("10.00", "4.00", "6.00")


def _with_capital(doc):
    doc.tables["capital_expenditure"] = fund_table("10.00", "4.00", "6.00", key="capital_expenditure")


def _shanghai_summary(doc):
    """收支总表 in the Shanghai layout: 合计 with 人员经费 / 公用经费 / 项目支出 beside it (元, integers)."""
    s = TABLE_SPECS["summary"]
    doc.tables["summary"] = Table(
        "summary", s.title, [*s.columns, "extra_1", "extra_2", "extra_3"],
        [{"row": 1, "income_item": "一、财政拨款收入", "income_amount": D("86959408.34"),
          "expenditure_item": "一、公共安全支出", "expenditure_amount": D("79189400.34"),
          "extra_1": D("12604173"), "extra_2": D("1744680"), "extra_3": D("64840547")}],
        unit="元", column_titles={"income_amount": "预算数", "expenditure_amount": "合计", "extra_1": "人员经费",
                                  "extra_2": "公用经费", "extra_3": "项目支出"})
    # this one-line 收支总表 lists none of the 支出总表's classes: compared with it, every class would
    # differ, which reads as a misreading of the two tables (expectations.plausibility) and would leave
    # the row's own finding unconfirmed; the row rule is what is tested here
    doc.tables.pop("expenditure")


CASES = [
    ("row.income.total", _none, lambda d: bump(find_row(d, "income", code="2080102"), "total"),
     ("income", "2080102", "total")),
    ("row.income.subtotal", _none, lambda d: bump(find_row(d, "income", code="2080799"), "fiscal_grant"),
     ("income", "2080799", "subtotal")),
    ("row.expenditure", _none, lambda d: bump(find_row(d, "expenditure", code="2080106"), "basic"),
     ("expenditure", "2080106", "total")),
    ("row.general_expenditure", _none, lambda d: bump(find_row(d, "general_expenditure", code="205"), "project"),
     ("general_expenditure", "205", "total")),
    ("row.fund_expenditure", _with_fund, lambda d: bump(find_row(d, "fund_expenditure", code="21208"), "basic"),
     ("fund_expenditure", "21208", "total")),
    ("row.capital_expenditure", _with_capital,
     lambda d: bump(find_row(d, "capital_expenditure", code="212"), "total"), ("capital_expenditure", "212", "total")),
    ("row.basic_expenditure", _none, lambda d: bump(find_row(d, "basic_expenditure", code="30231"), "public"),
     ("basic_expenditure", "30231", "total")),
    ("row.fiscal_summary", _none,
     lambda d: bump(find_row(d, "fiscal_summary", item="住房保障支出"), "expenditure_total"),
     ("fiscal_summary", None, "expenditure_total")),
    ("row.summary.expenditure", _shanghai_summary,
     lambda d: bump(d.tables["summary"].rows[0], "extra_3", "2"), ("summary", None, "expenditure_amount")),
    ("row.three_public", _none, lambda d: bump(find_row(d, "three_public", item="公务用车运行维护费"), "general"),
     ("three_public", None, "total")),
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


def test_integer_split_within_tolerance_is_a_note():
    """79,189,400.34 = 12,604,173 + 1,744,680 + 64,840,547 (three whole-元 figures, ±0.5 each): a note."""
    doc = sample()
    _shanghai_summary(doc)
    r = assert_rule_passes("row.summary.expenditure", doc)
    assert [n["difference"] for n in r["notes"]] == [D("0.34")]
