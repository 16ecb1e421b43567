"""Real pages of disclosures from places other than Shanghai, one test per way they were misread.

Every excerpt is a few pages copied unchanged from the development corpus of cities (see its
``.source.txt``; ``scripts/excerpt_pages.py`` made it).  Each test reads the pages as printed and
checks what the page shows (pass), then changes one printed figure in what was read and checks that
the rule concerned now finds it (fail): the layout is read right, and a real slip in it is caught.
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from test_rules_sample_data import bump, find_row, result_of

from connectors.readers import read_path
from tests.reports import judged

CITIES = Path(__file__).resolve().parent / "corpus" / "cities"


def read(name: str):
    return read_path(CITIES / name)


def errors(report: dict) -> set[str]:
    """Error rules with failures (not the unconfirmed ones)."""
    return {r["rule"] for r in report["results"] if r["failures"] and r["severity"] == "error"}


def failing(report: dict, rule_id: str) -> list[dict]:
    return result_of(report, rule_id)["failures"]


# An excerpt prints some of the standard tables only: their absence is not what is tested.
EXCERPT = {"complete.tables", "complete.totals_printed"}


# ---------------------------------------------------------------- Guangzhou


@pytest.fixture(scope="module")
def guangzhou():
    return read("guangzhou-qixiangju-2026-tables.pdf")


def test_guangzhou_titles_of_the_overall_tables_are_read(guangzhou) -> None:
    """收支总体情况表, 收入总体情况表, 财政拨款收支总体情况表: the same tables under other words."""
    assert {"summary", "income", "expenditure", "fiscal_summary", "general_expenditure",
            "basic_expenditure"} <= set(guangzhou.tables)
    rows = guangzhou.tables["summary"].rows  # printed over two pages: its totals are on the second
    assert [r["income_amount"] for r in rows if r.get("income_item") == "收入总计"] == [D("7651.71")]


def test_guangzhou_of_which_columns_are_the_parts_of_their_subtotal(guangzhou) -> None:
    """小计 | 其中：基本支出 | 项目支出: the 其中 opens the list of the 小计's parts (was: 小计 = 项目支出)."""
    table = guangzhou.tables["general_expenditure"]
    assert table.column_titles["basic"] == "其中:基本支出"
    assert [(s.total, s.parts) for s in table.column_sums] == [("total", ("basic", "project"))]
    assert not errors(judged(guangzhou)) - EXCERPT
    bump(find_row(guangzhou, "general_expenditure", code="2200501"), "basic")  # 行政运行 基本支出 + 1.00
    assert "2200501" in {f["code"] for f in failing(judged(guangzhou), "row.general_expenditure")}


def test_guangzhou_bracketed_codes_under_an_economic_label_header(guangzhou) -> None:
    """部门预算支出经济科目 over ``[30101]基本工资`` and one 预算 column: codes and amounts read."""
    table = guangzhou.tables["basic_expenditure"]
    assert not table.problems
    assert find_row(guangzhou, "basic_expenditure", code="30101")["total"] == D("726.63")
    assert len([r for r in table.rows if r.get("code")]) == 38


def test_guangzhou_income_by_unit_keeps_units_as_names(guangzhou) -> None:
    table = guangzhou.tables["income"]
    assert "广州市气象台" in {r.get("name") for r in table.rows}
    assert not any(r.get("code") for r in table.rows)


def test_a_file_of_performance_targets_only_is_a_part_of_the_disclosure() -> None:
    doc = read("guangzhou-zhengwushujuju-2026-jixiao.pdf")
    assert doc.part == "绩效目标表" and not doc.tables
    report = judged(doc)
    assert report["status"] == "passed" and not errors(report)


# ---------------------------------------------------------------- Huzhou


def test_a_title_printed_again_on_the_next_page_continues_its_table() -> None:
    doc = read("huzhou-tuiyijunrenju-2026-p24-27.pdf")
    table = doc.tables["general_expenditure"]
    assert not table.problems and not any("又出现" in w for w in doc.warnings)
    assert {r["code"] for r in table.rows if r.get("code")} >= {"208", "2210201"}  # page 1 and page 2
    assert not any((r.get("name") or "").startswith("*") for r in table.rows)  # ** ** 1 2 3 is furniture
    assert all(c["placed"] == c["printed"] for c in doc.coverage)
    assert not errors(judged(doc)) - EXCERPT


