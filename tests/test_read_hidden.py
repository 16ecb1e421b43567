"""Hidden rows and columns of a workbook are not part of what is published (the printed document
does not show them): a working column (校验差额) or a stale row left hidden used to be read as a
part of the 合计 and as a subject row, each a false finding.  They are left out and named."""

from __future__ import annotations

from decimal import Decimal as D

from openpyxl import load_workbook

from connectors.readers import read_path
from tests import comparison_workbook as cw
from tests.reports import judged


def _workbook(tmp_path):
    path = cw.workbook(tmp_path / "hidden.xlsx", [(*r[:5], "9.99", "") for r in cw.ROWS],
                       header=[*cw.HEADER[:5], "校验差额"])
    book = load_workbook(path)
    sheet = book.active
    sheet["F2"], sheet["E2"] = None, "单位：万元"
    sheet.column_dimensions["F"].hidden = True
    sheet.insert_rows(6)  # under 一般行政管理事务's 款: a stale item, hidden
    for col, value in zip("ABCDE", ("2010199", "其他人大事务支出", D("5.00"), D("5.00"), D("0")), strict=True):
        sheet[f"{col}6"] = value
    sheet.row_dimensions[6].hidden = True
    book.save(path)
    return path


def test_hidden_rows_and_columns_are_left_out_and_named(tmp_path) -> None:
    doc = read_path(_workbook(tmp_path))
    table = doc.tables["general_expenditure"]
    assert "校验差额" not in table.column_titles.values()
    assert "2010199" not in table.rows_by_code()
    assert [r.get("code") for r in table.rows] == ["201", "20101", "2010101", "2010102", None]
    assert any("隐藏的第6行、第F列未读取" in w for w in doc.warnings), doc.warnings
    report = judged(doc)
    assert not [r["rule"] for r in report["results"] if not r["passed"] and r["rule"] != "complete.tables"]


def test_the_same_cells_shown_are_read(tmp_path) -> None:
    path = _workbook(tmp_path)
    book = load_workbook(path)
    book.active.column_dimensions["F"].hidden = False
    book.active.row_dimensions[6].hidden = False
    book.save(path)
    table = read_path(path).tables["general_expenditure"]
    assert "2010199" in table.rows_by_code() and "校验差额" in table.column_titles.values()
