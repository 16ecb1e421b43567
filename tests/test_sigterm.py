"""SIGTERM ends ``serve`` as Ctrl-C does (issue 17, item 7).

Docker, Kubernetes and systemd stop a service with SIGTERM.  During a flow run Prefect takes that
signal for itself (it raises ``TerminationSignal`` in the run): ``serve`` exited 1 after 5 s with a
traceback and none of the batch's reports.  Now SIGTERM, like SIGINT, means: take no new work,
finish (and acknowledge) what is running, hand back what waits, exit 0.
"""

from __future__ import annotations

import signal
import time

import pytest

from tests import documents
from tests.serving import Serve, has_reports, listed, report_key, wait_until

pytestmark = pytest.mark.slow

PDFS = ["shanghai-putuo_sifaju_2026_yusuan-dept.pdf", "shanghai-putuo_shangwuwei_2025_yusuan-dept.pdf",
        "shanghai-putuo_wanli-jiedao_2024_yusuan-dept.pdf", "shanghai-putuo_quzhengfu-bangongshi_2025_yusuan-dept.pdf"]


def test_sigterm_during_a_batch_finishes_it_and_exits_0(moto_server, tmp_path):
    s3 = moto_server.s3()
    bucket = moto_server.new_bucket("term")
    serve = Serve(tmp_path / "serve", f"s3://{bucket}/incoming/", moto_server.endpoint_url,
                  env={"BUDGETCHECK_CONCURRENCY": "1", "BUDGETCHECK_WORKERS": "1"})
    try:
        s3.put_object(Bucket=bucket, Key="incoming/warm.txt", Body=documents.SAMPLE.read_bytes())
        wait_until(has_reports(s3, bucket, ["incoming/warm.txt"]), 300, "the warm-up report", serve)
        keys = [f"incoming/batch/{name}" for name in PDFS]
        for key, name in zip(keys, PDFS, strict=True):
            s3.put_object(Bucket=bucket, Key=key, Body=documents.real(name).read_bytes())
        wait_until(lambda: any(report_key(k) in listed(s3, bucket, "results/") for k in keys), 300,
                   "the batch under way", serve, every=0.1)
        assert not has_reports(s3, bucket, keys)(), "the batch was over before the signal"
        serve.proc.send_signal(signal.SIGTERM)
        started = time.monotonic()
        code = serve.proc.wait(timeout=300)
    finally:
        serve.stop()
    log = serve.log()
    assert code == 0, log[-4000:]
    assert "TerminationSignal" not in log and "Traceback" not in log, log[-4000:]
    assert has_reports(s3, bucket, keys)(), log[-4000:]  # the batch in flight was finished
    assert time.monotonic() - started < 240
