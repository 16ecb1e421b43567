"""A group header centred over its columns (一般公共预算支出 over 合计 / 基本支出 / 项目支出) in a table
without rules, narrow columns, figures set right: the group heads all three columns.  Before, it was
taken as the first line of 基本支出's header, that column reached left over 合计's figures, and two
figures landed in one cell: 合计 read empty and a false "合计 空 ≠ 项目支出" on every row.  And a cell
holding several figures is never taken as words: its table is said unread."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Alignment

from connectors.readers import read_path
from connectors.readers.grid import build_table
from connectors.readers.pdf.document import read_lines
from connectors.readers.pdf.geometry import Line, Word
from tests import factory
from tests.reports import judged

ROWS = [("201", "一般公共服务支出", "131.50", "100.00", "31.50"), ("20101", "人大事务", "131.50", "100.00", "31.50"),
        ("2010101", "行政运行", "100.00", "100.00", "0.00"), ("2010102", "一般行政管理事务", "31.50", "0.00", "31.50"),
        (None, "合计", "131.50", "100.00", "31.50")]


def _workbook(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["2025年一般公共预算支出预算表"])
    ws.append(["编制部门：无锡市梁溪区审计局", None, None, None, "单位：万元"])
    ws.append(["功能分类科目编码", "功能分类科目名称", "一般公共预算支出", None, None])
    ws.append([None, None, "合计", "基本支出", "项目支出"])
    for cells in ("C3:E3", "A3:A4", "B3:B4"):
        ws.merge_cells(cells)
    for code, name, *amounts in ROWS:
        ws.append([code, name, *[D(a) for a in amounts]])
    for row in ws.iter_rows(min_row=3, max_row=4):
        for c in row:
            c.alignment = Alignment(horizontal="center", vertical="center")
    for row in ws.iter_rows(min_row=5):
        for c in row:
            if isinstance(c.value, D):
                c.number_format = "#,##0.00"
    for col, width in zip("ABCDE", (16, 26, 8, 8, 8), strict=True):
        ws.column_dimensions[col].width = width
    wb.save(path)
    return path


@pytest.mark.slow  # LibreOffice
def test_a_group_header_heads_every_column_under_it(tmp_path) -> None:
    if not factory.soffice():
        pytest.skip("LibreOffice is not installed")
    book = _workbook(tmp_path / "group.xlsx")
    pdf = factory.convert_to_pdf([book], tmp_path)[book]
    doc = read_path(pdf)
    table = doc.tables["general_expenditure"]
    assert table.confident, table.problems
    assert [table.column_titles.get(c) for c in ("total", "basic", "project")] == ["合计", "基本支出", "项目支出"]
    printed = [(code, name, *map(D, amounts)) for code, name, *amounts in ROWS]
    assert [(r.get("code"), r["name"], r["total"], r["basic"], r["project"]) for r in table.rows] == printed
    report = judged(doc)
    assert not [r["rule"] for r in report["results"] if not r["passed"] and r["rule"] != "complete.tables"]


def test_several_figures_in_one_cell_make_the_table_unread() -> None:
    warnings: list[str] = []
    table = build_table("general_expenditure", "一般公共预算支出表",
                        [["科目编码", "科目名称", "合计", "一般公共预算支出基本支出", "项目支出"]],
                        [["201", "一般公共服务支出", "", "131.50 100.00", "31.50"],
                         ["", "合计", "", "131.50 100.00", "31.50"]], "万元", page=1, warnings=warnings)
    assert not table.confident
    assert any("131.50 100.00" in p and "几个数字挤在一格" in p for p in table.problems), table.problems


@pytest.mark.slow  # LibreOffice
def test_a_tables_last_row_followed_at_once_by_the_next_title_stays_a_row(tmp_path) -> None:
    """Tables printed one after another without a page break (a Word or Calc document): the last row
    (合计 …) and the next title one line below were joined as "a title wrapped onto two lines"; the
    合计 row was lost (收支总表: a false "未填列收入总计") and the title read as the wrong table's."""
    if not factory.soffice():
        pytest.skip("LibreOffice is not installed")
    from tests import comparison_workbook as cw

    book = cw.workbook(tmp_path / "two.xlsx", header=cw.HEADER[:5])
    from openpyxl import load_workbook

    wb = load_workbook(book)
    ws = wb.active
    ws.append(["2025年部门支出预算总表"])
    ws.append(["编制部门：无锡市梁溪区审计局", None, None, None, "单位：万元"])
    ws.append(cw.HEADER[:5])
    for code, name, total, basic, project, *_ in cw.ROWS:
        ws.append([code, name, D(total), D(basic), D(project)])
    wb.save(book)
    pdf = factory.convert_to_pdf([book], tmp_path)[book]
    doc = read_path(pdf)
    for key in ("general_expenditure", "expenditure"):
        table = doc.tables[key]
        assert [r["name"] for r in table.rows][-1] == "合计", (key, [r["name"] for r in table.rows])
        assert table.rows[-1]["total"] == D("131.50")


def _line(y: float, *cells: tuple[float, str]) -> Line:
    """One printed line: (x0, text) per word, 10 points per character."""
    return Line([Word(t, x, x + 10 * len(t), y, y + 10) for x, t in cells], 1)


def test_a_table_cut_short_by_a_line_it_cannot_place_says_so() -> None:
    """A table ended on a line it could not place (a remark across the columns), and its remaining
    rows were read as 说明 text, silently.  Now rows that follow, printed like rows of this table,
    make it unread, naming where it stopped; a 说明 sentence citing figures does not."""
    def page(after: list[Line]) -> list[Line]:
        return [_line(20, (150, "2025年一般公共预算支出预算表")),
                _line(40, (40, "编制部门：无锡市梁溪区审计局"), (400, "单位：万元")),
                _line(60, (40, "科目编码"), (120, "科目名称"), (300, "合计"), (380, "基本支出"), (460, "项目支出")),
                _line(80, (40, "201"), (120, "一般公共服务支出"), (290, "131.50"), (370, "100.00"), (460, "31.50")),
                _line(100, (40, "20101"), (120, "人大事务"), (290, "131.50"), (370, "100.00"), (460, "31.50")),
                _line(120, (200, "（以下为所属单位，见下页说明）"), (520, "备注")),
                *after]

    rows = [_line(140, (40, "2010101"), (120, "行政运行"), (290, "100.00"), (370, "100.00"), (470, "0.00")),
            _line(160, (40, "2010102"), (120, "一般行政管理事务"), (300, "31.50"), (380, "0.00"), (460, "31.50"))]
    cut = read_lines([page(rows)], "cut.pdf").tables["general_expenditure"]
    assert len(cut.rows) == 2 and any("读到第2行后中断" in p for p in cut.problems), cut.problems
    prose = [_line(140, (40, "2025年一般公共预算支出131.50万元，比上年增加11.50万元，增长9.58%。"))]
    assert read_lines([page(prose)], "prose.pdf").tables["general_expenditure"].confident
