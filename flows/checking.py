"""Read and validate one upload's bytes: the CPU-heavy step, run in a pool of worker processes.

Why processes: reading a PDF and running the GX suites is pure Python CPU work, so threads in
the service process would share one core; a small process pool uses the machine.  Each worker
imports GX and builds its context once (``warm_up`` is the pool initializer), never per upload.
With ``workers=0`` the check runs in a thread of the service process, one at a time (the GX
context is not shared between threads).

Time: each document is read and checked under ``BUDGETCHECK_MAX_SECONDS``, counted in the worker
from the moment it starts on that document (``limits.time_limit``); past it the worker gives the
``unreadable`` "too slow" report itself and goes on with the next.  A document stuck inside a C
library cannot be interrupted that way, so the service also gives up on a worker that has not
answered :data:`STUCK_GRACE` seconds after the limit, and kills the pool.

A document must not take others down with it.  When a worker dies (a reader aborting the process
on a crafted file, the kernel killing it for memory) every document in the pool at that moment
fails with ``BrokenProcessPool``; a killed stuck pool does the same.  So a failure of the pool is
charged to nobody at first: each document that was in it is run again *alone*, in a fresh
process, one at a time.  The ones that were only beside the culprit get their reports; the
culprit dies (or runs out of time) again, alone, and so is itself the bad input: it gets an
``unreadable`` report that says so.  Only one document is ever charged with one crash.

Workers die with the service: each watches its parent and exits when it is gone (a ``kill -9`` of
``serve`` leaves nothing behind; see also ``flows.reaper``).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import shutil
import signal
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from disclosure.report import Report

log = logging.getLogger(__name__)


class Checked:
    """What the check produced: the document (None when unreadable), the report, and the folder
    holding this validation's GX Data Docs (None when not built); the caller removes that folder.

    A plain class, not a dataclass, so Prefect does not walk the whole document when it is a
    task argument."""

    __slots__ = ("doc", "report", "data_docs_dir")

    def __init__(self, doc: Any, report: Report, data_docs_dir: str | None = None) -> None:
        self.doc = doc
        self.report = report
        self.data_docs_dir = data_docs_dir


def check_bytes(data: bytes, source: str, data_docs: bool = False, seconds: float | None = None) -> Checked:
    """Read ``data`` and run every rule suite; an unreadable upload gets the unreadable report, and
    so does one that takes longer than ``seconds`` (in the main thread of a process; see
    ``connectors.readers.limits.time_limit``)."""
    from connectors.readers import limits

    if seconds is None:
        return _check_bytes(data, source, data_docs)
    try:
        with limits.time_limit(seconds):
            return _check_bytes(data, source, data_docs)
    except limits.OutOfTime:
        log.error("%s: over the %g s limit; reported as too slow", source, seconds)
        return Checked(None, Report.unreadable(source, limits.too_slow_error().message))


def _check_bytes(data: bytes, source: str, data_docs: bool) -> Checked:
    from connectors.readers import read_document
    from disclosure.errors import UnreadableDocument

    try:
        doc = read_document(data, source)
    except UnreadableDocument as exc:
        return Checked(None, Report.unreadable(source, exc.message))
    from expectations.runner import validate

    if not data_docs:
        return Checked(doc, validate(doc))
    docs_dir = tempfile.mkdtemp(prefix="budgetcheck-gx-")
    try:
        report = validate(doc, data_docs_dir=Path(docs_dir))
    except Exception:
        # The report is the product; the Data Docs are an extra view of it.  If building them
        # fails, say so loudly and still deliver the report.
        log.exception("building GX Data Docs failed for %s; validating without them", source)
        shutil.rmtree(docs_dir, ignore_errors=True)
        return Checked(doc, validate(doc))
    return Checked(doc, report, docs_dir)


def warm_up() -> None:
    """Import the readers and the suites (GX) once in this process, so the first upload is not slow."""
    import logging as _logging

    _logging.getLogger("great_expectations").setLevel(_logging.WARNING)
    try:
        import connectors.readers  # noqa: F401
        import expectations.runner  # noqa: F401
    except ImportError as exc:  # reported when an upload needs it
        log.warning("validation modules not importable yet: %s", exc)


#: Seconds between a worker's looks at whether its parent (the service) is still there.
ORPHAN_CHECK_SECONDS = 0.5
#: Seconds a fresh process may take to start and import GX before the document's clock starts.
START_TIMEOUT = 300.0
#: Seconds past the limit after which a worker that has not answered is taken to be stuck in a C
#: library (its own timer could not interrupt it) and the pool is killed.  Includes the time the
#: document may wait for a worker that is still starting.
STUCK_GRACE = 60.0
#: Documents handed to the pool at once, per worker: one running and one waiting, so a worker
#: never idles between documents, and a document waits for at most one other before it starts.
IN_POOL_PER_WORKER = 2


def _exit_when_orphaned(parent: int) -> None:
    """Leave as soon as the parent is gone (the child is then re-parented, ``getppid`` changes).

    A thread polling ``getppid`` rather than ``prctl(PR_SET_PDEATHSIG)``: the kernel sends that
    signal when the *thread* that started the child ends, and a pool may be started from a thread
    that ends long before the service does."""
    while True:
        if os.getppid() != parent:
            os._exit(1)
        time.sleep(ORPHAN_CHECK_SECONDS)


def worker_init(parent: int) -> None:
    """Pool initializer: die with the service, then warm up."""
    threading.Thread(target=_exit_when_orphaned, args=(parent,), name="orphan-watch", daemon=True).start()
    warm_up()


def _noop() -> int:
    return 0


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    """Kill a pool's worker processes (the only way to stop a document that runs too long).
    ``_processes`` is the executor's own table of them; Python 3.14 adds ``kill_workers()``."""
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            proc.kill()
        except (OSError, ValueError):
            pass  # already gone


