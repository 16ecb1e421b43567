"""Several listeners, one report per version (issue 17, beyond): 3 × 300 through faults and a kill.

Three ``serve`` processes consume one SQS queue (competing consumers) and share one state folder;
each talks to the store only through ``tests.faultproxy``, which answers a share of the object
requests with a 500, resets the connection before or after forwarding (a write that landed with
its answer lost), or stalls past the client's timeout.  300 small uploads arrive at once, and a
third of their notifications are delivered twice (S3 delivers at least once), so two listeners
often hold the same version at the same moment.  When a third of the reports are written, one
listener is killed (``kill -9``, its whole process group): its messages come back after their
visibility timeout, its claims expire and are taken over.  The bucket is versioned, so every write
of a report is counted.  The outcome must be: every upload has its report (none lost), each
written exactly once (none twice), and the faults, the duplicates and the kill really happened.

Lean on purpose (it runs in CI on two cores): the uploads are short letters (read, found to be no
disclosure, reported ``unreadable``), validated in each listener's own process.
"""

from __future__ import annotations

import json
import os
import random
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote_plus

import pytest

from tests.faultproxy import FaultProxy, random_faults
from tests.serving import Serve, listed, one_report_per_upload, report_key, setup_aws_module, wait_until

pytestmark = pytest.mark.slow

UPLOADS = 300
LISTENERS = 3


def _notification(bucket: str, key: str, etag: str) -> str:
    return json.dumps({"Records": [{"eventVersion": "2.1", "eventSource": "aws:s3", "eventName": "ObjectCreated:Put",
                                    "eventTime": "2026-01-01T00:00:00.000Z",
                                    "s3": {"bucket": {"name": bucket},
                                           "object": {"key": quote_plus(key), "eTag": etag, "size": 1}}}]})


def test_three_listeners_300_uploads_faults_and_a_kill_give_one_report_each(moto_server, tmp_path):
    s3, sqs = moto_server.s3(), moto_server.sqs()
    bucket = f"bc-listeners-{int(time.time() * 1000) % 10**8}"
    queue_url = setup_aws_module().setup(bucket, f"{bucket}-q", endpoint_url=moto_server.endpoint_url)["queue_url"]
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    proxy = FaultProxy(moto_server.endpoint_url, stall=3.0).start()
    env = {"BUDGETCHECK_STATE_DIR": str(tmp_path / "state"),  # one state folder for all
           "BUDGETCHECK_WORKERS": "0", "BUDGETCHECK_CONCURRENCY": "8", "BUDGETCHECK_STORAGE_TIMEOUT": "2",
           "BUDGETCHECK_RETRY_BASE": "0.2", "BUDGETCHECK_SQS_VISIBILITY": "10", "BUDGETCHECK_CLAIM_TTL": "15",
           "BUDGETCHECK_OUTAGE_BACKOFF_MAX": "4", "BUDGETCHECK_RETRY_FIRST_DELAY": "1",
           "BUDGETCHECK_RECONCILE_INTERVAL": "3600"}
    listeners = [Serve(tmp_path / f"listener-{n}", f"s3://{bucket}/incoming/", proxy.endpoint_url,
                       queue_url=queue_url, env=env) for n in range(LISTENERS)]
    uploads: dict[str, str] = {}
    started = time.monotonic()
    try:
        for serve in listeners:
            wait_until(lambda s=serve: "ready: watching" in s.log(), 300, "a listener ready", serve)
        ready = time.monotonic()
        proxy.faults = random_faults(bucket, rate=0.03, write_rate=0.1, seed=17)

        def put(i: int) -> tuple[str, str]:
            key = f"incoming/many/{i:03d}.txt"
            body = f"第{i}号上传：致各位同事的一封信，这不是预算公开文件。\n".encode()
            return key, s3.put_object(Bucket=bucket, Key=key, Body=body)["ETag"].strip('"')

        with ThreadPoolExecutor(8) as pool:
            uploads.update(pool.map(put, range(UPLOADS)))
        again = random.Random(17).sample(sorted(uploads), UPLOADS // 3)
        for key in again:  # delivered twice
            sqs.send_message(QueueUrl=queue_url, MessageBody=_notification(bucket, key, uploads[key]))
        expected = {report_key(k) for k in uploads}

        def written() -> int:
            return len(expected & listed(s3, bucket, "results/").keys())

        wait_until(lambda: written() >= UPLOADS // 3, 600, "a third of the reports", listeners[0], every=0.5)
        victim = listeners[1]
        at_kill = written()
        os.killpg(victim.proc.pid, signal.SIGKILL)  # the listener, its Prefect server, its workers
        victim.proc.wait(timeout=30)
        wait_until(lambda: written() == UPLOADS, 900, f"{UPLOADS} reports", listeners[0], every=1)
        done = time.monotonic()
        time.sleep(5)  # a late second write would show now
        alive = [s.alive for s in listeners]
    finally:
        for serve in listeners:
            serve.stop()
        proxy.stop()
    one_report_per_upload(s3, bucket, uploads)  # none lost, none written twice
    assert at_kill < UPLOADS and alive == [True, False, True]
    faults = {k: v for k, v in proxy.counts.items() if not k.startswith("forwarded")}
    for kind in ("500", "reset", "reset_after", "timeout"):
        assert sum(v for k, v in faults.items() if k.startswith(f"{kind} ")) >= 3, faults
    logs = [s.log() for s in listeners]
    claimed = sum(log.count(": claimed (") for log in logs)
    found_done = sum(log.count("validated already") for log in logs)
    print(f"\n{LISTENERS} listeners, {UPLOADS} uploads ({len(again)} notified twice), listener 1 killed at "
          f"{at_kill} reports: all {UPLOADS} reported in {done - ready:.0f} s after start-up "
          f"({UPLOADS / (done - ready):.2f}/s; start-up {ready - started:.0f} s); 0 written twice, 0 lost; "
          f"{claimed} deliveries found their version held by another listener and {found_done} found it done; faults {dict(sorted(faults.items()))}")
