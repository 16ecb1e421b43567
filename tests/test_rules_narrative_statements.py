"""Issue 11: every statement kind of the 说明, checked on real text, a passing and a failing case each.

The sentences are the ones the readers parse from the documents in tests/corpus (Shanghai and
Jiangsu PDFs, the Hebei text), never typed into a test.  A failing case is a real defect printed in
a document where one exists, otherwise the same real sentence with one printed figure changed.
Every failure quotes its sentence, names its page, and (for a comparison with a table) the cell.

Rules: ``cross.narrative.total`` (figures vs tables, blank tables), ``cross.narrative.sums`` (parts and
shares), ``cross.narrative.change``, ``cross.narrative.execution`` (errors); ``cross.narrative.year``,
``cross.narrative.wording`` (names, placeholders, units, punctuation, template leftovers: warnings).
"""

from __future__ import annotations

from decimal import Decimal as D

from tests import documents
from tests.narrative_documents import ORIGINAL, altered, fails, holds, read, report, result
from tests.reports import judged

CZJ_2024 = ORIGINAL  # 上海市普陀区财政局 2024 决算 (the unaltered one)
CZJ_2025 = documents.real("shanghai-putuo_caizhengju_2025_yusuan-dept.pdf")
GUIHUA = documents.real("shanghai-putuo_guihuaziranziyuanju_2024_juesuan-dept.pdf")
SIFAJU = documents.real("shanghai-putuo_sifaju_2026_yusuan-dept.pdf")
SIFAJU_UNIT = documents.real("shanghai-putuo_sifaju_2026_yusuan-unit.pdf")
GAOYUAN_2017 = documents.jiangsu("jiangsu-prov_gaoyuan_2017_yusuan-dept.pdf")
JIANCHA_2017 = documents.jiangsu("jiangsu-prov_jianchayuan_2017_yusuan-dept.pdf")
RENDA_2017 = documents.jiangsu("jiangsu-prov_renda_2017_yusuan-dept.pdf")
RENDA_2018 = documents.jiangsu("jiangsu-prov_renda_2018_yusuan-dept.pdf")
HEBEI = documents.SAMPLE

# --------------------------------------------------------------------------- totals and their parts


def test_a_total_the_text_names_agrees_with_the_table_cell_printing_it():
    doc = read(CZJ_2024)
    [c] = holds(doc, "cross.narrative.total", "本年收入合计2946.25万元")[:1]
    assert (c.table, c.row, c.column, c.printed) == ("summary", 27, "income_amount", "2,946.25万元")
    holds(doc, "cross.narrative.total", "一般公共预算财政拨款基本支出2336.91万元")
    holds(read(GAOYUAN_2017), "cross.narrative.total", "本年支出预算合计28849.38万元")  # Jiangsu: 当年支出小计
    holds(read(HEBEI), "cross.narrative.total", "2022年支出预算2606.28万元")  # Hebei: 支出总计


def test_the_real_defect_of_the_unaltered_2024_caizhengju_juesuan_is_found():
    """p21: "财政拨款收入支出总计0.3万元 … 持平" while 财政拨款收支总表 totals 2,961.68 万元."""
    f = fails(report(CZJ_2024), "cross.narrative.total", "财政拨款收入支出总计0.3万元", page=21)
    assert (f["table"], f["row"], f["column"], f["printed"]) == ("fiscal_summary", 35, "income_amount", "2,961.68万元")
    assert f["actual"] == D("0.3") and f["expected"] == D("2961.68")
    assert result(report(CZJ_2024), "cross.narrative.total")["severity"] == "error"


def test_a_jiangsu_figure_off_its_table_is_an_error():
    """江苏省人民检察院 2017: 基本支出 12323.46 万元 in the 说明, 12,323.48 in the 收支总表's list by use."""
    f = fails(report(JIANCHA_2017), "cross.narrative.total", "基本支出预算数为12323.46万元", page=19)
    assert f["table"] == "summary" and f["printed"] == "12,323.48万元"


def test_parts_listed_after_a_whole_add_up_to_it():
    doc = read(CZJ_2024)
    [c] = holds(doc, "cross.narrative.sums", "本年支出合计2940.05万元，其中：基本支出2336.91万元")[:1]
    assert c.kind == "tolerance"  # 基本支出 + 项目支出 named: a complete list, checked as an equality
    holds(read(HEBEI), "cross.narrative.sums", "其中基本支出955.43万元")  # 955.43 + 1650.85 = 2606.28
    changed = altered(CZJ_2024, "603.14万元，占20.51%", "613.14万元，占20.51%")
    f = fails(changed, "cross.narrative.sums", "本年支出合计2940.05万元", page=21)
    assert "2336.91万元＋613.14万元" in f["message"] and f["difference"] == D("-10.00")


