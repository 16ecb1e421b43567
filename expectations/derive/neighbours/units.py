"""A department's consolidated disclosure against its units' disclosures.

A 部门 disclosure adds up the disclosures of the budget units its 说明 lists.  With one unit (the
body itself, or one with every other body ``不单列预算``) the two print the same figures; with
several, the 财政拨款 tables add up unit by unit (each unit receives its own appropriation, so
nothing is counted twice), while tables of all income and spending may net out transfers between
the units and are not compared.

Compared only when every listed unit's disclosure is stored and every table involved was read with
confidence: a missing unit makes the comparison incomplete, which the report says, never a
difference.  The finding belongs to the department's disclosure, the one that claims to add up.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from disclosure.model import Disclosure, Table
from disclosure.vocabulary import ORDINAL_PREFIX_RE
from expectations.frames import (
    Check,
    Term,
    cell,
    column_label,
    norm_code,
    norm_text,
    printed,
    row_no,
    tolerance_check,
)

#: Tables that add up across units whatever their number: appropriations to each unit.
FISCAL_KEYS = ("general_expenditure", "basic_expenditure", "fund_expenditure", "capital_expenditure",
               "three_public")
#: Tables that also agree when the department has a single unit.
SINGLE_UNIT_KEYS = ("summary", "income", "expenditure", "fiscal_summary", *FISCAL_KEYS)


#: Two-sided tables: each amount column belongs to the item column of its side.
_SIDE_ITEM = (("income_", "income_item"), ("expenditure_", "expenditure_item"), ("use_", "use_item"))


def _item_column(table: Table, column: str) -> str | None:
    for prefix, item in _SIDE_ITEM:
        if column.startswith(prefix) and item in table.columns:
            return item
    if "code" in table.columns or "name" in table.columns:
        return None
    return "item" if "item" in table.columns else None


def _cells(table: Table, column: str) -> Iterator[tuple[str, int, str | None, str, dict[str, Any]]]:
    """(key, printed row, code, name, row) of every row that prints ``column``'s figure, keyed by
    code (or by its printed item when the table has no codes)."""
    item_col = _item_column(table, column)
    found = []
    for i, r in enumerate(table.rows):
        code = norm_code(r.get("code"))
        name = r.get(item_col) if item_col else r.get("name") or r.get("item")
        label = norm_text(name)
        if code or label:
            found.append(((code or ORDINAL_PREFIX_RE.sub("", label)), row_no(table, i), code, label, r))
    seen = Counter(k for k, *_ in found)
    yield from (f for f in found if seen[f[0]] == 1)  # a key printed twice cannot be paired for sure


def _columns(tables: list[Table]) -> list[str]:
    first = tables[0]
    return [c for c in first.amount_columns if all(printed(t, c) for t in tables)]


def _compare(rule: Any, dept: Table, units: list[Table], label: str) -> list[Check]:
    checks: list[Check] = []
    for column in _columns([dept, *units]):
        unit_cells = [{k: (r, c, n) for k, _, c, n, r in _cells(u, column)} for u in units]
        keys: dict[str, tuple[int | None, str | None, str, dict[str, Any] | None]] = {}
        for k, row, code, name, r in _cells(dept, column):
            keys.setdefault(k, (row, code, name, r))
        for cells in unit_cells:
            for k, (_, code, name) in cells.items():
                keys.setdefault(k, (None, code, name, None))
        for k, (row, code, name, r) in keys.items():
            actual = cell(dept, r, column) if r is not None else Term(None, dept.unit)
            addends = [cell(u, cells[k][0], column) for u, cells in zip(units, unit_cells, strict=True)
                       if k in cells]
            if actual.value is None and not any(t.value for t in addends):
                continue
            subject = " ".join(p for p in (code, name, column_label(dept, column)) if p)
            checks.append(tolerance_check(rule.id, table=dept, row=row, code=code, column=column,
                                          subject=f"部门公开 {subject}", actual=actual, addends=addends,
                                          expected_label=label))
    return checks


def department_vs_units(doc: Disclosure, rule: Any, hood: Any) -> list[Check]:
    """Each figure of the department's tables against the sum of the same figure in its units'."""
    if hood is None or doc.department.level != "部门" or not hood.units_complete:
        return []
    units: list[Disclosure] = [n.doc for _, n in hood.units]
    single = len(units) == 1
    label = "单位公开的同一数" if single else f"{len(units)}家单位公开之和"
    checks: list[Check] = []
    for key in SINGLE_UNIT_KEYS if single else FISCAL_KEYS:
        dept = doc.tables.get(key)
        tables = [u.tables.get(key) for u in units]
        if dept is None or any(t is None for t in tables) or not dept.rows:
            continue
        if not dept.confident or not all(t.confident for t in tables):
            continue
        checks += _compare(rule, dept, tables, label)
    return checks
