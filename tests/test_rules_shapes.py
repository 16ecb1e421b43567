"""Rules for the shapes another province prints (Jiangsu): each passes on the figures as printed
(``tests/jiangsu_shapes.py``) and fails when one figure changes; the contract's rules stay quiet on
shapes they cannot compare (no false finding)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from test_rules_sample_data import assert_rule_fails, assert_rule_passes, bump, result_of

from tests import jiangsu_shapes
from tests.reports import judged


def _row(table, **match):
    return next(r for r in table.rows if all(r.get(k) == v for k, v in match.items()))


CASES = [
    ("sum.summary.use", lambda d: bump(_row(d.tables["summary"], use_item="三、单位预留机动经费"), "use_amount"),
     ("summary", None, "expenditure_amount")),
    ("sum.fiscal.use", lambda d: bump(_row(d.tables["fiscal_summary"], use_item="二、项目支出"), "use_amount"),
     ("fiscal_summary", None, "expenditure_total")),
    ("sum.three_public.total", lambda d: bump(_row(d.tables["three_public"], item="培训费"), "total"),
     ("three_public", None, "total")),
    ("sum.three_public.subtotal", lambda d: bump(_row(d.tables["three_public"], item="公务接待费"), "total"),
     ("three_public", None, "total")),
    ("sum.income.sources", lambda d: bump(_row(d.tables["income"], name="公共财政拨款（补助）资金"), "total"),
     ("income", None, "total")),
    ("sum.procurement", lambda d: bump(_row(d.tables["procurement"], item="网络设备"), "total"),
     ("procurement", None, "total")),
    ("sum.total.other_tables", lambda d: bump(_row(d.other_tables["fiscal_expenditure"], name="合计"), "total"),
     ("fiscal_expenditure", None, "total")),
    ("rollup.other_tables", lambda d: bump(_row(d.other_tables["fiscal_expenditure"], code="2040503"), "total"),
     ("fiscal_expenditure", "20405", "total")),
    ("row.other_tables", lambda d: bump(_row(d.other_tables["office_expenditure"], code="302"), "project_part"),
     ("office_expenditure", "302", "total")),
    ("row.expenditure", lambda d: bump(d.tables["expenditure"].rows[0], "reserve"), ("expenditure", None, "total")),
]


@pytest.mark.parametrize(("rule_id", "change", "where"), CASES, ids=[c[0] for c in CASES])
def test_passes_as_printed(rule_id, change, where):
    assert_rule_passes(rule_id, jiangsu_shapes.disclosure())


@pytest.mark.parametrize(("rule_id", "change", "where"), CASES, ids=[c[0] for c in CASES])
def test_fails_when_one_figure_changes(rule_id, change, where):
    doc = jiangsu_shapes.disclosure()
    change(doc)
    assert_rule_fails(rule_id, doc, where)


def test_the_whole_jiangsu_shaped_document_passes():
    """As printed, no rule finds anything: 单位预留机动经费 is part of every total, the use list and
    the function list are two breakdowns of one total, 会议费/培训费 are in the 三公 合计."""
    report = judged(jiangsu_shapes.disclosure())
    failing = [(r["rule"], r["failures"][:1]) for r in report["results"] if not r["passed"]]
    assert report["status"] == "passed", failing


def test_a_table_without_subjects_is_not_compared_subject_by_subject():
    """Jiangsu's 支出总表 is one row with no codes: the comparisons by class have nothing to pair
    (checked 0), instead of calling every class 未列此类."""
    doc = jiangsu_shapes.disclosure()
    doc.tables["general_expenditure"] = doc.other_tables["fiscal_expenditure"]
    doc.tables["general_expenditure"].key = "general_expenditure"
    report = judged(doc)
    for rule in ("cross.summary.expenditure", "cross.expenditure.general_expenditure"):
        r = result_of(report, rule)
        assert r["passed"] and r["checked"] == 0, r


def test_the_three_items_without_a_subtotal_still_add_up():
    """Without the 小计 column the 合计 is the three items plus 会议费 and 培训费."""
    doc = jiangsu_shapes.disclosure()
    doc.tables["three_public"].rows = [r for r in doc.tables["three_public"].rows if r["item"] != "“三公”经费小计"]
    assert_rule_passes("sum.three_public.total", doc)
    _row(doc.tables["three_public"], item="会议费")["total"] = D("270.02")
    assert_rule_fails("sum.three_public.total", doc, ("three_public", None, "total"))
