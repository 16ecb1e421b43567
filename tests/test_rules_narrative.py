"""The 说明's itemised spending (cross.narrative.*: errors; code.narrative_name: a warning)."""

from __future__ import annotations

from test_rules_sample_data import assert_rule_fails, assert_rule_passes, result_of, sample

from expectations.runner import validate

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
    report = validate(doc)
    assert not result_of(report, "cross.narrative.percent")["passed"]
    assert report["status"] == "failed"
    renamed = validate(with_narrative(GOOD.replace("住房保障支出（221类）", "住房支出（221类）")))
    assert not result_of(renamed, "code.narrative_name")["passed"]
    assert renamed["status"] == "passed"
