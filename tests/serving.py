"""Test support: ``budgetcheck serve`` as its own process against moto (through a ``FaultProxy``),
and the facts the service tests read back from the bucket.

The service runs exactly as deployed (the CLI, embedded Prefect with a fresh ``PREFECT_HOME``,
worker processes, its ledger under a private state dir); the test talks to moto directly (uploads,
listings), the service only through the proxy.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup_aws_module():
    spec = importlib.util.spec_from_file_location("setup_aws", ROOT / "infra" / "setup_aws.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Serve:
    """One ``budgetcheck serve`` process; ``stop()`` ends it with Ctrl-C as an operator would."""

    def __init__(self, work: Path, source: str, endpoint_url: str, *, queue_url: str | None = None,
                 env: dict[str, str] | None = None, interval: float = 0.5) -> None:
        self.work = work
        work.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "flows.cli", "serve", "--source", source, "--endpoint-url", endpoint_url,
               "--interval", str(interval)]
        if queue_url:
            cmd += ["--queue-url", queue_url]
        full_env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "BUDGETCHECK_"))}
        full_env.update(PREFECT_HOME=str(work / "prefect"), PREFECT_SERVER_ANALYTICS_ENABLED="false",
                        PREFECT_LOGGING_LEVEL="WARNING", BUDGETCHECK_STATE_DIR=str(work / "state"),
                        BUDGETCHECK_WORKERS="1", BUDGETCHECK_DATA_DOCS="0")
        full_env.update(env or {})
        self.log_path = work / "serve.log"
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=self._log, stderr=subprocess.STDOUT,
                                     start_new_session=True)

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> int:
        if self.alive:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=120)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=30)
        self._log.close()
        return self.proc.returncode


def wait_until(check: Callable[[], bool], timeout: float, what: str, serve: Serve | None = None,
               every: float = 0.5) -> None:
    """Poll ``check`` until true; fail naming ``what`` (and the end of the service log)."""
    deadline = time.monotonic() + timeout
    while not check():
        if serve is not None and not serve.alive:
            raise AssertionError(f"serve exited while waiting for {what}:\n{serve.log()[-4000:]}")
        if time.monotonic() > deadline:
            tail = serve.log()[-4000:] if serve is not None else ""
            raise AssertionError(f"timed out waiting for {what}\n{tail}")
        time.sleep(every)


def report_key(upload_key: str) -> str:
    from connectors.publish.reports import report_key as key

    return key(upload_key)


def listed(s3, bucket: str, prefix: str) -> dict[str, str]:
    """key → ETag of the current objects under ``prefix``."""
    out = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        out.update({o["Key"]: o["ETag"].strip('"') for o in page.get("Contents", [])})
    return out


def version_ids(s3, bucket: str, prefix: str) -> dict[str, list[str]]:
    """key → the version ids written, oldest first."""
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket, Prefix=prefix):
        for v in page.get("Versions", []):
            out[v["Key"]].append((v["LastModified"], v["VersionId"]))
    return {key: [vid for _, vid in sorted(items)] for key, items in out.items()}


def has_reports(s3, bucket: str, uploads: list[str]) -> Callable[[], bool]:
    wanted = {report_key(k) for k in uploads}
    return lambda: wanted <= listed(s3, bucket, "results/").keys()


def one_report_per_upload(s3, bucket: str, uploads: dict[str, str]) -> None:
    """Every upload (key → its ETag) is validated exactly once, and its report is about that version.

    A report may be written again when a neighbour arrives later (last year's disclosure, a unit):
    that re-check keeps the report's ``source_version`` (the one validation, its time) and changes
    only the cross-document results, so every write of the key must carry the same
    ``source_version``; a second validation would carry its own ``validated_at``."""
    written = version_ids(s3, bucket, "results/")
    for key, etag in uploads.items():
        rkey = report_key(key)
        ids = written.get(rkey, [])
        assert ids, f"{rkey}: no report written"
        bodies = [json.loads(s3.get_object(Bucket=bucket, Key=rkey, VersionId=v)["Body"].read()) for v in ids]
        validations = {json.dumps(b["source_version"], sort_keys=True) for b in bodies}
        assert len(validations) == 1, f"{rkey}: {len(validations)} validations in {len(ids)} report writes"
        for later in bodies[1:]:
            assert later.get("neighbours"), f"{rkey}: written again without a cross-document re-check"
        report = bodies[-1]
        assert report["source_version"]["etag"] == etag, rkey
        assert report["status"] in ("passed", "failed", "partial", "unreadable")
