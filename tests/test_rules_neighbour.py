"""Rule neighbour.units: a department's disclosure against its units' disclosures (pass and fail)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from expectations.runner import validate
from neighbours.together import validate_together
from tests.test_neighbours import (
    QUFU_DEPT,
    QUFU_UNIT,
    SHANGWU_DEPT,
    SHANGWU_UNIT,
    SIFAJU_DEPT,
    SIFAJU_UNIT,
    doc,
)

RULE = "neighbour.units"



def _units_result(report: dict) -> dict:
    [result] = [r for r in report["results"] if r["rule"] == RULE]
    return result


@pytest.mark.parametrize(("dept", "unit"), [(SHANGWU_DEPT, SHANGWU_UNIT), (QUFU_DEPT, QUFU_UNIT)])
def test_a_department_with_one_unit_prints_the_same_figures(dept: str, unit: str) -> None:
    reports = validate_together([(dept, doc(dept)), (unit, doc(unit))], validate)
    result = _units_result(reports[0])
    assert result["passed"] and result["checked"] > 150  # every figure of nine tables
    assert reports[0]["neighbours"]["units"][0]["source"] == unit
    assert [n["source"] for n in reports[1]["neighbours"]["used_by"]] == [dept]
    assert _units_result(reports[1])["checked"] == 0  # the unit does not claim to add anything up


def test_a_figure_of_the_unit_that_differs_from_its_department_is_found_with_both_figures() -> None:
    unit = doc(SHANGWU_UNIT)
    row = unit.tables["general_expenditure"].rows_by_code()["2011302"]
    row["project"] += Decimal("100.00")
    reports = validate_together([(SHANGWU_DEPT, doc(SHANGWU_DEPT)), (SHANGWU_UNIT, unit)], validate)
    result = _units_result(reports[0])
    assert reports[0]["status"] == "failed" and not result["passed"]
    [failure] = [f for f in result["failures"] if f["table"] == "general_expenditure"]
    assert failure["code"] == "2011302" and failure["column"] == "project"
    assert failure["actual"] == Decimal("4545000.00") and failure["expected"] == Decimal("4545100.00")
    assert "一般行政管理事务" in failure["message"] and "单位公开" in failure["message"]
    unit_result = _units_result(reports[1])  # the finding is the department's: it claims to add up
    assert unit_result["passed"] and unit_result["checked"] == 0


def test_a_department_whose_units_are_not_all_there_is_not_compared_and_says_why() -> None:
    reports = validate_together([(SIFAJU_DEPT, doc(SIFAJU_DEPT)), (SIFAJU_UNIT, doc(SIFAJU_UNIT))], validate)
    assert _units_result(reports[0])["checked"] == 0
    assert any("普陀区法律援助中心" in n for n in reports[0]["neighbours"]["notes"])




# ------------------------------------------------------------------ neighbour.budget.three_public

CZJ_ACCOUNTS = "shanghai-putuo_caizhengju_2024_juesuan-dept.pdf"
CZJ_BUDGET_2025 = "shanghai-putuo_caizhengju_2025_yusuan-dept.pdf"


def _budget_of_2024(total: str | None = None):
    """The bureau's 预算 as if it were 2024's (the corpus has its 2025 预算 and 2024 决算; their 三公
    budgets are both 0.95万元 for 公务接待费 alone)."""
    budget = doc(CZJ_BUDGET_2025)
    budget.department.year = 2024
    if total is not None:
        for row in budget.tables["three_public"].rows:
            if row.get("item") and "合计" in row["item"]:
                row["total"] = Decimal(total)
    return budget


def _three_public_result(report: dict) -> dict:
    [result] = [r for r in report["results"] if r["rule"] == "neighbour.budget.three_public"]
    return result


def test_the_accounts_three_public_budget_matches_the_years_budget() -> None:
    reports = validate_together([(CZJ_ACCOUNTS, doc(CZJ_ACCOUNTS)), ("budget.pdf", _budget_of_2024())], validate)
    result = _three_public_result(reports[0])
    assert result["passed"] and result["checked"] >= 1
    assert [n["relation"] for n in reports[0]["neighbours"]["uses"]] == ["budget"]
    assert [n["relation"] for n in reports[1]["neighbours"]["used_by"]] == ["accounts"]


def test_an_accounts_three_public_budget_unlike_the_years_budget_is_a_warning() -> None:
    reports = validate_together([(CZJ_ACCOUNTS, doc(CZJ_ACCOUNTS)), ("budget.pdf", _budget_of_2024("1.95"))],
                                validate)
    result = _three_public_result(reports[0])
    assert not result["passed"] and result["severity"] == "warning"
    [failure] = result["failures"]
    assert failure["actual"] == Decimal("0.95") and failure["expected"] == Decimal("1.95")
    assert "预算数" in failure["message"] and "2024年预算公开" in failure["message"]
