"""决算 (final accounts) layouts: the two-sided 基本支出决算表, the 收入支出决算表 of funds, the
altered test-problems copy and the national template.

Expected figures come from ``pdftotext -layout`` (poppler, a different extractor) for the real
documents, and from the cells we wrote for the documents made here with openpyxl and LibreOffice.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Side

from connectors.readers import read_document
from disclosure.amounts import parse_amount
from tests import factory
from tests.test_read_pdf_corpus import (
    CORPUS,
    SCRAMBLED,
    layout_text,
    needs_pdftotext,
    printed_code_rows,
    read,
)

JUESUAN = sorted(p for p in CORPUS.glob("*juesuan*.pdf") if not p.name.startswith("TEMPLATE_"))
MODIFIED = CORPUS / "MODIFIED_shanghai-putuo_caizhengju_2024_juesuan-dept_testproblems.pdf"
TEMPLATE = CORPUS / "TEMPLATE_national_2024_juesuan-dept-template.pdf"
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _ids(paths: list[Path]) -> list[str]:
    return [p.name.removesuffix(".pdf")[:60] for p in paths]


# ---------------------------------------------------------------- 基本支出决算表: two halves


#: pdftotext splits that layer's 类 and 款 over different lines, so it cannot say where a code was printed.
PLACEABLE = [p for p in JUESUAN if p.name not in SCRAMBLED]


@needs_pdftotext
@pytest.mark.parametrize("path", PLACEABLE, ids=_ids(PLACEABLE))
def test_basic_expenditure_halves_follow_the_printed_position(path: Path) -> None:
    """A code printed in the left half is 人员经费, in the right half 公用经费; 决算数 is its total."""
    table = read(path).tables["basic_expenditure"]
    printed = printed_code_rows(path)["basic_expenditure"]
    margin = min(p.column for p in printed)
    rows = {r["code"]: r for r in table.rows if r.get("code")}
    assert len(rows) == len([r for r in table.rows if r.get("code")]), "one row per economic code"
    sides = {"personnel": 0, "public": 0}
    for p in printed:
        side, other = ("public", "personnel") if p.column > margin + 12 else ("personnel", "public")
        row = rows[p.code]
        sides[side] += 1
        assert row[side] == row["total"] and row[other] is None, (p.code, side, row)
        want = parse_amount(p.amounts[0]) if p.amounts else None
        assert row["total"] == want, (p.code, row["total"], p.amounts)
    assert sides["personnel"] >= 10 and sides["public"] >= 10, sides
    assert set(table.columns[:6]) == {"row", "code", "name", "total", "personnel", "public"}


@needs_pdftotext
@pytest.mark.parametrize("path", JUESUAN, ids=_ids(JUESUAN))
def test_basic_expenditure_one_total_row_from_the_two_half_totals(path: Path) -> None:
    table = read(path).tables["basic_expenditure"]
    text = layout_text(path)
    totals = [r for r in table.rows if r.get("code") is None]
    assert [r["name"] for r in totals] == ["合计"], "人员经费合计 / 公用经费合计 become one 合计 row"
    total = totals[0]
    assert table.rows[-1] is total
    for label, col in (("人员经费合计", "personnel"), ("公用经费合计", "public")):
        # the figure printed with the label (the scrambled layer prints it on the line above)
        m = re.search(label + r"\s+([\d,]+\.\d\d)", text) or re.search(r"([\d,]+\.\d\d)[^\n]*\n[^\n]*" + label, text)
        assert m, label
        figures = re.findall(r"[\d,]+\.\d\d", m.group(0))
        want = parse_amount(figures[0] if col == "personnel" or len(figures) == 1 else figures[-1])
        assert total[col] == want, (label, total[col], want)
    assert total["total"] == total["personnel"] + total["public"]
    # and the parts add up as printed: 301 + 303 (left) and 302 + 310 (right), to the printed digit
    classes = {r["code"]: r for r in table.rows if r.get("code") and len(r["code"]) == 3}
    left = sum((classes[c]["personnel"] or Decimal(0)) for c in ("301", "303") if c in classes)
    assert abs(left - total["personnel"]) <= Decimal("0.01") * 2


def test_basic_expenditure_halves_without_totals_add_nothing() -> None:
    """No 人员经费合计 / 公用经费合计 printed: no 合计 row invented; one printed: total stays None."""
    from connectors.readers.grid import build_table

    header = [["经济分类科目编码", "科目名称", "决算数", "经济分类科目编码", "科目名称", "决算数"]]
    body = [["301", "工资福利支出", "10.00", "302", "商品和服务支出", "2.50"],
            ["30101", "基本工资", "10.00", "30201", "办公费", "2.50"]]
    table = build_table("basic_expenditure", "一般公共预算财政拨款基本支出决算表", header, body, "万元")
    assert [r["code"] for r in table.rows] == ["301", "30101", "302", "30201"]
    assert table.rows[2]["public"] == Decimal("2.50") and table.rows[2]["personnel"] is None
    one = build_table("basic_expenditure", "一般公共预算财政拨款基本支出决算表", header,
                      [*body, ["", "人员经费合计", "10.00", "", "公用经费合计", ""]], "万元")
    assert one.rows[-1] == {"row": 5, "code": None, "name": "合计", "total": None,
                            "personnel": Decimal("10.00"), "public": None}


# ---------------------------------------------------------------- 收入支出决算表 of funds


@needs_pdftotext
@pytest.mark.parametrize("path", [*JUESUAN, TEMPLATE], ids=_ids([*JUESUAN, TEMPLATE]))
def test_fund_tables_keep_their_printed_columns(path: Path) -> None:
    doc = read(path)
    text = re.sub(r"\s+", "", layout_text(path))
    for key in ("fund_expenditure", "capital_expenditure"):
        table = doc.tables[key]
        assert table.columns[:6] == ["row", "code", "name", "total", "basic", "project"]
        assert {"carryover_begin", "year_income", "carryover_end"} <= set(table.columns)
        titles = table.column_titles
        assert titles["carryover_begin"] == "年初结转和结余" and titles["carryover_end"] == "年末结转和结余"
        assert titles["year_income"] == "本年收入"
        assert titles["basic"] == "基本支出" and titles["project"] == "项目支出"
        assert titles["total"] in ("合计", "小计")  # as printed under 本年支出
        section = text[text.rindex(re.sub(r"\s+", "", table.title)):][:400]
        for col, title in titles.items():  # printed in the header (wrapped titles come in two pieces)
            assert title[:5] in section and title[-2:] in section, (key, col, title)


def _border(ws, cells: str, ruled: bool) -> None:
    """Cells wrap and are centred vertically; codes sit one indent from the cell's left edge, amounts
    right-aligned, as departments print them.  ``ruled`` draws the grid (else no rules at all)."""
    thin = Side(style="thin")
    for row in ws[cells]:
        for c in row:
            if ruled:
                c.border = Border(top=thin, bottom=thin, left=thin, right=thin)
            c.alignment = Alignment(wrap_text=True, vertical="center", indent=1 if isinstance(c.value, str) else 0)


FUND_ROWS = [  # 类, 款, 项, name, 年初, 本年收入, 合计, 基本, 项目, 年末
    ("", "", "", "合计", "12.30", "1,250.00", "1,240.50", "", "1,240.50", "21.80"),
    ("212", "", "", "城乡社区支出", "12.30", "1,000.00", "990.50", "", "990.50", "21.80"),
    ("212", "08", "", "国有土地使用权出让收入安排的支出", "12.30", "1,000.00", "990.50", "", "990.50", "21.80"),
    ("212", "08", "04", "农村基础设施建设支出", "12.30", "1,000.00", "990.50", "", "990.50", "21.80"),
    ("229", "", "", "其他支出", "", "250.00", "250.00", "", "250.00", ""),
    ("229", "60", "", "彩票公益金安排的支出", "", "250.00", "250.00", "", "250.00", ""),
    ("229", "60", "02", "用于社会福利的彩票公益金支出", "", "250.00", "250.00", "", "250.00", ""),
]
BASIC_LEFT = [("301", "工资福利支出", "95.36"), ("30101", "基本工资", "14.12"), ("30102", "津贴补贴", "39.72"),
              ("30108", "机关事业单位基本养老保险缴费", "41.52"), ("303", "对个人和家庭的补助", "0.00"),
              ("30302", "退休费", "0.00")]
BASIC_RIGHT = [("302", "商品和服务支出", "10.23"), ("30201", "办公费", "3.78"), ("30211", "差旅费", "1.15"),
               ("30226", "劳务费", "5.30"), ("310", "资本性支出", "0.00"), ("31002", "办公设备购置", "0.00"),
               ("31099", "其他资本性支出", "")]
BASIC_TOTALS = ("95.36", "10.23")


def _juesuan_workbook(path: Path, ruled: bool) -> Path:
    """The two 决算 tables as Shanghai prints them (merged headers, 类/款/项, two halves, wrapped names)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "基本支出"
    ws.merge_cells("A1:F1")
    ws["A1"] = "一般公共预算财政拨款基本支出决算表"
    ws["F2"] = "单位：万元"
    for col, text in zip("ABCDEF", ["经济分类科目编码", "科目名称", "决算数"] * 2, strict=True):
        ws[f"{col}3"] = text
    n = max(len(BASIC_LEFT), len(BASIC_RIGHT))
    for i in range(n):
        for offset, half in ((0, BASIC_LEFT), (3, BASIC_RIGHT)):
            if i < len(half):
                code, name, amount = half[i]
                ws.cell(4 + i, 1 + offset, code)
                ws.cell(4 + i, 2 + offset, name)
                ws.cell(4 + i, 3 + offset, float(amount) if amount else None).number_format = "#,##0.00"
    last = 4 + n
    ws.cell(last, 2, "人员经费合计")
    ws.cell(last, 3, float(BASIC_TOTALS[0])).number_format = "#,##0.00"
    ws.cell(last, 5, "公用经费合计")
    ws.cell(last, 6, float(BASIC_TOTALS[1])).number_format = "#,##0.00"
    _border(ws, f"A3:F{last}", ruled)
    for col, width in zip("ABCDEF", (12, 16, 12, 12, 16, 12), strict=True):
        ws.column_dimensions[col].width = width  # a narrow name column: long names wrap in their cell

    fs = wb.create_sheet("政府性基金")
    fs.merge_cells("A1:J1")
    fs["A1"] = "政府性基金预算财政拨款收入支出决算表"
    fs["J2"] = "单位：万元"
    fs.merge_cells("A3:D3")
    fs["A3"] = "项目"
    for col, text in (("E", "年初结转和结余"), ("F", "本年收入"), ("J", "年末结转和结余")):
        fs.merge_cells(f"{col}3:{col}5")
        fs[f"{col}3"] = text
    fs.merge_cells("G3:I3")
    fs["G3"] = "本年支出"
    fs.merge_cells("A4:C4")
    fs["A4"] = "支出功能分类科目编码"
    fs.merge_cells("D4:D5")
    fs["D4"] = "科目名称"
    for col, text in (("G", "合计"), ("H", "基本支出"), ("I", "项目支出")):
        fs.merge_cells(f"{col}4:{col}5")
        fs[f"{col}4"] = text
    for col, text in zip("ABC", "类款项", strict=True):
        fs[f"{col}5"] = text
    for i, row in enumerate(FUND_ROWS):
        for j, value in enumerate(row):
            cell = fs.cell(6 + i, 1 + j)
            if j < 4:
                cell.value = value or None
            elif value:
                cell.value = float(value.replace(",", ""))
                cell.number_format = "#,##0.00"
    _border(fs, f"A3:J{5 + len(FUND_ROWS)}", ruled)
    for sheet, first, rows in ((ws, 4, [max(len(a[1]), len(b[1])) for a, b in zip(BASIC_LEFT, BASIC_RIGHT, strict=False)]),
                               (fs, 6, [len(r[3]) for r in FUND_ROWS])):
        for i, chars in enumerate(rows):  # rows as tall as their wrapped names (Excel's auto-fit)
            if chars > 8:
                sheet.row_dimensions[first + i].height = 30
    for col, width in zip("ABCDEFGHIJ", (8, 8, 8, 22, 12, 12, 12, 10, 12, 12), strict=True):
        fs.column_dimensions[col].width = width
    for sheet in (ws, fs):
        factory._page_setup(sheet)  # A4 landscape, fitted to the width as the departments print
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("juesuan")
    return {"xlsx": _juesuan_workbook(folder / "ruled.xlsx", ruled=True),
            "bare": _juesuan_workbook(folder / "bare.xlsx", ruled=False)}


