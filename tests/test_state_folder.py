"""A state folder that cannot be written (issue 17, item 9): read-only, or its disk full.

``serve`` keeps its ledger there; when it cannot write it, it stops with one Chinese sentence naming
the folder, why (只读 / 磁盘已满) and what to do, and exit code 1, never a raw sqlite traceback.
The reports already written stay.  The folders are real file systems (a small tmpfs mounted for
the test, read-only or filled up), so this needs root with the right to mount; elsewhere it is
skipped, saying so.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import documents
from tests.serving import ROOT, Serve, has_reports, wait_until

pytestmark = pytest.mark.slow


def _mount(target: Path, options: str) -> None:
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)], check=True, capture_output=True)


@pytest.fixture
def tmpfs(tmp_path) -> Iterator[Path]:
    target = tmp_path / "fs"
    target.mkdir()
    try:
        _mount(target, "size=256k")
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        pytest.skip(f"cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN): {exc}")
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], capture_output=True)


def _env(state: Path, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "BUDGETCHECK_"))}
    env.update(BUDGETCHECK_STATE_DIR=str(state), PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               BUDGETCHECK_WORKERS="0")
    return env


def test_a_read_only_state_folder_is_named_with_what_to_do(moto_server, tmpfs, tmp_path):
    (tmpfs / "state").mkdir()
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    bucket = moto_server.new_bucket("ro")
    proc = subprocess.run([sys.executable, "-m", "flows.cli", "serve", "--source", f"s3://{bucket}/incoming/",
                           "--endpoint-url", moto_server.endpoint_url, "--once"], cwd=ROOT,
                          env=_env(tmpfs / "state", tmp_path / "prefect"), capture_output=True, text=True, timeout=300)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out[-3000:]
    assert f"无法写入状态文件夹 {tmpfs / 'state'}（只读" in out and "BUDGETCHECK_STATE_DIR" in out, out[-3000:]
    assert "Traceback" not in out, out[-3000:]


def test_a_full_disk_stops_serve_with_the_folder_named_and_the_reports_kept(moto_server, tmpfs, tmp_path):
    s3 = moto_server.s3()
    bucket = moto_server.new_bucket("full")
    sample = documents.SAMPLE.read_bytes()
    s3.put_object(Bucket=bucket, Key="incoming/first.txt", Body=sample)
    serve = Serve(tmp_path / "serve", f"s3://{bucket}/incoming/", moto_server.endpoint_url,
                  env={"BUDGETCHECK_STATE_DIR": str(tmpfs / "state"), "BUDGETCHECK_WORKERS": "0"})
    try:
        wait_until(has_reports(s3, bucket, ["incoming/first.txt"]), 300, "the first report", serve)
        time.sleep(1)  # its ledger row is written right after the report
        fd = os.open(tmpfs / "filler", os.O_WRONLY | os.O_CREAT)  # the disk fills up
        try:
            while os.write(fd, b"\0" * 4096):
                pass
        except OSError:
            pass
        finally:
            os.close(fd)
        s3.put_object(Bucket=bucket, Key="incoming/second.txt", Body=sample + b"\n")
        deadline = time.monotonic() + 180
        while serve.alive and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not serve.alive, serve.log()[-3000:]
        code = serve.stop()
    finally:
        serve.stop()
    log = serve.log()
    assert code == 1, log[-3000:]
    assert f"无法写入状态文件夹 {tmpfs / 'state'}（磁盘已满" in log, log[-3000:]
    assert "Traceback" not in log, log[-3000:]
    assert has_reports(s3, bucket, ["incoming/first.txt", "incoming/second.txt"])()  # the reports stay
