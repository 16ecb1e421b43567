"""The 收支总表 as other provinces print it: items numbered 一、二、, 1. 2., or not at all, sides of
unequal length, 其中 lines.  Each is checked as printed (本年合计 = its items, 总计 = 本年合计 +
结转) and a changed item is found; a side whose items were not read makes no comparison (before:
an unnumbered layout gave "本年收入合计 110 ≠ 各项目之和 0" on both sides)."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import Workbook

from connectors.readers import read_path
from tests.reports import judged

BASE = [
    ("一、一般公共预算拨款收入", "100.00", "一、一般公共服务支出", "80.00"),
    ("二、政府性基金预算拨款收入", "0.00", "二、教育支出", "20.00"),
    ("三、事业收入", "10.00", "三、社会保障和就业支出", "10.00"),
    ("本年收入合计", "110.00", "本年支出合计", "110.00"),
    ("上年结转", "5.00", "结转下年", "5.00"),
    ("收入总计", "115.00", "支出总计", "115.00"),
]


def _renumbered(style: str) -> list[tuple]:
    marks = {"一": "1", "二": "2", "三": "3"}

    def item(text: str) -> str:
        if "、" not in text:
            return text
        head, name = text.split("、", 1)
        return name if style == "none" else f"{marks[head]}.{name}"

    return [(item(a), b, item(c), d) for a, b, c, d in BASE]


LAYOUTS = {
    "一、二、": BASE,
    "1. 2.": _renumbered("arabic"),
    "not numbered": _renumbered("none"),
    "sides of unequal length": [*BASE[:3], (None, None, "四、卫生健康支出", "0.00"), *BASE[3:]],
    "with 其中 lines": [BASE[0], ("其中：一般公共预算拨款", "100.00", None, None), *BASE[1:]],
    "not numbered, with （一）under an item": [
        ("财政拨款收入", "100.00", "一般公共服务支出", "80.00"),
        ("（一）一般公共预算拨款", "100.00", "教育支出", "20.00"),
        ("（二）政府性基金预算拨款", "0.00", "社会保障和就业支出", "10.00"),
        ("事业收入", "10.00", None, None), *BASE[3:]],
}
RULES = ("sum.summary.income", "sum.summary.expenditure", "sum.summary.income_total",
         "sum.summary.expenditure_total", "sum.summary.balance")


def _workbook(path: Path, lines) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["2025年部门收支预算总表"])
    ws.append(["编制部门：无锡市梁溪区审计局", None, None, "单位：万元"])
    ws.append(["收入项目", "预算数", "支出项目", "预算数"])
    for line in lines:
        ws.append([D(x) if x and x.replace(".", "").isdigit() else x for x in line])
    for row in ws.iter_rows(min_row=4):
        for c in row:
            if isinstance(c.value, D):
                c.number_format = "#,##0.00"  # printed to the cent, as the tables are
    wb.save(path)
    return path


def _results(tmp_path, lines) -> dict[str, dict]:
    report = judged(read_path(_workbook(tmp_path / "summary.xlsx", lines)))
    return {r["rule"]: r for r in report["results"]}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_summary_adds_up_as_printed(tmp_path, layout) -> None:
    results = _results(tmp_path, LAYOUTS[layout])
    for rule in RULES:
        assert results[rule]["passed"] and results[rule]["checked"] > 0, (rule, results[rule])


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_changed_income_item_is_found(tmp_path, layout) -> None:
    lines = [(a, "12.00", c, d) if a and a.endswith("事业收入") else (a, b, c, d) for a, b, c, d in LAYOUTS[layout]]
    income = _results(tmp_path, lines)["sum.summary.income"]
    if layout.startswith("not numbered"):  # which line is an item is inferred: for a reviewer to confirm
        assert income["passed"] and not income["failures"]
        [failure] = income["unconfirmed"]
    else:
        assert not income["passed"]
        [failure] = income["failures"]
    assert failure["message"].startswith("本年收入合计") and "112.00" in failure["message"], failure["message"]


def test_an_unnumbered_side_whose_lines_do_not_add_up_is_unconfirmed_not_an_error(tmp_path) -> None:
    """Printed without numbering, an indented line (一般公共预算拨款 under 财政拨款收入) cannot be told
    from an item: the difference is listed for a reviewer (unconfirmed, status partial), no error."""
    lines = [("财政拨款收入", "100.00", "一般公共服务支出", "80.00"),
             ("一般公共预算拨款", "100.00", "教育支出", "20.00"),
             ("政府性基金预算拨款", "0.00", "社会保障和就业支出", "10.00"),
             ("事业收入", "10.00", None, None), *BASE[3:]]
    report = judged(read_path(_workbook(tmp_path / "summary.xlsx", lines)))
    [income] = [r for r in report["results"] if r["rule"] == "sum.summary.income"]
    assert income["passed"] and not income["failures"]
    [doubt] = income["unconfirmed"]
    assert "210.00" in doubt["message"]
    assert not [r["rule"] for r in report["results"]
                if not r["passed"] and r["severity"] == "error" and r["rule"] != "complete.tables"]
