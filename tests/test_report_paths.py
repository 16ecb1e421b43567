"""Where reports live: the upload's extension is kept, old reports are migrated, names fit.

* ``x.pdf`` and ``x.txt`` get a report each; deleting one withdraws only its own report.
* A report written by an earlier version (``results/x.json``) is moved to the new name when it
  is this upload's (its ``source_version``), never taken over by the other upload of the same
  stem, and the old object is marked ``moved``, not deleted.
* A 255-byte upload name gets a report name that fits a file system (at most 255 bytes), and
  the upload gets its report instead of failing on every poll.
* The review page links the report; the index record names it.
"""

from __future__ import annotations

import asyncio
import json

import pytest

from connectors.publish.reports import (
    NAME_MAX,
    legacy_report_key,
    report_key,
    with_source_version,
    write_report,
)
from connectors.storage import LocalStorage
from disclosure.report import Report
from flows.checking import Checker
from flows.service import Service
from flows.validate import set_checker
from tests import documents
from tests.reports import stored_report

SAMPLE = documents.SAMPLE.read_bytes()
PDF = documents.real("shanghai-putuo_sifaju_2026_yusuan-dept.pdf").read_bytes()


def service_run(test):
    """A test that runs the service (Prefect flows): it needs the harness, and is in the slow tier."""
    return pytest.mark.slow(pytest.mark.usefixtures("prefect_harness")(test))


@pytest.fixture(scope="module", autouse=True)
def inline_checker():
    checker = Checker(workers=0)
    set_checker(checker)
    yield checker
    set_checker(None)


def run_once(tmp_path):
    service = Service(str(tmp_path / "bucket" / "incoming"), mode="poll")
    try:
        return asyncio.run(service.run(once=True))
    finally:
        service.close()


def test_report_key_keeps_the_extension():
    assert report_key("incoming/2022/x.pdf") == "results/2022/x.pdf.json"
    assert report_key("incoming/x.txt") == "results/x.txt.json"
    assert report_key("incoming/README") == "results/README.json"
    assert legacy_report_key("incoming/2022/x.pdf") == "results/2022/x.json"


def test_long_names_are_shortened_to_fit_and_stay_apart():
    stem = "预" * 80 + "a" * 11  # 251 bytes: with ".pdf" the upload name is 255 bytes, the limit
    a, b = f"incoming/{stem}.pdf", f"incoming/{stem[:-1]}b.pdf"
    assert len(a.rsplit("/", 1)[1].encode()) == 255
    ra, rb = report_key(a), report_key(b)
    for r in (ra, rb):
        name = r.rsplit("/", 1)[1]
        assert len(name.encode()) <= NAME_MAX and name.endswith(".pdf.json") and name.startswith("预" * 10)
    assert ra != rb and report_key(a) == ra  # distinct, and the same every time


@service_run
def test_x_pdf_and_x_txt_have_a_report_each_and_a_delete_withdraws_only_its_own(tmp_path):
    store = LocalStorage(tmp_path / "bucket")
    store.put("incoming/x.pdf", PDF)
    store.put("incoming/x.txt", SAMPLE)
    stats = run_once(tmp_path)
    assert sorted(o.key for o in stats.outcomes if o.done) == ["incoming/x.pdf", "incoming/x.txt"]
    pdf_report = stored_report(store, "incoming/x.pdf")
    assert pdf_report["department"]["name"] == "上海市普陀区司法局"
    assert stored_report(store, "incoming/x.txt")["department"]["name"] == "曲阳县人力资源和社会保障局"
    before = store.head("results/x.pdf.json")
    store.delete("incoming/x.txt")
    stats = run_once(tmp_path)
    assert [(o.key, o.status) for o in stats.outcomes] == [("incoming/x.txt", "withdrawn")]
    assert stored_report(store, "incoming/x.txt")["withdrawn"]
    assert store.head("results/x.pdf.json") == before and "withdrawn" not in stored_report(store, "incoming/x.pdf")
    assert run_once(tmp_path).outcomes == []  # x.pdf is not validated again


@service_run
def test_an_old_report_is_moved_to_its_new_name_and_never_taken_by_the_other_upload(tmp_path):
    store = LocalStorage(tmp_path / "bucket")
    pdf = store.put("incoming/x.pdf", PDF)
    store.put("incoming/x.txt", SAMPLE)
    # what an earlier version wrote for x.pdf, under the name without the extension
    old = with_source_version(Report.from_dict({"source": "file:///old/incoming/x.pdf", "status": "passed",
                                                "department": None, "summary": {"rules": 54}, "results": []}),
                              pdf).to_dict()
    store.put("results/x.json", json.dumps(old).encode())
    assert legacy_report_key("incoming/x.pdf") == legacy_report_key("incoming/x.txt") == "results/x.json"
    stats = run_once(tmp_path)
    assert sorted(o.key for o in stats.outcomes if o.done) == ["incoming/x.pdf", "incoming/x.txt"]
    moved = stored_report(store, "incoming/x.pdf")
    assert moved["source_version"] == old["source_version"]  # the same report, kept (same version)
    assert stored_report(store, "incoming/x.txt")["department"]["name"] == "曲阳县人力资源和社会保障局"
    marker = json.loads(store.get("results/x.json")[0])
    assert marker["moved"]["to"] == "results/x.pdf.json" and marker["source_version"] == old["source_version"]
    # deleting x.txt withdraws x.txt's report only: neither x.pdf's report nor the old object
    store.delete("incoming/x.txt")
    run_once(tmp_path)
    assert stored_report(store, "incoming/x.txt")["withdrawn"]
    assert "withdrawn" not in stored_report(store, "incoming/x.pdf")
    assert "withdrawn" not in json.loads(store.get("results/x.json")[0])


