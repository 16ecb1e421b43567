"""Subject codes printed the ways other provinces print them: a table at 项 level only (no 类 or 款
rows), codes in brackets before the name (``[2010101]行政运行``) in the code column or in the only
name column.  Each read with its codes; the sum rules judge it as printed (a 合计 over the highest
level printed) and still find one changed figure; a missing level by layout is not a missing parent."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.readers import read_path
from tests import comparison_workbook as cw
from tests import factory
from tests.reports import judged

HEADER = ["功能分类科目编码", "功能分类科目名称", "合计", "基本支出", "项目支出"]
LEAVES = [("2010101", "行政运行", "100.00", "100.00", "0.00", ""),
          ("2010102", "一般行政管理事务", "31.50", "0.00", "31.50", ""),
          ("2080501", "行政单位离退休", "12.25", "12.25", "0.00", ""),
          (None, "合计", "143.75", "112.25", "31.50", "")]
TREE = [("201", "一般公共服务支出", "131.50", "100.00", "31.50", ""),
        ("20101", "人大事务", "131.50", "100.00", "31.50", ""),
        ("2010101", "行政运行", "100.00", "100.00", "0.00", ""),
        ("2010102", "一般行政管理事务", "31.50", "0.00", "31.50", ""),
        (None, "合计", "131.50", "100.00", "31.50", "")]
BRACKETED = [(f"[{code}]{name}", "", *rest) if code else (None, name, *rest) for code, name, *rest in TREE]
IN_NAMES = [(f"【{code}】{name}" if code else name, *rest) for code, name, *rest in TREE]

WIDE = (32, 14, 12, 12, 12)  # long enough for the longest code and name on one line
LAYOUTS = {
    "items only": (LEAVES, HEADER, 2),
    "bracketed in the code column": (BRACKETED, HEADER, 2),
    "bracketed in the name column": (IN_NAMES, ["科目名称", *HEADER[2:]], 1),
}


def _workbook(path, layout: str, change=None):
    rows, header, lead = LAYOUTS[layout]
    if change:
        rows = [change(r) for r in rows]
    return cw.workbook(path, rows, header=header, lead=lead, widths=WIDE)


def _doc(tmp_path, layout: str, change=None):
    return read_path(_workbook(tmp_path / "t.xlsx", layout, change))


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    """Each layout printed to PDF by LibreOffice (one call for all)."""
    if not factory.soffice():
        pytest.skip("LibreOffice is not installed")
    folder = tmp_path_factory.mktemp("code-layouts")
    books = {layout: _workbook(folder / f"layout{i}.xlsx", layout) for i, layout in enumerate(LAYOUTS)}
    printed = factory.convert_to_pdf(list(books.values()), folder)
    return {layout: printed[book] for layout, book in books.items()}


def _result(report, rule):
    [result] = [r for r in report["results"] if r["rule"] == rule]
    return result


@pytest.mark.parametrize("fmt", ["xlsx", pytest.param("pdf", marks=pytest.mark.slow)])  # pdf: LibreOffice
@pytest.mark.parametrize("layout", LAYOUTS)
def test_codes_are_read_and_the_table_passes_as_printed(tmp_path, request, layout, fmt) -> None:
    doc = _doc(tmp_path, layout) if fmt == "xlsx" else read_path(request.getfixturevalue("pdfs")[layout])
    table = doc.tables["general_expenditure"]
    printed_codes = [r[0] for r in (LEAVES if layout == "items only" else TREE)]
    assert [r.get("code") for r in table.rows] == printed_codes
    assert table.rows_by_code()["2010101"]["name"] == "行政运行"
    report = judged(doc)
    for rule in ("sum.total.general_expenditure", "row.general_expenditure"):
        assert _result(report, rule)["passed"] and _result(report, rule)["checked"] > 0, _result(report, rule)
    assert _result(report, "code.parent")["passed"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_changed_item_makes_its_sums_fail(tmp_path, layout) -> None:
    lead = LAYOUTS[layout][2]

    def change(row):  # 行政运行's 合计 printed 101.00 instead of 100.00
        return (*row[:lead], "101.00", *row[lead + 1:]) if "2010101" in (row[0] or "") else row

    report = judged(_doc(tmp_path, layout, change))
    failing = {r["rule"] for r in report["results"] if not r["passed"] and r["severity"] == "error"}
    in_total = "sum.total.general_expenditure" if layout == "items only" else "rollup.function.general_expenditure"
    assert {"row.general_expenditure", in_total} <= failing, failing


def test_a_missing_parent_is_still_found_where_the_table_prints_that_level(tmp_path) -> None:
    rows = [r for r in TREE if r[0] != "20101"]  # 类 and 项 printed, the one 款 left out
    doc = read_path(cw.workbook(tmp_path / "t.xlsx", rows, header=HEADER))
    doc.tables["general_expenditure"].rows.insert(0, {"code": "20102", "name": "政协事务", "total": None,
                                                      "basic": None, "project": None})
    report = judged(doc)
    messages = [f["message"] for f in _result(report, "code.parent")["failures"]]
    assert any("2010101" in m and "20101" in m for m in messages), messages


@pytest.mark.parametrize("label", ["合计", "总计", "合 计", "合计数", "支出合计", "合计：", "全部合计"])
def test_the_grand_total_row_is_found_by_its_printed_variants(tmp_path, label) -> None:
    rows = [*TREE[:-1], (None, label, "131.50", "100.00", "31.50", "")]
    result = _result(judged(read_path(cw.workbook(tmp_path / "t.xlsx", rows, header=HEADER))),
                     "sum.total.general_expenditure")
    assert result["passed"] and result["checked"] == 3
    rows[-1] = (None, label, "131.60", "100.00", "31.60", "")
    result = _result(judged(read_path(cw.workbook(tmp_path / "t.xlsx", rows, header=HEADER))),
                     "sum.total.general_expenditure")
    assert not result["passed"] and {f["column"] for f in result["failures"]} == {"total", "project"}


PARTS_HEADER = ["类", "款", "项", "科目名称", "合计", "基本支出", "项目支出"]
#: 类 and 款 printed once above the rows under them (cells merged down), 项 on every row.
MERGED_DOWN = [("201", "", "", "一般公共服务支出", "131.50", "100.00", "31.50", ""),
               ("", "01", "", "人大事务", "131.50", "100.00", "31.50", ""),
               ("", "", "01", "行政运行", "100.00", "100.00", "0.00", ""),
               ("", "", "02", "一般行政管理事务", "31.50", "0.00", "31.50", ""),
               ("208", "", "", "社会保障和就业支出", "12.25", "12.25", "0.00", ""),
               ("", "05", "", "行政事业单位养老支出", "12.25", "12.25", "0.00", ""),
               ("", "", "05", "机关事业单位基本养老保险缴费支出", "12.25", "12.25", "0.00", ""),
               (None, None, None, "合计", "143.75", "112.25", "31.50", "")]


def test_class_and_section_codes_merged_down_are_inherited_by_the_rows_under_them(tmp_path) -> None:
    path = cw.workbook(tmp_path / "t.xlsx", MERGED_DOWN, header=PARTS_HEADER, lead=4, widths=(6, 6, 6, 30, 12, 12, 12))
    doc = read_path(path)
    table = doc.tables["general_expenditure"]
    assert [r.get("code") for r in table.rows] == ["201", "20101", "2010101", "2010102", "208", "20805", "2080505",
                                                   None]
    report = judged(doc)
    failing = [r["rule"] for r in report["results"] if not r["passed"] and r["rule"] != "complete.tables"]
    assert not failing, failing
    assert _result(report, "rollup.function.general_expenditure")["checked"] > 0


def _merged_down_pdf(tmp_path, *, ruled: bool) -> tuple[Path, Path]:
    """MERGED_DOWN as Excel prints merged cells: 201 once, centred over its four rows; 01 over three."""
    if not factory.soffice():
        pytest.skip("LibreOffice is not installed")
    from openpyxl import load_workbook
    from openpyxl.styles import Alignment, Border

    filled = [(klass, kuan, xiang, *rest) for klass, kuan, xiang, *rest in MERGED_DOWN]
    for i in (1, 2, 3):
        filled[i] = ("201", filled[i][1] or "01", *filled[i][2:])
    for i in (5, 6):
        filled[i] = ("208", filled[i][1] or "05", *filled[i][2:])
    path = cw.workbook(tmp_path / "merged.xlsx", filled, header=PARTS_HEADER, lead=4, widths=(6, 6, 6, 30, 12, 12, 12))
    book = load_workbook(path)
    sheet = book.active
    for cells in ("A4:A7", "B5:B7", "A8:A10", "B9:B10"):  # 201, 01, 208, 05 merged down
        sheet.merge_cells(cells)
        sheet[cells.split(":")[0]].alignment = Alignment(vertical="center", horizontal="center")
    for r in range(4, 12):
        sheet.row_dimensions[r].height = 18
    if not ruled:
        for line in sheet.iter_rows():
            for c in line:
                c.border = Border()
    book.save(path)
    return path, factory.convert_to_pdf([path], tmp_path)[path]


@pytest.mark.slow  # LibreOffice
def test_class_and_section_cells_merged_down_and_centred_in_a_pdf_belong_to_every_row_they_span(tmp_path) -> None:
    """The rules that are missing in the code columns say which rows the printed code belongs to."""
    for doc in map(read_path, _merged_down_pdf(tmp_path, ruled=True)):
        table = doc.tables["general_expenditure"]
        assert [r.get("code") for r in table.rows] == ["201", "20101", "2010101", "2010102", "208", "20805",
                                                       "2080505", None]
        report = judged(doc)
        failing = [r["rule"] for r in report["results"] if not r["passed"] and r["rule"] != "complete.tables"]
        assert not failing, failing


@pytest.mark.slow  # LibreOffice
def test_merged_codes_without_rules_are_said_unread_and_judge_nothing(tmp_path) -> None:
    """Without rules a centred code cannot be placed: the subject rows left without a code make the
    table unread; no error and no warning comes from it (before: code.parent errors, a wrong name)."""
    _, pdf = _merged_down_pdf(tmp_path, ruled=False)
    report = judged(read_path(pdf))
    [unread] = report["unread"]
    assert unread["table"] == "general_expenditure"
    assert any("一般公共服务支出" in p and "没有读出科目编码" in p for p in unread["problems"]), unread
    table_rules = [r for r in report["results"] if r["rule"] != "complete.tables"]
    assert all(r["passed"] for r in table_rules), [r["rule"] for r in table_rules if not r["passed"]]
    assert any(r.get("unconfirmed") for r in table_rules)


def test_a_table_listed_by_budget_unit_keeps_unit_codes_out_of_the_subject_rules(tmp_path) -> None:
    """收入总表 by unit (单位代码 | 单位名称): 301001 is a unit's code, not a malformed subject code."""
    rows = [(None, "合计", "150.00", "100.00", "50.00", ""),
            ("301", "无锡市梁溪区审计局", "150.00", "100.00", "50.00", ""),
            ("301001", "无锡市梁溪区审计局（本级）", "100.00", "100.00", "0.00", ""),
            ("301002", "无锡市梁溪区审计事务中心", "50.00", "0.00", "50.00", "")]
    header = ["单位代码", "单位名称", "合计", "基本支出", "项目支出"]
    doc = read_path(cw.workbook(tmp_path / "t.xlsx", rows, header=header))
    table = doc.tables["general_expenditure"]
    assert [(r.get("code"), r.get("unit_code"), r["name"]) for r in table.rows][:3] == [
        (None, None, "合计"), (None, "301", "无锡市梁溪区审计局"), (None, "301001", "无锡市梁溪区审计局（本级）")]
    report = judged(doc)
    failing = [r["rule"] for r in report["results"] if not r["passed"] and r["rule"] != "complete.tables"]
    assert not failing, failing
    assert _result(report, "row.general_expenditure")["checked"] == 4


