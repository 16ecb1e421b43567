"""The ledger belongs to one store and never outvotes it.

* A fresh store with the same bucket name at another endpoint (a second moto server, its own
  process and data) gets every report: its ledger is another file.
* A report deleted from the store is written again on the next start (reconciliation), with
  polling and with SQS (where no notification would ever announce the upload again).
* A report replaced behind the service's back (a restored older copy) is noticed by its object
  ETag and the upload validated again.
* The ledger of an earlier version (named by bucket only) is adopted, and checked before trusted.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from connectors.events.ledger import PENDING, Ledger
from connectors.events.reconcile import reconcile
from connectors.publish.reports import report_key
from connectors.storage import open_storage
from flows import runtime
from flows.checking import Checker
from flows.service import Service
from flows.validate import set_checker
from tests import documents
from tests.serving import setup_aws_module

SAMPLE = documents.SAMPLE.read_bytes()
GARBAGE = bytes(range(256)) * 40
pytestmark = [pytest.mark.usefixtures("prefect_harness"), pytest.mark.slow]  # the service: slow tier


@pytest.fixture(scope="module", autouse=True)
def inline_checker():
    checker = Checker(workers=0)
    set_checker(checker)
    yield checker
    set_checker(None)


@pytest.fixture
def state_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETCHECK_STATE_DIR", str(tmp_path / "state"))
    return tmp_path / "state"


@pytest.fixture
def other_moto(tmp_path):
    """A second S3 endpoint with its own data: moto's server in its own process."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    import urllib.request

    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/moto-api/", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(timeout=30)


def run_once(service: Service):
    try:
        return asyncio.run(service.run(once=True))
    finally:
        service.close()


def test_a_fresh_store_with_the_same_bucket_name_at_another_endpoint_gets_every_report(
        moto_server, other_moto, state_dir):
    from connectors.storage.s3 import make_client

    bucket = f"bc-same-name-{int(time.time() * 1000) % 10**8}"
    keys = ["incoming/a/quyang.txt", "incoming/b/junk.pdf"]
    for endpoint in (moto_server.endpoint_url, other_moto):
        s3 = make_client("s3", endpoint)
        s3.create_bucket(Bucket=bucket)
        s3.put_object(Bucket=bucket, Key=keys[0], Body=SAMPLE)
        s3.put_object(Bucket=bucket, Key=keys[1], Body=GARBAGE)
    source = f"s3://{bucket}/incoming/"
    first = Service(source, moto_server.endpoint_url)
    assert sorted(o.key for o in run_once(first).outcomes if o.done) == keys
    second = Service(source, other_moto)
    assert second.ledger.path != first.ledger.path  # one ledger per endpoint, bucket and prefix
    assert sorted(o.key for o in run_once(second).outcomes if o.done) == keys
    theirs = make_client("s3", other_moto)
    for key in keys:
        report = json.loads(theirs.get_object(Bucket=bucket, Key=report_key(key))["Body"].read())
        assert report["source_version"]["key"] == key
    assert Ledger(second.ledger.path).meta()["store"] == f"{other_moto}|s3://{bucket}"


def test_a_deleted_report_is_written_again_polling(moto_server, state_dir):
    bucket = moto_server.new_bucket("deleted")
    s3 = moto_server.s3()
    s3.put_object(Bucket=bucket, Key="incoming/quyang.txt", Body=SAMPLE)
    s3.put_object(Bucket=bucket, Key="incoming/junk.pdf", Body=GARBAGE)
    source = f"s3://{bucket}/incoming/"
    assert len(run_once(Service(source, moto_server.endpoint_url)).outcomes) == 2
    assert run_once(Service(source, moto_server.endpoint_url)).outcomes == []  # nothing new: nothing done
    s3.delete_object(Bucket=bucket, Key=report_key("incoming/quyang.txt"))
    again = run_once(Service(source, moto_server.endpoint_url))
    assert [(o.key, o.done) for o in again.outcomes] == [("incoming/quyang.txt", True)]
    report = json.loads(s3.get_object(Bucket=bucket, Key=report_key("incoming/quyang.txt"))["Body"].read())
    assert report["source_version"]["etag"] == s3.head_object(Bucket=bucket, Key="incoming/quyang.txt")["ETag"].strip('"')


