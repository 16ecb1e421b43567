"""Two ``serve`` processes on one queue, one state folder and one ``PREFECT_HOME`` (issue 17, item 11).

Both start at the same moment on a fresh ``PREFECT_HOME``: they must not race on the setup of
Prefect's database (they start their temporary servers one after the other), and every upload,
its notification delivered twice, gets exactly one report (the store's claims: one listener
validates a version, the other finds it held, then done).
"""

from __future__ import annotations

import time

import pytest

from tests import documents
from tests.serving import Serve, has_reports, one_report_per_upload, setup_aws_module, wait_until
from tests.test_listeners import _notification

pytestmark = pytest.mark.slow


def test_two_listeners_sharing_queue_state_and_prefect_home(moto_server, tmp_path):
    s3, sqs = moto_server.s3(), moto_server.sqs()
    bucket = f"bc-two-{int(time.time() * 1000) % 10**8}"
    queue_url = setup_aws_module().setup(bucket, f"{bucket}-q", endpoint_url=moto_server.endpoint_url)["queue_url"]
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    env = {"BUDGETCHECK_STATE_DIR": str(tmp_path / "state"), "PREFECT_HOME": str(tmp_path / "prefect"),
           "BUDGETCHECK_WORKERS": "0", "BUDGETCHECK_CONCURRENCY": "4", "BUDGETCHECK_SQS_VISIBILITY": "20"}
    listeners = [Serve(tmp_path / f"listener-{n}", f"s3://{bucket}/incoming/", moto_server.endpoint_url,
                       queue_url=queue_url, env=env) for n in range(2)]
    uploads: dict[str, str] = {}
    try:
        for serve in listeners:
            wait_until(lambda s=serve: "ready: watching" in s.log(), 300, "a listener ready", serve)
        sample = documents.SAMPLE.read_bytes()
        for i in range(12):
            key = f"incoming/two/{i:02d}.txt"
            uploads[key] = s3.put_object(Bucket=bucket, Key=key, Body=sample + f"\n{i}\n".encode())["ETag"].strip('"')
            sqs.send_message(QueueUrl=queue_url, MessageBody=_notification(bucket, key, uploads[key]))
        wait_until(has_reports(s3, bucket, list(uploads)), 600, "12 reports", listeners[0], every=1)
        time.sleep(5)  # a late second write would show now
        alive = [s.alive for s in listeners]
    finally:
        codes = [s.stop() for s in listeners]
    one_report_per_upload(s3, bucket, uploads)
    assert alive == [True, True] and codes == [0, 0]
    for serve in listeners:
        log = serve.log()
        assert "Traceback" not in log and "database is locked" not in log, log[-4000:]
        assert "did not answer" not in log, log[-4000:]  # neither start was held up by the other's setup
