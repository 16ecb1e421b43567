"""Completeness: every table the document's year requires is present; an empty table says why.

Which tables a year requires is data (``expectations/reference/required_tables.csv``, each with its
source): the 国有资本经营 table, for one, is not expected before it was part of the template.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from disclosure.model import Disclosure
from disclosure.tables import BUDGET_TABLE_KEYS, TABLE_SPECS
from disclosure.vocabulary import PART_NARRATIVE, PART_PERFORMANCE
from disclosure.vocabulary.narrative import EMPTY_SCOPE_WORDS, NONE_AFTER_RE, NONE_BEFORE_RE
from disclosure.vocabulary.sections import SECTIONS_REQUIRED_IN
from expectations.frames import Check, cell, flag_check

REQUIRED = Path(__file__).resolve().parent.parent / "reference" / "required_tables.csv"


@cache
def _requirements() -> dict[str, tuple[int | None, int | None, tuple[str, ...]]]:
    with REQUIRED.open(encoding="utf-8") as fh:
        return {r["table"]: (int(r["from_year"]) if r["from_year"] else None,
                             int(r["until_year"]) if r["until_year"] else None,
                             tuple(p for p in (r.get("required_in") or "").split("|") if p))
                for r in csv.DictReader(fh)}


def required_tables(year: int | None, name: str | None = None, contents: Iterable[str] = ()) -> tuple[str, ...]:
    """The standard tables a disclosure of ``year`` must print (an unknown year: those always required).

    A table some templates leave out (国有资本经营预算支出表: Chongqing and Xi'an print none) is
    required only where the template is known to include it (the publisher's name starts with a
    region of ``required_in``) or where the document's own table of contents lists it."""
    listed = set(contents)
    out = []
    for key in BUDGET_TABLE_KEYS:
        start, end, regions = _requirements().get(key, (None, None, ()))
        if regions and key not in listed and not any((name or "").startswith(r) for r in regions):
            continue
        if year is None:
            if start is None and end is None:
                out.append(key)
        elif (start is None or year >= start) and (end is None or year <= end):
            out.append(key)
    return tuple(out)


def _title(doc: Disclosure, key: str) -> str:
    """The standard title, in the document's own kind (预算 or 决算)."""
    title = TABLE_SPECS[key].title
    return title.replace("预算", "决算", 1) if doc.department.kind == "决算" else title


def tables_present(doc: Disclosure, rule: Any) -> list[Check]:
    """Each standard table the document's year requires is present; a missing one is named.

    A file that is only the 说明 of a disclosure published in two files has its tables in the other
    file: nothing is missing from it (the reader's warning names the companion file)."""
    if doc.part in (PART_NARRATIVE, PART_PERFORMANCE):
        return []
    return [
        flag_check(rule.id, ok=key in doc.tables, table=key, subject=TABLE_SPECS[key].label,
                   message=f"缺少《{TABLE_SPECS[key].label}》（{_title(doc, key)}），请补充该表；"
                           "无数据时应空表列示并注明")
        for key in required_tables(doc.department.year, doc.department.name, doc.contents)
    ]


def empty_table_note(doc: Disclosure, rule: Any) -> list[Check]:
    """A table with no amount printed (or only zeros) says why (注：无…，空表列示)."""
    out = []
    for key in BUDGET_TABLE_KEYS:
        table = doc.tables.get(key)
        if table is None:
            continue
        empty = not any(cell(table, r, c).value for c in table.amount_columns for r in table.rows)
        if not empty:
            continue
        ok = bool(table.note) or (not _note_under_the_table_asked(doc) and _said_in_the_narrative(doc, key))
        out.append(flag_check(rule.id, ok=ok, table=key, subject=TABLE_SPECS[key].label,
                              message=f"《{TABLE_SPECS[key].label}》为空表，但未注明原因（如“注：无…，空表列示”）"))
    return out


def _note_under_the_table_asked(doc: Disclosure) -> bool:
    """Shanghai's checklist asks for the note under the empty table itself (注：无…，空表列示);
    elsewhere a reason the 说明 gives is one."""
    return (doc.department.name or "").startswith(SECTIONS_REQUIRED_IN)


def _said_in_the_narrative(doc: Disclosure, key: str) -> bool:
    """The 说明 says there is none of it (本部门无政府性基金预算支出, 国有资本经营预算支出为0万元): the
    reason is given, in the explanations instead of under the table (Xi'an)."""
    scope = EMPTY_SCOPE_WORDS.get(key)
    if not scope:
        return False
    text = "".join((doc.narrative or "").split())
    i = text.find(scope)
    while i >= 0:
        before, after = text[max(0, i - 12):i], text[i + len(scope): i + len(scope) + 24]
        if NONE_BEFORE_RE.search(before) or NONE_AFTER_RE.search(after):
            return True
        i = text.find(scope, i + len(scope))
    return False


def totals_printed(doc: Disclosure, rule: Any) -> list[Check]:
    """收支总表 prints 收入总计 and 支出总计: a form submitted without its figures (a blank template) fails."""
    from expectations.derive.sums import parse_side, side_columns

    table = doc.tables.get("summary")
    if table is None:
        return []  # complete.tables names the missing table
    out = []
    for side, label in (("income", "收入总计"), ("expenditure", "支出总计")):
        line = parse_side(table, side).grand
        cols = side_columns(table, side)
        value = cell(table, line.row, cols[0]).value if line is not None and cols else None
        out.append(flag_check(rule.id, ok=value is not None, table="summary",
                              column=cols[0] if cols else f"{side}_amount",
                              subject=label, message=f"《收支总表》未填列{label}金额，请填报后再上传"))
    return out
