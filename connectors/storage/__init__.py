"""Object storage: one interface, a local-folder backend (the embedded default) and S3 (boto3).

``open_storage(uri)`` decides the backend once from the URI; everything after that sees only
the :class:`~connectors.storage.base.Storage` protocol.

URIs:

* ``s3://bucket/prefix/`` → the bucket, and ``prefix/`` (endpoint from ``endpoint_url`` or
  ``AWS_ENDPOINT_URL``);
* ``file:///abs/folder`` or a plain path → the folder as a bucket, prefix ``""``.  A folder named
  ``incoming`` is read as the watched prefix of its parent (``var/demo/bucket/incoming`` →
  the store ``var/demo/bucket``, prefix ``incoming/``), so results and review pages land beside
  it, not inside it.  A path to a file gives its folder and the file name as the prefix.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from disclosure.vocabulary import INCOMING

from .base import ObjectInfo, Storage, url_for
from .errors import ObjectMissing, ObjectTooLarge, PreconditionFailed, StorageError
from .local import LocalStorage, NotARegularFile, open_regular
from .prefixed import PrefixedStorage

__all__ = [
    "LocalStorage",
    "ObjectInfo",
    "NotARegularFile",
    "ObjectMissing",
    "ObjectTooLarge",
    "PreconditionFailed",
    "PrefixedStorage",
    "Storage",
    "StorageError",
    "fetch_uri",
    "open_storage",
    "split_s3_uri",
    "url_for",
]


def split_s3_uri(uri: str) -> tuple[str, str]:
    """``s3://bucket/some/key`` → (``bucket``, ``some/key``)."""
    parsed = urlparse(uri)
    if parsed.scheme != "s3" or not parsed.netloc:
        raise ValueError(f"not an s3:// URI: {uri}")
    return parsed.netloc, unquote(parsed.path.lstrip("/"))


def _local_path(uri: str) -> Path:
    if uri.startswith("file://"):
        return Path(unquote(urlparse(uri).path))
    return Path(uri).expanduser()


def open_storage(uri: str, endpoint_url: str | None = None) -> tuple[Storage, str]:
    """The store a URI names and the key prefix inside it (see the module docstring)."""
    if uri.startswith("s3://"):
        from .s3 import S3Storage

        bucket, prefix = split_s3_uri(uri)
        return S3Storage(bucket, endpoint_url=endpoint_url), prefix
    path = _local_path(uri).resolve()
    if path.is_file():
        return LocalStorage(path.parent), path.name
    if path.name == INCOMING.rstrip("/"):
        return LocalStorage(path.parent), INCOMING
    return LocalStorage(path), ""


def fetch_uri(uri: str, endpoint_url: str | None = None, max_bytes: int | None = None) -> bytes:
    """Bytes of the object a SOURCE argument names (local path, ``file://`` or ``s3://`` URI).

    Raises ``FileNotFoundError`` (``ObjectMissing`` is one) when there is no such object,
    ``NotARegularFile`` for a FIFO, a device or a directory (a link to a regular file is
    followed: the caller named it), and ``ObjectTooLarge``, without reading it, over ``max_bytes``."""
    if uri.startswith("s3://"):
        from .s3 import S3Storage

        bucket, key = split_s3_uri(uri)
        data, _ = S3Storage(bucket, endpoint_url=endpoint_url).get(key, max_bytes=max_bytes)
        return data
    path = _local_path(uri)
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a directory")
    fd, st = open_regular(path.resolve())
    if max_bytes is not None and st.st_size > max_bytes:
        os.close(fd)
        raise ObjectTooLarge(ObjectInfo(key=str(path), etag="", size=st.st_size), max_bytes)
    with os.fdopen(fd, "rb") as fh:
        return fh.read()