def test_a_whole_code_printed_in_each_levels_column_is_not_inherited_onto(tmp_path) -> None:
    """类 | 款 | 项 columns that print the whole code (20101 under 款, 2010101 under 项)."""
    rows = [("201", "", "", "一般公共服务支出", "131.50", "100.00", "31.50", ""),
            ("", "20101", "", "人大事务", "131.50", "100.00", "31.50", ""),
            ("", "", "2010101", "行政运行", "100.00", "100.00", "0.00", ""),
            ("", "", "2010102", "一般行政管理事务", "31.50", "0.00", "31.50", ""),
            (None, None, None, "合计", "131.50", "100.00", "31.50", "")]
    doc = read_path(cw.workbook(tmp_path / "t.xlsx", rows, header=PARTS_HEADER, lead=4,
                                widths=(8, 8, 10, 30, 12, 12, 12)))
    assert [r.get("code") for r in doc.tables["general_expenditure"].rows] == ["201", "20101", "2010101", "2010102",
                                                                               None]
    report = judged(doc)
    assert not [r["rule"] for r in report["results"] if not r["passed"] and r["rule"] != "complete.tables"]


def test_group_rows_without_codes_are_labels_not_lost_codes(tmp_path) -> None:
    """基本支出表 with 人员经费 / 公用经费 rows over their 类: labels (not subjects the reference knows),
    so the table stays read with confidence."""
    rows = [(None, "人员经费", "100.00", "100.00", None, ""), ("301", "工资福利支出", "100.00", "100.00", None, ""),
            ("30101", "基本工资", "100.00", "100.00", None, ""), (None, "公用经费", "20.00", None, "20.00", ""),
            ("302", "商品和服务支出", "20.00", None, "20.00", ""), ("30201", "办公费", "20.00", None, "20.00", ""),
            (None, "合计", "120.00", "100.00", "20.00", "")]
    path = tmp_path / "basic.xlsx"
    cw.workbook(path, rows, header=["经济分类科目编码", "经济分类科目名称", "合计", "人员经费", "公用经费"])
    from openpyxl import load_workbook

    book = load_workbook(path)
    book.active["A1"] = "2025年一般公共预算基本支出预算表"
    book.save(path)
    table = read_path(path).tables["basic_expenditure"]
    assert table.confident, table.problems