def _too_slow(checked: Checked) -> bool:
    from connectors.readers.limits import ENV_VARS

    return ENV_VARS["max_seconds"] in str(checked.report.error or "")


def how_it_died(exitcode: int | None) -> str:
    """A process's end in words: ``信号 SIGABRT`` (killed by a signal), ``退出码 3``."""
    if exitcode is None:
        return "原因不明"
    if exitcode < 0:
        try:
            return f"信号 {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"信号 {-exitcode}"
    return f"退出码 {exitcode}"


class Checker:
    """Runs :func:`check_bytes` in ``workers`` processes (or, for 0, in a thread, serialised).

    With processes: at most ``IN_POOL_PER_WORKER × workers`` documents are handed to the pool at
    once (the workers never wait for work, and a document waits behind at most one other), each
    under the time limit; a broken pool is replaced and its documents are run again alone (module
    docstring)."""

    def __init__(self, workers: int = 2, data_docs: bool = False) -> None:
        self.workers = max(0, workers)
        self.data_docs = data_docs
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._slots: asyncio.Semaphore | None = None
        self._alone: asyncio.Semaphore | None = None
        self.isolated: list[tuple[str, str]] = []  # (source, outcome) of every run alone: for logs and tests
        if self.workers:
            self._pool = self._new_pool()
        else:
            warm_up()

    def _new_pool(self, workers: int | None = None) -> ProcessPoolExecutor:
        # spawn, not fork: the service process runs Prefect's threads and an event loop.
        return ProcessPoolExecutor(workers or self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=worker_init, initargs=(os.getpid(),))

    def start(self) -> None:
        """Start every worker now (they warm up in parallel with whatever else is starting)."""
        if self._pool:
            for _ in range(self.workers):
                self._pool.submit(_noop)

    def _semaphores(self) -> tuple[asyncio.Semaphore, asyncio.Semaphore]:
        """This event loop's semaphores: pool slots, and the one run alone at a time."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop or self._slots is None or self._alone is None:
            self._loop = loop
            self._slots = asyncio.Semaphore(self.workers * IN_POOL_PER_WORKER)
            self._alone = asyncio.Semaphore(1)
        return self._slots, self._alone

    def _locked_check(self, data: bytes, source: str) -> Checked:
        with self._lock:
            return check_bytes(data, source, self.data_docs)

    async def check(self, data: bytes, source: str) -> Checked:
        if self._pool is None:
            return await asyncio.to_thread(self._locked_check, data, source)
        from connectors.readers import limits

        seconds = limits.current().max_seconds
        slots, _ = self._semaphores()
        loop = asyncio.get_running_loop()
        async with slots:
            pool = self._pool
            try:
                # its own limit, plus one document it may wait behind, plus the grace
                return await asyncio.wait_for(
                    loop.run_in_executor(pool, check_bytes, data, source, self.data_docs, seconds),
                    IN_POOL_PER_WORKER * seconds + STUCK_GRACE)
            except TimeoutError:
                log.error("%s: no answer %g s after its %g s limit; stopping the workers (what was in "
                          "them is run again, each document alone)", source, STUCK_GRACE, seconds)
                self._replace(pool, kill=True)
            except BrokenProcessPool:
                log.error("a validation worker died while checking %s; replacing the pool and running each "
                          "document that was in it again, alone", source)
                self._replace(pool)
        return await self._check_alone(data, source, seconds)

    def _replace(self, pool: ProcessPoolExecutor, kill: bool = False) -> None:
        """Put a fresh pool in place of ``pool`` (once, whoever notices first) and end the old one."""
        if self._pool is pool:
            self._pool = self._new_pool()
            self._pool.submit(_noop)  # start the new workers now
        if kill:
            _kill_workers(pool)
        pool.shutdown(wait=False, cancel_futures=True)

    async def _check_alone(self, data: bytes, source: str, seconds: float) -> Checked:
        """Run one document alone in a fresh process: a death or a timeout now is its own doing."""
        from disclosure import errors

        _, alone = self._semaphores()
        loop = asyncio.get_running_loop()
        async with alone:
            pool = self._new_pool(1)
            try:
                # start the process and import GX before the document's clock starts
                await asyncio.wait_for(loop.run_in_executor(pool, _noop), START_TIMEOUT)
                [proc] = list(getattr(pool, "_processes", {}).values()) or [None]
                try:
                    checked = await asyncio.wait_for(
                        loop.run_in_executor(pool, check_bytes, data, source, self.data_docs, seconds),
                        seconds + STUCK_GRACE)
                except TimeoutError:
                    log.error("%s: stuck alone too, past its %g s limit: reported unreadable", source, seconds)
                    self.isolated.append((source, "too_slow"))
                    from connectors.readers import limits

                    return Checked(None, Report.unreadable(source, limits.too_slow_error().message))
                except BrokenProcessPool:
                    if proc is not None:
                        await asyncio.to_thread(proc.join, 5)
                    how = how_it_died(proc.exitcode if proc is not None else None)
                    log.error("%s: the reader died again when run alone (%s): reported unreadable", source, how)
                    self.isolated.append((source, "died"))
                    return Checked(None, Report.unreadable(source, errors.reader_died(how).message))
                self.isolated.append((source, "ok" if checked.doc is not None or not _too_slow(checked) else "too_slow"))
                log.info("%s: checked alone after the pool failed: %s", source, self.isolated[-1][1])
                return checked
            finally:
                _kill_workers(pool)
                pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        if self._pool:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
