"""Upload events for stores that send none (MinIO or OSS without notifications, a local folder).

One pass lists the watched prefix and compares each (key, ETag) with the ledger: new keys and
changed ETags are uploads; ledger keys that are no longer listed are removals.  Because the
ledger is written only after a report is stored, a restart repeats no finished work and loses
none that was in flight.
"""

from __future__ import annotations

from connectors.storage.base import Storage

from .ledger import Ledger
from .notifications import UploadEvent


def is_upload_key(key: str) -> bool:
    """Skip folder markers and hidden/temporary files; the content decides the format."""
    name = key.rsplit("/", 1)[-1]
    return bool(name) and not name.startswith(".") and not key.endswith("/")


def poll_once(storage: Storage, watched_prefix: str, ledger: Ledger) -> list[UploadEvent]:
    """Events for everything that changed under ``watched_prefix`` since the ledger was written."""
    done = {k: v for k, v in ledger.active().items() if k.startswith(watched_prefix)}
    events: list[UploadEvent] = []
    listed: set[str] = set()
    for info in storage.list(watched_prefix):
        if not is_upload_key(info.key):
            continue
        listed.add(info.key)
        if done.get(info.key) != info.etag:
            events.append(UploadEvent(key=info.key, kind="created", etag=info.etag))
    events.extend(UploadEvent(key=k, kind="removed") for k in sorted(done.keys() - listed))
    return events
