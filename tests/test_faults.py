"""A burst of 1,000 uploads through HTTP faults: exactly one report per upload version.

``serve`` in SQS mode talks to moto's server only through ``tests.faultproxy``, which answers a
share of the object reads and writes with a 500, resets the connection before forwarding, resets
it *after* forwarding (the store did the write, the service cannot know), or forwards and then
stays silent past the client's read timeout.  Report writes get faults more often than the rest.
The bucket is versioned, so every write of a report is counted.  The outcome must be: every
upload has its report, each report was written exactly once (none lost, none duplicated), and
the faults really happened (their counts are asserted too).
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests import documents
from tests.faultproxy import FaultProxy, random_faults
from tests.serving import (
    Serve,
    has_reports,
    listed,
    one_report_per_upload,
    report_key,
    setup_aws_module,
    wait_until,
)

UPLOADS = 1000
REAL_EVERY = 25  # every 25th upload is a real disclosure (the Hebei sample); the rest are short letters
pytestmark = pytest.mark.slow


def _payload(i: int) -> bytes:
    if i % REAL_EVERY == 0:
        return documents.SAMPLE.read_bytes() + f"\n{i}\n".encode()
    return f"第{i}号上传：致各位同事的一封信，这不是预算公开文件。\n".encode()


@pytest.mark.timeout(1800)  # its own waits allow 300 s + 1200 s: the suite's 900 s cut it short on a busy run
def test_a_burst_of_1000_uploads_through_faults_gets_exactly_one_report_each(moto_server, tmp_path):
    s3 = moto_server.s3()
    bucket = f"bc-faults-{int(time.time() * 1000) % 10**8}"
    queue_url = setup_aws_module().setup(bucket, f"{bucket}-q", endpoint_url=moto_server.endpoint_url)["queue_url"]
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    proxy = FaultProxy(moto_server.endpoint_url, stall=3.0).start()
    serve = Serve(tmp_path / "serve", f"s3://{bucket}/incoming/", proxy.endpoint_url, queue_url=queue_url,
                  env={"BUDGETCHECK_STORAGE_TIMEOUT": "2", "BUDGETCHECK_RETRY_BASE": "0.2",
                       "BUDGETCHECK_SQS_VISIBILITY": "30", "BUDGETCHECK_WORKERS": "2",
                       "BUDGETCHECK_CONCURRENCY": "8", "BUDGETCHECK_OUTAGE_BACKOFF_MAX": "4",
                       "BUDGETCHECK_RETRY_FIRST_DELAY": "1"})
    uploads: dict[str, str] = {}
    try:
        warm = "incoming/warm/quyang.txt"
        uploads[warm] = s3.put_object(Bucket=bucket, Key=warm, Body=documents.SAMPLE.read_bytes())["ETag"].strip('"')
        wait_until(has_reports(s3, bucket, [warm]), 300, "the warm-up report", serve)

        proxy.faults = random_faults(bucket, rate=0.03, write_rate=0.15, seed=20260101)

        def put(i: int) -> tuple[str, str]:
            key = f"incoming/burst/{i // 100:02d}/{i:04d}.txt"
            return key, s3.put_object(Bucket=bucket, Key=key, Body=_payload(i))["ETag"].strip('"')

        with ThreadPoolExecutor(8) as pool:
            uploads.update(pool.map(put, range(UPLOADS)))
        expected = {report_key(k) for k in uploads}
        wait_until(lambda: expected <= listed(s3, bucket, "results/").keys(), 1200,
                   f"{UPLOADS} reports", serve, every=2)
        time.sleep(5)  # a late duplicate write would show now
        assert serve.alive
    finally:
        serve.stop()
        proxy.stop()
    one_report_per_upload(s3, bucket, uploads)
    faults = {k: v for k, v in proxy.counts.items() if not k.startswith("forwarded")}
    for kind in ("500", "reset", "reset_after", "timeout"):
        assert faults.get(f"{kind} GET", 0) + faults.get(f"{kind} PUT", 0) + faults.get(f"{kind} HEAD", 0) >= 5, faults
    assert faults.get("reset_after PUT", 0) >= 10 and faults.get("timeout PUT", 0) >= 10, faults  # ambiguous writes
