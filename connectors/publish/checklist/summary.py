"""The season's summary: one row per disclosure (department, year, kind, status, each checklist row
是/否, errors, warnings, link), as an XLSX for the bureau's upward report and as an HTML page.

Read from a store's ``results/`` (each report and the checklist written beside it; a report without
one is judged again from the report alone), or from reports just made (``budgetcheck summary`` over a
folder of documents).  The review site has its own summary page (``docs/summary.html``) that reads the
index records the publisher keeps, so it is current as reports arrive without rereading them all.
"""

from __future__ import annotations

import html
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from connectors.publish.checklist import adapter, judge, workbook
from connectors.publish.checklist.rows import ROWS, rows_for
from connectors.publish.reports import REPORT_SUFFIX
from disclosure.vocabulary import RESULTS

STATUS_ZH = {"passed": "通过", "failed": "未通过", "partial": "部分核对", "unreadable": "无法读取", "withdrawn": "已撤回"}
FILLS = {judge.NO: "FFF2C7C7", judge.YES: "FFD9EAD3", judge.CHECK: "FFFFF2CC", judge.JUDGE: "FFEDEDED"}


@dataclass
class Entry:
    department: str
    year: int | None
    kind: str
    level: str
    status: str
    errors: int
    warnings: int
    link: str
    verdicts: dict[str, str] = field(default_factory=dict)  # row key → 是/否/…


def entry_of(report: Any, doc: Any = None, link: str = "", verdicts: dict[str, str] | None = None) -> Entry:
    """One line of the summary from a report (and the disclosure, or the verdicts of its stored checklist)."""
    rep = adapter.as_dict(report)
    dep = adapter.department(rep)
    if doc is not None:
        for k in ("name", "year", "kind", "level"):
            if dep.get(k) in (None, ""):
                dep[k] = getattr(doc.department, k, None)
    kind, level = dep.get("kind") or "", dep.get("level") or ""
    if verdicts is None:
        verdicts = {v.row.key: v.verdict for v in judge.fill(rep, doc).rows}
    errors, warnings = adapter.counts(rep)
    return Entry(department=str(dep.get("name") or ""), year=dep.get("year") if isinstance(dep.get("year"), int) else None,
                 kind=kind, level=level, status=adapter.status(rep), errors=errors, warnings=warnings, link=link,
                 verdicts=verdicts)


def _keys_by_label(kind: str, level: str) -> dict[str, str]:
    return {r.label(kind, level): r.key for r in rows_for(kind)}


def from_store(storage: Any, *, year: int | None = None, kind: str | None = None) -> list[Entry]:
    """Every current report under ``results/`` (withdrawn and moved ones left out), with its checklist."""
    out = []
    for info in storage.list(RESULTS):
        if not info.key.endswith(REPORT_SUFFIX):
            continue
        data, _ = storage.get(info.key)
        try:
            rep = json.loads(data, parse_float=Decimal)
        except ValueError:
            continue
        if not isinstance(rep, dict) or "status" not in rep or rep.get("moved") or rep.get("withdrawn"):
            continue
        dep = adapter.department(rep)
        if year is not None and dep.get("year") != year or kind and dep.get("kind") != kind:
            continue
        verdicts = None
        ck = info.key.removesuffix(REPORT_SUFFIX) + ".checklist.xlsx"
        try:
            got, _ = storage.get(ck)
            by_label = workbook.read_verdicts(got)
            keys = _keys_by_label(dep.get("kind") or "预算", dep.get("level") or "部门")
            verdicts = {keys[label]: v for label, v in by_label.items() if label in keys}
        except Exception:  # no checklist (a report older than the checklists): judged from the report
            verdicts = None
        out.append(entry_of(rep, None, link=info.key, verdicts=verdicts))
    return sorted(out, key=lambda e: (e.year or 0, e.kind, e.department, e.level))


