"""One disclosure's review page: its tables as printed, each failing cell marked in place.

The report names failures by table, printed row number (序号), code and column; this module
finds the cell each one points at and puts the expected value, the printed value and the
difference beside it.  Differences inside the rounding tolerance (a result's ``notes``) are
marked as notes, never as errors.  A failure that points at no printed cell (a missing table, a
cross-table rule naming a row that is not there) is listed above its table instead of lost.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from connectors.publish.site import formatting as fmt
from connectors.publish.site.index_data import department_facts
from connectors.publish.site.labels import MARK as MARK_LABEL
from connectors.publish.site.labels import SEVERITY, column_label, kind_label
from connectors.publish.site.layout import doc_id
from connectors.publish.site.narrative_marks import mark_quotes, quotes_of
from connectors.publish.site.render import render
from disclosure.report import Report, Status
from disclosure.tables import TABLE_SPECS, TEXT_COLUMNS


@dataclass
class Mark:
    kind: str  # error, warning, note
    rule: str
    title: str
    expected: str
    actual: str
    difference: str
    message: str
    anchor: str = ""

    @property
    def label(self) -> str:
        return MARK_LABEL.get(self.kind, self.kind)

    def tooltip(self) -> str:
        parts = [f"【{self.label}】{self.rule} {self.title}"]
        if self.expected or self.actual:
            parts.append(f"应为 {self.expected}，实际 {self.actual}，差额 {self.difference}")
        if self.message:
            parts.append(self.message)
        return "\n".join(parts)


@dataclass
class Cell:
    text: str
    numeric: bool
    id: str
    marks: list[Mark] = field(default_factory=list)

    @property
    def css(self) -> str:
        classes = ["num"] if self.numeric else []
        kinds = {m.kind for m in self.marks}
        for k in ("error", "warning", "note"):
            if k in kinds:
                classes.append(f"mark-{k}")
                break
        return " ".join(classes)

    @property
    def tooltip(self) -> str:
        return "\n\n".join(m.tooltip() for m in self.marks)


_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def _anchor(*parts: Any) -> str:
    return "c-" + "-".join(_ID_UNSAFE.sub("_", str(p)) for p in parts)


def _amount_columns(table: Any) -> set[str]:
    """Columns shown as amounts: judged by the values, since a key can mean text in one table and
    money in another (``project`` is a project name in 政府采购 but 项目支出 in 支出总表)."""
    out = set()
    for c in table.columns:
        if c in ("row", "code"):
            continue
        values = [r.get(c) for r in table.rows if r.get(c) is not None]
        numbers = [v for v in values if isinstance(v, (Decimal, int, float)) and not isinstance(v, bool)]
        if (numbers and len(numbers) == len(values)) or (not values and c not in TEXT_COLUMNS):
            out.add(c)
    return out


def _mark(kind: str, result: dict[str, Any], f: dict[str, Any]) -> Mark:
    return Mark(
        kind=kind,
        rule=str(result.get("rule") or ""),
        title=str(result.get("title") or ""),
        expected=fmt.amount(f.get("expected")),
        actual=fmt.amount(f.get("actual")),
        difference=fmt.signed(f.get("difference")),
        message=str(f.get("message") or ""),
    )


class _TableView:
    """A table laid out as printed, with the marks placed on its cells."""

    def __init__(self, table: Any) -> None:
        self.key = table.key
        spec = TABLE_SPECS.get(table.key)
        self.label = spec.label if spec else table.key
        self.title = table.title or (spec.title if spec else table.key)
        self.unit = table.unit
        self.note = table.note
        self.columns = list(table.columns)
        amounts = _amount_columns(table)
        self.headers = [(column_label(table.key, c, table.column_titles), c in amounts) for c in self.columns]
        self.rows: list[list[Cell]] = []
        self.by_row: dict[Any, int] = {}
        self.by_code: dict[str, int] = {}
        has_row_numbers = any(r.get("row") is not None for r in table.rows)
        # the cells' anchors, _anchor(key, i, column), with the key and column parts made safe once
        # per table rather than once per cell (a row index needs no escaping)
        prefix = _anchor(table.key)
        column_ids = {c: _ID_UNSAFE.sub("_", str(c)) for c in self.columns}
        for i, r in enumerate(table.rows):
            number = r.get("row") if has_row_numbers else i + 1
            if number is not None:
                self.by_row.setdefault(str(number), i)
            if r.get("code"):
                self.by_code.setdefault(str(r["code"]), i)
            self.rows.append([
                Cell(text=fmt.amount(r.get(c)) if c in amounts else ("" if r.get(c) is None else str(r.get(c))),
                     numeric=c in amounts, id=f"{prefix}-{i}-{column_ids[c]}")
                for c in self.columns
            ])
        self.unplaced: list[Mark] = []

    def place(self, f: dict[str, Any], mark: Mark) -> None:
        idx = None
        if f.get("row") is not None:
            idx = self.by_row.get(str(f["row"]))
        if idx is None and f.get("code"):
            idx = self.by_code.get(str(f["code"]))
        if idx is None:
            mark.anchor = f"t-{self.key}"
            self.unplaced.append(mark)
            return
        column = f.get("column")
        col = self.columns.index(column) if column in self.columns else 0
        cell = self.rows[idx][col]
        mark.anchor = cell.id
        cell.marks.append(mark)


def _failure_rows(results: list[dict[str, Any]], tables: dict[str, _TableView], kind_of: str,
                  quote_anchors: dict[str, str] | None = None) -> list[dict]:
    """Rules with failures (``failures``) or with notes (``notes``), each failure placed; a finding about
    a sentence of the 说明 (``quote``) also links to that sentence, marked in the 说明 below."""
    groups = []
    for res in results:
        if not isinstance(res, dict):
            continue
        items = res.get(kind_of) or []
        if (kind_of == "failures" and res.get("passed")) or (kind_of == "notes" and not items):
            continue
        kind = "note" if kind_of == "notes" else ("warning" if res.get("severity") == "warning" else "error")
        entries = []
        for f in items:
            if not isinstance(f, dict):
                continue
            mark = _mark(kind, res, f)
            view = tables.get(str(f.get("table")))
            if view is not None:
                view.place(f, mark)
            table_label = view.label if view else ("说明" if f.get("table") == "narrative" else str(f.get("table") or ""))
            col = f.get("column")
            quote = str(f.get("quote") or "")
            quote_anchor = (quote_anchors or {}).get(quote, "")
            if quote_anchor and view is None:
                mark.anchor = quote_anchor
            entries.append({
                "mark": mark,
                "table": table_label,
                "row": "" if f.get("row") is None else str(f.get("row")),
                "code": str(f.get("code") or ""),
                "column": column_label(str(f.get("table") or ""), str(col)) if col else "",
                "quote": quote,
                "page": "" if f.get("page") is None else str(f.get("page")),
                "quote_anchor": quote_anchor,
            })
        groups.append({
            "rule": str(res.get("rule") or ""),
            "title": str(res.get("title") or ""),
            "severity": kind,
            "severity_label": MARK_LABEL[kind] if kind == "note" else SEVERITY.get(kind, kind),
            "entries": entries,
        })
    order = {"error": 0, "warning": 1, "note": 2}
    groups.sort(key=lambda g: order[g["severity"]])
    return groups


def neighbour_links(report: Mapping[str, Any]) -> dict[str, Any]:
    """The report's ``neighbours`` section as the page shows it: each related disclosure with a
    link to its page (pages sit side by side in ``pages/``), the units a department lists and
    which are not uploaded yet, and the notes on pairings refused."""
    section = report.get("neighbours")
    if not isinstance(section, dict):
        return {}

    def link(n: dict[str, Any], direction: str) -> dict[str, Any]:
        source = str(n.get("source") or "")
        return {"label": n.get("label") or "", "name": n.get("name") or source, "direction": direction,
                "href": fmt.safe_href(f"{doc_id(source)}.html") if source else None}

    return {
        "related": [link(n, "uses") for n in section.get("uses") or [] if isinstance(n, dict)]
        + [link(n, "used_by") for n in section.get("used_by") or [] if isinstance(n, dict)],
        "missing_units": [u.get("name") for u in section.get("units") or []
                          if isinstance(u, dict) and not u.get("source")],
        "notes": [str(n) for n in section.get("notes") or []],
    }


def render_disclosure_page(doc: Any, typed: Report, *, source_name: str,
                           original_href: str | None, original_text: str, gx_href: str | None,
                           validated_at: str, gx_links: list[tuple[str, str]] | None = None,
                           asset_prefix: str = "../", report_href: str | None = None,
                           report_text: str | None = None, checklist_href: str | None = None) -> str:
    """The HTML of one disclosure's page (every value escaped by the template)."""
    report = typed.to_dict()  # the page shows the report as it is stored
    dep = department_facts(doc, report)
    raw_summary = report.get("summary") if isinstance(report.get("summary"), dict) else {}
    summary = {k: raw_summary.get(k, 0) for k in ("rules", "passed", "failed_errors", "failed_warnings")}
    tables: dict[str, _TableView] = {}
    if doc is not None:
        ordered = sorted(doc.tables.values(),
                         key=lambda t: list(TABLE_SPECS).index(t.key) if t.key in TABLE_SPECS else 99)
        tables = {t.key: _TableView(t) for t in ordered}
    results = [r for r in (report.get("results") or []) if isinstance(r, dict)]
    narrative = getattr(doc, "narrative", "") or ""
    segments, quote_anchors = mark_quotes(narrative, quotes_of(results))
    failed = _failure_rows(results, tables, "failures", quote_anchors)
    notes = _failure_rows(results, tables, "notes", quote_anchors)
    unconfirmed = _failure_rows(results, tables, "unconfirmed", quote_anchors)
    unread = [u for u in (report.get("unread") or []) if isinstance(u, dict)]
    passed = [r for r in results if r.get("passed")]
    status = str(report.get("status") or "")
    return render(
        "disclosure.html",
        asset_prefix=asset_prefix,
        dep=dep,
        kind=kind_label(dep.get("kind"), dep.get("level")),
        status=status,
        status_label=Status.label_of(status),
        summary=summary if raw_summary else {},
        error=report.get("error"),
        source_name=source_name,
        original_href=fmt.safe_href(original_href),
        original_text=original_text,
        gx_href=fmt.safe_href(gx_href),
        report_href=fmt.safe_href(report_href),
        report_text=report_text or "",
        checklist_href=fmt.safe_href(checklist_href),
        gx_links=[(label, href) for label, href in (gx_links or []) if fmt.safe_href(href)],
        validated_at=validated_at,
        validated_text=validated_at.replace("T", " ").replace("Z", " UTC"),
        failed=failed,
        notes=notes,
        unconfirmed=unconfirmed,
        unread=unread,
        neighbours=neighbour_links(report),
        passed=passed,
        tables=list(tables.values()),
        reader_warnings=list(getattr(doc, "warnings", []) or []),
        narrative=narrative,
        narrative_segments=segments,
        narrative_marked=any(seg.kind for seg in segments),
    )
