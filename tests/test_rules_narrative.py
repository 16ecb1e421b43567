"""The 说明's itemised spending (cross.narrative.*: errors; code.narrative_name: a warning)."""

from __future__ import annotations

from test_rules_sample_data import assert_rule_fails, assert_rule_passes, result_of, sample

from tests.reports import judged

# A 说明 in the Shanghai form, matching the sample's tables (万元): 2080101 行政运行 107.65.
GOOD = (
    "财政拨款支出主要内容如下：\n1、社会保障和就业支出（208类）人力资源和社会保障管理事务（01款）行政运行（01项）"
    "107.65万元。主要用于：机关运行。2021年当年预算执行数为\n100.00万元，2022年预算安排107.65万元，"
    "比2021年预算执行数增加7.65%。主要原因是：人员增加。\n2、住房保障支出（221类）住房改革支出（02款）"
    "住房公积金（01项）50.07万元。主要用于：公积金。2021年当年预算执行数为50.07万元，2022年预算安排50.07万元，"
    "比2021年预算执行数持平。"
)


def with_narrative(text: str):
    doc = sample()
    doc.narrative = text
    return doc


def test_item_amounts_agree_with_each_other_and_the_table():
    assert_rule_passes("cross.narrative.amount", with_narrative(GOOD))
    bad = GOOD.replace("2022年预算安排107.65万元", "2022年预算安排117.65万元")
    assert_rule_fails("cross.narrative.amount", with_narrative(bad), ("narrative", "2080101", "narrative"))
    off_table = GOOD.replace("行政运行（01项）107.65万元", "行政运行（01项）108.65万元")
    r = assert_rule_fails("cross.narrative.amount", with_narrative(off_table), ("narrative", "2080101", "narrative"))
    assert any("一般公共预算支出表 2080101 合计" in f["message"] for f in r["failures"])


def test_change_percent_agrees_with_the_two_amounts():
    assert_rule_passes("cross.narrative.percent", with_narrative(GOOD))
    # the 司法局 单位预算 reviewer's case: 1690.69 → 1434.89 is −15.13 %, not "减少1.10%"
    bad = GOOD.replace("100.00万元，2022年预算安排107.65万元，比2021年预算执行数增加7.65%",
                       "1690.69万元，2022年预算安排1434.89万元，比2021年预算执行数减少1.10%")
    r = assert_rule_fails("cross.narrative.percent", with_narrative(bad), ("narrative", "2080101", "percent"))
    assert "-15.1299" in r["failures"][0]["message"]


def test_names_in_the_narrative_match_the_tables():
    assert_rule_passes("code.narrative_name", with_narrative(GOOD))
    bad = GOOD.replace("住房保障支出（221类）", "住房支出（221类）")
    assert_rule_fails("code.narrative_name", with_narrative(bad), ("narrative", "221", "name"))


def test_a_contradicted_figure_is_an_error_a_misnamed_class_a_warning():
    """Issue 11: a contradiction with printed figures beyond rounding is an error; wording is a warning."""
    doc = with_narrative(GOOD.replace("增加7.65%", "增加17.65%"))
    report = judged(doc)
    assert not result_of(report, "cross.narrative.percent")["passed"]
    assert report["status"] == "failed"
    renamed = judged(with_narrative(GOOD.replace("住房保障支出（221类）", "住房支出（221类）")))
    assert not result_of(renamed, "code.narrative_name")["passed"]
    assert renamed["status"] == "passed"


# ------------------------------------------------------------------ cross.narrative.last_year_column

_LAST_YEAR_COLUMN = "cross.narrative.last_year_column"
_COMPARED = ("一、收支预算总体情况\n2025年，一般公共预算支出131.50万元，比上年增加11.50万元，增长9.58%。"
             "行政运行（项）支出100.00万元，比上年增加10.00万元，增长11.11%。")


def _with_last_year_column(tmp_path, text: str) -> dict:
    """The 一般公共预算支出表 that prints 上年预算数 beside 本年 (LibreOffice/openpyxl workbook)."""
    from connectors.readers import read_path
    from tests import comparison_workbook as cw

    doc = read_path(cw.workbook(tmp_path / "t.xlsx"))
    doc.narrative = text
    return result_of(judged(doc), _LAST_YEAR_COLUMN)


def test_changes_stated_as_the_tables_last_year_column_gives_them_pass(tmp_path) -> None:
    result = _with_last_year_column(tmp_path, _COMPARED)
    assert result["passed"] and result["checked"] == 4  # two sentences, each an amount and a rate


def test_a_change_unlike_the_tables_last_year_column_is_an_error_naming_the_cell(tmp_path) -> None:
    text = _COMPARED + "一般公共服务支出（类）人大事务（款）一般行政管理事务（项）支出31.50万元，比上年增加2.50万元。"
    result = _with_last_year_column(tmp_path, text)
    assert not result["passed"] and result["severity"] == "error"
    [failure] = result["failures"]
    assert "2.50万元" in failure["message"] and "上年预算数 30.00万元" in failure["message"], failure["message"]
    assert failure["quote"].endswith("比上年增加2.50万元。")


# ------------------------------------------------------------------ income lists (Xi'an, Huzhou phrasings)

_INCOME = ("2022年收入预算1000.00万元，其中：一般公共预算拨款收入800.00万元、政府性基金拨款收入50.00万元、"
           "用事业基金弥补收支差额100.00万元、其他收入50.00万元。")


def test_an_income_list_with_fund_money_and_the_business_fund_adds_up():
    """政府性基金拨款收入 and 用事业基金弥补收支差额 are parts of the income, so the list is whole."""
    assert_rule_passes("cross.narrative.sums", with_narrative(_INCOME))
    bad = _INCOME.replace("用事业基金弥补收支差额100.00万元", "用事业基金弥补收支差额90.00万元")
    r = assert_rule_fails("cross.narrative.sums", with_narrative(bad), ("narrative", None, "parts"))
    assert "990.00万元" in r["failures"][0]["message"]


def test_parts_of_a_part_are_not_counted_twice():
    """财政拨款收入 850 (一般公共预算 800、政府性基金 50) and 其他收入 150 make 1000, not 1850."""
    nested = ("2022年收入预算1000.00万元，其中：财政拨款收入850.00万元（一般公共预算拨款收入800.00万元、"
              "政府性基金拨款收入50.00万元），其他收入150.00万元。")
    assert_rule_passes("cross.narrative.sums", with_narrative(nested))


def test_figures_inside_a_coded_item_are_not_parts_of_the_whole():
    """Xi'an: ``②机关商品和服务支出（502）400万元，主要用于办公费100万元、…其他商品和服务支出20万元``: the
    figures after the item's code detail that item, not the 基本支出 the list began with."""
    text = ("2022年基本支出1000.00万元，其中：①工资福利支出（501）600.00万元，主要用于人员工资；"
            "②机关商品和服务支出（502）400.00万元，主要用于办公费100.00万元、印刷费30.00万元、"
            "其他商品和服务支出20.00万元。")
    r = result_of(judged(with_narrative(text)), "cross.narrative.sums")
    assert r["passed"], r["failures"]
