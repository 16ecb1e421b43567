"""The durable record of which version of each upload has a stored report.

Why a ledger: S3 delivers notifications at least once, and polling sees every object on every
pass; both must turn "seen again" into "nothing to do" cheaply and across restarts.  One SQLite
file (WAL, one row per upload key) answers "is (key, ETag) done?" without reading any report.
A row is written only *after* the report is stored, so a crash in between means the version is
validated again (the report's own ``source_version`` then shows it is the same, see
``connectors.publish.reports``), never that it is skipped.

The ledger is a cache of the store, never the truth: one ledger belongs to one store (endpoint,
bucket, prefix: ``flows.runtime.default_ledger_path``), and the service reconciles it with the
reports actually stored, on start and periodically (:mod:`connectors.events.reconcile`).  Each
row keeps the ETag of the report object it saw written, so a report that is gone or was replaced
(a new store with the same bucket name, a restored or emptied ``results/``) puts its upload back
to ``pending``: validated again.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from disclosure.report import Status

_SCHEMA = """
CREATE TABLE IF NOT EXISTS uploads (
    key        TEXT PRIMARY KEY,
    etag       TEXT NOT NULL,
    status     TEXT NOT NULL,
    updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS crashes (
    key      TEXT NOT NULL,
    etag     TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    PRIMARY KEY (key, etag)
);
CREATE TABLE IF NOT EXISTS meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

WITHDRAWN = Status.WITHDRAWN.value
GAVE_UP = Status.ERROR.value  # checking crashed MAX_CRASHES times on this version: no report, not retried
#: The report this row vouched for is not in the store (reconciliation): validate the upload again.
PENDING = "pending"
MAX_CRASHES = 3


@dataclass(frozen=True)
class Entry:
    key: str
    etag: str
    status: str  # passed / failed / unreadable, withdrawn after the upload was deleted, pending, error
    updated_at: float
    report_etag: str | None = None  # the report object as written (None: not known, rows of old versions)


class LedgerUnwritable(Exception):
    """The ledger's folder cannot be written (read-only, full, no permission): the service cannot
    go on, and says which folder and what to do (``message``, in Chinese) instead of a traceback."""

    def __init__(self, path: Path, cause: BaseException) -> None:
        self.path = path
        self.cause = cause
        why = _why(cause, path.parent)
        super().__init__(
            f"无法写入状态文件夹 {path.parent}（{why}：{cause}）。服务在这里的 {path.name} 中记录哪些上传已有报告，"
            "不能写入就无法继续，已停止（已写出的报告不受影响）。请确认该文件夹可写、所在磁盘有空余空间"
            "（或用 BUDGETCHECK_STATE_DIR 指定另一个可写的文件夹），然后重新启动服务。")
        self.message = str(self)


def _probe(folder: Path) -> int | None:
    """The errno of writing a small file in ``folder`` (sqlite only says "unable to open")."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=folder, prefix=".probe-")
        try:
            os.write(fd, b"\0" * 4096)
            os.fsync(fd)
        finally:
            os.close(fd)
            os.unlink(name)
    except OSError as exc:
        return exc.errno
    return None


def _why(cause: BaseException, folder: Path) -> str:
    text = str(cause).lower()
    err = getattr(cause, "errno", None) or _probe(folder)
    if err == errno.ENOSPC or "full" in text:
        return "磁盘已满"
    if err == errno.EROFS or "readonly" in text or "read-only" in text:
        return "只读"
    if err in (errno.EACCES, errno.EPERM) or "permission" in text or "not permitted" in text:
        return "没有写入权限"
    return "无法写入"


#: sqlite errors that mean the file or its folder cannot be written (not a passing lock).
_UNWRITABLE = ("readonly", "read-only", "full", "unable to open", "disk i/o", "not permitted", "permission")


@contextmanager
def _writable(path: Path) -> Iterator[None]:
    """Turn "cannot write the ledger" into :class:`LedgerUnwritable`."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        if any(w in str(exc).lower() for w in _UNWRITABLE):
            raise LedgerUnwritable(path, exc) from exc
        raise
    except OSError as exc:
        raise LedgerUnwritable(path, exc) from exc


class Ledger:
    """Thread-safe; one connection guarded by a lock (writes are tiny).  A folder that cannot be
    written (read-only, full) raises :class:`LedgerUnwritable`, on opening or on any write."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        with _writable(self.path):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=30, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            columns = {r[1] for r in self._db.execute("PRAGMA table_info(uploads)")}
            if "report_etag" not in columns:  # a ledger written before reconciliation existed
                self._db.execute("ALTER TABLE uploads ADD COLUMN report_etag TEXT")

    def _sql(self, sql: str, params: tuple = ()) -> sqlite3.Cursor:
        """One statement (the caller holds the lock)."""
        with _writable(self.path):
            return self._db.execute(sql, params)

    _COLUMNS = "key, etag, status, updated_at, report_etag"

    def get(self, key: str) -> Entry | None:
        with self._lock:
            row = self._sql(f"SELECT {self._COLUMNS} FROM uploads WHERE key = ?", (key,)).fetchone()
        return Entry(*row) if row else None

    def is_done(self, key: str, etag: str | None) -> bool:
        """True when this exact version already has its report stored."""
        entry = self.get(key)
        return (entry is not None and etag is not None and entry.etag == etag
                and entry.status not in (WITHDRAWN, PENDING))

    def record(self, key: str, etag: str, status: str, report_etag: str | None = None) -> None:
        with self._lock:
            self._sql(
                "INSERT INTO uploads (key, etag, status, updated_at, report_etag) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET etag = excluded.etag, status = excluded.status, "
                "updated_at = excluded.updated_at, report_etag = excluded.report_etag",
                (key, etag, status, time.time(), report_etag),
            )

    def update_report_etag(self, key: str, report_etag: str, status: str | None = None) -> None:
        """A done upload's report was re-written (its cross-document results changed because a
        neighbour arrived or left): the same upload version, a new report object."""
        with self._lock:
            self._sql("UPDATE uploads SET report_etag = ?, status = COALESCE(?, status), updated_at = ? "
                             "WHERE key = ? AND status NOT IN (?, ?)",
                             (report_etag, status, time.time(), key, PENDING, WITHDRAWN))

    def mark_pending(self, key: str) -> None:
        """The report this row vouched for is not in the store: validate the upload again.  The
        ETag is cleared, so polling sees the upload as changed; the service hands pending rows to
        the flow itself when events come from SQS."""
        with self._lock:
            self._sql("UPDATE uploads SET etag = '', status = ?, updated_at = ?, report_etag = NULL "
                             "WHERE key = ?", (PENDING, time.time(), key))

    def pending(self) -> list[str]:
        with self._lock:
            rows = self._sql("SELECT key FROM uploads WHERE status = ? ORDER BY key", (PENDING,)).fetchall()
        return [r[0] for r in rows]

    def set_meta(self, name: str, value: str) -> None:
        """Facts about the ledger itself (which store it belongs to), for whoever opens the file."""
        with self._lock:
            self._sql("INSERT INTO meta (name, value) VALUES (?, ?) "
                             "ON CONFLICT(name) DO UPDATE SET value = excluded.value", (name, value))

    def meta(self) -> dict[str, str]:
        with self._lock:
            return dict(self._sql("SELECT name, value FROM meta").fetchall())

    def note_crash(self, key: str, etag: str) -> int:
        """Count a crash of the checking code on this version; after ``MAX_CRASHES`` the version is
        recorded as given up (a new upload of the file is tried again).  Returns the count."""
        with self._lock:
            self._sql(
                "INSERT INTO crashes (key, etag, attempts) VALUES (?, ?, 1) "
                "ON CONFLICT(key, etag) DO UPDATE SET attempts = attempts + 1", (key, etag))
            (attempts,) = self._sql(
                "SELECT attempts FROM crashes WHERE key = ? AND etag = ?", (key, etag)).fetchone()
        if attempts >= MAX_CRASHES:
            self.record(key, etag, GAVE_UP)
        return attempts

    def mark_withdrawn(self, key: str) -> None:
        with self._lock:
            self._sql(
                "UPDATE uploads SET status = ?, updated_at = ? WHERE key = ?", (WITHDRAWN, time.time(), key)
            )

    def active(self) -> dict[str, str]:
        """key → ETag of every upload whose report is current (not withdrawn)."""
        with self._lock:
            rows = self._sql("SELECT key, etag FROM uploads WHERE status != ?", (WITHDRAWN,)).fetchall()
        return dict(rows)

    def entries(self) -> list[Entry]:
        with self._lock:
            rows = self._sql(f"SELECT {self._COLUMNS} FROM uploads ORDER BY key").fetchall()
        return [Entry(*r) for r in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()
