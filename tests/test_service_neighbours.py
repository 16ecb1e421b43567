"""Neighbours in the running service: S3 on moto's server over HTTP, SQS notifications, real
Prefect flow runs.  A disclosure that arrives after the one that uses it re-checks that one: both
reports and both review pages show the pairing, and the ledger vouches for the re-written report."""

from __future__ import annotations

import asyncio
import time

import pytest

from connectors.events.ledger import Ledger
from connectors.publish.reports import report_key
from connectors.publish.site import layout
from connectors.storage import open_storage
from flows.checking import Checker
from flows.service import Service
from flows.validate import set_checker
from tests import documents
from tests.reports import stored_report
from tests.test_service import _load_setup_script

pytestmark = [pytest.mark.usefixtures("prefect_harness"), pytest.mark.slow]

WANLI_2024 = "shanghai-putuo_wanli-jiedao_2024_yusuan-dept.pdf"
WANLI_2025 = "shanghai-putuo_wanli-jiedao_2025_yusuan-dept.pdf"
DEPT = "shanghai-putuo_shangwuwei_2025_yusuan-dept.pdf"
UNIT = "shanghai-putuo_shangwuwei_2025_yusuan-unit.pdf"


@pytest.fixture(scope="module", autouse=True)
def inline_checker():
    checker = Checker(workers=0, data_docs=False)
    set_checker(checker)
    yield checker
    set_checker(None)


def _checked(report: dict, rule: str = "neighbour.units") -> int:
    [r] = [r for r in report["results"] if r["rule"] == rule]
    return r["checked"]


def _units_checked(report: dict) -> int:
    return _checked(report)


def test_a_late_neighbour_re_checks_the_disclosure_that_uses_it(moto_server, tmp_path) -> None:
    bucket = f"bc-nb-{int(time.time() * 1000) % 10**8}"
    info = _load_setup_script().setup(bucket, f"{bucket}-q", endpoint_url=moto_server.endpoint_url)
    s3 = moto_server.s3()
    service = Service(f"s3://{bucket}/incoming/", moto_server.endpoint_url, queue_url=info["queue_url"],
                      ledger_path=str(tmp_path / "ledger.sqlite"))
    assert service.mode == "sqs"
    store, _ = open_storage(f"s3://{bucket}/incoming/", endpoint_url=moto_server.endpoint_url)

    # this year's disclosure and the department first: nothing to compare with yet
    for name in (WANLI_2025, DEPT):
        s3.put_object(Bucket=bucket, Key=f"incoming/{name}", Body=documents.real(name).read_bytes())
    asyncio.run(service.run(once=True))
    this_year = stored_report(store, f"incoming/{WANLI_2025}")
    assert this_year["neighbours"]["uses"] == [] and _checked(this_year, "neighbour.last_year") == 0
    dept = stored_report(store, f"incoming/{DEPT}")
    assert _units_checked(dept) == 0 and dept["neighbours"]["units"] == [{"name": "商务委本部", "source": None}]

    # last year's disclosure and the unit arrive later
    for name in (WANLI_2024, UNIT):
        s3.put_object(Bucket=bucket, Key=f"incoming/{name}", Body=documents.real(name).read_bytes())
    stats = asyncio.run(service.run(once=True))
    assert sorted(o.key for o in stats.outcomes if o.done) == [f"incoming/{name}" for name in sorted((WANLI_2024, UNIT))]
    rewritten = {n["key"] for o in stats.outcomes for n in o.neighbours}
    assert rewritten == {f"incoming/{WANLI_2025}", f"incoming/{DEPT}"}

    this_year = stored_report(store, f"incoming/{WANLI_2025}")
    assert [(n["relation"], n["source"]) for n in this_year["neighbours"]["uses"]] == [
        ("last_year", f"incoming/{WANLI_2024}")]
    assert _checked(this_year, "neighbour.last_year") >= 10 and this_year["status"] == "passed"
    last_year = stored_report(store, f"incoming/{WANLI_2024}")
    assert [(n["relation"], n["source"]) for n in last_year["neighbours"]["used_by"]] == [
        ("next_year", f"incoming/{WANLI_2025}")]
    dept = stored_report(store, f"incoming/{DEPT}")
    assert _units_checked(dept) > 150 and dept["status"] == "passed"
    assert this_year["source_version"]["etag"]  # the same upload version, its report re-written

    # both review pages link each other
    def page(name: str) -> str:
        key = "docs/" + layout.page_key(layout.doc_id(f"incoming/{name}"))
        return s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode("utf-8")

    assert layout.doc_id(f"incoming/{WANLI_2024}") + ".html" in page(WANLI_2025)
    assert layout.doc_id(f"incoming/{WANLI_2025}") + ".html" in page(WANLI_2024)
    assert "上年公开" in page(WANLI_2025) and "下一年度公开" in page(WANLI_2024)
    assert "neighbour.last_year" in page(WANLI_2025)  # the comparison's result is on this year's page

    # the ledger vouches for the re-written reports: a reconciliation finds nothing stale
    ledger = Ledger(tmp_path / "ledger.sqlite")
    head = s3.head_object(Bucket=bucket, Key=report_key(f"incoming/{DEPT}"))
    assert ledger.get(f"incoming/{DEPT}").report_etag == head["ETag"].strip('"')
    service.close()
