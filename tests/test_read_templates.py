"""The Putuo XLSX/XLS templates read; bad workbooks give a Chinese error; number formats print right."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from connectors.readers import read_document
from connectors.readers.xlsx import number_text
from disclosure.errors import UnreadableDocument
from disclosure.tables import BUDGET_TABLE_KEYS, TEXT_COLUMNS
from tests import documents

TEMPLATES = {
    "dept-xlsx": ("TEMPLATE_shanghai-putuo_2026_yusuan-dept-template.xlsx", "部门"),
    "unit-xlsx": ("TEMPLATE_shanghai-putuo_2026_yusuan-unit-template.xlsx", "单位"),
    "unit-xls": ("TEMPLATE_shanghai-putuo_2026_yusuan-unit-template.xls", "单位"),
}


def _template(name: str) -> bytes:
    return documents.real(TEMPLATES[name][0]).read_bytes()


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_template_reads_with_every_table_empty(name: str) -> None:
    doc = read_document(_template(name), TEMPLATES[name][0])
    assert doc.format == name.rsplit("-", 1)[1]
    assert set(BUDGET_TABLE_KEYS) <= set(doc.tables), sorted(set(BUDGET_TABLE_KEYS) - set(doc.tables))
    for key, table in doc.tables.items():
        amounts = [(r.get("code") or r.get("name") or r.get("item"), c, r[c]) for r in table.rows
                   for c in r if c not in TEXT_COLUMNS and c not in ("income_item", "expenditure_item")
                   and r[c] is not None]
        assert amounts == [], (key, amounts[:5])
    assert doc.tables["three_public"].unit == "万元"
    assert doc.tables["expenditure"].unit == "元"
    assert doc.department.year == 2026
    assert doc.department.kind == "预算"
    assert doc.department.level == TEMPLATES[name][1]
    assert "名词解释" in doc.narrative


def test_template_codes_are_joined_from_their_columns() -> None:
    doc = read_document(_template("dept-xlsx"), "dept.xlsx")
    rows = doc.tables["expenditure"].rows
    assert [r["code"] for r in rows] == ["205", "20502", "2050205", "207", "20799", None]
    assert rows[-1]["name"] == "合计"
    assert [r["code"] for r in doc.tables["basic_expenditure"].rows][:2] == ["301", "30101"]


def test_truncated_xlsx_is_reported_as_damaged() -> None:
    data = _template("dept-xlsx")
    with pytest.raises(UnreadableDocument) as exc:
        read_document(data[: len(data) // 2], "truncated.xlsx")
    assert exc.value.reason == "corrupt"
    assert "损坏" in exc.value.message


def test_xlsx_with_a_damaged_sheet_is_reported_as_damaged() -> None:
    src = zipfile.ZipFile(io.BytesIO(_template("unit-xlsx")))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for item in src.infolist():
            body = src.read(item.filename)
            out.writestr(item, b"<worksheet><sheetData><row" if item.filename.startswith("xl/worksheets/") else body)
    with pytest.raises(UnreadableDocument) as exc:
        read_document(buf.getvalue(), "damaged.xlsx")
    assert exc.value.reason == "corrupt"
    assert "Excel" in exc.value.message and "重新导出" in exc.value.message


def test_password_protected_workbook_says_so() -> None:
    """An XLSX with an open password is an OLE container holding ``EncryptedPackage``.  No tool here
    writes one, so this is the container's first sector with that stream's directory entry."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    entry = "EncryptedPackage".encode("utf-16-le").ljust(64, b"\x00")
    with pytest.raises(UnreadableDocument) as exc:
        read_document(header + entry + b"\x00" * 448, "locked.xlsx")
    assert exc.value.reason == "encrypted"
    assert "密码" in exc.value.message


def test_xlsx_without_a_disclosure_table_says_so() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "人员名单"
    ws.append(["姓名", "部门", "电话"])
    ws.append(["张三", "办公室", "12345678"])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(UnreadableDocument) as exc:
        read_document(buf.getvalue(), "names.xlsx")
    assert exc.value.reason == "not_disclosure"
    assert "没有找到部门预算/决算公开表格" in exc.value.message
    assert "人员名单" in exc.value.message


def test_hidden_sheets_are_not_read() -> None:
    """A hidden sheet is not part of what is published (often a stale copy): skipped, and said so."""
    wb = Workbook()
    ws = wb.active
    ws.title = "三公"
    ws.append(["2026年部门“三公”经费和机关运行经费预算表"])
    ws.append(["编制部门：上海市普陀区司法局", None, None, None, None, None, "单位:万元"])
    ws.append(["合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", None, None, "机关运行经费预算数"])
    ws.append([None, None, None, "小计", "购置费", "运行费", None])
    ws.append([10.81, 0, 0.83, 9.98, 0, 9.98, 217.83])
    old = wb.create_sheet("旧版支出总表")
    old.append(["2025年部门支出预算总表"])
    old.append(["科目编码", "科目名称", "合计"])
    old.append(["204", "公共安全支出", 1.0])
    old.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    doc = read_document(buf.getvalue(), "hidden.xlsx")
    assert set(doc.tables) == {"three_public"}
    assert any("旧版支出总表" in w for w in doc.warnings)
    rows = {r["item"]: r["total"] for r in doc.tables["three_public"].rows}
    assert str(rows["合计"]) == "10.81" and str(rows["因公出国（境）费"]) == "0"
    assert str(rows["机关运行经费"]) == "217.83"


