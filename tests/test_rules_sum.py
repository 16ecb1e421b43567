"""Column sums (sum.*): each rule passes on the sample as printed and fails when one figure changes."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from test_rules_sample_data import (
    assert_rule_fails,
    assert_rule_passes,
    bump,
    find_row,
    fund_table,
    result_of,
    sample,
)

from tests.reports import judged


def _none(doc):
    return None


def _with_fund(doc):
    doc.tables["fund_expenditure"] = fund_table("10.00", "4.00", "6.00")


def _with_capital(doc):
    doc.tables["capital_expenditure"] = fund_table("10.00", "4.00", "6.00", key="capital_expenditure")


def _summary(doc, key, item):
    return find_row(doc, key, item=item)


CASES = [
    ("sum.total.income", _none, lambda d: bump(find_row(d, "income", name="合计"), "total"),
     ("income", None, "total")),
    ("sum.total.expenditure", _none, lambda d: bump(find_row(d, "expenditure", name="合计"), "basic"),
     ("expenditure", None, "basic")),
    ("sum.total.general_expenditure", _none,
     lambda d: bump(find_row(d, "general_expenditure", name="合计"), "project"),
     ("general_expenditure", None, "project")),
    ("sum.total.basic_expenditure", _none, lambda d: bump(find_row(d, "basic_expenditure", name="合计"), "public"),
     ("basic_expenditure", None, "public")),
    ("sum.total.fund_expenditure", _with_fund, lambda d: bump(find_row(d, "fund_expenditure", name="合计"), "total"),
     ("fund_expenditure", None, "total")),
    ("sum.total.capital_expenditure", _with_capital,
     lambda d: bump(find_row(d, "capital_expenditure", name="合计"), "basic"),
     ("capital_expenditure", None, "basic")),
    ("sum.summary.income", _none, lambda d: bump(_summary(d, "summary", "本年收入合计"), "income_amount"),
     ("summary", None, "income_amount")),
    ("sum.summary.income_total", _none, lambda d: bump(_summary(d, "summary", "上年结转结余"), "income_amount"),
     ("summary", None, "income_amount")),
    ("sum.summary.expenditure", _none,
     lambda d: bump(_summary(d, "summary", "社会保障和就业支出"), "expenditure_amount"),
     ("summary", None, "expenditure_amount")),
    ("sum.summary.expenditure_total", _none,
     lambda d: bump(_summary(d, "summary", "年终结转结余"), "expenditure_amount"),
     ("summary", None, "expenditure_amount")),
    ("sum.summary.balance", _none, lambda d: bump(_summary(d, "summary", "收入总计"), "income_amount"),
     ("summary", None, "income_amount")),
    ("sum.fiscal.income", _none,
     lambda d: bump(_summary(d, "fiscal_summary", "本年收入合计"), "income_amount"),
     ("fiscal_summary", None, "income_amount")),
    ("sum.fiscal.income_total", _none,
     lambda d: bump(_summary(d, "fiscal_summary", "年初财政拨款结转和结余"), "income_amount"),
     ("fiscal_summary", None, "income_amount")),
    ("sum.fiscal.expenditure", _none,
     lambda d: bump(_summary(d, "fiscal_summary", "教育支出"), "expenditure_general"),
     ("fiscal_summary", None, "expenditure_general")),
    ("sum.fiscal.expenditure_total", _none,
     lambda d: bump(_summary(d, "fiscal_summary", "支出总计"), "expenditure_total"),
     ("fiscal_summary", None, "expenditure_total")),
    ("sum.fiscal.balance", _none, lambda d: bump(_summary(d, "fiscal_summary", "收入总计"), "income_amount"),
     ("fiscal_summary", None, "income_amount")),
    ("sum.three_public.total", _none, lambda d: bump(find_row(d, "three_public", item="合计"), "total"),
     ("three_public", None, "total")),
    ("sum.three_public.car", _none,
     lambda d: bump(find_row(d, "three_public", item="公务用车购置费"), "total"),
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


def test_sub_items_of_an_income_line_add_up():
    """Shanghai prints 一、财政拨款收入 with 1、一般公共预算 … under it: the line equals its 其中 lines."""
    doc = sample()
    rows = doc.tables["summary"].rows
    rows[1]["income_item"] = "1、一般公共预算"
    rows[1]["income_amount"] = D("2591.22")
    assert_rule_passes("sum.summary.income", doc)
    rows[1]["income_amount"] = D("2590.22")
    assert_rule_fails("sum.summary.income", doc, ("summary", None, "income_amount"))


def test_money_on_a_row_without_a_code_leaves_the_total_to_other_rules():
    """Xi'an 公安局 2026 prints projects without a subject code under the 合计: the 类 rows are not all
    of the total, so 合计 = Σ 类 says nothing (the column sums are checked by other rules)."""
    doc = sample()
    rows = doc.tables["expenditure"].rows
    total = find_row(doc, "expenditure", name="合计")
    bump(total, "total", "5.00")
    bump(total, "project", "5.00")
    assert_rule_fails("sum.total.expenditure", doc, ("expenditure", None, "total"))
    rows.append({**{c: None for c in total}, "name": "上年结转项目", "total": D("5.00"), "project": D("5.00")})
    r = result_of(judged(doc), "sum.total.expenditure")
    assert r["passed"] and r["checked"] == 0


def test_a_group_line_repeating_the_total_still_checks_the_classes():
    """A code-less line printing the 合计's own figures (``1 全额`` over the subjects) is the total again."""
    doc = sample()
    rows = doc.tables["expenditure"].rows
    total = find_row(doc, "expenditure", name="合计")
    rows.insert(rows.index(total) + 1, {**total, "row": None, "name": "全额"})
    assert_rule_passes("sum.total.expenditure", doc)
    bump(total, "basic")
    rows[rows.index(total) + 1] = {**total, "row": None, "name": "全额"}
    assert_rule_fails("sum.total.expenditure", doc, ("expenditure", None, "basic"))