def test_a_continuation_lost_leaves_its_table_unconfirmed(monkeypatch) -> None:
    """Every printed figure accounted for: were the second page lost (as before), the table's sums
    would be computed on half of it; its figures left over make it unconfirmed, never a finding."""
    from connectors.readers.pdf import document

    monkeypatch.setattr(document, "_continues", lambda *a, **k: False)
    doc = read("huzhou-tuiyijunrenju-2026-p24-27.pdf")
    problems = doc.tables["general_expenditure"].problems
    assert any("未读入任何表格" in p and "第2页" in p for p in problems)
    report = judged(doc)
    assert not errors(report) - EXCERPT  # no sum computed on half a table
    assert "general_expenditure" in {u["table"] for u in report["unread"]}


def test_letter_spaced_headers_are_words() -> None:
    """收   入 / 支   出 / 项   目: one column each, not stray columns taking a figure's place."""
    doc = read("huzhou-caizhengju-2026-p22.pdf")
    table = doc.tables["fiscal_summary"]
    assert find_row(doc, "fiscal_summary", item="一、财政拨款")["income_amount"] == D("6838.41")
    assert table.rows[0]["expenditure_total"] == D("5356.01")
    assert "出" not in table.column_titles.values()


# ---------------------------------------------------------------- Suzhou / Wuxi (Aspose)


@pytest.fixture(scope="module")
def shenjiju():
    return read("suzhou-shenjiju-2026-p10-22.pdf")


def test_income_listed_by_department_code(shenjiju) -> None:
    """部门代码 | 部门名称: unit numbers (024001), not subject codes."""
    rows = shenjiju.tables["income"].rows
    assert {r.get("unit_code") for r in rows} >= {"024", "024001"} and not any(r.get("code") for r in rows)


def test_basic_spending_split_under_its_own_subtotal(shenjiju) -> None:
    """合计 | 基本支出{小计, 人员经费, 公用经费} | 项目支出."""
    table = shenjiju.tables["general_expenditure"]
    sums = {(s.total, s.parts) for s in table.column_sums}
    assert ("total", ("basic", "project")) in sums and ("basic", ("personnel", "public")) in sums
    assert table.rows[0]["basic"] == D("4312.17")


def test_horizontal_three_public_with_its_own_subtotal(shenjiju) -> None:
    items = {r["item"]: r["total"] for r in shenjiju.tables["three_public"].rows}
    assert "“三公”经费小计" in items and "会议费" in items and "培训费" in items
    assert not shenjiju.tables["three_public"].problems


def test_procurement_tree_with_a_unit_level(shenjiju) -> None:
    """货物 / 苏州市审计局 / items: the unit is a level of the tree, not a second 品目大类."""
    rows = shenjiju.tables["procurement"].rows
    assert [r.get("unit") for r in rows if r.get("unit")] == ["苏州市审计局", "苏州市审计局"]
    report = judged(shenjiju)
    assert not failing(report, "sum.procurement")
    bump(next(r for r in rows if r.get("item") == "复印纸"), "total")
    assert failing(judged(shenjiju), "sum.procurement")


def test_a_running_head_does_not_end_a_table_at_the_page_break() -> None:
    doc = read("suzhou-jiaotongyunshuju-2026-p9-12.pdf")
    table = doc.tables["expenditure"]
    assert not table.problems and {r["code"] for r in table.rows if r.get("code")} >= {"2149901", "2210201"}
    assert not any("苏州市交通运输局2026" in line.replace(" ", "") for line in doc.narrative.split("\n"))


def test_a_line_printed_twice_alike_is_one_line() -> None:
    """Wuxi 发改委 2025 prints ``21999 其他支出 502.00`` twice under 219 (a 款 with no 项, printed again
    on the 项 line): 219 = 502.00, not 1,004.00."""
    doc = read("wuxi-fagaiwei-2025-p12-15.pdf")
    assert [r["code"] for r in doc.tables["expenditure"].rows].count("21999") == 2
    report = judged(doc)
    assert not failing(report, "rollup.function.expenditure") and not failing(report, "sum.total.expenditure")
    bump(find_row(doc, "expenditure", code="21999"), "total")  # the first one changed: two lines now
    assert "219" in {f["code"] for f in failing(judged(doc), "rollup.function.expenditure")}


# ---------------------------------------------------------------- Xi'an


