"""The typed report: one Status with its Chinese label everywhere, and reports that are never patched."""

from __future__ import annotations

import dataclasses
from decimal import Decimal as D

import pytest

from disclosure.report import REPORT_STATUSES, Finding, Report, RuleResult, Status, Summary, UnreadTable


def _result(rule: str, *, passed: bool = True, severity: str = "error", unconfirmed: bool = False) -> RuleResult:
    finding = Finding("income", 3, "201", "total", D("1.00"), D("2.00"), D("1.00"), "201 合计 2.00 ≠ 1.00")
    return RuleResult(rule, "标题", severity, passed, 4, failures=() if passed or unconfirmed else (finding,),
                      unconfirmed=(finding,) if unconfirmed else ())


def test_every_status_has_one_chinese_label_and_partial_has_its_own():
    assert {s.value: s.label for s in REPORT_STATUSES} == {
        "passed": "通过", "failed": "未通过", "partial": "部分核对", "unreadable": "无法读取"}
    assert Status.WITHDRAWN.label == "已撤回"
    assert len({s.label for s in Status}) == len(Status)  # no two statuses read alike
    assert all(s.label and s.label != s.value for s in Status)
    assert Status.label_of("partial") == "部分核对" and Status.label_of("odd") == "odd"
    assert Status.PARTIAL == "partial" and f"{Status.PARTIAL}" == "partial"  # still its JSON text


def test_the_prefect_artifact_and_the_demo_table_name_a_partial_report_in_chinese(tmp_path):
    """The bug of issue 16: ``partial`` had no label in the artifact and in the demo's table."""
    from connectors.publish.reports import write_report
    from connectors.storage import LocalStorage
    from flows.demo import summary_rows
    from flows.validate import Outcome, artifact_markdown

    storage = LocalStorage(tmp_path)
    md = artifact_markdown(storage, Outcome(key="incoming/a.pdf", status=Status.PARTIAL, department="某局"))
    assert "| 某局 | 部分核对 (partial) |" in md
    partial = Report.judged("a.pdf", {"name": "某局"}, [_result("sum.x")],
                            unread=[UnreadTable("income", "收入总表", 3, ("看不清",))])
    write_report(storage, "incoming/a.pdf", partial)
    rows, missing = summary_rows(storage, ["incoming/a.pdf"])
    assert rows[1][:2] == ["某局", "部分核对"] and not missing


def test_the_review_site_index_offers_each_status_by_its_label():
    from connectors.publish.site.assets import site_files

    index = site_files()["index.html"].decode("utf-8")
    for status in (*REPORT_STATUSES, Status.WITHDRAWN):
        assert f'<option value="{status}">{status.label}</option>' in index
    assert "__STATUS" not in index


def test_the_cli_exit_codes_follow_the_status():
    from flows import cli

    assert cli._EXIT_OF_STATUS == {Status.PASSED: 0, Status.FAILED: 1, Status.PARTIAL: 3}


def test_status_and_summary_follow_the_results():
    ok = Report.judged("s", None, [_result("a"), _result("w", passed=False, severity="warning")])
    assert ok.status is Status.PASSED and ok.summary == Summary(2, 1, 0, 1)
    failed = Report.judged("s", None, [_result("a", passed=False)])
    assert failed.status is Status.FAILED and failed.summary.failed_errors == 1
    unconfirmed = Report.judged("s", None, [_result("a", unconfirmed=True)])
    assert unconfirmed.status is Status.PARTIAL
    unreadable = Report.unreadable("s", "读不出。")
    assert unreadable.status is Status.UNREADABLE and "warnings" not in unreadable.to_dict()


def test_a_report_is_never_patched_a_re_check_gives_a_new_one():
    first = Report.judged("s", {"name": "某局"}, [_result("sum.a"), _result("neighbour.x")])
    again = first.with_results([_result("neighbour.x", passed=False), _result("neighbour.y")])
    assert [r.rule for r in again.results] == ["sum.a", "neighbour.x", "neighbour.y"]  # in place, new at the end
    assert again.status is Status.FAILED and first.status is Status.PASSED  # the first is as it was
    assert first.result("neighbour.x").passed and not again.result("neighbour.x").passed
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.status = Status.FAILED  # type: ignore[misc]


def test_optional_keys_are_written_only_when_set_in_one_order():
    report = (Report.judged("s", None, [_result("a", unconfirmed=True)], warnings=["w"],
                            unread=[UnreadTable("income", "收入总表", 2, ("p",))], part="说明")
              .with_source_version({"key": "incoming/s", "etag": "e"}).with_neighbours({"uses": []})
              .with_withdrawn({"at": "t", "reason": "r"}))
    d = report.to_dict()
    assert list(d) == ["source", "department", "status", "summary", "results", "warnings", "unread", "part",
                       "source_version", "neighbours", "withdrawn"]
    assert d["results"][0]["unconfirmed"] and "unconfirmed" not in _result("b").to_dict()
    assert Report.from_dict({**d, "future_key": 1}).to_dict() == {**d, "future_key": 1}  # nothing lost
    assert report.upload_etag is None  # withdrawn: vouches for no upload version


def test_a_narrative_finding_keeps_its_page_even_when_unknown():
    f = Finding("narrative", None, None, "narrative", D("1"), D("2"), D("1"), "m", page=None, quote="句子")
    assert list(f.to_dict())[-2:] == ["page", "quote"] and f.to_dict()["page"] is None
    assert "page" not in Finding("t", 1, None, "c", 1, 2, 1, "m").to_dict()