def columns(kind: str | None) -> list[tuple[str, str]]:
    """(row key, header) of the checklist's rows: the kind's words, or both kinds' where they differ."""
    out = []
    for row in ROWS:
        if kind:
            out.append((row.key, row.label(kind, "部门")))
        else:
            a, b = row.label("预算", "部门"), row.label("决算", "部门")
            out.append((row.key, a if a == b else f"{a}／{b}"))
    return out


HEAD = ("部门", "年度", "类别", "状态")
TAIL = ("错误", "警告", "报告")


def to_xlsx(entries: Iterable[Entry], *, kind: str | None = None, title: str = "") -> bytes:
    entries = list(entries)
    wb = Workbook()
    ws = wb.active
    ws.title = "公开情况汇总"
    cols = columns(kind)
    header = [*HEAD, *(h for _, h in cols), *TAIL]
    ws.append([title or f"部门预算/决算公开情况汇总表（{len(entries)}份）"])
    ws.append(header)
    thin = Side(style="thin")
    for e in entries:
        ws.append([e.department, e.year, f"{e.level}{e.kind}", STATUS_ZH.get(e.status, e.status),
                   *(e.verdicts.get(k, "") for k, _ in cols), e.errors, e.warnings, e.link])
    for r, line in enumerate(ws.iter_rows(min_row=2), start=2):
        for c in line:
            c.font = Font(name="宋体", bold=r == 2, size=10)
            c.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            c.alignment = Alignment(horizontal="center" if c.column > 1 else "left", vertical="center",
                                    wrap_text=r == 2)
            if r > 2 and c.value in FILLS:
                c.fill = PatternFill("solid", fgColor=FILLS[c.value])
    ws["A1"].font = Font(name="宋体", bold=True, size=14)
    ws.column_dimensions["A"].width = 34
    for n in range(2, len(header) + 1):
        ws.column_dimensions[ws.cell(row=2, column=n).column_letter].width = 9
    ws.column_dimensions[ws.cell(row=2, column=len(header)).column_letter].width = 60
    ws.row_dimensions[2].height = 90
    ws.freeze_panes = "B3"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_html(entries: Iterable[Entry], *, kind: str | None = None, title: str = "") -> str:
    """The summary as one self-contained page (escaped; no script)."""
    entries = list(entries)
    cols = columns(kind)
    esc = html.escape
    head = "".join(f"<th>{esc(h)}</th>" for h in (*HEAD, *(h for _, h in cols), *TAIL))
    body = []
    for e in entries:
        cells = [esc(e.department), esc(str(e.year or "")), esc(e.level + e.kind),
                 f'<span class="status-{esc(e.status)}">{esc(STATUS_ZH.get(e.status, e.status))}</span>']
        cells += [f'<span class="v v-{ {judge.YES: "yes", judge.NO: "no"}.get(e.verdicts.get(k, ""), "other")}">'
                  f"{esc(e.verdicts.get(k, ''))}</span>" for k, _ in cols]
        cells += [str(e.errors), str(e.warnings),
                  f'<a href="{esc(e.link, quote=True)}">{esc(e.link.rsplit("/", 1)[-1])}</a>' if e.link else ""]
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    title = title or f"部门预算/决算公开情况汇总（{len(entries)}份）"
    return (
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        f"<title>{esc(title)}</title><style>"
        "body{font-family:'Noto Sans CJK SC','WenQuanYi Zen Hei',sans-serif;margin:1em}"
        "table{border-collapse:collapse;font-size:13px}th,td{border:1px solid #999;padding:3px 5px}"
        "th{background:#eef;writing-mode:horizontal-tb;max-width:7em}"
        ".v-no{color:#b00;font-weight:bold}.v-yes{color:#070}.v-other{color:#a60}"
        ".status-failed{color:#b00}.status-passed{color:#070}.status-partial{color:#a60}</style></head><body>"
        f"<h1>{esc(title)}</h1><table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        "</body></html>")