@pytest.fixture(scope="module")
def xinfangju():
    return read("xian-xinfangju-2026-tables.pdf")


def test_summary_with_three_lists_of_the_same_spending(xinfangju) -> None:
    from expectations.derive.sums import parse_side

    table = xinfangju.tables["summary"]
    assert {"list3_item", "list4_item"} <= set(table.columns)
    items = parse_side(table, "expenditure").items  # under 一、部门预算: the 24 classes
    assert items[0].item == "1、一般公共服务支出" and len(items) == 24
    report = judged(xinfangju)
    assert not failing(report, "sum.summary.expenditure") and not failing(report, "sum.summary.income")
    bump(find_row(xinfangju, "summary", item="1、财政拨款"), "income_amount")
    assert failing(judged(xinfangju), "sum.summary.income")


def test_a_group_subtotal_is_the_groups(xinfangju) -> None:
    """一般公共预算拨款{小计, 其中…} beside 政府性基金拨款: its 小计 is not the 本年收入 小计."""
    table = xinfangju.tables["income"]
    assert "subtotal" not in table.column_titles
    assert "一般公共预算拨款小计" in table.column_titles.values()
    assert not failing(judged(xinfangju), "row.income.subtotal")


def test_two_basic_tables_by_function_and_by_economic_class(xinfangju) -> None:
    assert xinfangju.tables["basic_expenditure"].rows[1]["code"] == "301"
    assert xinfangju.other_tables["basic_function"].rows[1]["code"] == "201"
    assert not failing(judged(xinfangju), "code.format")


def test_three_public_blocks_this_years_read(xinfangju) -> None:
    """上年 | 当年 | 增减变化情况, by unit: this year's block, its 合计 row."""
    items = {r["item"]: r["total"] for r in xinfangju.tables["three_public"].rows}
    assert items["合计"] == D("320800.00") and items["培训费"] == D("219800.00")


def test_a_column_numbering_the_rows_is_not_money() -> None:
    doc = read("xian-gongxinju-2022-p27.pdf")
    table = doc.tables["general_expenditure"]
    assert "号" not in table.column_titles.values() and not table.problems


def test_a_title_qualifier_on_its_own_line() -> None:
    doc = read("xian-minzhengju-2021-p53-55.pdf")
    table = doc.other_tables["basic_function"]  # （按支出功能分类科目-不含上年结转）: by function
    assert {"personnel", "public"} <= set(table.column_titles)
    assert not failing(judged(doc), "row.basic_expenditure")


# ---------------------------------------------------------------- Chongqing


def test_economic_items_of_seven_digits() -> None:
    doc = read("chongqing-qixiangju-2026-p14-15.pdf")
    report = judged(doc)
    assert not failing(report, "code.format") and not failing(report, "rollup.economic.basic_expenditure")
    bump(find_row(doc, "basic_expenditure", code="3010201"), "total")
    assert "30102" in {f["code"] for f in failing(judged(doc), "rollup.economic.basic_expenditure")}


def test_items_printed_under_a_this_year_heading() -> None:
    """一、本年收入 / （一）一般公共预算资金 …: the numbered lines under it are its items (a stray
    ``1`` before （一） notwithstanding)."""
    doc = read("chongqing-guiziju-2026-p18.pdf")
    report = judged(doc)
    assert not failing(report, "sum.fiscal.income")
    bump(find_row(doc, "fiscal_summary", item="（三）卫生健康支出"), "expenditure_total")
    assert failing(judged(doc), "sum.fiscal.expenditure")


# ---------------------------------------------------------------- the table of contents


def _line(*texts: str, top: float = 100.0):
    from connectors.readers.pdf.geometry import Line, Word

    words, x = [], 50.0
    for t in texts:
        words.append(Word(t, x, x + 12 * len(t), top, top + 12, 12))
        x += 12 * len(t) + 30
    return Line(words, 1)


def test_a_header_cell_named_like_contents_is_no_contents_heading() -> None:
    """Xi'an's 政府采购 header ``单位编码 | 采购项目 | 采购目录 | …`` on every page is not a 目录."""
    from connectors.readers.pdf.document import _is_contents_heading

    assert _is_contents_heading(_line("目", "录")) and _is_contents_heading(_line("报表目录"))
    assert not _is_contents_heading(_line("单位编码", "采购项目", "采购目录", "数量"))


