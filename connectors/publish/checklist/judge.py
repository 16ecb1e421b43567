"""Filling the bureau's checklist from a report: each row 是 / 否 / 待人工核对 / 待人工判断, with the
problems in words, each naming its page.

* 否: a finding of a rule (error or warning) falls in the row; the row lists them, numbered.
* 待人工核对: the row has only findings the reading could not confirm (a ``partial`` report's
  ``unconfirmed``), or its table was not read with confidence: never 否 on an unconfirmed finding.
* 待人工判断: the tool cannot judge the row: 及时性 without the deadline (``BUDGETCHECK_DEADLINE``),
  a part of the text in a file without text.
* 是: nothing found.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from connectors.publish.checklist import adapter
from connectors.publish.checklist.rows import (
    EXTRA,
    TIMELINESS,
    Row,
    row_for_rule,
    row_for_section,
    row_for_table,
    rows_for,
)
from disclosure.sections import outline
from disclosure.vocabulary import FORM_CITY_RE, FORM_DISTRICT_RE
from disclosure.vocabulary.cells import PART_NARRATIVE

YES, NO, CHECK, JUDGE, NA = "是", "否", "待人工核对", "待人工判断", "—"
#: The setting that says by when a disclosure must be public (``2026-02-28``; or per kind and year:
#: ``2026预算=2026-02-28,2024决算=2025-09-30``).
DEADLINE_ENV = "BUDGETCHECK_DEADLINE"
#: The region in the form's title (``普陀区``), when it is not to be read from the department's name.
REGION_ENV = "BUDGETCHECK_REGION"


@dataclass
class Verdict:
    row: Row
    label: str
    verdict: str
    problems: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        if len(self.problems) == 1:
            return self.problems[0]
        return "\n".join(f"{n}.{p}" for n, p in enumerate(self.problems, 1))


@dataclass
class Checklist:
    """A filled form: its heading facts and its rows."""

    title: str
    year: int | None
    kind: str
    level: str
    name: str
    url: str | None
    rows: list[Verdict]
    status: str

    def verdicts(self) -> dict[str, str]:
        return {v.label: v.verdict for v in self.rows}


def region_of(name: str | None) -> str:
    """``上海市普陀区司法局`` → ``普陀区``; ``上海市财政局`` → ``上海市``."""
    if os.environ.get(REGION_ENV):
        return os.environ[REGION_ENV]
    if not name:
        return ""
    m = FORM_DISTRICT_RE.match(name)
    if m:
        return m.group("district")
    m = FORM_CITY_RE.match(name)
    return m.group("city") if m else ""


def _parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def deadline_for(year: int | None, kind: str | None, setting: str | None = None) -> date | None:
    """The deadline of a disclosure from ``BUDGETCHECK_DEADLINE`` (one date, or ``<year><kind>=<date>``
    entries separated by commas; an entry without year or kind applies to every one)."""
    setting = os.environ.get(DEADLINE_ENV, "") if setting is None else setting
    best: tuple[int, date] | None = None
    for part in filter(None, (p.strip() for p in setting.split(","))):
        scope, _, value = part.rpartition("=")
        when = _parse_date(value)
        if when is None:
            continue
        m = re.fullmatch(r"(?P<year>\d{4})?(?P<kind>预算|决算)?", scope.strip())
        if m is None:
            continue
        if m.group("year") and str(year) != m.group("year") or m.group("kind") and kind != m.group("kind"):
            continue
        score = bool(m.group("year")) + bool(m.group("kind"))
        if best is None or score > best[0]:
            best = (score, when)
    return best[1] if best else None


def _timeliness(row: Row, label: str, year: int | None, kind: str, uploaded: str | None) -> Verdict:
    due = deadline_for(year, kind)
    if due is None:
        return Verdict(row, label, JUDGE, [f"{JUDGE}：未设置公开截止日期（{DEADLINE_ENV}），请审核人员按实际公开时间判断"])
    try:
        at = datetime.fromisoformat(str(uploaded).replace("Z", "+00:00")).date() if uploaded else None
    except ValueError:
        at = None
    if at is None:
        return Verdict(row, label, JUDGE, [f"{JUDGE}：不知道文件的上传时间，截止日期为{due.isoformat()}"])
    if at <= due:
        return Verdict(row, label, YES, [f"{at.isoformat()}上传，在截止日期{due.isoformat()}之前"])
    return Verdict(row, label, NO, [f"{at.isoformat()}上传，晚于截止日期{due.isoformat()}"])


def _table_pages(doc: Any) -> dict[str, int | None]:
    if doc is None:
        return {}
    return {t.key: t.page for t in doc.all_tables()}


def _with_page(message: str, page: Any) -> str:
    message = message.strip()
    if page is None or f"第{page}页" in message:
        return message
    return f"第{page}页：{message}"


def route(item: adapter.Item, doc: Any) -> Row:
    """The row a finding belongs to (see :mod:`.rows`)."""
    by_rule = row_for_rule(item.rule)
    if by_rule is not None:
        return by_rule
    if "quote" in item.entry:  # about a sentence of the text: the part that prints it
        section = None
        if doc is not None:
            found = outline(doc).at_quote(item.get("quote"), item.get("page"))
            section = found.key if found is not None else None
        row = row_for_section(section)
        if row is not None:
            return row
        table = item.get("table")
        if table in (None, "narrative"):
            return row_for_section("explanation")  # type: ignore[return-value]
    table = item.get("table")
    row = row_for_table(table)
    if row is not None:
        return row
    if table in (None, "narrative"):
        return row_for_section("explanation")  # type: ignore[return-value]
    return EXTRA


def fill(report: Any, doc: Any = None, *, url: str | None = None, uploaded_at: str | None = None) -> Checklist:
    """The bureau's checklist for one report (``doc``, the disclosure as read, places findings about
    sentences in their part of the text and names tables' pages; without it they go to the 说明)."""
    rep = adapter.as_dict(report)
    dep = adapter.department(rep)
    if doc is not None:
        for k in ("name", "year", "kind", "level"):
            dep.setdefault(k, None)
            if dep.get(k) in (None, ""):
                dep[k] = getattr(doc.department, k, None)
    kind = dep.get("kind") or "预算"
    level = dep.get("level") or "部门"
    year = dep.get("year") if isinstance(dep.get("year"), int) else None
    name = str(dep.get("name") or "")
    status = adapter.status(rep)
    title = f"{year or ''}年度{region_of(name)}{level}{kind}公开情况检查表"
    pages = _table_pages(doc)
    unread = {u.get("table"): u for u in rep.get("unread") or [] if isinstance(u, Mapping)}
    rows = rows_for(kind)
    found: dict[str, list[adapter.Item]] = {}
    for item in adapter.items(rep):
        found.setdefault(route(item, doc).key, []).append(item)
    if EXTRA.key in found:
        rows = rows[:-2] + [EXTRA] + rows[-2:]
    verdicts = []
    for row in rows:
        label = row.label(kind, level)
        if row.group == TIMELINESS:
            verdicts.append(_timeliness(row, label, year, kind, uploaded_at or adapter.validated_at(rep)))
            continue
        if status == "unreadable":
            verdicts.append(Verdict(row, label, CHECK, [f"{CHECK}：文件无法读取（{rep.get('error') or '原因不明'}）"]))
            continue
        verdicts.append(_content(row, label, found.get(row.key, []), rep, unread, pages))
    return Checklist(title=title, year=year, kind=kind, level=level, name=name,
                     url=url or _public_url(rep), rows=verdicts, status=status)


