"""Prefect's temporary server slow to start (issue 17, item 10): a longer wait, then a fresh port.

On a busy machine the temporary server Prefect starts for the flow runs may take longer than the
20 s Prefect gives it.  ``serve --once`` then marked every upload "error" and exited 1, and its
next try collided with the server still starting on the same port.  Here the first start of the
server is made slow (a ``sitecustomize`` on the server process's path sleeps 90 s before uvicorn
loads, once) and the service is told to wait 30 s: it must stop that server, start one on a fresh
port, and report every upload, exit 0.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from connectors.storage import LocalStorage
from tests import documents
from tests.reports import stored_report
from tests.serving import ROOT

pytestmark = pytest.mark.slow

SLOW_FIRST_START = '''
import os, sys, time
if "prefect.server.api.server:create_app" in sys.argv:
    marker = os.path.join(os.path.dirname(__file__), "slowed-once")
    if not os.path.exists(marker):
        open(marker, "w").close()
        time.sleep(90)  # a busy machine: far longer than Prefect's own 20 s
'''


def test_a_slow_temporary_server_is_replaced_on_a_fresh_port_and_every_upload_reported(tmp_path):
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(SLOW_FIRST_START)
    store = LocalStorage(tmp_path / "bucket")
    keys = ["incoming/a.txt", "incoming/b.txt"]
    for key in keys:
        store.put(key, documents.SAMPLE.read_bytes() + key.encode())
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "BUDGETCHECK_"))}
    env.update(PYTHONPATH=os.pathsep.join([str(hook), str(ROOT)]), PREFECT_HOME=str(tmp_path / "prefect"),
               PREFECT_SERVER_ANALYTICS_ENABLED="false", BUDGETCHECK_WORKERS="0",
               BUDGETCHECK_PREFECT_START_TIMEOUT="30")
    proc = subprocess.run([sys.executable, "-m", "flows.cli", "serve", "--source", str(tmp_path / "bucket" / "incoming"),
                           "--once"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=400)
    out = proc.stdout + proc.stderr
    assert (hook / "slowed-once").exists(), "the slow start did not happen"
    assert proc.returncode == 0, out[-4000:]
    for key in keys:
        assert stored_report(store, key)["status"] == "passed"
    first = re.search(r"did not answer within \d+ s on port (\d+) \(attempt 1 of 3\)", out)
    second = re.search(r"started on port (\d+) \(attempt 2 of 3\)", out)
    assert first and second, out[-4000:]
    assert first.group(1) != second.group(1)  # never its own port again
    assert Path(tmp_path / "prefect").is_dir()
