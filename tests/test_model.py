"""The canonical model keeps amounts exact through JSON."""

from decimal import Decimal

from disclosure.amounts import half_unit, interval_yuan, is_amount, parse_amount
from disclosure.model import Department, Disclosure, Table
from disclosure.tables import classify_title


def test_parse_amount_exact():
    assert parse_amount("371,514,655.00") == Decimal("371514655.00")
    assert str(parse_amount("2.80")) == "2.80"
    assert parse_amount("-") is None and parse_amount("") is None
    assert parse_amount("-1,234.5") == Decimal("-1234.5")
    assert not is_amount("行政运行")


def test_tolerance_from_printed_precision():
    assert half_unit(Decimal("824.44")) == Decimal("0.005")
    assert half_unit(Decimal("154369326")) == Decimal("0.5")
    assert interval_yuan(Decimal("2.80"), "万元") == (Decimal("28000.00"), Decimal("50.000"))


def test_json_round_trip_keeps_printed_digits():
    t = Table("three_public", "部门预算财政拨款“三公”经费支出表", ["row", "item", "total"],
              [{"row": 1, "item": "合计", "total": Decimal("2.80")}], unit="万元")
    doc = Disclosure("x.txt", Department("316", "曲阳县人力资源和社会保障局", 2022, "万元", "预算", "部门"),
                     {"three_public": t})
    text = doc.to_json()
    assert '"total": 2.80' in text
    back = Disclosure.from_json(text)
    assert back.tables["three_public"].rows[0]["total"] == Decimal("2.80")
    assert str(back.tables["three_public"].rows[0]["total"]) == "2.80"


def test_classify_titles():
    cases = {
        "部门预算收支总表": "summary", "2025年部门财务收支预算总表": "summary", "收入支出决算总表": "summary",
        "部门预算收入总表": "income", "2025年部门收入预算总表": "income", "收入决算表": "income",
        "部门预算支出总表": "expenditure", "支出决算表": "expenditure",
        "部门预算财政拨款收支总表": "fiscal_summary", "财政拨款收入支出决算总表": "fiscal_summary",
        "2026年预算单位财政拨款收支预算总表": "fiscal_summary",
        "部门预算一般公共预算财政拨款支出表": "general_expenditure",
        "2025年部门一般公共预算支出功能分类预算表": "general_expenditure",
        "一般公共预算财政拨款支出决算表": "general_expenditure",
        "部门预算一般公共预算财政拨款基本支出表": "basic_expenditure",
        "2025年部门一般公共预算基本支出部门预算经济分类预算表": "basic_expenditure",
        "部门预算政府基金预算财政拨款支出表": "fund_expenditure",
        "2025年部门政府性基金预算支出功能分类预算表": "fund_expenditure",
        "政府性基金预算财政拨款收入支出决算表": "fund_expenditure",
        "部门预算国有资本经营预算财政拨款支出表": "capital_expenditure",
        "部门预算财政拨款“三公”经费支出表": "three_public",
        "2025年部门“三公”经费和机关运行经费预算表": "three_public",
        "部门政府采购预算": "procurement", "部门固定资产占用情况表": "assets",
    }
    for title, key in cases.items():
        assert classify_title(title) == key, title
    assert classify_title("收支预算总表支出栏、基本支出表、项目支出表按经济分类和支出功能分类科目编制，反映") is None
