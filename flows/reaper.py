"""Children die with ``serve``: a small watcher process that outlives its parent by a moment.

Why: ``serve`` starts processes it does not fully control: the validation workers, the resource
tracker of ``multiprocessing``, and Prefect's embedded API server (a ``uvicorn`` subprocess that
Prefect starts and stops).  When ``serve`` is killed with ``kill -9`` nothing of it runs any more,
so it cannot stop them; they stayed, holding ~800 MB, for good.

The watcher is started first thing by ``serve`` (:func:`start_reaper`) with a pipe on its stdin.
Every :data:`POLL_SECONDS` it notes the parent's descendants (pid and start time, so a reused pid
is never mistaken for one of them).  When the pipe reaches end of file, the parent is gone, however
it ended: the watcher sends SIGTERM to every noted process still alive (and their descendants),
waits :data:`GRACE_SECONDS`, sends SIGKILL to what is left, and exits.  It ignores SIGINT, so a
Ctrl-C in the terminal stops ``serve`` cleanly first.  Linux only (``/proc``); elsewhere the
workers still leave on their own (``flows.checking``).
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

#: Seconds between two looks at the parent's descendants.
POLL_SECONDS = 0.5
#: Seconds the leftovers get to stop on SIGTERM before SIGKILL.
GRACE_SECONDS = 5.0

PROC = Path("/proc")


def start_time(pid: int) -> int | None:
    """The process's start time in clock ticks since boot (None when it is gone)."""
    try:
        stat = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[19])  # field 22; the name in parentheses may hold spaces


def children(pid: int) -> set[int]:
    """Direct children of ``pid`` (from ``/proc/<pid>/task/*/children``, else a scan of ``/proc``)."""
    out: set[int] = set()
    tasks = PROC / str(pid) / "task"
    try:
        for task in tasks.iterdir():
            out.update(int(c) for c in (task / "children").read_text().split())
        return out
    except OSError:
        pass
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.add(int(entry.name))
    return out


def descendants(pid: int) -> set[int]:
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children(todo.pop()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(noted: dict[int, int]) -> dict[int, int]:
    return {pid: t for pid, t in noted.items() if start_time(pid) == t}


def _signal_all(noted: dict[int, int], sig: int) -> None:
    for pid in noted:
        try:
            os.kill(pid, sig)
        except OSError:
            pass


def watch(parent: int) -> None:
    """Note the parent's descendants until stdin ends, then end every one still running."""
    me = os.getpid()
    noted: dict[int, int] = {}
    stdin = sys.stdin.buffer
    while True:
        readable, _, _ = select.select([stdin], [], [], POLL_SECONDS)
        if readable and not os.read(stdin.fileno(), 4096):
            break  # end of file: the parent is gone
        for pid in descendants(parent) - {me}:
            if pid not in noted:
                t = start_time(pid)
                if t is not None:
                    noted[pid] = t
    # the leftovers' own children (a server's workers) go too
    for pid in list(_alive(noted)):
        for child in descendants(pid) - {me}:
            t = start_time(child)
            if t is not None:
                noted.setdefault(child, t)
    left = _alive(noted)
    if not left:
        return
    _signal_all(left, signal.SIGTERM)
    deadline = time.monotonic() + GRACE_SECONDS
    while left and time.monotonic() < deadline:
        time.sleep(0.1)
        left = _alive(left)
    _signal_all(left, signal.SIGKILL)


_started: subprocess.Popen | None = None  # held until this process ends: its stdin is the pipe


def start_reaper() -> subprocess.Popen | None:
    """Start the watcher for this process (once).  The pipe stays open as long as this process
    lives, so the watcher acts after everything here, Prefect's own shutdown included, has run."""
    global _started
    if _started is None and PROC.is_dir():
        _started = subprocess.Popen([sys.executable, "-m", "flows.reaper", str(os.getpid())],
                                    stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, close_fds=True,
                                    start_new_session=True)
    return _started


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    watch(int(argv[0]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
