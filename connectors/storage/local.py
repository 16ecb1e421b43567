"""A local folder used as a bucket: the embedded default and the demo's store.

Keys map to files under ``root``.  Writes go to a temporary file in the same folder and are
renamed into place with ``os.replace``, so a reader (or a crash) never sees half an object.
The ETag is the MD5 of the content, as S3 computes it for single-part uploads, so a replaced file
with the same bytes keeps its ETag and is not validated twice.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from .base import ObjectInfo
from .errors import ObjectMissing, StorageError

_TMP_PREFIX = ".tmp-"


class LocalStorage:
    """Storage backed by a folder; safe to share between threads of one process."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root).resolve()
        self.url = self.root.as_uri()
        # (path, mtime_ns, size) -> md5: listing a large folder must not re-hash unchanged files
        self._md5_cache: dict[tuple[str, int, int], str] = {}
        self._lock = threading.Lock()

    def _path(self, key: str) -> Path:
        if not key or key.startswith("/") or ".." in key.split("/"):
            raise StorageError(f"invalid key: {key!r}")
        return self.root / key

    def _info(self, key: str, path: Path, data: bytes | None = None) -> ObjectInfo:
        st = path.stat()
        cache_key = (str(path), st.st_mtime_ns, st.st_size)
        with self._lock:
            etag = self._md5_cache.get(cache_key)
        if etag is None:
            etag = hashlib.md5(data if data is not None else path.read_bytes()).hexdigest()
            with self._lock:
                self._md5_cache[cache_key] = etag
        return ObjectInfo(key=key, etag=etag, size=st.st_size, last_modified=st.st_mtime)

    def get(self, key: str) -> tuple[bytes, ObjectInfo]:
        path = self._path(key)
        try:
            data = path.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
            raise ObjectMissing(key) from exc
        except OSError as exc:
            raise StorageError(f"cannot read {key}: {exc}") from exc
        return data, self._info(key, path, data)

    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> ObjectInfo:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=_TMP_PREFIX, dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise StorageError(f"cannot write {key}: {exc}") from exc
        return self._info(key, path, data)

    def head(self, key: str) -> ObjectInfo | None:
        path = self._path(key)
        if not path.is_file():
            return None
        try:
            return self._info(key, path)
        except FileNotFoundError:
            return None

    def list(self, prefix: str) -> Iterator[ObjectInfo]:
        """In key order, as S3 lists."""
        # Walk only the folder the prefix names, then filter by the full prefix.
        folder = self.root / prefix.rsplit("/", 1)[0] if "/" in prefix else self.root
        if not folder.is_dir():
            return
        found: list[tuple[str, Path]] = []
        for dirpath, _dirnames, filenames in os.walk(folder):
            for name in filenames:
                if name.startswith(_TMP_PREFIX):
                    continue
                path = Path(dirpath) / name
                key = path.relative_to(self.root).as_posix()
                if key.startswith(prefix):
                    found.append((key, path))
        for key, path in sorted(found):
            try:
                yield self._info(key, path)
            except FileNotFoundError:  # deleted while listing
                continue

    def delete(self, key: str) -> None:
        try:
            self._path(key).unlink(missing_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot delete {key}: {exc}") from exc

    def __repr__(self) -> str:
        return f"LocalStorage({str(self.root)!r})"
