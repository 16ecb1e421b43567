"""The durable record of which version of each upload has a stored report.

Why a ledger: S3 delivers notifications at least once, and polling sees every object on every
pass; both must turn "seen again" into "nothing to do" cheaply and across restarts.  One SQLite
file (WAL, one row per upload key) answers "is (key, ETag) done?" without reading any report.
A row is written only *after* the report is stored, so a crash in between means the version is
validated again (the report's own ``source_version`` then shows it is the same, see
``connectors.publish.reports``), never that it is skipped.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

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
"""

WITHDRAWN = "withdrawn"
GAVE_UP = "error"  # checking crashed MAX_CRASHES times on this version: no report, not retried
MAX_CRASHES = 3


@dataclass(frozen=True)
class Entry:
    key: str
    etag: str
    status: str  # passed / failed / unreadable, or withdrawn after the upload was deleted
    updated_at: float


class Ledger:
    """Thread-safe; one connection guarded by a lock (writes are tiny)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=30, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def get(self, key: str) -> Entry | None:
        with self._lock:
            row = self._db.execute(
                "SELECT key, etag, status, updated_at FROM uploads WHERE key = ?", (key,)
            ).fetchone()
        return Entry(*row) if row else None

    def is_done(self, key: str, etag: str | None) -> bool:
        """True when this exact version already has its report stored."""
        entry = self.get(key)
        return entry is not None and etag is not None and entry.etag == etag and entry.status != WITHDRAWN

    def record(self, key: str, etag: str, status: str) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO uploads (key, etag, status, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET etag = excluded.etag, status = excluded.status, "
                "updated_at = excluded.updated_at",
                (key, etag, status, time.time()),
            )

    def note_crash(self, key: str, etag: str) -> int:
        """Count a crash of the checking code on this version; after ``MAX_CRASHES`` the version is
        recorded as given up (a new upload of the file is tried again).  Returns the count."""
        with self._lock:
            self._db.execute(
                "INSERT INTO crashes (key, etag, attempts) VALUES (?, ?, 1) "
                "ON CONFLICT(key, etag) DO UPDATE SET attempts = attempts + 1", (key, etag))
            (attempts,) = self._db.execute(
                "SELECT attempts FROM crashes WHERE key = ? AND etag = ?", (key, etag)).fetchone()
        if attempts >= MAX_CRASHES:
            self.record(key, etag, GAVE_UP)
        return attempts

    def mark_withdrawn(self, key: str) -> None:
        with self._lock:
            self._db.execute(
                "UPDATE uploads SET status = ?, updated_at = ? WHERE key = ?", (WITHDRAWN, time.time(), key)
            )

    def active(self) -> dict[str, str]:
        """key → ETag of every upload whose report is current (not withdrawn)."""
        with self._lock:
            rows = self._db.execute("SELECT key, etag FROM uploads WHERE status != ?", (WITHDRAWN,)).fetchall()
        return dict(rows)

    def entries(self) -> list[Entry]:
        with self._lock:
            rows = self._db.execute("SELECT key, etag, status, updated_at FROM uploads ORDER BY key").fetchall()
        return [Entry(*r) for r in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()
