"""Rule neighbour.units: a department's disclosure against its units' disclosures (pass and fail)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from neighbours.together import validate_together
from tests.reports import judged
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
    reports = validate_together([(dept, doc(dept)), (unit, doc(unit))], judged)
    result = _units_result(reports[0])
    assert result["passed"] and result["checked"] > 150  # every figure of nine tables
    assert reports[0]["neighbours"]["units"][0]["source"] == unit
    assert [n["source"] for n in reports[1]["neighbours"]["used_by"]] == [dept]
    assert _units_result(reports[1])["checked"] == 0  # the unit does not claim to add anything up


def test_a_figure_of_the_unit_that_differs_from_its_department_is_found_with_both_figures() -> None:
    unit = doc(SHANGWU_UNIT)
    row = unit.tables["general_expenditure"].rows_by_code()["2011302"]
    row["project"] += Decimal("100.00")
    reports = validate_together([(SHANGWU_DEPT, doc(SHANGWU_DEPT)), (SHANGWU_UNIT, unit)], judged)
    result = _units_result(reports[0])
    assert reports[0]["status"] == "failed" and not result["passed"]
    [failure] = [f for f in result["failures"] if f["table"] == "general_expenditure"]
    assert failure["code"] == "2011302" and failure["column"] == "project"
    assert failure["actual"] == Decimal("4545000.00") and failure["expected"] == Decimal("4545100.00")
    assert "一般行政管理事务" in failure["message"] and "单位公开" in failure["message"]
    unit_result = _units_result(reports[1])  # the finding is the department's: it claims to add up
    assert unit_result["passed"] and unit_result["checked"] == 0


def test_a_department_whose_units_are_not_all_there_is_not_compared_and_says_why() -> None:
    reports = validate_together([(SIFAJU_DEPT, doc(SIFAJU_DEPT)), (SIFAJU_UNIT, doc(SIFAJU_UNIT))], judged)
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
    reports = validate_together([(CZJ_ACCOUNTS, doc(CZJ_ACCOUNTS)), ("budget.pdf", _budget_of_2024())], judged)
    result = _three_public_result(reports[0])
    assert result["passed"] and result["checked"] >= 1
    assert [n["relation"] for n in reports[0]["neighbours"]["uses"]] == ["budget"]
    assert [n["relation"] for n in reports[1]["neighbours"]["used_by"]] == ["accounts"]


def test_an_accounts_three_public_budget_unlike_the_years_budget_is_a_warning() -> None:
    reports = validate_together([(CZJ_ACCOUNTS, doc(CZJ_ACCOUNTS)), ("budget.pdf", _budget_of_2024("1.95"))],
                                judged)
    result = _three_public_result(reports[0])
    assert not result["passed"] and result["severity"] == "warning"
    [failure] = result["failures"]
    assert failure["actual"] == Decimal("0.95") and failure["expected"] == Decimal("1.95")
    assert "预算数" in failure["message"] and "2024年预算公开" in failure["message"]


# ------------------------------------------------------------------------------ neighbour.last_year

LAST_YEAR = "neighbour.last_year"


def _jiangsu(dept: str, year: int, part: str = "") -> tuple[str, object]:
    name = f"jiangsu-prov_{dept}_{year}_yusuan-dept{part}.pdf"
    return name, doc(name)


def _last_year_result(reports: list[dict], index: int) -> dict:
    [result] = [r for r in reports[index]["results"] if r["rule"] == LAST_YEAR]
    return result


def test_statements_about_last_year_that_agree_with_it_pass() -> None:
    reports = validate_together([_jiangsu("gaoyuan", 2018), _jiangsu("gaoyuan", 2019)], judged)
    result = _last_year_result(reports, 1)
    assert result["passed"] and result["checked"] >= 40 and not result["notes"]
    assert _last_year_result(reports, 0)["checked"] == 0  # 2017 is not given: nothing to compare 2018 with
    wanli = [(f"shanghai-putuo_wanli-jiedao_{y}_yusuan-dept.pdf",) * 2 for y in (2024, 2025)]
    reports = validate_together([(a, doc(b)) for a, b in wanli], judged)
    result = _last_year_result(reports, 1)
    assert result["passed"] and result["checked"] >= 10  # totals, 三公 and each 三公 item


def test_a_changed_figure_in_a_statement_about_last_year_is_found() -> None:
    names = [f"shanghai-putuo_wanli-jiedao_{y}_yusuan-dept.pdf" for y in (2024, 2025)]
    this_year = doc(names[1])
    assert this_year.narrative.count("比2024年预算减少10万元。") == 1
    this_year.narrative = this_year.narrative.replace("比2024年预算减少10万元。", "比2024年预算减少12万元。")
    reports = validate_together([(names[0], doc(names[0])), (names[1], this_year)], judged)
    result = _last_year_result(reports, 1)
    assert not result["passed"] and reports[1]["status"] == "failed"
    [failure] = result["failures"]
    assert "“12万元”" in failure["message"] and "47.91万元" in failure["message"] and "减少10" in failure["message"]
    assert failure["page"] == 30 and "比2024年预算减少12万元" in failure["quote"]


#: Every statement about last year that last year's disclosure contradicts (issue 12's Jiangsu
#: survey, each recomputed from the two documents' tables): page, and fragments of the finding.
JIANGSU_MISMATCHES = {
    ("gaoyuan", 2018): [
        (19, ("“392.92万元”", "6,432.89万元", "实际减少382.92万元")),  # 一般行政管理事务 6049.97 − 6432.89
    ],
    ("jianchayuan", 2018): [
        (23, ("“21.95%”", "17,996.68万元", "应为 22.00%")),
        (24, ("“1,670.85万元”", "12,323.48万元", "实际增加1670.83万元")),  # the 2017 说明 said 12323.46
        (25, ("“3,958.98万元”", "17,981.68万元", "实际增加3959.28万元")),  # 财政拨款收支总计
        (26, ("“3,958.98万元”", "17,981.68万元", "实际增加3959.28万元")),  # 财政拨款支出
        (28, ("“3,958.98万元”", "17,981.68万元", "实际增加3959.28万元")),  # 一般公共预算财政拨款支出
        (26, ("“0.06%”", "3,644.20万元", "应为 0.60%")),  # 一般行政管理事务 3666, +21.8
        (28, ("与上年持平", "110.00万元", "实际减少10万元")),  # 因公出国（境）费 100: "与上年预算数相等"
    ],
    ("jianchayuan", 2019): [
        (25, ("“10.06%”", "21,955.35万元", "应为 10.09%")),
        (26, ("“13.22%”", "5,573.00万元", "应为 -22.21%")),  # 项目支出 4335.3: 13.22% is 基本支出's
        (29, ("“34.38%”", "1,073.77万元", "应为 34.36%")),  # 住房公积金 1442.74
    ],
    ("renda", 2018): [
        (21, ("“1312.56%”", "128.43万元", "应为 1212.56%")),  # 单位预留机动经费 1685.72
    ],
}


@pytest.mark.parametrize(("dept", "year"), sorted(JIANGSU_MISMATCHES))
def test_statements_about_last_year_that_last_years_disclosure_contradicts_are_found(dept: str, year: int) -> None:
    reports = validate_together([_jiangsu(dept, year - 1), _jiangsu(dept, year)], judged)
    result = _last_year_result(reports, 1)
    failures = list(result["failures"])
    for page, fragments in JIANGSU_MISMATCHES[(dept, year)]:
        hit = next((f for f in failures if f["page"] == page and all(x in f["message"] for x in fragments)), None)
        assert hit is not None, (page, fragments, [f["message"] for f in failures])
        assert hit["quote"] and hit["printed"]
        failures.remove(hit)
    assert not failures, [f["message"] for f in failures]  # nothing else: no false finding


def test_the_two_files_of_a_disclosure_are_checked_together_against_last_year() -> None:
    reports = validate_together([_jiangsu("renda", 2018), _jiangsu("renda", 2019, "-text"),
                                 _jiangsu("renda", 2019, "-tables")], judged)
    for i in (1, 2):
        result = _last_year_result(reports, i)
        assert result["passed"] and result["checked"] >= 40
        assert [n["relation"] for n in reports[i]["neighbours"]["uses"]] == ["last_year"]


# ------------------------------------------------------------------ neighbour.budget.execution

EXECUTION = "neighbour.budget.execution"


def _execution_failures(budget) -> tuple[dict, list[str]]:
    reports = validate_together([(CZJ_ACCOUNTS, doc(CZJ_ACCOUNTS)), ("budget.pdf", budget)], judged)
    [result] = [r for r in reports[0]["results"] if r["rule"] == EXECUTION]
    return result, [f["message"] for f in result["failures"]]


def test_a_years_budget_stated_in_its_accounts_as_the_budget_printed_it_passes() -> None:
    """The bureau's 2024 决算 states each item's 年初预算; a 2024 预算 printing those figures agrees
    (the corpus has the 2025 预算 only: given here the 决算's figures for two items and the 三公)."""
    budget = _budget_of_2024()
    rows = budget.tables["general_expenditure"].rows_by_code()
    rows["2010601"]["total"] = Decimal("15600500.00")  # 1560.05 万元, as the 决算 says
    rows["2210203"]["total"] = Decimal("2585000.00")  # 258.50 万元
    result, messages = _execution_failures(budget)
    assert result["checked"] >= 10
    assert not any("行政运行年初预算" in m or "购房补贴年初预算" in m for m in messages)
    assert not any("三公" in m for m in messages)  # 0.95 in both


def test_a_years_budget_stated_in_its_accounts_unlike_the_budget_printed_is_an_error() -> None:
    result, messages = _execution_failures(_budget_of_2024())
    assert not result["passed"] and result["severity"] == "error"
    assert any("行政运行年初预算“1560.05万元”" in m and "16,231,840.80元" in m for m in messages)


# ------------------------------------------------------------------ neighbour.last_year.columns

LAST_YEAR_COLUMNS = "neighbour.last_year.columns"


def _columns_result(tmp_path, this_year_rows) -> dict:
    from connectors.readers import read_path
    from tests import comparison_workbook as cw

    last = cw.workbook(tmp_path / "2024.xlsx", cw.last_year_rows(), year=2024, header=cw.HEADER[:5])
    this = cw.workbook(tmp_path / "2025.xlsx", this_year_rows, year=2025)
    reports = validate_together([(str(this), read_path(this)), (str(last), read_path(last))], judged)
    assert [n["relation"] for n in reports[0]["neighbours"]["uses"]] == ["last_year"]
    [result] = [r for r in reports[0]["results"] if r["rule"] == LAST_YEAR_COLUMNS]
    return result


def test_a_last_year_column_that_repeats_last_years_figures_passes(tmp_path) -> None:
    from tests import comparison_workbook as cw

    result = _columns_result(tmp_path, cw.ROWS)
    assert result["passed"] and result["checked"] == 5  # four codes and the 合计 row


def test_a_last_year_column_unlike_last_years_disclosure_is_a_warning_with_both_figures(tmp_path) -> None:
    from tests import comparison_workbook as cw

    rows = [r if r[0] != "2010101" else (*r[:5], "95.00", *r[6:]) for r in cw.ROWS]
    result = _columns_result(tmp_path, rows)
    assert not result["passed"] and result["severity"] == "warning"
    [failure] = result["failures"]
    assert (failure["code"], failure["column"]) == ("2010101", "last_year_budget")
    assert "95.00" in failure["message"] and "90.00" in failure["message"], failure["message"]
