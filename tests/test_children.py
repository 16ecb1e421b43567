"""``kill -9`` of ``serve`` leaves no process behind.

``serve`` runs as a user runs it (its own process and session, two validation workers, Prefect's
embedded server, a fresh ``PREFECT_HOME``); once it has validated an upload, every process
descended from it is listed from ``/proc``: the workers, the resource tracker, the Prefect server,
the reaper.  Then ``serve`` is killed with SIGKILL, and every one of them must be gone.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import documents

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="Linux /proc")]


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()


def descendants(pid: int) -> dict[int, str]:
    """pid → command line of every process below ``pid`` (a scan of /proc by parent pid)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (st := _stat(int(entry.name))) is not None:
            parents[int(entry.name)] = int(st[1])
    found: dict[int, str] = {}
    todo = [pid]
    while todo:
        parent = todo.pop()
        for child, ppid in parents.items():
            if ppid == parent and child not in found:
                try:
                    found[child] = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode()
                except OSError:
                    found[child] = "?"
                todo.append(child)
    return found


def alive(pid: int) -> bool:
    st = _stat(pid)
    return st is not None and st[0] != "Z"


def test_kill_9_of_serve_leaves_no_process_behind(tmp_path):
    bucket = tmp_path / "bucket"
    (bucket / "incoming").mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "BUDGETCHECK_"))}
    env.update(PREFECT_HOME=str(tmp_path / "prefect"), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_LOGGING_LEVEL="WARNING", BUDGETCHECK_WORKERS="2")
    log = open(tmp_path / "serve.log", "wb")
    serve = subprocess.Popen([sys.executable, "-m", "flows.cli", "serve", "--source", str(bucket / "incoming"),
                              "--interval", "0.5"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                             start_new_session=True)
    listed: dict[int, str] = {}
    try:
        (bucket / "incoming" / "quyang.txt").write_bytes(documents.SAMPLE.read_bytes())
        report = bucket / "results" / "quyang.txt.json"
        deadline = time.monotonic() + 240
        while not report.exists():
            assert serve.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "no report"
            time.sleep(0.5)
        time.sleep(1.5)  # the reaper looks at the tree every half second
        listed = descendants(serve.pid)
        commands = " | ".join(listed.values())
        assert sum("spawn_main" in c for c in listed.values()) == 2, commands  # the two workers
        assert "resource_tracker" in commands and "uvicorn" in commands and "flows.reaper" in commands, commands
        os.kill(serve.pid, signal.SIGKILL)
        serve.wait(timeout=30)
        deadline = time.monotonic() + 30
        while any(alive(pid) for pid in listed) and time.monotonic() < deadline:
            time.sleep(0.25)
        left = {pid: cmd for pid, cmd in listed.items() if alive(pid)}
        assert left == {}, f"left running after kill -9 of serve: {left}"
    finally:
        if serve.poll() is None:
            os.killpg(serve.pid, signal.SIGKILL)
        for pid in listed:  # never leave anything behind on this shared machine, whatever happened
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        log.close()
