"""Reports in storage: ``incoming/<path>/<name>.<ext>`` → ``results/<path>/<name>.json``.

Each report carries ``source_version`` (the upload's key, ETag and version id that were
validated).  That makes storing idempotent: a re-delivered notification for the same version
finds its report already there and writes nothing; a new version replaces it.  A storage ``put``
is atomic on both backends, so a reader never sees half a report.

A deleted upload's report is **withdrawn**, not removed: it stays, with a ``withdrawn`` object
(when, why) added, so the bureau keeps the record of what was checked.
"""

from __future__ import annotations

import json
import time
from decimal import Decimal
from typing import Any

from connectors.storage.base import ObjectInfo, Storage
from disclosure.model import dumps_exact

INCOMING, RESULTS, DOCS = "incoming/", "results/", "docs/"
JSON_TYPE = "application/json; charset=utf-8"


def report_key(upload_key: str) -> str:
    """Where the report of an upload lives (extension replaced by ``.json``)."""
    rel = upload_key[len(INCOMING):] if upload_key.startswith(INCOMING) else upload_key
    folder, _, name = rel.rpartition("/")
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    return f"{RESULTS}{folder + '/' if folder else ''}{stem}.json"


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


def read_report(storage: Storage, upload_key: str) -> dict[str, Any] | None:
    info = storage.head(report_key(upload_key))
    if info is None:
        return None
    try:
        data, _ = storage.get(report_key(upload_key))
    except FileNotFoundError:
        return None
    try:
        return json.loads(data, parse_float=Decimal)
    except ValueError:
        return None  # a foreign or damaged object: treated as no report, replaced on next store


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
