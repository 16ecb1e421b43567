"""A local folder used as a bucket: the embedded default and the demo's store.

Keys map to files under ``root``.  Writes go to a temporary file in the same folder and are
renamed into place with ``os.replace``, so a reader (or a crash) never sees half an object.
The ETag is the MD5 of the content, as S3 computes it for single-part uploads, so a replaced file
with the same bytes keeps its ETag and is not validated twice.

A file whose name is not UTF-8 (GBK bytes from a zip made on Chinese Windows) is not listed:
no report, ledger row or key can hold its name; the log says so once, with the name read as GBK.

Only regular files are objects.  A folder someone else fills can hold anything: a FIFO (reading
it blocks forever), a symbolic link to ``/dev/zero`` (reading it never ends), a socket.  Listing
skips those and logs why (once per path); reading opens without following a link and without
blocking, and refuses what is not a regular file.  Files are hashed and read in bounded chunks.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import logging
import os
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from .base import ObjectInfo
from .errors import ObjectMissing, ObjectTooLarge, PreconditionFailed, StorageError
from .filenames import is_utf8, not_utf8_sentence, printable

log = logging.getLogger(__name__)

_TMP_PREFIX = ".tmp-"
#: The lock file of a folder's conditional replacements (hidden: never listed as an upload).
_LOCK_NAME = ".tmp-lock"
_CHUNK = 1 << 20
_KINDS = {stat.S_IFIFO: "命名管道（FIFO）", stat.S_IFSOCK: "套接字", stat.S_IFCHR: "字符设备",
          stat.S_IFBLK: "块设备", stat.S_IFDIR: "文件夹", stat.S_IFLNK: "符号链接"}


def not_regular(mode: int) -> str | None:
    """Why a file of this ``st_mode`` is not an object (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    return _KINDS.get(stat.S_IFMT(mode), "特殊文件")


def open_regular(path: Path) -> tuple[int, os.stat_result]:
    """An fd and its stat for ``path`` if it is a regular file (a link is not followed, a FIFO does
    not block); raises ``FileNotFoundError`` for what is missing, ``IsADirectoryError`` or
    ``NotARegularFile`` for the rest."""
    why = not_regular(os.lstat(path).st_mode)  # a socket cannot even be opened: say what it is
    if why is not None:
        raise NotARegularFile(path, why)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # replaced by a link since the look above
            raise NotARegularFile(path, "符号链接") from exc
        raise
    st = os.fstat(fd)
    why = not_regular(st.st_mode)
    if why is not None:
        os.close(fd)
        raise NotARegularFile(path, why)
    return fd, st


class NotARegularFile(OSError):
    """A path that holds something other than a regular file (FIFO, link, device, socket)."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"{path} 是{kind}，不是普通文件")
        self.kind = kind


def _read_fd(fd: int, limit: int | None = None) -> bytes:
    """All of an open file, in chunks (at most ``limit + 1`` bytes when a limit is given)."""
    parts = []
    got = 0
    with os.fdopen(fd, "rb", closefd=True) as fh:
        while limit is None or got <= limit:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            parts.append(chunk)
            got += len(chunk)
    return b"".join(parts)


def _md5_fd(fd: int) -> str:
    digest = hashlib.md5()
    with os.fdopen(fd, "rb", closefd=True) as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


class LocalStorage:
    """Storage backed by a folder; safe to share between threads of one process."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root).resolve()
        self.url = self.root.as_uri()
        # (path, mtime_ns, size) -> md5: listing a large folder must not re-hash unchanged files
        self._md5_cache: dict[tuple[str, int, int], str] = {}
        self._lock = threading.Lock()
        self._skipped: set[str] = set()  # paths already logged as not regular files

    def _path(self, key: str) -> Path:
        if not key or key.startswith("/") or ".." in key.split("/"):
            raise StorageError(f"invalid key: {key!r}")
        return self.root / key

    def _info(self, key: str, path: Path, data: bytes | None = None, st: os.stat_result | None = None) -> ObjectInfo:
        if st is None:  # one lstat, as cheap as listing was before; a file is opened only to hash it
            st = os.lstat(path)
            why = not_regular(st.st_mode)
            if why is not None:
                raise NotARegularFile(path, why)
        cache_key = (str(path), st.st_mtime_ns, st.st_size)
        with self._lock:
            etag = self._md5_cache.get(cache_key)
        if etag is None:
            if data is not None:
                etag = hashlib.md5(data).hexdigest()
            else:
                fd, _ = open_regular(path)
                etag = _md5_fd(fd)
            with self._lock:
                self._md5_cache[cache_key] = etag
        return ObjectInfo(key=key, etag=etag, size=st.st_size, last_modified=st.st_mtime)

    def get(self, key: str, max_bytes: int | None = None) -> tuple[bytes, ObjectInfo]:
        """The bytes and version of a regular file; ``ObjectTooLarge`` (without reading it) when it is
        larger than ``max_bytes``."""
        path = self._path(key)
        try:
            fd, st = open_regular(path)
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
            raise ObjectMissing(key) from exc
        except NotARegularFile as exc:
            raise ObjectMissing(key, f"not a regular file ({exc.kind})") from exc
        except OSError as exc:
            raise StorageError(f"cannot read {key}: {exc}") from exc
        if max_bytes is not None and st.st_size > max_bytes:
            os.close(fd)
            raise ObjectTooLarge(self._info(key, path, st=st), max_bytes)
        try:
            data = _read_fd(fd)
        except OSError as exc:
            raise StorageError(f"cannot read {key}: {exc}") from exc
        return data, self._info(key, path, data, st=st)

    def put_once(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> ObjectInfo:
        """As :meth:`put`: a local write either happened or raised, never both."""
        return self.put(key, data, content_type)

    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> ObjectInfo:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self._temp_copy(path, data)
            try:
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise StorageError(f"cannot write {key}: {exc}") from exc
        return self._info(key, path, data)

    def put_new(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> ObjectInfo:
        """Written whole to a temporary file, then linked into place: ``link`` fails when the name
        exists, so of two writers (threads or processes) exactly one wins."""
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self._temp_copy(path, data)
            try:
                os.link(tmp, path)
            except FileExistsError as exc:
                raise PreconditionFailed(key, "If-None-Match") from exc
            finally:
                Path(tmp).unlink(missing_ok=True)
        except PreconditionFailed:
            raise
        except OSError as exc:
            raise StorageError(f"cannot write {key}: {exc}") from exc
        return self._info(key, path, data)

    def put_replacing(self, key: str, data: bytes, etag: str,
                      content_type: str = "application/octet-stream") -> ObjectInfo:
        """Compare and replace under an exclusive lock on the folder's lock file (``flock``: it
        excludes other processes and other threads alike)."""
        path = self._path(key)
        try:
            fd = os.open(path.parent / _LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
        except FileNotFoundError as exc:
            raise PreconditionFailed(key, "If-Match") from exc
        except OSError as exc:
            raise StorageError(f"cannot write {key}: {exc}") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            current = self.head(key)
            if current is None or current.etag != etag:
                raise PreconditionFailed(key, "If-Match")
            return self.put(key, data, content_type)
        finally:
            os.close(fd)

    def _temp_copy(self, path: Path, data: bytes) -> str:
        fd, tmp = tempfile.mkstemp(prefix=_TMP_PREFIX, dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return tmp

    def head(self, key: str) -> ObjectInfo | None:
        path = self._path(key)
        try:
            return self._info(key, path)
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError, NotARegularFile):
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
            if not is_utf8(key):  # GBK bytes left by a zip from Chinese Windows: no key can hold it
                self._skip(key, "its name is not UTF-8: " + not_utf8_sentence(key))
                continue
            try:
                yield self._info(key, path)
            except FileNotFoundError:  # deleted while listing
                continue
            except NotARegularFile as exc:
                self._skip(key, f"是{exc.kind}，不是普通文件")
            except OSError as exc:  # unreadable (permissions): say so, keep listing the rest
                self._skip(key, f"无法读取（{exc.strerror or exc}）")

    def _skip(self, key: str, why: str) -> None:
        """Log once per path why it is not treated as an upload."""
        with self._lock:
            if key in self._skipped:
                return
            self._skipped.add(key)
        log.warning("skipping %s: %s", printable(key), why)

    def delete(self, key: str) -> None:
        try:
            self._path(key).unlink(missing_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot delete {key}: {exc}") from exc

    def __repr__(self) -> str:
        return f"LocalStorage({str(self.root)!r})"
