"""Prefect's temporary API server, started on the service's terms (issue 17, items 10 and 11).

Without ``PREFECT_API_URL`` every flow run needs Prefect's embedded ("ephemeral") server, which
Prefect starts on first use and gives 20 s to answer.  On a busy machine (a fresh ``PREFECT_HOME``
runs its database migrations first) it often does not, and then:

* the first batch failed and ``serve --once`` marked every upload "error" and exited 1;
* the server process that was still starting was left running on its port, and the next try
  reused that very port and collided with it;
* two ``serve`` processes sharing one ``PREFECT_HOME`` both ran the migrations of its one SQLite
  database at once.

So the service starts the server itself before its first flow run: it waits
``BUDGETCHECK_PREFECT_START_TIMEOUT`` seconds (default 120), and when that is not enough it stops
the server it started (its process killed) and tries again on a fresh port, waiting longer each
time (2×, 3× the timeout), up to ``BUDGETCHECK_PREFECT_START_ATTEMPTS`` times (default 3); only then does it give up, saying so, with nothing
marked.  The start is done under an exclusive lock on a file in ``PREFECT_HOME``, so processes
sharing it start one after the other: the first runs the migrations, the next finds them done.
Prefect's own clients then find the server running (it is the instance they would have started).
"""

from __future__ import annotations

import fcntl
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flows import runtime

log = logging.getLogger("budgetcheck.service")

#: The file in ``PREFECT_HOME`` whose lock makes processes sharing it start their servers in turn.
LOCK_NAME = "budgetcheck-server-start.lock"


class PrefectUnavailable(RuntimeError):
    """The temporary server did not start after every attempt; ``message`` says so in Chinese."""

    def __init__(self, attempts: int, timeout: float, last: BaseException | None) -> None:
        self.message = (f"Prefect 临时服务器未能启动（尝试 {attempts} 次，第一次等待 {timeout:g} 秒，之后逐次加长，最后一次："
                        f"{type(last).__name__ if last else '超时'}）；上传均未处理，也未标记为出错。机器繁忙时请加大 "
                        "BUDGETCHECK_PREFECT_START_TIMEOUT 或 BUDGETCHECK_PREFECT_START_ATTEMPTS，或设置 PREFECT_API_URL "
                        "使用常驻的 Prefect 服务器，然后重新运行。")
        super().__init__(self.message)


def start_timeout() -> float:
    return max(1.0, runtime.env_float("BUDGETCHECK_PREFECT_START_TIMEOUT", 120.0))


def start_attempts() -> int:
    return max(1, runtime.env_int("BUDGETCHECK_PREFECT_START_ATTEMPTS", 3))


def ensure_api() -> str | None:
    """The API the flows will use: ``PREFECT_API_URL`` as set (None: nothing to start), or the
    temporary server, started here if it is not running yet (see the module docstring)."""
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import get_current_settings

    settings = get_current_settings()
    if settings.api.url:
        return None
    timeout, attempts = start_timeout(), start_attempts()
    last: BaseException | None = None
    with _home_lock(Path(settings.home), timeout * attempts * (attempts + 1) / 2):
        for attempt in range(1, attempts + 1):
            server = SubprocessASGIServer()
            if server.running:
                return server.api_url
            started = time.monotonic()
            try:
                server.start(timeout=int(timeout * attempt))  # longer each time: the machine is busy
                if attempt > 1:
                    log.warning("Prefect's temporary server started on port %s (attempt %d of %d)",
                                server.port, attempt, attempts)
                return server.api_url
            except Exception as exc:  # its timeout, or the process gave up
                last = exc
                log.warning("Prefect's temporary server did not answer within %.0f s on port %s (attempt %d of %d): "
                            "stopping it%s", time.monotonic() - started, server.port, attempt, attempts,
                            "; trying again on a fresh port" if attempt < attempts else "")
                server.stop()  # the process is killed and the instance forgotten: the next picks a new port
    raise PrefectUnavailable(attempts, timeout, last)


@contextmanager
def _home_lock(home: Path, wait: float) -> Iterator[None]:
    """Hold the start lock of ``home`` (waiting up to ``wait`` seconds for another process)."""
    try:
        home.mkdir(parents=True, exist_ok=True)
        fd = os.open(home / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:  # an unwritable PREFECT_HOME: Prefect itself will say more
        log.warning("cannot lock %s (%s); starting Prefect's temporary server without it", home / LOCK_NAME, exc)
        yield
        return
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    log.warning("another process has been starting Prefect's server in %s for %.0f s; going on", home,
                                wait)
                    break
                time.sleep(0.2)
        yield
    finally:
        os.close(fd)  # releases the lock