def test_the_parts_of_a_change_add_up_to_the_change():
    """Hebei: 较2021年预算增加670.94万元，其中：基本支出增加136.68万元…；项目支出增加534.26万元."""
    holds(read(HEBEI), "cross.narrative.sums", "增加670.94万元")
    changed = altered(HEBEI, "项目支出增加 534.26万元", "项目支出增加 544.26万元")
    fails(changed, "cross.narrative.sums", "增加670.94万元")


def test_vehicles_listed_by_kind_add_up_to_the_vehicles_held():
    holds(read(CZJ_2024), "cross.narrative.sums", "共有车辆0辆")
    changed = altered(CZJ_2024, "共有车辆0辆", "共有车辆2辆")
    f = fails(changed, "cross.narrative.sums", "共有车辆2辆", page=24)
    assert "合计0辆" in f["message"]


def test_a_share_is_the_part_over_the_whole():
    holds(read(CZJ_2024), "cross.narrative.sums", "基本支出2336.91万元，占79.49%")
    holds(read(GAOYUAN_2017), "cross.narrative.sums", "占“三公”经费的26.86%")  # 180 / 670.12 (三公 小计)
    # the real slip of the 2024 决算: 2106.66 / 2940.05 is 71.65%, printed 71.73% (the four add up to 100.07%)
    f = fails(report(CZJ_2024), "cross.narrative.sums", "占71.73%", page=21)
    assert "71.65%" in f["message"]
    # 江苏省人大 2017: shares of the whole table (2,542.60 with 会议费, 培训费) called shares of the 三公 (833.60)
    f = fails(report(RENDA_2017), "cross.narrative.sums", "占“三公”经费的8.75%", page=28)
    assert "26.69%" in f["message"]


# --------------------------------------------------------------------------- changes


def test_a_change_and_its_rate_agree_with_this_years_figure():
    holds(read(CZJ_2024), "cross.narrative.change", "收入支出总计减少56.95万元，下降1.87%")  # 56.95 / 3052.34
    holds(read(GAOYUAN_2017), "cross.narrative.change", "增加1808.29万元，增长6.69%")
    # 江苏省人大 2018: 单位预留机动经费 1685.72 万元, +1557.29: from 128.43 that is 1212.56%, printed 1312.56%
    f = fails(report(RENDA_2018), "cross.narrative.change", "增长1312.56%", page=21)
    assert "1212.56%" in f["message"]
    reversed_ = altered(CZJ_2024, "下降1.87%", "增长1.87%")
    f = fails(reversed_, "cross.narrative.change", "收入支出总计减少56.95万元")
    assert "方向矛盾" in f["message"]


# --------------------------------------------------------------------------- 决算 execution


def test_an_execution_rate_and_its_word_agree_with_budget_and_final_figures():
    doc = read(CZJ_2024)
    holds(doc, "cross.narrative.execution", "完成年初预算的98.20%")  # 2940.05 / 2993.92
    holds(doc, "cross.narrative.execution", "决算数小于预算数的主要原因：人员进出")  # 1511.89 < 1560.05
    [row] = [c for c in holds(doc, "cross.narrative.execution", "年初预算为1560.05万元") if c.table]
    assert (row.table, row.code, row.printed) == ("general_expenditure", "2010601", "1,511.89万元")
    # 规划和自然资源局 2024: 9746.50 / 10210.34 = 95.457%, printed 95.45% (cut, not rounded): a note;
    # the same sentence with one digit changed is an error
    [rate] = [r for r in report(GUIHUA)["results"] if r["rule"] == "cross.narrative.execution"]
    assert any("95.45" in n["message"] for n in rate["notes"])
    f = fails(altered(GUIHUA, "95.45%", "95.35%"), "cross.narrative.execution", "完成年初预算的95.35%", page=21)
    assert "95.46%" in f["message"]
    word = altered(CZJ_2024, "决算数小于\n预算数的主要原因：因产业政策", "决算数大于\n预算数的主要原因：因产业政策")
    f = fails(word, "cross.narrative.execution", "决算数大于预算数的主要原因：因产业政策", page=22)
    assert "年初预算135.90万元、支出决算135.25万元" in f["message"]
    off_row = altered(CZJ_2024, "支出决算为1511.89万", "支出决算为1511.98万")
    f = fails(off_row, "cross.narrative.execution", "支出决算为1511.98万元", page=22)
    assert (f["table"], f["code"], f["printed"]) == ("general_expenditure", "2010601", "1,511.89万元")


# --------------------------------------------------------------------------- 三公, 机关运行经费, 政府采购, 资产