def test_an_old_report_of_the_other_upload_is_left_alone(tmp_path):
    store = LocalStorage(tmp_path / "bucket")
    pdf = store.put("incoming/x.pdf", PDF)
    write_report(store, "incoming/x.pdf", with_source_version(Report.from_dict({"status": "passed"}), pdf))
    store.put("results/x.json", json.dumps(with_source_version(Report.from_dict({"status": "passed"}), pdf)
                                           .to_dict()).encode())
    assert stored_report(store, "incoming/x.txt") is None  # x.json is x.pdf's: not x.txt's report
    assert "moved" not in json.loads(store.get("results/x.json")[0])


@service_run
def test_a_255_byte_upload_name_gets_its_report(tmp_path):
    store = LocalStorage(tmp_path / "bucket")
    name = "预" * 80 + "a" * 11 + ".txt"
    assert len(name.encode()) == 255
    store.put(f"incoming/{name}", SAMPLE)
    stats = run_once(tmp_path)
    assert [(o.key, o.done) for o in stats.outcomes] == [(f"incoming/{name}", True)]
    assert stored_report(store, f"incoming/{name}")["department"]["name"] == "曲阳县人力资源和社会保障局"


@service_run
def test_the_review_page_links_the_report_and_the_record_names_it(tmp_path):
    store = LocalStorage(tmp_path / "bucket")
    store.put("incoming/2022/x y.txt", SAMPLE)
    run_once(tmp_path)
    records = [json.loads(store.get(i.key)[0]) for i in store.list("docs/index-data/records/")]
    assert [(r["upload"], r["report"]) for r in records] == [("incoming/2022/x y.txt", "results/2022/x y.txt.json")]
    page = store.get("docs/" + records[0]["page"])[0].decode()
    assert 'id="report-link" href="../../results/2022/x%20y.txt.json"' in page
    # the link resolves from the page's folder to the stored report
    assert (tmp_path / "bucket" / "docs" / "pages" / ".." / ".." / "results" / "2022" / "x y.txt.json").is_file()


def test_keys_whose_folders_fold_together_have_a_report_each():
    """Issue 17, item 2: ``incoming//double.txt`` and ``incoming/double.txt`` are two objects."""
    keys = ["incoming/double.txt", "incoming//double.txt", "incoming/./double.txt", "incoming/a//b/x.pdf"]
    names = [report_key(k) for k in keys]
    assert names[0] == "results/double.txt.json"
    assert len(set(names)) == len(names) and [report_key(k) for k in keys] == names  # apart, and stable
    assert names[1].startswith("results/double~") and names[1].endswith(".txt.json")
    assert names[3].startswith("results/a/b/x~") and "//" not in names[3]


def test_double_slash_uploads_on_s3_never_overwrite_each_others_report(moto_server, tmp_path):
    from connectors.storage import open_storage

    bucket = moto_server.new_bucket("double")
    s3 = moto_server.s3()
    other = SAMPLE.replace(b"2606.28", b"2706.28", 1)
    s3.put_object(Bucket=bucket, Key="incoming/double.txt", Body=SAMPLE)
    s3.put_object(Bucket=bucket, Key="incoming//double.txt", Body=other)
    service = Service(f"s3://{bucket}/incoming/", moto_server.endpoint_url, ledger_path=str(tmp_path / "l.sqlite"))
    try:
        first = asyncio.run(service.run(once=True))
        assert sorted(o.key for o in first.outcomes if o.done) == ["incoming//double.txt", "incoming/double.txt"]
        written = {o["Key"]: o["ETag"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="results/")["Contents"]}
        again = asyncio.run(service.run(once=True))  # settled: nothing to do, nothing rewritten
        assert again.outcomes == []
        assert {o["Key"]: o["ETag"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="results/")["Contents"]} == written
    finally:
        service.close()
    store, _ = open_storage(f"s3://{bucket}/incoming/", endpoint_url=moto_server.endpoint_url)
    for key in ("incoming/double.txt", "incoming//double.txt"):
        report = stored_report(store, key)
        assert report["source_version"]["key"] == key
    assert stored_report(store, "incoming/double.txt")["status"] == "passed"
    assert stored_report(store, "incoming//double.txt")["status"] == "failed"


def test_a_long_upload_name_keeps_its_tables_and_promises_no_comparison_that_cannot_run(tmp_path):
    """Issue 17, item 12: the ``tables/`` name is shortened like the report's, so the cross-document
    step runs (the upload is filed and its tables kept) instead of failing on every upload."""
    from neighbours.index import StoredIndex, tables_key

    store = LocalStorage(tmp_path / "bucket")
    name = "预" * 83 + "a" + ".txt"  # 254 bytes: with ".json" past the 255 a file name may have
    key = f"incoming/{name}"
    store.put(key, SAMPLE)
    stats = run_once(tmp_path)
    assert [(o.key, o.done) for o in stats.outcomes] == [(key, True)]
    tables = tables_key(key)
    assert tables.startswith("tables/incoming/预") and "~" in tables and len(tables.rsplit("/", 1)[1].encode()) <= NAME_MAX
    assert store.head(tables) is not None
    report = stored_report(store, key)
    assert not any("下次上传" in n or "重新比对" in n for n in report["neighbours"]["notes"]), report["neighbours"]
    index = StoredIndex(store)
    entry = index.entry(key)
    assert entry is not None and index.load(entry).department.name == "曲阳县人力资源和社会保障局"
    assert StoredIndex(store).rebuild() == 1 and StoredIndex(store).entry(key) is not None  # found again by its source
