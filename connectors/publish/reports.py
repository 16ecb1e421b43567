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

This module is one of the two edges where a report becomes JSON (the other is the CLI's
``--json``): everything else passes :class:`disclosure.report.Report` values around.
"""

from __future__ import annotations

import json
import logging
import time
from decimal import Decimal

from connectors.storage.base import ObjectInfo, Storage
from connectors.storage.errors import ObjectMissing
from connectors.storage.filenames import (  # noqa: F401 - NAME_MAX, fitting_name: re-exported
    NAME_MAX,
    derived_key,
    fitting_name,
)
from disclosure.model import dumps_exact
from disclosure.report import Report
from disclosure.vocabulary import INCOMING, RESULTS

log = logging.getLogger(__name__)

JSON_TYPE = "application/json; charset=utf-8"
REPORT_SUFFIX = ".json"


def _split_upload_key(upload_key: str) -> tuple[str, str]:
    """(folder with trailing slash or "", file name) below ``incoming/``."""
    rel = upload_key[len(INCOMING):] if upload_key.startswith(INCOMING) else upload_key
    folder, _, name = rel.rpartition("/")
    return (folder + "/" if folder else ""), name


def report_key(upload_key: str) -> str:
    """Where the report of an upload lives: its name with ``.json`` added (the extension kept)."""
    rel = upload_key[len(INCOMING):] if upload_key.startswith(INCOMING) else upload_key
    return RESULTS + derived_key(rel, upload_key, REPORT_SUFFIX)


def legacy_report_key(upload_key: str) -> str:
    """Where versions before the extension was kept wrote the report (extension replaced by ``.json``)."""
    folder, name = _split_upload_key(upload_key)
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    return f"{RESULTS}{folder}{stem}{REPORT_SUFFIX}"


def with_source_version(report: Report, info: ObjectInfo, validated_at: float | None = None) -> Report:
    """The report plus which exact upload version it judges (added key; the contract allows it)."""
    return report.with_source_version({
        "key": info.key,
        "etag": info.etag,
        "version_id": info.version_id,
        "size": info.size,
        "validated_at": _iso(validated_at or time.time()),
    })


def to_json(report: Report) -> bytes:
    """The stored form of a report: the contract's JSON, amounts as printed."""
    return dumps_exact(report.to_dict()).encode("utf-8")


def from_json(data: bytes | str) -> Report | None:
    """A stored report, or None for an object that is not one (foreign or damaged)."""
    try:
        return Report.from_dict(json.loads(data, parse_float=Decimal))
    except (ValueError, KeyError, TypeError):
        return None


def write_report(storage: Storage, upload_key: str, report: Report) -> ObjectInfo:
    return storage.put(report_key(upload_key), to_json(report), JSON_TYPE)


def write_report_once(storage: Storage, upload_key: str, report: Report) -> ObjectInfo:
    """One write request (``put_once``): the caller checks what is stored before trying again, so
    that a write whose answer was lost is not made twice."""
    return storage.put_once(report_key(upload_key), to_json(report), JSON_TYPE)


def read_report(storage: Storage, upload_key: str) -> Report | None:
    """The stored report of an upload (migrated from the old name if it is still there)."""
    return read_report_info(storage, upload_key)[0]


#: Stores (by ``url``) whose reports under the old names have all been moved (by a reconciliation
#: in this process): looking for an old name there would only cost a request per new upload.
_MIGRATED: set[str] = set()


def mark_migrated(storage: Storage) -> None:
    """No report under an old name is left in this store (see :data:`_MIGRATED`)."""
    _MIGRATED.add(storage.url)


def read_report_info(storage: Storage, upload_key: str) -> tuple[Report | None, ObjectInfo | None]:
    """The stored report and the version of the report object (its ETag is what the ledger keeps)."""
    found = _load(storage, report_key(upload_key))
    if found[0] is not None or storage.url in _MIGRATED:
        return found
    return migrate_report(storage, upload_key)


def _load(storage: Storage, key: str) -> tuple[Report | None, ObjectInfo | None]:
    try:
        data, info = storage.get(key)
    except ObjectMissing:
        return None, None
    report = from_json(data)  # a foreign or damaged object: treated as no report, replaced on next store
    return (report, info) if report is not None else (None, None)


def is_report_of(report: Report, upload_key: str) -> bool:
    """Whether a stored report is about this upload (``source_version.key``; reports older than
    ``source_version`` by their ``source``, which ends with the upload key)."""
    key = (report.source_version or {}).get("key")
    if key:
        return key == upload_key
    source = str(report.source or "")
    return source == upload_key or source.endswith("/" + upload_key)


def migrate_report(storage: Storage, upload_key: str) -> tuple[Report | None, ObjectInfo | None]:
    """Move a report written under the old name to the new one, if it is this upload's (see the
    module docstring); returns it and its new object version, or (None, None)."""
    old, new = legacy_report_key(upload_key), report_key(upload_key)
    if old == new:
        return None, None
    report, _ = _load(storage, old)
    if report is None or report.moved or not is_report_of(report, upload_key):
        return None, None
    info = write_report(storage, upload_key, report)
    storage.put(old, to_json(report.with_moved({"to": new, "at": _iso(time.time())})), JSON_TYPE)
    log.info("report of %s moved from %s to %s", upload_key, old, new)
    return report, info


def stored_etag(report: Report | None) -> str | None:
    """The upload ETag a stored report was made from (None for none, or a withdrawn one)."""
    return report.upload_etag if report is not None else None


def withdraw_report(storage: Storage, upload_key: str, now: float | None = None) -> Report | None:
    """Mark the report of a deleted upload withdrawn; returns it, or None if there was none."""
    report = read_report(storage, upload_key)
    if report is None:
        return None
    if not report.withdrawn:
        report = report.with_withdrawn({"at": _iso(now or time.time()), "reason": "上传文件已被删除，本报告已撤回。"})
        write_report(storage, upload_key, report)
    return report


def _iso(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))
