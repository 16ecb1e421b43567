"""Codes (code.*): well-formed, parents present, one name per code, reference names (warning)."""

from __future__ import annotations

from test_rules_sample_data import assert_rule_fails, assert_rule_passes, find_row, result_of, sample

from tests.reports import judged


def test_format_passes_and_fails_on_a_malformed_code():
    assert_rule_passes("code.format", sample())
    doc = sample()
    find_row(doc, "basic_expenditure", code="30102")["code"] = "3012"  # 万里街道 2024 prints "301 2"
    r = assert_rule_fails("code.format", doc, ("basic_expenditure", "3012", "code"))
    assert "3012" in r["failures"][0]["message"]


def test_three_column_codes_are_the_same_codes():
    doc = sample()
    find_row(doc, "expenditure", code="2080101")["code"] = "208 01 01"
    assert_rule_passes("code.format", doc)
    assert_rule_passes("rollup.function.expenditure", doc)


def test_parent_present_and_missing():
    assert_rule_passes("code.parent", sample())
    doc = sample()
    find_row(doc, "expenditure", code="2101102")["code"] = "7110200"[:5]  # 社会福利院 2024 prints "7 11 02"
    assert_rule_fails("code.parent", doc, ("expenditure", "71102", "code"))


def test_a_line_printed_twice_alike_counts_once_in_the_sums():
    """Wuxi 发改委 2025 prints ``21999 其他支出 502.00`` twice under 219 (a 款 with no 项, printed again
    on the 项 line by the budget software): one line, not two in 219's sum."""
    doc = sample()
    rows = doc.tables["expenditure"].rows
    i = next(n for n, r in enumerate(rows) if r.get("code") == "2080505")
    rows.insert(i + 1, {**rows[i], "row": None})
    assert_rule_passes("rollup.function.expenditure", doc)
    rows[i + 1] = {**rows[i], "row": None, "total": rows[i]["total"] + 1}  # not the same line: it adds up
    assert_rule_fails("rollup.function.expenditure", doc, ("expenditure", "20805", "total"))


def test_one_name_per_code_across_tables():
    assert_rule_passes("code.name_consistent", sample())
    doc = sample()
    find_row(doc, "general_expenditure", code="20805")["name"] = "行政事业单位离退休"
    assert_rule_fails("code.name_consistent", doc, ("income", "20805", "name"))


def test_reference_names_are_a_warning():
    doc = sample()
    r = result_of(judged(doc), "code.reference_name")
    assert r["severity"] == "warning" and r["checked"] > 0
    # the sample prints 30110 as 城镇职工基本医疗保险缴费; the observed list has 职工基本医疗保险缴费
    assert [f["code"] for f in r["failures"]] == ["30110"]
    find_row(doc, "basic_expenditure", code="30110")["name"] = "职工基本医疗保险缴费"
    assert_rule_passes("code.reference_name", doc)
    assert judged(sample())["status"] == "passed"  # a warning alone leaves the document passed


def test_a_code_run_into_its_name_is_not_part_of_the_name():
    """Xi'an prints ``机关事业单位基本养老保险50102``: the 政府经济分类 code run into the name cell."""
    doc = sample()
    row = find_row(doc, "general_expenditure", code="20805")
    row["name"] = row["name"] + "50102"
    assert_rule_passes("code.name_consistent", doc)
    row["name"] = "行政事业单位离退休50102"  # the name itself still differs: still a finding
    assert_rule_fails("code.name_consistent", doc, ("income", "20805", "name"))


def test_a_table_listing_projects_under_one_code_is_not_compared_by_name():
    """Xi'an's 上年结转资金支出表 prints ``<项目名><科目名>`` per project: one code, names ending alike."""
    doc = sample()
    rows = doc.tables["general_expenditure"].rows
    i = next(n for n, r in enumerate(rows) if r.get("code") == "2080505")
    name = rows[i]["name"]
    rows[i]["name"] = "退休人员慰问项目" + name
    rows.insert(i + 1, {**rows[i], "row": None, "name": "养老金调整项目" + name})
    assert_rule_passes("code.name_consistent", doc)


def test_two_unrelated_names_of_one_code_in_a_table_are_still_a_slip():
    doc = sample()
    rows = doc.tables["general_expenditure"].rows
    i = next(n for n, r in enumerate(rows) if r.get("code") == "2080505")
    rows.insert(i + 1, {**rows[i], "row": None, "name": "取暖费"})
    assert_rule_fails("code.name_consistent", doc, ("income", "2080505", "name"))
