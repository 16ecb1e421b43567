"""Cross-table equality (cross.*): the same figure printed twice agrees."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from test_rules_sample_data import (
    assert_rule_fails,
    assert_rule_passes,
    bump,
    find_row,
    result_of,
    sample,
)

from tests.reports import judged


def _none(doc):
    return None


CASES = [
    ("cross.summary.income", lambda d: bump(find_row(d, "summary", item="一般公共预算拨款收入"), "income_amount"),
     ("income", None, "fiscal_grant")),
    ("cross.summary.expenditure", lambda d: bump(find_row(d, "summary", item="教育支出"), "expenditure_amount"),
     ("summary", "205", "expenditure_amount")),
    ("cross.income.expenditure", lambda d: bump(find_row(d, "income", code="2080102"), "total"),
     ("income", "2080102", "total")),
    ("cross.fiscal.general_expenditure",
     lambda d: bump(find_row(d, "fiscal_summary", item="科学技术支出"), "expenditure_general"),
     ("fiscal_summary", "206", "expenditure_general")),
    ("cross.general.basic", lambda d: bump(find_row(d, "general_expenditure", name="合计"), "basic"),
     ("general_expenditure", None, "basic")),
    ("cross.three_public.car_running", lambda d: bump(find_row(d, "basic_expenditure", code="30231"), "total", "0.10"),
     ("three_public", None, "total")),
    ("cross.expenditure.general_expenditure", lambda d: bump(find_row(d, "expenditure", code="2080106"), "basic"),
     ("expenditure", "2080106", "basic")),
    ("cross.economic.function", lambda d: bump(find_row(d, "basic_expenditure", code="30109"), "total"),
     ("basic_expenditure", "30109", "total")),
]


@pytest.mark.parametrize(("rule_id", "change", "where"), CASES, ids=[c[0] for c in CASES])
def test_passes_as_printed(rule_id, change, where):
    assert_rule_passes(rule_id, sample())


@pytest.mark.parametrize(("rule_id", "change", "where"), CASES, ids=[c[0] for c in CASES])
def test_fails_when_one_figure_changes(rule_id, change, where):
    doc = sample()
    change(doc)
    assert_rule_fails(rule_id, doc, where)


def test_yuan_and_wan_yuan_compare_at_the_coarser_precision():
    """三公 9.98 万元 (±50 元) vs 基本支出表 30231 99,750.00 元 (±0.005 元): 50 元 apart, inside ±50.005."""
    doc = sample()
    t = doc.tables["basic_expenditure"]
    t.unit = "元"
    for r in t.rows:
        for c in ("total", "personnel", "public"):
            if r.get(c) is not None:
                r[c] = r[c] * 10000
    find_row(doc, "basic_expenditure", code="30231")["total"] = D("99750.00")
    for item in ("合计", "公务用车购置及运维费", "公务用车运行维护费"):
        row = find_row(doc, "three_public", item=item)
        row["total"] = row["general"] = D("9.98")
    r = assert_rule_passes("cross.three_public.car_running", doc)
    assert r["notes"][0]["expected"] == D("9.975") and r["notes"][0]["difference"] == D("0.005")
    find_row(doc, "basic_expenditure", code="30231")["total"] = D("99749.00")
    assert_rule_fails("cross.three_public.car_running", doc, ("three_public", None, "total"))


def test_final_accounts_do_not_balance_income_and_spending_code_by_code():
    """In a 决算 spending can come from carried-over funds, so 收入 ≠ 支出 by code is not a defect."""
    doc = sample()
    doc.department.kind = "决算"
    bump(find_row(doc, "income", code="2080102"), "total")
    r = result_of(judged(doc), "cross.income.expenditure")
    assert r["passed"] and r["checked"] == 0


def test_a_class_missing_from_the_summary_is_named():
    doc = sample()
    find_row(doc, "summary", item="农林水支出")["expenditure_item"] = "十三、（空）"
    r = assert_rule_fails("cross.summary.expenditure", doc, ("expenditure", "213", "total"))
    assert any("收支总表（未列此类）" in f["message"] for f in r["failures"])


def test_a_class_printed_under_its_former_name_is_that_class():
    """社会福利院 2024 prints 三、医疗卫生与计划生育支出 (210's name before 2019) in its 收支总表."""
    doc = sample()
    row = find_row(doc, "summary", item="卫生健康支出")
    row["expenditure_item"] = row["expenditure_item"].replace("卫生健康支出", "医疗卫生与计划生育支出")
    assert_rule_passes("cross.summary.expenditure", doc)
    row["expenditure_amount"] += 1
    assert_rule_fails("cross.summary.expenditure", doc, ("summary", "210", "expenditure_amount"))


@pytest.mark.parametrize(("rule_id", "key", "column"), [
    ("cross.fiscal.fund_expenditure", "fund_expenditure", "expenditure_fund"),
    ("cross.fiscal.capital_expenditure", "capital_expenditure", "expenditure_capital"),
])
def test_fiscal_summary_fund_and_capital_columns_agree_with_their_tables(rule_id, key, column):
    from test_rules_sample_data import fund_table

    doc = sample()
    doc.tables[key] = fund_table("10.00", "4.00", "6.00", key=key)
    find_row(doc, "fiscal_summary", item="城乡社区支出")[column] = D("10.00")
    find_row(doc, "fiscal_summary", item="本年支出合计")[column] = D("10.00")
    assert_rule_passes(rule_id, doc)
    find_row(doc, "fiscal_summary", item="城乡社区支出")[column] = D("11.00")
    assert_rule_fails(rule_id, doc, ("fiscal_summary", "212", column))


def test_retirement_pay_may_be_below_the_retirement_codes_never_above():
    """30302 退休费 is one part of 2080501 + 2080502 离退休 (Shanghai budgets put retirees' other costs
    there too): below them passes; above them by more than rounding fails, naming 30302."""
    doc = sample()
    bump(find_row(doc, "basic_expenditure", code="30302"), "total", "-5.00")
    r = assert_rule_passes("cross.economic.function", doc)
    assert not [n for n in r.get("notes", []) if n["code"] == "30302"]  # a part below its whole: nothing to note

    doc = sample()
    bump(find_row(doc, "basic_expenditure", code="30302"), "total", "0.01")  # 76.09 vs 76.08: inside ±0.015
    r = assert_rule_passes("cross.economic.function", doc)
    assert [n["difference"] for n in r["notes"] if n["code"] == "30302"] == [D("0.01")]

    doc = sample()
    bump(find_row(doc, "basic_expenditure", code="30302"), "total", "1.00")
    r = assert_rule_fails("cross.economic.function", doc, ("basic_expenditure", "30302", "total"))
    (f,) = [f for f in r["failures"] if f["code"] == "30302"]
    assert f["expected"] == D("76.08") and f["actual"] == D("77.08") and f["difference"] == D("1.00")
    assert "超过" in f["message"] and "2080501+2080502" in f["message"]
