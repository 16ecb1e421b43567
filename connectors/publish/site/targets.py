"""Where the site is written: a local folder (``validate --docs``) or object storage (``docs/``).

Both look the same to the publisher: read a small object, write one with its Content-Type,
delete.  The storage target only uses the shared ``Storage`` protocol, so it works on the local
backend and on S3 alike.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Protocol

from connectors.storage.base import Storage
from connectors.storage.errors import ObjectMissing
from disclosure.vocabulary import DOCS

CONTENT_TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".gif": "image/gif",
    ".ico": "image/x-icon",
    ".otf": "font/otf",
    ".ttf": "font/ttf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}


def content_type(key: str) -> str:
    """The Content-Type a browser needs to render ``key`` (S3 serves what we stored)."""
    return CONTENT_TYPES.get(os.path.splitext(key)[1].lower(), "application/octet-stream")


class SiteTarget(Protocol):
    """Site-relative keys (``pages/x.html``)."""

    def read(self, key: str) -> bytes | None: ...

    def write(self, key: str, data: bytes) -> None: ...

    def delete_prefix(self, prefix: str) -> None: ...

    def list_keys(self, prefix: str) -> list[str]: ...


class FolderTarget:
    """The site as files under ``root``; each write is atomic (temp file + rename)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, key: str) -> Path:
        return self.root.joinpath(*key.split("/"))

    def read(self, key: str) -> bytes | None:
        try:
            return self.path(key).read_bytes()
        except FileNotFoundError:
            return None

    def write(self, key: str, data: bytes) -> None:
        dest = self.path(key)
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, dest)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def list_keys(self, prefix: str) -> list[str]:
        base = self.path(prefix.rstrip("/"))
        if not base.is_dir():
            return []
        return sorted(p.relative_to(self.root).as_posix() for p in base.rglob("*")
                      if p.is_file() and not p.name.startswith(".tmp-"))

    def delete_prefix(self, prefix: str) -> None:
        base = self.path(prefix.rstrip("/"))
        if base.is_file():
            base.unlink()
            return
        for p in sorted(base.rglob("*"), reverse=True) if base.exists() else []:
            p.unlink() if p.is_file() else p.rmdir()
        if base.exists():
            base.rmdir()


class StorageTarget:
    """The site under ``prefix`` (``docs/``) of a :class:`Storage`."""

    def __init__(self, storage: Storage, prefix: str = DOCS) -> None:
        self.storage = storage
        self.prefix = prefix

    def read(self, key: str) -> bytes | None:
        """One GET; a missing object is ``None`` (backends raise ``ObjectMissing``)."""
        try:
            data, _info = self.storage.get(self.prefix + key)
        except (ObjectMissing, FileNotFoundError):
            return None
        return data

    def write(self, key: str, data: bytes) -> None:
        self.storage.put(self.prefix + key, data, content_type(key))

    def list_keys(self, prefix: str) -> list[str]:
        return sorted(info.key[len(self.prefix):] for info in self.storage.list(self.prefix + prefix))

    def delete_prefix(self, prefix: str) -> None:
        for info in list(self.storage.list(self.prefix + prefix)):
            self.storage.delete(info.key)