def test_a_table_page_after_the_contents_is_a_table_page() -> None:
    """表1 / its title / 单位：元 / its header: a label and a title both end in 表, but the unit line
    says a table starts here (it used to be taken for the contents continued, and lost)."""
    from connectors.readers.pdf.document import _continues_contents

    page = [_line("表1", top=40), _line("2022年部门综合预算收支总表", top=70), _line("单位：元", top=100),
            _line("收入", "支出", top=120)]
    assert not _continues_contents(page)
    contents = [_line("一、收支总表……3", top=40), _line("二、收入总表……4", top=70)]
    assert _continues_contents(contents)


# ---------------------------------------------------------------- Xi'an and Changchun, second round


def test_xian_a_serial_number_header_spilling_over_the_rule_leaves_the_items() -> None:
    """气象局 2022 收支总表: ``序号`` runs over the rule into the 项目 column's header (序号/收入/项目); the
    item column is still the items, not a second row-number column (was: every income item lost and a
    false '收支总表未填列收入总计')."""
    doc = read("xian-qixiangju-2022-p18-19.pdf")
    rows = doc.tables["summary"].rows
    assert [r["income_amount"] for r in rows if r.get("income_item") == "收入总计"] == [D("18999011.66")]
    report = judged(doc)
    assert not errors(report) - EXCERPT
    find_row(doc, "summary", item="本年收入合计")["income_amount"] += 1
    assert "sum.summary.income" in errors(judged(doc))


def test_xian_a_name_printed_over_its_figure_is_read_apart() -> None:
    """气象局 2022 收入总表: ``西安市人工影响天气服务保障中心`` runs over the first digits of its 合计
    (the characters interleave: 中 1 8 心 3 …); name and figure are two cells (was: 中18心 | 39311.66)."""
    doc = read("xian-qixiangju-2022-p18-19.pdf")
    row = next(r for r in doc.tables["income"].rows if r.get("unit_code") == "234002")
    assert (row["name"], row["total"]) == ("西安市人工影响天气服务保障中心", D("1839311.66"))
    assert not result_of(judged(doc), "row.income.total")["failures"]
    bump(row, "total", "100.00")  # the parts are printed as whole 0s: the rounding allows ± 4.51
    assert "row.income.total" in errors(judged(doc))


def test_xian_a_header_naming_a_row_number_column_is_a_header() -> None:
    """卫健委 2022 决算 收入支出决算总表: ``项目 | 行次 | 决算数`` is the header (only a line of 栏次 / 行次
    and numbers is a column-number line); was: no header, every row one text cell."""
    doc = read("xian-weijianwei-2022-juesuan-p146.pdf")
    rows = doc.tables["summary"].rows
    total = next(r for r in rows if r.get("income_item") == "总计")
    assert (total["income_amount"], total["expenditure_amount"]) == (D("2480372.70"), D("2480372.70"))
    assert "sum.summary.balance" not in errors(judged(doc))
    total["expenditure_amount"] += 1
    assert "sum.summary.balance" in errors(judged(doc))


def test_xian_a_title_with_its_label_run_in_continues_on_the_next_page() -> None:
    """生态环境局 2022 表5: the label 表5 is joined to the title on p33 and dropped on p34: the same
    title, so p34's rows continue the table (was: a second table, its rows missing from the sums)."""
    doc = read("xian-shengtaihuanjingju-2022-p33-34.pdf")
    table = doc.tables["general_expenditure"]
    assert "2210201" in {r.get("code") for r in table.rows}  # printed on the second page
    report = judged(doc)
    assert not {"sum.total.general_expenditure", "rollup.function.general_expenditure"} & errors(report)
    bump(find_row(doc, "general_expenditure", code="2210201"), "total")
    assert "rollup.function.general_expenditure" in errors(judged(doc))


def test_xian_lists_headed_by_classification_and_a_blank_heading_line() -> None:
    """人社局 2020 收支总表: four lists headed 项目 / 支出功能分类 / 部门预算支出经济分类 / 政府预算支出经济分类
    (was: one list, all items of a line in one cell); ``1、财政拨款`` printed blank over its lines counts
    as them.  The page's real slip stays: 支出总计 182,157.13 ≠ 本年支出合计 182,066.56 + 结转下年 0."""
    doc = read("xian-renshebaoju-2020-p29.pdf")
    first = doc.tables["summary"].rows[0]
    assert (first["income_item"], first["expenditure_item"]) == ("一、部门预算", "一、部门预算")
    report = judged(doc)
    assert errors(report) - EXCERPT == {"sum.summary.expenditure_total"}
    assert not failing(report, "sum.summary.income")
    bump(find_row(doc, "summary", item="(1)一般公共预算拨款收入"), "income_amount", "100.00")  # whole 0s: ± 1.5
    assert "sum.summary.income" in errors(judged(doc))