def test_three_public_office_procurement_and_assets_against_their_tables():
    holds(read(SIFAJU), "cross.narrative.total", "“三公”经费预算数为10.81万元")
    holds(read(CZJ_2025), "cross.narrative.total", "机关运行经费预算为229.43万元")
    holds(read(GAOYUAN_2017), "cross.narrative.total", "政府采购预算总金额为3742.4万元")
    holds(read(HEBEI), "cross.narrative.total", "上年末固定资产金额为619.52万元")
    holds(read(CZJ_2024), "cross.narrative.execution", "“三公”经费财政拨款支出年初预算为0.95万元")  # 预算数 column
    changed = altered(CZJ_2025, "机关运行经费预算为229.43万元", "机关运行经费预算为239.43万元")
    f = fails(changed, "cross.narrative.total", "机关运行经费预算为239.43万元", page=22)
    assert (f["table"], f["printed"]) == ("three_public", "229.43万元")
    assets = altered(HEBEI, "619.52万元（详见下表）", "691.52万元（详见下表）")
    f = fails(assets, "cross.narrative.total", "固定资产金额为691.52万元")
    assert f["table"] == "assets" and f["printed"] == "619.52万元"


# --------------------------------------------------------------------------- units


def test_an_amount_in_yuan_meaning_wan_yuan_is_a_wording_slip():
    """The Hebei sample: 公务用车购置及运维费 2.8元 in a sentence of 万元, its table printing 2.80 万元.
    The digits agree with the table, only the unit word is wrong: a warning, not a contradicted figure."""
    rep = report(HEBEI)
    f = fails(rep, "cross.narrative.wording", "公务用车购置及运维费2.8元")
    assert "应为2.8万元" in f["message"] and "2.80万元" in f["message"]
    assert result(rep, "cross.narrative.total")["passed"] and rep["status"] == "passed"
    corrected = altered(HEBEI, "公务用车购置及运维费 2.8\n\n元", "公务用车购置及运维费 2.8\n\n万元")
    holds(corrected, "cross.narrative.total", "公务用车购置及运维费2.8万元")
    assert result(judged(corrected), "cross.narrative.wording")["failures"] == [
        f for f in result(rep, "cross.narrative.wording")["failures"] if "2.8元" not in f["message"]]


# --------------------------------------------------------------------------- years


def test_the_documents_year_in_headings_as_of_dates_and_comparisons():
    doc = read(CZJ_2024)
    holds(doc, "cross.narrative.year", "截至2024年12月31日")
    holds(doc, "cross.narrative.year", "与2023年度相比")
    holds(read(GAOYUAN_2017), "cross.narrative.year", "比2016年增加")
    # 司法局 2026 预算 (reviewer: "应该是与2026年预算相比" written where 2025 is meant)
    rep = report(SIFAJU)
    f = fails(rep, "cross.narrative.year", "比2026年预算增加793.14万元", page=8)
    assert "应为2025年" in f["message"]
    assert result(rep, "cross.narrative.year")["severity"] == "warning"


# --------------------------------------------------------------------------- names


def test_the_department_named_as_on_its_cover_and_no_placeholder():
    # wording and names are read page by page: a page without a finding is one passing fact
    holds(read(CZJ_2024), "cross.narrative.wording", "第21页的说明文字")  # 上海市普陀区财政局 throughout
    assert result(report(CZJ_2024), "cross.narrative.wording")["passed"]
    rep = report(GUIHUA)
    f = fails(rep, "cross.narrative.wording", "上海市普陀区规划与自然资源局2024年度无政府性基金", page=26)
    assert "“和”写作“与”" in f["message"]
    f = fails(rep, "cross.narrative.wording", "上海市规划和自然资源局2024年度部门决算表", page=7)
    assert "缺少“普陀区”" in f["message"]  # the table title leaves out the district
    f = fails(report(SIFAJU_UNIT), "cross.narrative.wording", "2026年部门预算安排购置车辆0辆", page=21)
    assert "单位" in f["message"]  # a 单位 document speaking of 部门预算 (reviewer's point 2)


# --------------------------------------------------------------------------- wording


def test_wording_slips_are_warnings():
    holds(read(CZJ_2025), "cross.narrative.wording", "第22页的说明文字")
    f = fails(report(HEBEI), "cross.narrative.wording", "空调、办公家具、等已按要求")
    assert "顿号" in f["message"]
    fails(report(SIFAJU), "cross.narrative.wording", "等方面的支出。。", page=8)  # reviewer's point 3
    fails(report(SIFAJU_UNIT), "cross.narrative.wording", "主要原因是。", page=21)  # reviewer: 句子残缺
    fails(report(SIFAJU_UNIT), "cross.narrative.wording", "增加（减少）的主要原因", page=6)  # reviewer's point 1
    fails(report(GUIHUA), "cross.narrative.wording", "下降（增长）27.78%", page=25)
    fails(report(GUIHUA), "cross.narrative.wording", "增长13.95。", page=21)
    # Jiangsu: the template's alternatives left in (江苏省人大 2018: “增加（减少）0万元，增长（减少）0%”)
    f = fails(report(RENDA_2018), "cross.narrative.wording", "增加（减少）")
    assert "备选用语" in f["message"]
    for path in (HEBEI, SIFAJU, GUIHUA, RENDA_2018):
        assert result(report(path), "cross.narrative.wording")["severity"] == "warning"
