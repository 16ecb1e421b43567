"""Reports in storage: ``incoming/<path>/<name>.<ext>`` → ``results/<path>/<name>.<ext>.json``.

The report's name keeps the upload's extension, so ``x.pdf`` and ``x.txt`` have a report each (an
earlier version wrote ``results/<path>/<name>.json`` for both, and deleting one withdrew the
other's report).  Reports written the old way are **migrated** when they are first needed: read
from the old name only when the new one is missing and only when the old report says it is about
this very upload (its ``source_version.key``), copied to the new name, and marked at the old name
with ``moved`` (where it went, when); nothing is deleted (the service has no right to delete a
report, see infra/iam-policy.json).  A name too long for a file system (255 bytes) is shortened,
keeping its start and extension, with a hash of the whole upload key so two never meet; so is the
name of a key whose folders a file system would fold together (``incoming//x.txt`` beside
``incoming/x.txt``: :func:`derived_key`).

Each report carries ``source_version`` (the upload's key, ETag and version id that were
validated).  That makes storing idempotent: a re-delivered notification for the same version
finds its report already there and writes nothing; a new version replaces it.  A storage ``put``
is atomic on both backends, so a reader never sees half a report.

A deleted upload's report is **withdrawn**, not removed: it stays, with a ``withdrawn`` object
(when, why) added, so the bureau keeps the record of what was checked.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from decimal import Decimal
from typing import Any

from connectors.storage.base import ObjectInfo, Storage
from connectors.storage.errors import ObjectMissing
from disclosure.model import dumps_exact
from disclosure.vocabulary import INCOMING, RESULTS

log = logging.getLogger(__name__)

JSON_TYPE = "application/json; charset=utf-8"
REPORT_SUFFIX = ".json"
#: Bytes a file name may have on the file systems a local store lives on (ext4, XFS, APFS).
NAME_MAX = 255
#: Hex digits of the upload key's hash in a shortened report name.
NAME_HASH_CHARS = 16
#: The longest extension kept in a shortened name (``.xlsx``); anything longer is part of the stem.
EXTENSION_MAX = 8


def _split_upload_key(upload_key: str) -> tuple[str, str]:
    """(folder with trailing slash or "", file name) below ``incoming/``."""
    rel = upload_key[len(INCOMING):] if upload_key.startswith(INCOMING) else upload_key
    folder, _, name = rel.rpartition("/")
    return (folder + "/" if folder else ""), name


def report_key(upload_key: str) -> str:
    """Where the report of an upload lives: its name with ``.json`` added (the extension kept)."""
    rel = upload_key[len(INCOMING):] if upload_key.startswith(INCOMING) else upload_key
    return RESULTS + derived_key(rel, upload_key, REPORT_SUFFIX)


def derived_key(path: str, upload_key: str, suffix: str) -> str:
    """``path`` (an upload's key, or its part below ``incoming/``) + ``suffix`` as the key of an
    object derived from the upload (its report, its read tables), one per upload key, that fits a
    file system too.

    Two keys S3 keeps apart can name one file: ``incoming//x.txt`` and ``incoming/x.txt`` (an empty
    folder, also ``.`` and ``..`` folders, vanish in a path); a name may be longer than a file system
    allows.  Such a key keeps its readable folders and name, with a hash of the whole upload key
    before the extension: ``<start>~<16 hex>.<ext><suffix>`` (:func:`fitting_name`).  So each key
    has its own object, always the same one, and no two overwrite each other."""
    *folders, name = path.split("/")
    regular = [f for f in folders if f not in ("", ".", "..")]
    folder = "".join(f + "/" for f in regular)
    return folder + fitting_name(name, upload_key, suffix, hashed=len(regular) != len(folders) or not name)


def fitting_name(name: str, upload_key: str, suffix: str = REPORT_SUFFIX, hashed: bool = False) -> str:
    """``name + suffix``, or, when that is longer than ``NAME_MAX`` bytes (or ``hashed`` is asked
    for), the name's start, a hash of the upload key, and the extension: ``<start>~<hash>.pdf.json``."""
    full = name + suffix
    if len(full.encode("utf-8")) <= NAME_MAX and not hashed:
        return full
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext) > EXTENSION_MAX:
        stem, ext = name, ""
    digest = hashlib.sha1(upload_key.encode("utf-8", "surrogateescape")).hexdigest()[:NAME_HASH_CHARS]
    tail = f"~{digest}{'.' + ext if ext else ''}{suffix}"
    budget = NAME_MAX - len(tail.encode("utf-8"))
    start = stem.encode("utf-8")[:budget].decode("utf-8", "ignore")  # never half a character
    return start + tail