def _public_url(rep: Mapping[str, Any]) -> str | None:
    source = str(rep.get("source") or "")
    return source if source.lower().startswith(("http://", "https://")) else None


def _content(row: Row, label: str, found: list[adapter.Item], rep: Mapping[str, Any],
             unread: Mapping[Any, Mapping[str, Any]], pages: Mapping[str, int | None]) -> Verdict:
    confirmed, doubtful, seen = [], [], set()
    for item in found:
        page = item.get("page")
        if page is None and item.get("table") in pages:
            page = pages[item.get("table")]
        text = _with_page(item.message, page)
        if text in seen:
            continue
        seen.add(text)
        (confirmed if item.kind == adapter.FAILURE else doubtful).append(text)
    for key in row.tables:
        u = unread.get(key)
        if u:
            problems = "；".join(str(p) for p in u.get("problems") or []) or "未能完整读取"
            doubtful.append(_with_page(f"《{u.get('title') or label}》未能完整读取：{problems}", u.get("page")))
    problems = confirmed + [f"{CHECK}：{d}" for d in doubtful]
    if confirmed:
        return Verdict(row, label, NO, problems)
    if doubtful:
        return Verdict(row, label, CHECK, problems)
    if row.tables and rep.get("part") == PART_NARRATIVE:
        return Verdict(row, label, NA, ["本文件只含说明，公开表在另一文件中"])
    judged = [adapter.result(rep, r) for r in row.rules if r.startswith("complete.section.")]
    if judged and all(j is not None and not j.get("checked") for j in judged):
        return Verdict(row, label, JUDGE, [f"{JUDGE}：本文件没有可检查的说明文字"])
    return Verdict(row, label, YES, [])
