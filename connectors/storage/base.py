"""The one storage interface every backend implements (local folder, S3-compatible).

Flows and publishers only see this protocol; which backend they hold is decided once, from the
URI, by ``connectors.storage.open_storage``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class ObjectInfo:
    """What a listing or a head request tells about one stored object."""

    key: str
    etag: str
    size: int
    version_id: str | None = None
    last_modified: float | None = None  # epoch seconds


class Storage(Protocol):
    """Keys are bucket-relative, '/'-separated (``incoming/2022/316.pdf``)."""

    #: Human-readable location, e.g. ``s3://bucket`` or ``/abs/path``; used in reports and links.
    url: str

    def get(self, key: str, max_bytes: int | None = None) -> tuple[bytes, ObjectInfo]:
        """Object bytes and the version (ETag / version id) that was read; ``ObjectTooLarge``,
        without downloading it, when the object is larger than ``max_bytes``."""
        ...

    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> ObjectInfo:
        """Write atomically: readers see the old object or the whole new one, never half."""
        ...

    def put_once(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> ObjectInfo:
        """As ``put``, in one request: a failure may mean written or not (the answer was lost), and
        the caller looks before writing again.  For objects that must be written once (reports)."""
        ...

    def put_new(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> ObjectInfo:
        """Write only if ``key`` does not exist (S3 ``If-None-Match: *``), atomically: of two writers
        one wins, the other gets ``PreconditionFailed``.  A failure may mean written or not (a lost
        answer): the caller reads the object to know, so bodies should say who wrote them."""
        ...

    def put_replacing(self, key: str, data: bytes, etag: str,
                      content_type: str = "application/octet-stream") -> ObjectInfo:
        """Replace ``key`` only if it is still the version ``etag`` (S3 ``If-Match``), atomically;
        ``PreconditionFailed`` otherwise (replaced or deleted meanwhile)."""
        ...

    def head(self, key: str) -> ObjectInfo | None:
        """Metadata, or ``None`` when the key does not exist."""
        ...

    def list(self, prefix: str) -> Iterator[ObjectInfo]:
        """Every object under ``prefix`` (recursively)."""
        ...

    def delete(self, key: str) -> None:
        ...


def url_for(storage: Storage, key: str) -> str:
    """Where a key can be fetched from again: ``s3://bucket/key`` or ``file:///abs/key``.

    A free function (not a protocol method) so that any object with ``url`` works."""
    base = storage.url.rstrip("/")
    if base.startswith(("s3://", "file://")):
        return f"{base}/{key}"
    return f"file://{base}/{key}"
