"""Columns about another period or a comparison (上年预算数, 比上年增减, 增减%) printed beside this
year's figures: read by their header meaning, never taken as parts of this year's 合计 and never
summed when they are ratios.  Before, a flat header ``合计 | 基本支出 | 项目支出 | 上年预算数 | 比上年增减
| 增减%`` made 合计 "the sum of everything beside it" (a false finding on every row) and the ratio
column's words reached the sum rules (a crash, no report)."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from connectors.readers import read_path
from connectors.readers.grid import column_sums
from tests import comparison_workbook, factory
from tests.reports import judged

SUM_RULES = ("row.general_expenditure", "sum.total.general_expenditure", "rollup.function.general_expenditure")

@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("comparison")
    return {"xlsx": comparison_workbook.workbook(folder / "comparison.xlsx")}


@pytest.fixture(scope="module")
def printed(files) -> Path:
    """The workbook printed to PDF by LibreOffice (only the tests that read the PDF ask: slow tier)."""
    if not factory.soffice():
        pytest.skip("LibreOffice is not installed")
    return factory.convert_to_pdf([files["xlsx"]], files["xlsx"].parent)[files["xlsx"]]


def _file(request, files: dict[str, Path], fmt: str) -> Path:
    return files["xlsx"] if fmt == "xlsx" else request.getfixturevalue("printed")


FORMATS = ["xlsx", pytest.param("pdf", marks=pytest.mark.slow)]  # pdf: LibreOffice


def _table(path: Path):
    return read_path(path).tables["general_expenditure"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_this_years_total_is_the_sum_of_this_years_parts_only(request, files, fmt) -> None:
    table = _table(_file(request, files, fmt))
    assert table.confident, table.problems
    assert [(s.total, s.parts) for s in table.column_sums] == [("total", ("basic", "project"))]
    assert table.column_titles["last_year_budget"] == "上年预算数"
    assert "last_year_budget" in table.amount_columns
    by_code = table.rows_by_code()
    assert by_code["2010101"]["last_year_budget"] == D("90.00")
    assert by_code["2010102"]["total"] == D("31.50")


def test_a_ratio_column_is_kept_as_printed_and_never_summed(files) -> None:
    table = _table(files["xlsx"])
    [ratio] = [k for k, title in table.column_titles.items() if title == "增减%"]
    assert ratio not in table.amount_columns
    assert table.rows_by_code()["2010101"][ratio] == "11.11%"
    [change] = [k for k, title in table.column_titles.items() if title == "比上年增减"]
    assert change in table.amount_columns  # a difference adds up down the rows: the roll-ups check it


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_sum_rules_pass_on_the_table_as_printed(request, files, fmt) -> None:
    report = judged(read_path(_file(request, files, fmt)))
    for rule in SUM_RULES:
        [result] = [r for r in report["results"] if r["rule"] == rule]
        assert result["passed"] and result["checked"] > 0, (rule, result["failures"])


def test_a_changed_part_is_still_found(tmp_path) -> None:
    rows = [r if r[0] != "2010101" else (*r[:3], "99.00", *r[4:]) for r in comparison_workbook.ROWS]
    report = judged(read_path(comparison_workbook.workbook(tmp_path / "changed.xlsx", rows)))
    [row_rule] = [r for r in report["results"] if r["rule"] == "row.general_expenditure"]
    assert not row_rule["passed"]
    assert [(f["code"], f["column"]) for f in row_rule["failures"]] == [("2010101", "total")]


def test_a_group_of_last_years_columns_has_its_own_total() -> None:
    stacks = [["上年预算数", "合计"], ["上年预算数", "基本支出"], ["上年预算数", "项目支出"],
              ["本年预算数", "合计"], ["本年预算数", "基本支出"], ["本年预算数", "项目支出"], ["增减"]]
    money = dict(enumerate(["ly_total", "ly_basic", "ly_project", "total", "basic", "project", "change"]))
    assert sorted((s.total, s.parts) for s in column_sums(stacks, money)) == [
        ("ly_total", ("ly_basic", "ly_project")), ("total", ("basic", "project"))]


@pytest.mark.parametrize("carried", ["上年结转", "上年度结转", "上年财政拨款结转", "上年末结转结余", "使用以前年度结余",
                                     "2024年结转", "用事业基金弥补收支差额"])
def test_money_carried_into_this_year_is_still_a_part(carried: str) -> None:
    stacks = [["2025年预算数", "合计"], ["2025年预算数", "本年收入"], ["2025年预算数", carried]]
    sums = column_sums(stacks, {0: "total", 1: "year_income", 2: "carried"})
    assert [(s.total, s.parts) for s in sums] == [("total", ("year_income", "carried"))]
    sums = column_sums([["合计"], [carried], ["本年收入"]], {0: "total", 1: "carried", 2: "year_income"})
    assert [(s.total, s.parts) for s in sums] == [("total", ("carried", "year_income"))]


@pytest.mark.parametrize("stacks", [
    [["合计"], ["基本支出"], ["项目支出"], ["2024年预算数"]],
    [["2025年预算数", "合计"], ["2025年预算数", "基本支出"], ["2025年预算数", "项目支出"], ["2024年预算数"]],
    [["合计"], ["基本支出"], ["项目支出"], ["2024年"]] + [["2025年"]],
    [["合计"], ["基本支出"], ["项目支出"], ["年初预算数"]],
], ids=["a year's figures", "two years", "an earlier year", "another measure"])
def test_a_column_of_another_years_figures_is_not_a_part(stacks) -> None:
    money = dict(enumerate(["total", "basic", "project", "other", "later"][: len(stacks)]))
    sums = [(s.total, s.parts) for s in column_sums(stacks, money)]
    assert all("other" not in parts for _, parts in sums), sums
    if stacks[0] == ["合计"] and len(stacks) == 4:
        assert sums == [("total", ("basic", "project"))]