@pytest.fixture(scope="module")
def printed(made: dict[str, Path]) -> dict[str, Path]:
    """Both workbooks printed by LibreOffice (only the PDF cases ask: slow tier)."""
    if factory.soffice() is None:
        pytest.skip("LibreOffice not installed")
    pdfs = factory.convert_to_pdf([made["xlsx"], made["bare"]], made["xlsx"].parent / "pdf")
    return {"pdf": pdfs[made["xlsx"]], "pdf-without-rules": pdfs[made["bare"]]}


@pytest.mark.parametrize("fmt", ["xlsx", *(pytest.param(f, marks=pytest.mark.slow)  # LibreOffice
                                          for f in ("pdf", "pdf-without-rules"))])
def test_made_juesuan_tables_read_back_cell_by_cell(request, made: dict[str, Path], fmt: str) -> None:
    path = made[fmt] if fmt == "xlsx" else request.getfixturevalue("printed")[fmt]
    doc = read_document(path.read_bytes(), str(path))
    fund = doc.tables["fund_expenditure"]
    assert fund.unit == "万元"
    assert fund.column_titles["carryover_begin"] == "年初结转和结余"
    assert fund.column_titles["year_income"] == "本年收入"
    assert fund.column_titles["carryover_end"] == "年末结转和结余"
    cols = ("carryover_begin", "year_income", "total", "basic", "project", "carryover_end")
    got = [(r.get("code"), r.get("name"), *(r.get(c) for c in cols)) for r in fund.rows]
    want = [("".join(row[:3]) or None, row[3], *(parse_amount(v) if v else None for v in row[4:]))
            for row in FUND_ROWS]
    assert got == want

    basic = doc.tables["basic_expenditure"]
    got_basic = [(r["code"], r["name"], r["total"], r["personnel"], r["public"]) for r in basic.rows]
    want_basic = [(c, n, parse_amount(a) if a else None, parse_amount(a) if a else None, None) for c, n, a in BASIC_LEFT]
    want_basic += [(c, n, parse_amount(a) if a else None, None, parse_amount(a) if a else None)
                   for c, n, a in BASIC_RIGHT]
    p, q = (parse_amount(v) for v in BASIC_TOTALS)
    want_basic.append((None, "合计", p + q, p, q))
    assert got_basic == want_basic


