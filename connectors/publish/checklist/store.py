"""Beside each stored report: its filled checklist and its findings as Parquet rows.

``results/<path>/<name>.<ext>.json`` → ``results/<path>/<name>.<ext>.checklist.xlsx`` (the bureau's form,
linked from the review page) and ``findings/year=<Y>/kind=<K>/<doc id>.parquet``.  Both are rewritten
whenever the report is (a neighbour's re-check included): the site publisher calls
:func:`publish_outputs` after the page, so every path that publishes a page writes them.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from connectors.publish.checklist import adapter, findings, judge, workbook
from connectors.publish.reports import NAME_MAX, REPORT_SUFFIX, report_key

log = logging.getLogger(__name__)

CHECKLIST_SUFFIX = ".checklist.xlsx"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def checklist_key(upload_key: str) -> str:
    """``results/<path>/<name>.<ext>.checklist.xlsx`` (a name too long for a file system: its hash)."""
    key = report_key(upload_key).removesuffix(REPORT_SUFFIX) + CHECKLIST_SUFFIX
    folder, _, name = key.rpartition("/")
    if len(name.encode("utf-8")) > NAME_MAX:
        name = hashlib.sha1(upload_key.encode("utf-8")).hexdigest()[:16] + CHECKLIST_SUFFIX
    return f"{folder}/{name}" if folder else name


def publish_outputs(storage: Any, upload_key: str, doc: Any, report: Any) -> dict[str, str]:
    """Write the checklist and the findings of one report; returns their keys."""
    rep = adapter.as_dict(report)
    if rep.get("withdrawn"):
        return {}
    checklist = judge.fill(rep, doc)
    ck = checklist_key(upload_key)
    storage.put(ck, workbook.to_bytes(checklist), XLSX_TYPE)
    rows = findings.rows_of(rep, doc, upload_key)
    dep = adapter.department(rep)
    year = dep.get("year") if dep.get("year") is not None else getattr(getattr(doc, "department", None), "year", None)
    kind = dep.get("kind") or getattr(getattr(doc, "department", None), "kind", None)
    fk = findings.findings_key(upload_key, year, kind)
    storage.put(fk, findings.to_parquet(rows), findings.PARQUET_TYPE)
    return {"checklist": ck, "findings": fk}


def remove_findings(storage: Any, upload_key: str) -> None:
    """A deleted upload's rows leave the findings table (its report and checklist stay, withdrawn)."""
    from connectors.publish.site.layout import doc_id

    name = f"/{doc_id(upload_key)}.parquet"
    for info in storage.list(findings.FINDINGS):
        if info.key.endswith(name):
            storage.delete(info.key)


def summary_fields(report: Any, doc: Any, key: str | None) -> dict[str, Any]:
    """What the site's index record adds for the season's summary page: the checklist's rows and
    verdicts in order, and where the checklist is (site-relative from the store's root)."""
    try:
        checklist = judge.fill(report, doc)
    except Exception as exc:  # the index record never fails on the checklist
        log.warning("checklist not filled for the index: %s: %s", type(exc).__name__, exc)
        return {}
    return {"checklist": [[v.label, v.verdict, v.row.key] for v in checklist.rows], "checklist_file": key}