def legacy_report_key(upload_key: str) -> str:
    """Where versions before the extension was kept wrote the report (extension replaced by ``.json``)."""
    folder, name = _split_upload_key(upload_key)
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    return f"{RESULTS}{folder}{stem}{REPORT_SUFFIX}"


def with_source_version(report: dict[str, Any], info: ObjectInfo, validated_at: float | None = None) -> dict:
    """The report plus which exact upload version it judges (added key; the contract allows it)."""
    out = dict(report)
    out["source_version"] = {
        "key": info.key,
        "etag": info.etag,
        "version_id": info.version_id,
        "size": info.size,
        "validated_at": _iso(validated_at or time.time()),
    }
    return out


def write_report(storage: Storage, upload_key: str, report: dict[str, Any]) -> ObjectInfo:
    return storage.put(report_key(upload_key), dumps_exact(report).encode("utf-8"), JSON_TYPE)


def write_report_once(storage: Storage, upload_key: str, report: dict[str, Any]) -> ObjectInfo:
    """One write request (``put_once``): the caller checks what is stored before trying again, so
    that a write whose answer was lost is not made twice."""
    return storage.put_once(report_key(upload_key), dumps_exact(report).encode("utf-8"), JSON_TYPE)


def read_report(storage: Storage, upload_key: str) -> dict[str, Any] | None:
    """The stored report of an upload (migrated from the old name if it is still there)."""
    return read_report_info(storage, upload_key)[0]


#: Stores (by ``url``) whose reports under the old names have all been moved (by a reconciliation
#: in this process): looking for an old name there would only cost a request per new upload.
_MIGRATED: set[str] = set()


def mark_migrated(storage: Storage) -> None:
    """No report under an old name is left in this store (see :data:`_MIGRATED`)."""
    _MIGRATED.add(storage.url)


def read_report_info(storage: Storage, upload_key: str) -> tuple[dict[str, Any] | None, ObjectInfo | None]:
    """The stored report and the version of the report object (its ETag is what the ledger keeps)."""
    found = _load(storage, report_key(upload_key))
    if found[0] is not None or storage.url in _MIGRATED:
        return found
    return migrate_report(storage, upload_key)


def _load(storage: Storage, key: str) -> tuple[dict[str, Any] | None, ObjectInfo | None]:
    try:
        data, info = storage.get(key)
    except ObjectMissing:
        return None, None
    try:
        report = json.loads(data, parse_float=Decimal)
    except ValueError:
        return None, None  # a foreign or damaged object: treated as no report, replaced on next store
    return (report, info) if isinstance(report, dict) else (None, None)


def is_report_of(report: dict[str, Any], upload_key: str) -> bool:
    """Whether a stored report is about this upload (``source_version.key``; reports older than
    ``source_version`` by their ``source``, which ends with the upload key)."""
    key = (report.get("source_version") or {}).get("key")
    if key:
        return key == upload_key
    source = str(report.get("source") or "")
    return source == upload_key or source.endswith("/" + upload_key)


def migrate_report(storage: Storage, upload_key: str) -> tuple[dict[str, Any] | None, ObjectInfo | None]:
    """Move a report written under the old name to the new one, if it is this upload's (see the
    module docstring); returns it and its new object version, or (None, None)."""
    old, new = legacy_report_key(upload_key), report_key(upload_key)
    if old == new:
        return None, None
    report, _ = _load(storage, old)
    if report is None or report.get("moved") or not is_report_of(report, upload_key):
        return None, None
    info = write_report(storage, upload_key, report)
    marked = dict(report)
    marked["moved"] = {"to": new, "at": _iso(time.time())}
    storage.put(old, dumps_exact(marked).encode("utf-8"), JSON_TYPE)
    log.info("report of %s moved from %s to %s", upload_key, old, new)
    return report, info


def stored_etag(report: dict[str, Any] | None) -> str | None:
    """The upload ETag a stored report was made from (None for none, or a withdrawn one)."""
    if not report or report.get("withdrawn"):
        return None
    return (report.get("source_version") or {}).get("etag")


def withdraw_report(storage: Storage, upload_key: str, now: float | None = None) -> dict | None:
    """Mark the report of a deleted upload withdrawn; returns it, or None if there was none."""
    report = read_report(storage, upload_key)
    if report is None:
        return None
    if not report.get("withdrawn"):
        report["withdrawn"] = {"at": _iso(now or time.time()), "reason": "上传文件已被删除，本报告已撤回。"}
        write_report(storage, upload_key, report)
    return report


def _iso(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))
