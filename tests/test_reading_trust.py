"""How a reading earns trust: a relation failing on most rows is a misreading, not a finding.

* the reader tries the other readings a header allows (connectors.readers.corroborate);
* after the rules ran, a relation failing on most of what it compares, by different amounts,
  leaves its tables unconfirmed (expectations.plausibility) — one misplaced figure, failing every
  comparison it touches by the same amount, stays a finding.
"""

from __future__ import annotations

from decimal import Decimal as D

from connectors.readers.grid import build_table
from disclosure.model import Table
from expectations.frames import Term, tolerance_check
from expectations.plausibility import implausible


def _general(header: list[str | None], rows: list[list[str | None]]) -> Table:
    return build_table("general_expenditure", "一般公共预算支出表", [["科目编码", "科目名称", *header]],
                       [[c, n, *v] for c, n, *v in rows], "万元")


ROWS = [
    [None, "合计", "100.00", "60.00", "40.00"],
    ["201", "一般公共服务支出", "100.00", "60.00", "40.00"],
    ["20101", "人大事务", "70.00", "60.00", "10.00"],
    ["2010101", "行政运行", "60.00", "60.00", "0.00"],
    ["2010102", "一般行政管理事务", "10.00", None, "10.00"],
    ["20103", "政府办公厅", "30.00", None, "30.00"],
]


def test_the_reading_that_adds_up_replaces_the_one_that_does_not() -> None:
    """小计 | 其中：基本支出 | 项目支出 stated as 小计 = 项目支出 (the 其中 left out) fails on most rows;
    小计 = 基本支出 + 项目支出 holds on all: that reading is kept."""
    table = _general(["小计", "其中：基本支出", "项目支出"], ROWS)
    assert [(s.total, s.parts) for s in table.column_sums] == [("total", ("basic", "project"))]
    assert not table.problems


def test_no_reading_that_adds_up_leaves_the_table_unconfirmed() -> None:
    rows = [[c, n, t, str(D(b) + 5) if b else b, p] for c, n, t, b, p in ROWS]  # every 基本支出 off by 5
    table = _general(["合计", "基本支出", "项目支出"], rows)
    assert any("不成立" in p for p in table.problems)


def test_one_row_that_does_not_add_up_is_a_slip_not_a_misreading() -> None:
    rows = [list(r) for r in ROWS]
    rows[3][2] = "61.00"  # 行政运行 合计 printed 61.00: the real slip
    table = _general(["合计", "基本支出", "项目支出"], rows)
    assert not table.problems and table.column_sums


def _check(rule: str, table: Table, actual: str, expected: str, row: int):
    return tolerance_check(rule, table=table, row=row, code=None, column="total", subject="x",
                           actual=Term(D(actual), "元"), addends=[Term(D(expected), "元")], expected_label="y")


def _outcome(checks, failed):
    return {checks[0].rule: {"success": not failed, "checked": len(checks), "failed": failed,
                             "within_tolerance": []}}


def test_most_comparisons_failing_by_different_amounts_is_a_misreading() -> None:
    t = Table("expenditure", "支出总表", ["total"])
    checks = [_check("cross.summary.expenditure", t, a, e, i) for i, (a, e) in
              enumerate([("10", "0"), ("20", "0"), ("35", "0"), ("5", "5")])]
    problems = implausible(checks, _outcome(checks, [0, 1, 2]), {"cross.summary.expenditure": "收支总表与支出总表"})
    assert "expenditure" in problems and "4处比较中有3处不符" in problems["expenditure"][0]


def test_one_figure_in_the_wrong_place_stays_a_finding() -> None:
    """300,000 booked to 212 instead of 221 fails both classes by the same amount: a real slip."""
    t = Table("fiscal_summary", "财政拨款收支总表", ["total"])
    checks = [_check("cross.fiscal.fund_expenditure", t, a, e, i) for i, (a, e) in
              enumerate([("3680000", "3380000"), ("0", "300000"), ("100", "100")])]
    assert implausible(checks, _outcome(checks, [0, 1]), {"cross.fiscal.fund_expenditure": "x"}) == {}


def test_warnings_and_the_narrative_are_not_judged_so() -> None:
    t = Table("expenditure", "支出总表", ["total"])
    checks = [_check("cross.narrative.total", t, a, "0", i) for i, a in enumerate(["1", "2", "3"])]
    assert implausible(checks, _outcome(checks, [0, 1, 2]), {"cross.narrative.total": "x"}) == {}
    checks = [_check("cross.economic.function", t, a, "0", i) for i, a in enumerate(["1", "2", "3"])]
    assert implausible(checks, _outcome(checks, [0, 1, 2]), {}) == {}  # a warning: not in the error rules


def test_a_misprinted_code_is_one_finding_not_a_cascade() -> None:
    """万里街道 2024 prints ``301 2`` (read 3012): 301 ≠ Σ its 款 and 合计 ≠ Σ 类 by exactly that row's
    figure.  The code is the finding; the sums that fail by its figure are its consequences."""
    from test_rules_sample_data import find_row, result_of, sample

    from tests.reports import judged

    doc = sample()
    find_row(doc, "basic_expenditure", code="30102")["code"] = "3012"
    report = judged(doc)
    assert result_of(report, "code.format")["failures"]
    for rule in ("rollup.economic.basic_expenditure", "sum.total.basic_expenditure"):
        r = result_of(report, rule)
        assert not r["failures"] and r.get("unconfirmed"), rule
    assert report["status"] == "failed"
