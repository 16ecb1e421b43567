"""``serve`` rides out a 60-second outage of its store and queue, during a batch and while idle.

moto's server sits behind a proxy (``tests.faultproxy``) that the test stops for 60 s: connecting
is refused, open connections are reset.  Both event sources run at once, each with its own bucket,
proxy and ``serve`` process: polling, and S3 notifications through SQS.  For each:

1. a batch of uploads is being validated when the store goes away (the first of its reports is
   stored, the rest are not); more uploads arrive during the outage;
2. the store comes back: ``serve`` is still running and catches up;
3. later, with nothing to do, the store goes away again for 60 s; uploads arrive meanwhile;
4. it comes back: every upload has exactly one report, about its own version (bucket versioning
   counts every write), and the service log says it was unreachable and reachable again.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests import documents
from tests.faultproxy import FaultProxy
from tests.serving import (
    Serve,
    has_reports,
    listed,
    one_report_per_upload,
    report_key,
    setup_aws_module,
    wait_until,
)

OUTAGE_SECONDS = 60
pytestmark = pytest.mark.slow

PDFS = ["shanghai-putuo_sifaju_2026_yusuan-dept.pdf", "shanghai-putuo_shangwuwei_2025_yusuan-dept.pdf",
        "shanghai-putuo_wanli-jiedao_2024_yusuan-dept.pdf", "shanghai-putuo_quzhengfu-bangongshi_2025_yusuan-dept.pdf",
        "shanghai-city_caizhengju_2025_yusuan-unit.pdf", "shanghai-putuo_wanli-jiedao_2025_yusuan-dept.pdf"]


def _payloads() -> list[tuple[str, bytes]]:
    docs = [(name, documents.real(name).read_bytes()) for name in PDFS]
    docs.append(("quyang.txt", documents.SAMPLE.read_bytes()))
    return docs


def scenario(mode: str, moto_server, work) -> dict:
    s3 = moto_server.s3()
    bucket = f"bc-outage-{mode}-{int(time.time() * 1000) % 10**8}"
    queue_url = None
    if mode == "sqs":
        queue_url = setup_aws_module().setup(bucket, f"{bucket}-q", endpoint_url=moto_server.endpoint_url)["queue_url"]
    else:
        s3.create_bucket(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    proxy = FaultProxy(moto_server.endpoint_url).start()
    serve = Serve(work / mode, f"s3://{bucket}/incoming/", proxy.endpoint_url, queue_url=queue_url,
                  env={"BUDGETCHECK_OUTAGE_BACKOFF_MAX": "4", "BUDGETCHECK_RETRY_FIRST_DELAY": "1",
                       "BUDGETCHECK_RETRY_BASE": "0.2", "BUDGETCHECK_CONCURRENCY": "2",
                       "BUDGETCHECK_SQS_VISIBILITY": "20"})
    uploads: dict[str, str] = {}
    docs = _payloads()

    def upload(key: str, data: bytes) -> None:  # straight to moto: uploads do not need the service's network
        uploads[key] = s3.put_object(Bucket=bucket, Key=key, Body=data)["ETag"].strip('"')

    try:
        upload("incoming/warm/quyang.txt", documents.SAMPLE.read_bytes())
        wait_until(has_reports(s3, bucket, ["incoming/warm/quyang.txt"]), 300, f"{mode}: warm-up report", serve)

        # 1. an outage in the middle of a batch
        batch = [f"incoming/batch/{name}" for name, _ in docs]
        for key, (_, data) in zip(batch, docs, strict=True):
            upload(key, data)
        wait_until(lambda: any(report_key(k) in listed(s3, bucket, "results/") for k in batch), 300,
                   f"{mode}: the batch under way", serve, every=0.1)
        proxy.stop()
        stopped_during_batch = not has_reports(s3, bucket, batch)()
        for name, data in docs[:2]:
            upload(f"incoming/during-batch-outage/{name}", data)
        time.sleep(OUTAGE_SECONDS)
        alive_after_first = serve.alive
        proxy.start()
        wait_until(has_reports(s3, bucket, list(uploads)), 300, f"{mode}: catching up after the outage", serve)

        # 2. an outage while idle
        time.sleep(2)
        proxy.stop()
        for name, data in docs[2:4]:
            upload(f"incoming/during-idle-outage/{name}", data)
        time.sleep(OUTAGE_SECONDS)
        alive_after_second = serve.alive
        proxy.start()
        wait_until(has_reports(s3, bucket, list(uploads)), 300, f"{mode}: catching up after the idle outage", serve)
        time.sleep(3)  # anything still to be written (a duplicate would show now)
        return {"s3": s3, "bucket": bucket, "uploads": dict(uploads), "serve_log": serve.log(),
                "stopped_during_batch": stopped_during_batch, "alive": (alive_after_first, alive_after_second),
                "still_alive": serve.alive}
    finally:
        serve.stop()
        proxy.stop()


def test_serve_rides_out_a_60_second_outage_polling_and_sqs(moto_server, tmp_path):
    with ThreadPoolExecutor(2) as pool:  # both modes at once: the outages are idle time
        futures = {mode: pool.submit(scenario, mode, moto_server, tmp_path) for mode in ("poll", "sqs")}
        results = {mode: f.result() for mode, f in futures.items()}
    for mode, r in results.items():
        assert r["stopped_during_batch"], f"{mode}: the batch was finished before the store went away"
        assert r["alive"] == (True, True) and r["still_alive"], f"{mode}: serve exited\n{r['serve_log'][-3000:]}"
        assert len(r["uploads"]) == 1 + 7 + 2 + 2
        one_report_per_upload(r["s3"], r["bucket"], r["uploads"])
        log = r["serve_log"]
        assert "unreachable" in log and "reachable again" in log, log[-3000:]