def test_changchun_the_income_sides_further_columns_are_the_income_sides() -> None:
    """信访局 2026 收支总表: 本年预算 | 编制预算 | 上年结转 on each side; the income side's 编制预算 is
    not added into the spending side's sums (was: 本年支出合计 编制预算 1,682.76 ≠ 3,365.52)."""
    doc = read("changchun-xinfangju-2026-p6.pdf")
    table = doc.tables["summary"]
    assert {"income_extra_1", "income_extra_2"} <= set(table.columns)
    report = judged(doc)
    assert not errors(report) - EXCERPT
    find_row(doc, "summary", item="本年收入合计")["income_extra_1"] += 1
    assert "sum.summary.income" in errors(judged(doc))


def test_xian_basic_spending_printed_as_its_two_parts_is_the_row_relation() -> None:
    """医保局 2022 一般公共预算支出明细表（按经济分类）: 合计 | 人员经费支出 | 公用经费支出 | 专项业务经费支出,
    no 基本支出 column: 合计 = 人员 + 公用 + 专项 (was: "合计＝专项业务经费支出" failed on 27 of 43 rows and
    the table was left unread). Its rows are now checked by that relation."""
    doc = read("xian-yibaoju-2022-p33-35.pdf")
    table = doc.other_tables["general_economic"]
    assert not table.problems and len(table.rows) == 43
    report = judged(doc)
    row = result_of(report, "row.other_tables")
    assert row["passed"] and row["checked"] >= 43
    assert not errors(report) - EXCERPT and not report.get("unread")
    salary = next(r for r in table.rows if r.get("code") == "30101")  # 基本工资
    bump(salary, "personnel", "100.00")  # its 0s are printed as whole numbers: ± 1.1
    found = failing(judged(doc), "row.other_tables")
    assert [(f["table"], f["code"]) for f in found] == [("general_economic", "30101")]
    assert "人员经费支出" in found[0]["message"] and "专项业务经费支出" in found[0]["message"]


def test_printed_parts_replace_a_part_only_by_all_of_its_own() -> None:
    from disclosure.relations import printed_parts

    assert printed_parts(("basic", "project"), {"personnel", "public", "project"}.__contains__) == (
        "personnel", "public", "project")
    assert printed_parts(("basic", "project"), {"basic", "personnel", "public", "project"}.__contains__) == (
        "basic", "project")  # 基本支出 printed: it is the part
    assert printed_parts(("basic", "project"), {"personnel", "project"}.__contains__) == ("basic", "project")


def test_huzhou_summary_printing_the_tree_by_name_sums_its_classes() -> None:
    """财政局 2026 收支总表: the expenditure side prints each 类 and under it its 款 and 项 by name, no
    codes (一般公共服务支出 5,356.01, 财政事务 5,356.01, 行政运行 3,685.65 …). The 款/项 lines are detail:
    本年支出合计 = Σ 类 and each 类 = 支出总表's (was: Σ of all lines, three times the total, and 15 of 20
    comparisons "未列此类": the document partial). Also: 支出总表 prints 基本支出 over 人员支出 | 公用经费,
    so its 基本支出 column holds a part, and is not compared with 一般公共预算支出表's 小计."""
    doc = read("huzhou-caizhengju-2026-p17-24.pdf")
    report = judged(doc)
    assert not errors(report) - EXCERPT and not report.get("unread")
    for rule in ("sum.summary.expenditure", "cross.summary.expenditure"):
        r = result_of(report, rule)
        assert r["passed"] and r["checked"] > 0 and not r.get("unconfirmed"), rule
    bump(find_row(doc, "summary", item="卫生健康支出"), "expenditure_amount")
    after = judged(doc)
    assert "cross.summary.expenditure" in errors(after)
    # its lines are not numbered (一、二、), so the sum's failure is said, unconfirmed: a line may be missing
    assert result_of(after, "sum.summary.expenditure")["unconfirmed"]