def _expenditure_sheet(ws, title: str, rows: list[list[object]], label: str | None = None) -> None:
    ws.append([label, title] if label else [title])
    ws.append(["编制部门：上海市普陀区司法局", None, None, None, None, "单位：元"])
    ws.append(["功能分类科目编码", None, None, "功能分类科目名称", "合计", "基本支出", "项目支出"])
    ws.append(["类", "款", "项", None, None, None, None])
    for row in rows:
        ws.append(row)
        for cell in ws[ws.max_row][4:]:
            cell.number_format = "#,##0.00"


def test_table_continued_on_a_second_sheet_and_numbered_title() -> None:
    """``…（续）`` on the next sheet continues the table; a table number beside the title is not text."""
    wb = Workbook()
    first = wb.active
    first.title = "支出总表"
    _expenditure_sheet(first, "2026年部门支出预算总表", [
        [204, None, None, "公共安全支出", 300.5, 100.5, 200],
        [204, "06", None, "司法", 300.5, 100.5, 200],
    ], label="公开03表")
    second = wb.create_sheet("支出总表(续)")
    _expenditure_sheet(second, "2026年部门支出预算总表（续）", [
        [204, "06", "01", "行政运行", 300.5, 100.5, 200],
        ["合计", None, None, None, 300.5, 100.5, 200],
    ])
    buf = io.BytesIO()
    wb.save(buf)
    doc = read_document(buf.getvalue(), "continued.xlsx")
    rows = doc.tables["expenditure"].rows
    assert [r["code"] for r in rows] == ["204", "20406", "2040601", None]
    assert [r["row"] for r in rows] == [1, 2, 3, 4]
    assert [str(r["basic"]) for r in rows] == ["100.50"] * 4
    assert str(rows[-1]["project"]) == "200.00"
    assert doc.tables["expenditure"].title == "2026年部门支出预算总表"


def test_unmerged_total_label_in_the_code_column_names_the_totals_row() -> None:
    wb = Workbook()
    _expenditure_sheet(wb.active, "2026年部门支出预算总表", [
        [204, None, None, "公共安全支出", 300.5, 100.5, 200],
        ["合计", None, None, None, 300.5, 100.5, 200],
    ])
    buf = io.BytesIO()
    wb.save(buf)
    table = read_document(buf.getvalue(), "total.xlsx").tables["expenditure"]
    assert table.rows[-1]["code"] is None and table.rows[-1]["name"] == "合计"
    assert not table.problems


def test_a_review_checklist_workbook_is_not_a_disclosure() -> None:
    """The reviewers' check sheet names every table (《部门收入预算总表》) but prints none."""
    path = documents.real("shanghai-putuo_sifaju_2026_yusuan-dept.review-checklist.xlsx")
    with pytest.raises(UnreadableDocument) as exc:
        read_document(path.read_bytes(), path.name)
    assert exc.value.reason == "not_disclosure"
    assert "“2026年部门预算”" in exc.value.message


def test_table_of_contents_lines_are_not_tables() -> None:
    """A contents sheet names every table; only the sheets that print one are tables."""
    wb = Workbook()
    ws = wb.active
    ws.title = "目录"
    for line in ("一、部门主要职能", "1. 2026年部门财务收支预算总表", "2. 2026年部门收入预算总表"):
        ws.append([line])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(UnreadableDocument):
        read_document(buf.getvalue(), "contents.xlsx")


@pytest.mark.parametrize(
    ("value", "fmt", "printed"),
    [
        (6440.0, "#,##0.00", "6,440.00"),
        (87267272.44, "0.00", "87267272.44"),
        (87267272.44, None, "87267272.44"),
        (205.0, None, "205"),
        (205.0, "General", "205"),
        (0.1 + 0.2, None, "0.3"),
        (1234.4, "#,##0_ ", "1,234"),
        (2.675, "0.00", "2.68"),  # Excel rounds the decimal value half up, not the binary float
        (-1234.5, "#,##0.00;[Red]-#,##0.00", "-1,234.50"),
        (10.81, "0.00_);(0.00)", "10.81"),
        (3, "0", "3"),
        (0.0, '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ ', "-"),  # accounting: zero is a dash
        (-1234.5, '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ ', "-1,234.50"),
        (0.0, '_(* #,##0.00_);_(* \\(#,##0.00\\);_(* "-"??_);_(@_)', "-"),
        (-2.5, '_(* #,##0.00_);_(* \\(#,##0.00\\);_(* "-"??_);_(@_)', "-2.50"),
        (0.0, "#,##0.00;-#,##0.00;", ""),  # an empty zero section prints nothing
        (0.0, '"x;y"0.00;-0.00;"-"', "-"),  # a quoted ; does not split sections
        (1.5, '"¥"#,##0.00;"¥"-#,##0.00', "1.50"),  # decorations are not part of the amount
        (0.5, "0%", "0.5"),  # not an amount format: as typed
    ],
)
def test_number_cells_print_as_their_format(value: float, fmt: str | None, printed: str) -> None:
    assert number_text(value, fmt) == printed
