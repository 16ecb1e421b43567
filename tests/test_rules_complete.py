"""Completeness (complete.*): every budget table present; an empty table carries its note."""

from __future__ import annotations

from test_rules_sample_data import assert_rule_fails, assert_rule_passes, sample

from tests.reports import judged


def test_all_tables_present_and_one_missing():
    assert_rule_passes("complete.tables", sample())
    doc = sample()
    del doc.tables["basic_expenditure"]
    r = assert_rule_fails("complete.tables", doc, ("basic_expenditure", None, None))
    assert "基本支出表" in r["failures"][0]["message"]
    assert judged(doc)["status"] == "failed"  # a missing table is an error


def test_empty_table_with_and_without_its_note():
    assert_rule_passes("complete.empty_note", sample())
    doc = sample()
    doc.tables["fund_expenditure"].note = None
    assert_rule_fails("complete.empty_note", doc, ("fund_expenditure", None, None))
    assert judged(doc)["status"] == "passed"  # a warning
    doc.narrative += "\n八、政府性基金预算支出情况说明\n本部门无当年政府性基金预算收支。"  # Xi'an: said in the 说明
    assert_rule_passes("complete.empty_note", doc)


def test_summary_totals_printed_or_not():
    assert_rule_passes("complete.totals_printed", sample())
    doc = sample()
    for r in doc.tables["summary"].rows:
        r.pop("income_amount", None)
    assert_rule_fails("complete.totals_printed", doc, ("summary", None, "income_amount"))


def test_capital_table_required_where_the_template_prints_it_or_the_contents_list_it():
    """国有资本经营预算支出表: Shanghai's template prints it (missing there: a finding); Chongqing's and
    Xi'an's do not (no finding), unless the document's own table of contents lists it."""
    doc = sample()
    del doc.tables["capital_expenditure"]
    assert_rule_passes("complete.tables", doc)  # 曲阳县: a template without it
    doc.department.name = "上海市普陀区司法局"
    assert_rule_fails("complete.tables", doc, ("capital_expenditure", None, None))
    doc.department.name = "重庆市气象局"
    doc.contents = ["summary", "capital_expenditure"]
    assert_rule_fails("complete.tables", doc, ("capital_expenditure", None, None))
