"""Upload events for stores that send none (MinIO or OSS without notifications, a local folder).

One pass lists the watched prefix and compares each (key, ETag) with the ledger: new keys and
changed ETags are uploads; ledger keys that are no longer listed are removals.  Because the
ledger is written only after a report is stored, a restart repeats no finished work and loses
none that was in flight.
"""

from __future__ import annotations

from collections.abc import Callable

from connectors.storage.base import Storage

from .ledger import Ledger
from .notifications import UploadEvent


def not_an_upload(key: str) -> str | None:
    """Why a key is not an upload (None when it is one): folder markers, hidden or temporary files
    (``.x.pdf``, ``.~lock``, editors' and uploaders' partial files) and anything in a hidden folder
    (``incoming/.partial/x.txt``: uploaders stage files there before moving them into place).  The
    content decides the format, so any other name is an upload."""
    name = key.rsplit("/", 1)[-1]
    if not name or key.endswith("/"):
        return "a folder marker, not a file"
    folder = hidden_folder(key)
    if folder is not None:
        return (f"in the hidden folder {folder} (a folder whose name starts with a dot: uploaders stage "
                "partial files there); move the file out of it to have it checked")
    if name.startswith("."):
        return ("a hidden or temporary file (its name starts with a dot); rename it without the "
                "leading dot to have it checked")
    return None


def hidden_folder(key: str) -> str | None:
    """The first folder of ``key`` whose name starts with a dot (``incoming/.partial/``), or None."""
    parts = key.split("/")[:-1]
    for i, part in enumerate(parts):
        if part.startswith("."):
            return "/".join(parts[:i + 1]) + "/"
    return None


def is_upload_key(key: str) -> bool:
    return not_an_upload(key) is None


def poll_once(storage: Storage, watched_prefix: str, ledger: Ledger,
              on_skip: Callable[[str, str], None] | None = None) -> list[UploadEvent]:
    """Events for everything that changed under ``watched_prefix`` since the ledger was written;
    ``on_skip(key, why)`` hears of every key that is not an upload (the service logs it once)."""
    done = {k: v for k, v in ledger.active().items() if k.startswith(watched_prefix)}
    events: list[UploadEvent] = []
    listed: set[str] = set()
    for info in storage.list(watched_prefix):
        why = not_an_upload(info.key)
        if why is not None:
            if on_skip is not None:
                on_skip(info.key, why)
            continue
        listed.add(info.key)
        if done.get(info.key) != info.etag:
            events.append(UploadEvent(key=info.key, kind="created", etag=info.etag))
    events.extend(UploadEvent(key=k, kind="removed") for k in sorted(done.keys() - listed))
    return events