# ---------------------------------------------------------------- the altered copy and the template


@needs_pdftotext
def test_modified_copy_lacks_the_expenditure_table_and_says_so() -> None:
    """The test-problems copy was altered: its 支出决算表 is listed in the contents but not printed."""
    text = layout_text(MODIFIED)
    pages = text.split("\f")
    toc = [i for i, page in enumerate(pages) if re.search(r"目\s*录", page[:400])]
    body = "\n".join(page for i, page in enumerate(pages) if i not in toc)
    assert re.search(r"三、支出决算表", "\n".join(pages[i] for i in toc))
    titles = [line.strip() for line in body.splitlines() if line.strip().endswith("支出决算表")]
    assert titles and all(t.replace(" ", "") != "支出决算表" for t in titles), titles  # only the longer ones
    doc = read(MODIFIED)
    assert "expenditure" not in doc.tables
    assert any("支出决算表" in w and "目录" in w and "漏印" in w for w in doc.warnings), doc.warnings
    assert {"summary", "income", "fiscal_summary", "general_expenditure", "basic_expenditure"} <= set(doc.tables)


def test_template_warnings_are_sentences_a_submitter_understands() -> None:
    doc = read(TEMPLATE)
    assert doc.department.kind == "决算"
    assert len(doc.tables) == 9
    assert doc.warnings, "an empty template is named as such"
    for w in doc.warnings:
        assert _CJK.search(w) and w.endswith("。"), w
        assert not re.search(r"None|Decimal|Error|Traceback|[{}\[\]]|第\d+行”行", w), w
        assert "不是金额" not in w, w  # names and items land in their own columns, not in amount columns
    assert any("空白模板" in w for w in doc.warnings)
    income = doc.tables["income"].rows
    assert income[0]["name"] == "合计" and income[0]["code"] is None
    assert [(r["code"], r["name"]) for r in income[1:4]] == [("205", "教育支出"), ("20502", "普通教育"),
                                                             ("2050205", "高等教育")] or \
        [r["code"] for r in income[1:4]] == ["205", "20502", "2050205"]
    summary = doc.tables["summary"].rows
    assert summary[0]["income_item"] == "一、一般公共预算财政拨款收入"
    assert summary[-1]["income_item"] == "总计" and summary[-1]["expenditure_item"] == "总计"
