"""The service end to end: real Prefect flow runs (test harness), real stores (folder, moto over HTTP).

Covered: upload → report (polling and SQS); duplicate notification → one report; replaced file →
new report; unreadable upload; a storage error while publishing is retried and nothing is lost;
a restart resumes without repeating or skipping; a deleted upload's report is withdrawn.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import time
from pathlib import Path

import pytest

from connectors.events.ledger import Ledger
from connectors.publish.reports import report_key
from connectors.storage import LocalStorage, StorageError, open_storage
from flows import runtime
from flows.checking import Checker
from flows.service import Service
from flows.validate import VALIDATED_EVENT, set_checker
from tests.reports import stored_report

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = (ROOT / "samples" / "quyang-hrss-2022-budget.txt").read_bytes()
GARBAGE = bytes(range(256)) * 40  # binary noise: no format, no tables

pytestmark = [pytest.mark.usefixtures("prefect_harness"), pytest.mark.slow]  # the service: slow tier


@pytest.fixture(scope="module", autouse=True)
def inline_checker():
    """Validate in this process (the pool is exercised by the demo test and the bench)."""
    checker = Checker(workers=0, data_docs=True)
    set_checker(checker)
    yield checker
    set_checker(None)


class FailingPuts:
    """A store whose first ``n`` writes of reports under ``prefix`` fail, as a flaky network or a 503 would
    (the checklist written beside each report, issue 18, is not counted)."""

    def __init__(self, inner, n: int, prefix: str = "results/") -> None:
        self.inner, self.n, self.prefix = inner, n, prefix
        self.url = inner.url
        self.attempts = 0

    def put(self, key, data, content_type="application/octet-stream"):
        if key.startswith(self.prefix) and key.endswith(".json"):
            self.attempts += 1
            if self.attempts <= self.n:
                raise StorageError(f"injected failure {self.attempts} writing {key}")
        return self.inner.put(key, data, content_type)

    put_once = put  # reports are written with put_once: the same failures

    def __getattr__(self, name):
        return getattr(self.inner, name)


def run_once(service: Service):
    return asyncio.run(service.run(once=True))


def local_service(tmp_path: Path, **kw) -> tuple[Service, LocalStorage]:
    (tmp_path / "bucket" / "incoming").mkdir(parents=True, exist_ok=True)
    service = Service(str(tmp_path / "bucket" / "incoming"), mode="poll", **kw)
    return service, LocalStorage(tmp_path / "bucket")


def test_poll_upload_gets_report_artifact_and_event(tmp_path):
    service, store = local_service(tmp_path)
    up = store.put("incoming/2022/quyang.txt", SAMPLE)
    store.put("incoming/broken.pdf", GARBAGE)
    stats = run_once(service)
    service.close()
    assert sorted((o.key, o.done) for o in stats.outcomes) == [("incoming/2022/quyang.txt", True),
                                                               ("incoming/broken.pdf", True)]
    report = stored_report(store, "incoming/2022/quyang.txt")
    assert report["status"] in ("passed", "failed")
    assert report["department"]["name"] == "曲阳县人力资源和社会保障局"
    assert report["source_version"]["etag"] == up.etag
    assert (tmp_path / "bucket" / "results" / "2022" / "quyang.txt.json").is_file()
    bad = stored_report(store, "incoming/broken.pdf")
    assert bad["status"] == "unreadable" and bad["error"]
    assert (tmp_path / "bucket" / "docs" / "index.html").is_file()

    from prefect.client.orchestration import get_client
    from prefect.events.filters import EventFilter, EventNameFilter
    from prefect.events.worker import EventsWorker

    EventsWorker.drain_all()

    async def prefect_records():
        async with get_client() as client:
            arts = await client.read_artifacts()
            md = [a.data for a in arts if isinstance(a.data, str) and "quyang.txt" in a.data]
            for _ in range(60):
                page = await client.read_events(EventFilter(event=EventNameFilter(name=[VALIDATED_EVENT])), limit=50)
                events = [e for e in page.events if e.payload.get("key") == "incoming/broken.pdf"]
                if events:
                    break
                await asyncio.sleep(0.5)
            return md, events

    md, events = asyncio.run(prefect_records())
    assert md and "曲阳县人力资源和社会保障局" in md[0] and "| 部门 | 状态 | 错误 | 警告 | 报告 |" in md[0]
    assert events and events[0].payload["status"] == "unreadable"


def test_duplicate_and_replaced_and_deleted(tmp_path):
    service, store = local_service(tmp_path)
    store.put("incoming/q.txt", SAMPLE)
    run_once(service)
    first = (tmp_path / "bucket" / "results" / "q.txt.json").read_bytes()
    # the same version announced again (a re-delivered notification): nothing new is written
    stats = asyncio.run(service.handle([_created("incoming/q.txt", store)]))
    assert [o.status for o in stats] == ["skipped"]
    # even with the ledger lost, the stored report is recognised as this version's and kept
    service.ledger.record("incoming/q.txt", "stale-etag", "passed")
    again = asyncio.run(service.handle([_created("incoming/q.txt", store)]))
    assert again[0].done and (tmp_path / "bucket" / "results" / "q.txt.json").read_bytes() == first
    # a replaced file (new ETag) is validated again and its report replaces the old one
    changed = SAMPLE.replace(b"2606.28", b"2706.28", 1)
    assert changed != SAMPLE
    new = store.put("incoming/q.txt", changed)
    stats = run_once(service)
    assert [o.key for o in stats.outcomes if o.done and o.etag == new.etag] == ["incoming/q.txt"]
    report = stored_report(store, "incoming/q.txt")
    assert report["source_version"]["etag"] == new.etag
    assert json.loads(first)["status"] == "passed" and report["status"] == "failed"  # 合计 changed by 100
    # deleted upload: the report stays, marked withdrawn
    store.delete("incoming/q.txt")
    run_once(service)
    withdrawn = stored_report(store, "incoming/q.txt")
    assert withdrawn["withdrawn"]["reason"] and withdrawn["source_version"]["etag"] == new.etag
    assert service.ledger.active() == {}
    service.close()


def _created(key, store):
    from connectors.events.notifications import UploadEvent

    return UploadEvent(key=key, kind="created", etag=store.head(key).etag)


def test_publish_errors_are_retried_and_nothing_is_lost(tmp_path):
    (tmp_path / "bucket").mkdir()
    source = str(tmp_path / "bucket")
    inner = LocalStorage(tmp_path / "bucket")
    inner.put("incoming/a.txt", SAMPLE)
    inner.put("incoming/b.pdf", GARBAGE)
    # 2 failures: the store-report task's retries absorb them within one run
    flaky = FailingPuts(inner, n=2)
    with runtime.use_storage(source, flaky):
        service = Service(source, mode="poll")
        stats = run_once(service)
    assert all(o.done for o in stats.outcomes) and flaky.attempts == 4
    assert stored_report(inner, "incoming/a.txt") and stored_report(inner, "incoming/b.pdf")
    # more failures than retries: that upload stays pending (no ledger row) and the next run does it
    inner.put("incoming/c.txt", SAMPLE.replace(b"2606.28", b"2606.29", 1))
    always = FailingPuts(inner, n=100)
    with runtime.use_storage(source, always):
        stats = run_once(service)
    assert [o.status for o in stats.outcomes] == ["error"]
    assert stored_report(inner, "incoming/c.txt") is None and not service.ledger.get("incoming/c.txt")
    with runtime.use_storage(source, inner):
        stats = run_once(service)
    assert [(o.key, o.done) for o in stats.outcomes] == [("incoming/c.txt", True)]
    assert stored_report(inner, "incoming/c.txt")["source_version"]["etag"] == inner.head("incoming/c.txt").etag
    service.close()


def test_restart_resumes_without_repeating_or_skipping(tmp_path):
    service, store = local_service(tmp_path)
    store.put("incoming/1.txt", SAMPLE)
    store.put("incoming/2.pdf", GARBAGE)
    run_once(service)
    service.close()
    before = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "bucket" / "results").iterdir()}
    store.put("incoming/3.txt", SAMPLE + b"\n")
    restarted, _ = local_service(tmp_path)  # a new process would open the same ledger file
    stats = run_once(restarted)
    restarted.close()
    assert [o.key for o in stats.outcomes] == ["incoming/3.txt"]
    after = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "bucket" / "results").iterdir()}
    assert {k: after[k] for k in before} == before and "3.txt.json" in after
    assert sorted(e.key for e in Ledger(tmp_path / "bucket" / ".budgetcheck" / "ledger.sqlite").entries()) == [
        "incoming/1.txt", "incoming/2.pdf", "incoming/3.txt"]


class CrashingChecker(Checker):
    """Fault injection in the checking stage: bytes starting with CRASH make it raise, as a reader
    bug or a worker killed by an enormous file would."""

    async def check(self, data, source):
        if data.startswith(b"CRASH"):
            raise RuntimeError("injected checker crash")
        return await super().check(data, source)


def test_a_document_that_crashes_the_checker_is_retried_then_given_up(tmp_path):
    from connectors.events.ledger import GAVE_UP, MAX_CRASHES

    set_checker(CrashingChecker(workers=0))
    try:
        service, store = local_service(tmp_path)
        store.put("incoming/poison.pdf", b"CRASH and burn")
        store.put("incoming/fine.txt", SAMPLE)
        for attempt in range(1, MAX_CRASHES + 1):
            stats = run_once(service)
            assert [o.key for o in stats.failed] == ["incoming/poison.pdf"], attempt
        assert service.ledger.get("incoming/poison.pdf").status == GAVE_UP
        assert run_once(service).outcomes == []  # given up: no endless retry loop
        assert stored_report(store, "incoming/fine.txt") and stored_report(store, "incoming/poison.pdf") is None
        store.put("incoming/poison.pdf", SAMPLE)  # a corrected upload is validated
        assert [(o.key, o.done) for o in run_once(service).outcomes] == [("incoming/poison.pdf", True)]
        service.close()
    finally:
        set_checker(Checker(workers=0, data_docs=True))


def test_polling_an_s3_store_without_notifications(moto_server, tmp_path):
    """MinIO / OSS set up without notifications: list + ledger over HTTP, path-style addressing."""
    bucket = moto_server.new_bucket("poll")
    s3 = moto_server.s3()
    s3.put_object(Bucket=bucket, Key="hebei/incoming/2022/quyang.txt", Body=SAMPLE)
    source = f"s3://{bucket}/hebei/incoming/"  # a tenant folder below the bucket root
    service = Service(source, moto_server.endpoint_url, ledger_path=str(tmp_path / "l.sqlite"))
    assert service.mode == "poll"
    stats = run_once(service)
    assert [(o.key, o.done) for o in stats.outcomes] == [("incoming/2022/quyang.txt", True)]
    report = json.loads(s3.get_object(Bucket=bucket, Key="hebei/results/2022/quyang.txt.json")["Body"].read())
    assert report["source"] == f"s3://{bucket}/hebei/incoming/2022/quyang.txt"
    assert s3.head_object(Bucket=bucket, Key="hebei/docs/index.html")
    assert run_once(service).outcomes == []  # nothing new: nothing done
    service.close()


def _load_setup_script():
    spec = importlib.util.spec_from_file_location("setup_aws", ROOT / "infra" / "setup_aws.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_sqs_notifications_to_reports(moto_server, tmp_path):
    bucket = f"bc-sqs-{int(time.time() * 1000) % 10**8}"
    info = _load_setup_script().setup(bucket, f"{bucket}-q", endpoint_url=moto_server.endpoint_url)
    source = f"s3://{bucket}/incoming/"
    s3 = moto_server.s3()
    s3.put_object(Bucket=bucket, Key="incoming/2022/曲阳 人社局.txt", Body=SAMPLE)  # URL-encoded in the event
    s3.put_object(Bucket=bucket, Key="incoming/bad.pdf", Body=GARBAGE)
    s3.put_object(Bucket=bucket, Key="elsewhere/ignored.txt", Body=SAMPLE)  # outside the prefix filter
    sqs = moto_server.sqs()
    # peek at what S3 sent (visibility 0 leaves the messages in the queue), to re-deliver one later
    peeked = sqs.receive_message(QueueUrl=info["queue_url"], MaxNumberOfMessages=10, VisibilityTimeout=0)
    bodies = [m["Body"] for m in peeked.get("Messages", [])]
    assert any("s3:TestEvent" in b for b in bodies)
    bad_body = next(b for b in bodies if "incoming%2Fbad.pdf" in b)  # keys arrive URL-encoded
    service = Service(source, moto_server.endpoint_url, queue_url=info["queue_url"],
                      ledger_path=str(tmp_path / "ledger.sqlite"))
    assert service.mode == "sqs"
    stats = run_once(service)
    assert sorted(o.key for o in stats.outcomes if o.done) == ["incoming/2022/曲阳 人社局.txt", "incoming/bad.pdf"]
    store, _ = open_storage(source, endpoint_url=moto_server.endpoint_url)
    report = json.loads(s3.get_object(Bucket=bucket, Key="results/2022/曲阳 人社局.txt.json")["Body"].read())
    assert report["source"] == f"s3://{bucket}/incoming/2022/曲阳 人社局.txt"
    assert stored_report(store, "incoming/bad.pdf")["status"] == "unreadable"
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket, Prefix="results/elsewhere")
    # every message was deleted after its report was stored
    attrs = sqs.get_queue_attributes(QueueUrl=info["queue_url"], AttributeNames=["All"])["Attributes"]
    assert attrs["ApproximateNumberOfMessages"] == "0" and attrs["ApproximateNumberOfMessagesNotVisible"] == "0"
    # a duplicate delivery of the same notification: no second, different report
    first_obj = s3.head_object(Bucket=bucket, Key=report_key("incoming/bad.pdf"))
    sqs.send_message(QueueUrl=info["queue_url"], MessageBody=bad_body)
    stats = run_once(service)
    assert [o.status for o in stats.outcomes] == ["skipped"]
    assert s3.head_object(Bucket=bucket, Key=report_key("incoming/bad.pdf"))["ETag"] == first_obj["ETag"]
    assert sqs.get_queue_attributes(QueueUrl=info["queue_url"], AttributeNames=["All"])["Attributes"][
        "ApproximateNumberOfMessages"] == "0"
    # deleted upload → withdrawn report
    s3.delete_object(Bucket=bucket, Key="incoming/bad.pdf")
    run_once(service)
    assert stored_report(store, "incoming/bad.pdf")["withdrawn"]
    service.close()


@pytest.mark.slow
def test_with_a_prefect_server_the_deployment_trigger_runs_the_flow(tmp_path):
    """PREFECT_API_URL set and the deployment served: the listener emits one
    budgetcheck.disclosure.uploaded event per upload, the DeploymentEventTrigger creates the flow
    runs, the served deployment runs them, and the listener acknowledges once reports are stored."""
    import os
    import signal
    import socket
    import subprocess
    import sys

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect"), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_API_URL=f"http://127.0.0.1:{port}/api", PREFECT_RUNNER_POLL_FREQUENCY="1",
               PREFECT_LOGGING_LEVEL="WARNING", BUDGETCHECK_WORKERS="0")
    store = LocalStorage(tmp_path / "bucket")
    store.put("incoming/2022/quyang.txt", SAMPLE)
    store.put("incoming/junk.pdf", GARBAGE)
    started = []
    try:
        server = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                                   "--port", str(port)], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, start_new_session=True)
        started.append(server)
        import urllib.request

        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        deployment = subprocess.Popen([sys.executable, "-m", "flows.deployment"], env=env, cwd=ROOT,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        started.append(deployment)
        for _ in range(60):  # the deployment is registered a few seconds after start
            probe = subprocess.run([sys.executable, "-m", "prefect", "deployment", "inspect",
                                    "validate-disclosure/budgetcheck"], env=env, cwd=ROOT, capture_output=True)
            if probe.returncode == 0:
                break
            time.sleep(1)
        serve = subprocess.run([sys.executable, "-m", "flows.cli", "serve", "--source",
                                str(tmp_path / "bucket" / "incoming"), "--once"],
                               env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert serve.returncode == 0, serve.stderr[-3000:]
        assert "dispatching uploads to the validate-disclosure/budgetcheck deployment" in serve.stderr
        assert stored_report(store, "incoming/junk.pdf")["status"] == "unreadable"
        assert stored_report(store, "incoming/2022/quyang.txt")["source_version"]["etag"] == \
            store.head("incoming/2022/quyang.txt").etag
        flow_runs = subprocess.run([sys.executable, "-c", (
            "import asyncio\nfrom prefect.client.orchestration import get_client\n"
            "async def main():\n    async with get_client() as c:\n"
            "        runs = await c.read_flow_runs()\n"
            "        print(sorted(r.parameters.get('key', '') for r in runs if r.deployment_id))\n"
            "asyncio.run(main())")], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert flow_runs.stdout.strip() == "['incoming/2022/quyang.txt', 'incoming/junk.pdf']", flow_runs.stderr
    finally:
        for proc in reversed(started):
            os.killpg(proc.pid, signal.SIGINT)
        for proc in reversed(started):
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


@pytest.mark.slow
def test_backfill_on_a_local_dask_cluster(tmp_path):
    from flows.backfill import backfill

    store = LocalStorage(tmp_path / "bucket")
    store.put("incoming/a/quyang.txt", SAMPLE)
    store.put("incoming/b/junk.pdf", GARBAGE)
    stale = store.put("results/a/quyang.txt.json", b'{"status": "passed"}')  # e.g. made by older rules
    assert backfill(str(tmp_path / "bucket" / "incoming"), workers=1) == 0
    assert stored_report(store, "incoming/a/quyang.txt")["source_version"]["etag"] == store.head(
        "incoming/a/quyang.txt").etag
    assert store.head("results/a/quyang.txt.json").etag != stale.etag
    assert stored_report(store, "incoming/b/junk.pdf")["status"] == "unreadable"
    ledger = Ledger(tmp_path / "bucket" / ".budgetcheck" / "ledger.sqlite")
    assert sorted(e.key for e in ledger.entries()) == ["incoming/a/quyang.txt", "incoming/b/junk.pdf"]


class FailingGets:
    """A store whose first ``n`` reads of ``flaky`` fail (a flaky network), counting every upload read."""

    def __init__(self, inner, n: int, flaky: str) -> None:
        self.inner, self.n, self.flaky = inner, n, flaky
        self.url = inner.url
        self.reads: dict[str, int] = {}

    def get(self, key, max_bytes=None):
        if key.startswith("incoming/"):
            self.reads[key] = self.reads.get(key, 0) + 1
            if key == self.flaky and self.reads[key] <= self.n:
                raise StorageError(f"injected failure reading {key}")
        return self.inner.get(key, max_bytes=max_bytes)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def test_reading_an_upload_is_retried_but_a_missing_one_is_not(tmp_path):
    """fetch-upload's retry condition: a storage error is retried (1, 2, 4, 8 × the base), a missing
    object is a fact and is not.  (The condition used to call state.result() in async code, which
    returns a coroutine, so nothing was ever retried.)"""
    from flows.validate import validate_one

    (tmp_path / "bucket").mkdir()
    inner = LocalStorage(tmp_path / "bucket")
    inner.put("incoming/a.txt", SAMPLE)
    flaky = FailingGets(inner, n=2, flaky="incoming/a.txt")

    async def both():
        from prefect import flow

        @flow(name="retry-test")
        async def run():
            return (await validate_one(flaky, "incoming/a.txt", Checker(workers=0)),
                    await validate_one(flaky, "incoming/gone.txt", Checker(workers=0)))

        return await run()

    done, missing = asyncio.run(both())
    assert done.done and flaky.reads["incoming/a.txt"] == 3  # two failures, then the read that worked
    assert missing.status == "missing" and flaky.reads["incoming/gone.txt"] == 1  # not retried


def test_what_is_not_an_upload_is_skipped_and_said_once(tmp_path, caplog):
    """A FIFO and a link to /dev/zero in incoming/ neither hang nor break the service; a hidden
    file is not validated, and the log says why, once."""
    import logging
    import os

    service, store = local_service(tmp_path)
    store.put("incoming/q.txt", SAMPLE)
    store.put("incoming/.hidden.pdf", SAMPLE)
    os.mkfifo(tmp_path / "bucket" / "incoming" / "fifo.pdf")
    (tmp_path / "bucket" / "incoming" / "zero.pdf").symlink_to("/dev/zero")
    with caplog.at_level(logging.WARNING):
        stats = run_once(service)
        again = run_once(service)
    service.close()
    assert [(o.key, o.done) for o in stats.outcomes] == [("incoming/q.txt", True)] and again.outcomes == []
    said = [r.getMessage() for r in caplog.records]
    assert sum(".hidden.pdf is not validated" in m and "starts with a dot" in m for m in said) == 1, said
    assert sum("fifo.pdf" in m and "FIFO" in m for m in said) == 1 and any("zero.pdf" in m for m in said)


def test_an_upload_over_the_size_limit_gets_a_report_naming_the_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETCHECK_MAX_BYTES", "1000")
    service, store = local_service(tmp_path)
    up = store.put("incoming/big.txt", SAMPLE)
    stats = run_once(service)
    service.close()
    assert [(o.key, o.done, o.status) for o in stats.outcomes] == [("incoming/big.txt", True, "unreadable")]
    report = stored_report(store, "incoming/big.txt")
    assert "BUDGETCHECK_MAX_BYTES" in report["error"] and "1,000 字节" in report["error"]
    assert report["source_version"]["etag"] == up.etag and report["source_version"]["size"] == len(SAMPLE)
