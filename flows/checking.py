"""Read and validate one upload's bytes: the CPU-heavy step, run in a pool of worker processes.

Why processes: reading a PDF and running the GX suites is pure Python CPU work, so threads in
the service process would share one core; a small process pool uses the machine.  Each worker
imports GX and builds its context once (``warm_up`` is the pool initializer), never per upload.
With ``workers=0`` the check runs in a thread of the service process, one at a time (the GX
context is not shared between threads).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import shutil
import tempfile
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


class Checked:
    """What the check produced: the document (None when unreadable), the report, and the folder
    holding this validation's GX Data Docs (None when not built); the caller removes that folder.

    A plain class, not a dataclass, so Prefect does not walk the whole document when it is a
    task argument."""

    __slots__ = ("doc", "report", "data_docs_dir")

    def __init__(self, doc: Any, report: dict[str, Any], data_docs_dir: str | None = None) -> None:
        self.doc = doc
        self.report = report
        self.data_docs_dir = data_docs_dir


def check_bytes(data: bytes, source: str, data_docs: bool = False) -> Checked:
    """Read ``data`` and run every rule suite; an unreadable upload gets the unreadable report."""
    from connectors.readers import read_document
    from disclosure.errors import UnreadableDocument
    from expectations.report import unreadable_report

    try:
        doc = read_document(data, source)
    except UnreadableDocument as exc:
        return Checked(None, unreadable_report(source, exc.message))
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


def _noop() -> int:
    return 0


class Checker:
    """Runs :func:`check_bytes` in ``workers`` processes (or, for 0, in a thread, serialised)."""

    def __init__(self, workers: int = 2, data_docs: bool = False) -> None:
        self.workers = max(0, workers)
        self.data_docs = data_docs
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        if self.workers:
            self._pool = self._new_pool()
        else:
            warm_up()

    def _new_pool(self) -> ProcessPoolExecutor:
        # spawn, not fork: the service process runs Prefect's threads and an event loop.
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=warm_up)

    def start(self) -> None:
        """Start every worker now (they warm up in parallel with whatever else is starting)."""
        if self._pool:
            for _ in range(self.workers):
                self._pool.submit(_noop)

    def _locked_check(self, data: bytes, source: str) -> Checked:
        with self._lock:
            return check_bytes(data, source, self.data_docs)

    async def check(self, data: bytes, source: str) -> Checked:
        if self._pool is None:
            return await asyncio.to_thread(self._locked_check, data, source)
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._pool, check_bytes, data, source, self.data_docs)
        except BrokenProcessPool:
            # a worker died (out of memory on a huge file?): replace the pool, fail this upload
            # (it is retried on the next pass, not lost)
            log.error("a validation worker died while checking %s; restarting the pool", source)
            self._pool = self._new_pool()
            raise

    def close(self) -> None:
        if self._pool:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
