"""Every finding of a report as a row of a Parquet table, so a season can be asked questions in SQL.

One file per upload, ``findings/year=<Y>/kind=<预算|决算>/<doc id>.parquet`` (Hive-style partitions:
DuckDB, Athena and Spark read the folder as one table), rewritten whole when the upload is checked
again (a neighbour's re-check replaces its rows) and removed when the upload is deleted.  A report
with nothing found writes a file with no rows (the department is still known to have been checked);
an unreadable upload writes one row, rule ``unreadable``.

Columns: department, code, year, kind, level, rule, severity, status (``failure``: a finding;
``unconfirmed``: one the reading could not confirm), checklist_row (the row of the bureau's form it
is filed under), table, row, code_cell (the subject code), column, expected, actual, difference
(decimal, in the table's printed unit), page, quote, message, report_status, upload, validated_at.
"""

from __future__ import annotations

import io
from decimal import Decimal, InvalidOperation
from typing import Any

from connectors.publish.checklist import adapter
from connectors.publish.checklist.judge import route

FINDINGS = "findings/"
PARQUET_TYPE = "application/vnd.apache.parquet"
#: Exact amounts: 38 digits, 10 after the point (a 万元 figure converted from 元 needs 6).
DECIMAL = (38, 10)


def _schema():
    import pyarrow as pa

    dec = pa.decimal128(*DECIMAL)
    return pa.schema([
        ("department", pa.string()), ("code", pa.string()), ("year", pa.int64()), ("kind", pa.string()),
        ("level", pa.string()), ("rule", pa.string()), ("severity", pa.string()), ("status", pa.string()),
        ("checklist_row", pa.string()), ("table", pa.string()), ("row", pa.int64()), ("code_cell", pa.string()),
        ("column", pa.string()), ("expected", dec), ("actual", dec), ("difference", dec), ("page", pa.int64()),
        ("quote", pa.string()), ("message", pa.string()), ("report_status", pa.string()), ("upload", pa.string()),
        ("validated_at", pa.string()),
    ])


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        d = Decimal(str(value)).quantize(Decimal(1).scaleb(-DECIMAL[1]))
    except (InvalidOperation, ValueError):
        return None
    return d if len(d.as_tuple().digits) <= DECIMAL[0] else None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def rows_of(report: Any, doc: Any = None, upload: str | None = None) -> list[dict[str, Any]]:
    """The report's findings as table rows (see the module's docstring)."""
    rep = adapter.as_dict(report)
    dep = adapter.department(rep)
    if doc is not None:
        for k in ("name", "code", "year", "kind", "level"):
            if dep.get(k) in (None, ""):
                dep[k] = getattr(doc.department, k, None)
    kind, level = dep.get("kind"), dep.get("level")
    base = {
        "department": dep.get("name"), "code": dep.get("code"), "year": _int(dep.get("year")), "kind": kind,
        "level": level, "report_status": adapter.status(rep),
        "upload": upload or adapter.upload_key(rep) or rep.get("source"), "validated_at": adapter.validated_at(rep),
    }
    if rep.get("status") == "unreadable":
        return [{**base, "rule": "unreadable", "severity": "error", "status": "failure",
                 "message": str(rep.get("error") or "")}]
    out = []
    for item in adapter.items(rep):
        e = item.entry
        out.append({
            **base, "rule": item.rule, "severity": item.severity, "status": item.kind,
            "checklist_row": route(item, doc).label(kind, level),
            "table": e.get("table"), "row": _int(e.get("row")), "code_cell": e.get("code"), "column": e.get("column"),
            "expected": _decimal(e.get("expected")), "actual": _decimal(e.get("actual")),
            "difference": _decimal(e.get("difference")), "page": _int(e.get("page")), "quote": e.get("quote"),
            "message": item.message,
        })
    return out


def to_parquet(rows: list[dict[str, Any]]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _schema()
    table = pa.Table.from_pylist([{f.name: r.get(f.name) for f in schema} for r in rows], schema=schema)
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="zstd")
    return buf.getvalue()


def findings_key(upload_key: str, year: Any, kind: Any) -> str:
    """``findings/year=<Y>/kind=<K>/<doc id>.parquet`` (year 0 and kind 未知 when the report has none)."""
    from connectors.publish.site.layout import doc_id

    y = year if isinstance(year, int) and not isinstance(year, bool) else 0
    k = kind if kind in ("预算", "决算") else "未知"
    return f"{FINDINGS}year={y}/kind={k}/{doc_id(upload_key)}.parquet"


def read_table(data: bytes):
    import pyarrow.parquet as pq

    return pq.read_table(io.BytesIO(data))