def test_a_deleted_report_is_written_again_with_sqs(moto_server, state_dir):
    bucket = f"bc-deleted-sqs-{int(time.time() * 1000) % 10**8}"
    queue_url = setup_aws_module().setup(bucket, f"{bucket}-q", endpoint_url=moto_server.endpoint_url)["queue_url"]
    s3 = moto_server.s3()
    s3.put_object(Bucket=bucket, Key="incoming/quyang.txt", Body=SAMPLE)
    source = f"s3://{bucket}/incoming/"
    first = run_once(Service(source, moto_server.endpoint_url, queue_url=queue_url, sqs_wait=1))
    assert [o.key for o in first.outcomes if o.done] == ["incoming/quyang.txt"]
    s3.delete_object(Bucket=bucket, Key=report_key("incoming/quyang.txt"))
    # the queue is empty: only reconciliation can know the report is gone
    again = run_once(Service(source, moto_server.endpoint_url, queue_url=queue_url, sqs_wait=1))
    assert [(o.key, o.done) for o in again.outcomes] == [("incoming/quyang.txt", True)]
    assert s3.head_object(Bucket=bucket, Key=report_key("incoming/quyang.txt"))


def test_a_report_replaced_behind_the_services_back_is_noticed(tmp_path):
    from connectors.storage import LocalStorage

    store = LocalStorage(tmp_path / "bucket")
    store.put("incoming/q.txt", SAMPLE)
    service = Service(str(tmp_path / "bucket" / "incoming"), mode="poll")
    run_once(service)
    entry = Ledger(tmp_path / "bucket" / ".budgetcheck" / "ledger.sqlite").get("incoming/q.txt")
    assert entry.report_etag == store.head(report_key("incoming/q.txt")).etag
    old = json.loads(store.get(report_key("incoming/q.txt"))[0])
    old["status"] = "passed"
    old["source_version"]["etag"] = "an-older-upload"
    store.put(report_key("incoming/q.txt"), json.dumps(old).encode())  # a restored older copy
    ledger = Ledger(tmp_path / "bucket" / ".budgetcheck" / "ledger.sqlite")
    result = reconcile(ledger, store)
    assert result.stale == ["incoming/q.txt"] and ledger.get("incoming/q.txt").status == PENDING
    ledger.close()
    again = run_once(Service(str(tmp_path / "bucket" / "incoming"), mode="poll"))
    assert [(o.key, o.done) for o in again.outcomes] == [("incoming/q.txt", True)]
    assert json.loads(store.get(report_key("incoming/q.txt"))[0])["source_version"]["etag"] == store.head(
        "incoming/q.txt").etag


def test_the_ledger_of_an_earlier_version_is_adopted_and_checked(moto_server, state_dir):
    bucket = moto_server.new_bucket("adopt")
    s3 = moto_server.s3()
    s3.put_object(Bucket=bucket, Key="incoming/quyang.txt", Body=SAMPLE)
    s3.put_object(Bucket=bucket, Key="incoming/gone.txt", Body=SAMPLE + b"\n")
    store, _ = open_storage(f"s3://{bucket}/", endpoint_url=moto_server.endpoint_url)
    # what an earlier version left: a ledger named after the bucket only, vouching for two reports
    # of which only one is in the store
    legacy = state_dir / f"ledger-{hashlib.sha1(store.url.encode()).hexdigest()[:16]}.sqlite"
    run_once(Service(f"s3://{bucket}/incoming/", moto_server.endpoint_url, ledger_path=str(legacy)))
    s3.delete_object(Bucket=bucket, Key=report_key("incoming/gone.txt"))
    service = Service(f"s3://{bucket}/incoming/", moto_server.endpoint_url)
    assert service.ledger.path == runtime.default_ledger_path(service.storage) != legacy
    assert {e.key for e in service.ledger.entries()} == {"incoming/quyang.txt", "incoming/gone.txt"}  # adopted
    stats = run_once(service)
    assert [(o.key, o.done) for o in stats.outcomes] == [("incoming/gone.txt", True)]  # checked, not trusted
