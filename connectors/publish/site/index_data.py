"""The index's data: one small record per disclosure, kept in a fixed number of shards.

Why shards: the index page must list every disclosure, but publishing one more must not rewrite
a file that grows with the number published (GX's own index does that, and takes minutes at a
thousand results).  A record lives in shard ``shard_of(id)``; publishing reads and rewrites that
one shard (about N/64 records) and the record's own file, whatever N is.

Shards are JavaScript files (``BC_SHARD("07", [...])``) rather than JSON because a page opened
from ``file://`` may load a ``<script src>`` but not ``fetch()`` a JSON file.  Every ``<``,
``>``, ``&`` and line separator is escaped so that no record text can end the script or be read as
markup, whatever an upload put in its department name.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from connectors.publish.site import layout
from connectors.publish.site.labels import kind_label
from disclosure.report import Report

_HEAD = "/* budgetcheck 审核结果索引分片，由发布程序生成，请勿手工编辑 */\nwindow.BC_SHARD("
_TAIL = ");\n"


def _js_safe_json(obj: Any) -> str:
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def encode_shard(shard: str, records: list[dict[str, Any]]) -> bytes:
    """The shard file for ``records``, sorted by id so that a rewrite is deterministic."""
    ordered = sorted(records, key=lambda r: r["id"])
    return (_HEAD + _js_safe_json(shard) + "," + _js_safe_json(ordered) + _TAIL).encode("utf-8")


def decode_shard(data: bytes) -> list[dict[str, Any]]:
    """Records of a shard file written by :func:`encode_shard`."""
    text = data.decode("utf-8")
    if not text.startswith(_HEAD) or not text.endswith(_TAIL):
        raise ValueError("not a budgetcheck index shard")
    body = text[len(_HEAD):-len(_TAIL)]
    _name, _, records = body.partition(",")
    return json.loads(records)


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _file_name(source: str) -> str:
    tail = source.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    return tail or source


DEPARTMENT_FIELDS = ("code", "name", "year", "unit", "kind", "level")


def department_facts(doc: Any, report: dict[str, Any]) -> dict[str, Any]:
    """The report's department, completed from the document where the report left a field empty."""
    given = report.get("department") if isinstance(report.get("department"), dict) else {}
    out: dict[str, Any] = {}
    for k in DEPARTMENT_FIELDS:
        out[k] = given.get(k)
        if out[k] in (None, "") and doc is not None:
            out[k] = getattr(doc.department, k, None)
    return out


def make_record(doc_id: str, upload_key: str, doc: Any, typed: Report, *,
                validated_at: str | None = None, gx_page: str | None = None,
                report_key: str | None = None) -> dict[str, Any]:
    """What the index shows for one disclosure (all text as read; the page escapes it).
    ``report_key`` is where the upload's JSON report is stored (``results/<path>/<name>.<ext>.json``)
    when the site is published beside it."""
    report = typed.to_dict()  # the site shows the report as it is stored
    dep = department_facts(doc, report)
    summary = report.get("summary") or {}
    results = report.get("results") or []
    notes = sum(len(r.get("notes") or []) for r in results if isinstance(r, dict))
    year = dep.get("year")
    return {
        "id": doc_id,
        "department": str(dep.get("name") or ""),
        "code": str(dep.get("code") or ""),
        "year": year if isinstance(year, int) else (str(year) if year else None),
        "kind": kind_label(dep.get("kind"), dep.get("level")),
        "source": _file_name(upload_key),
        "upload": upload_key,
        "status": str(report.get("status") or ""),
        "errors": _count(summary.get("failed_errors")),
        "warnings": _count(summary.get("failed_warnings")),
        "rules": _count(summary.get("rules")),
        "notes": notes,
        "error": str(report.get("error") or "") or None,
        "validated_at": validated_at or report.get("validated_at") or now_iso(),
        "page": layout.page_key(doc_id),
        "gx": gx_page,
        "report": report_key,
    }


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
