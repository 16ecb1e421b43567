"""What other tables of the same document say about a table's lost blank cells.

Used by :mod:`connectors.readers.text.build` only where a table's own arithmetic leaves several
placements, and always named in the warning: a table printed empty (its money columns are blank
elsewhere), the same row printed in full in a table with fewer columns, the 收支总表's income side
for the 收入总表's 合计 row, and 支出总表 − 一般公共预算表 for a fund table when all spending is 财政拨款.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from disclosure.model import Table
from disclosure.vocabulary import SUMMARY_TO_INCOME

from .records import RawRow, RawTable
from .relations import is_total, placed_columns

#: Evidence from a table printed empty: its money is nil, so these columns are blank.
EMPTY_TABLE_COLUMNS: dict[str, dict[str, str]] = {
    "fiscal_summary": {"expenditure_fund": "fund_expenditure", "expenditure_capital": "capital_expenditure"},
    "three_public": {"fund": "fund_expenditure", "capital": "capital_expenditure"},
    "procurement": {"fund": "fund_expenditure", "capital": "capital_expenditure"},
}

#: Evidence from the same row (same code, same printed figures) in a table with fewer columns,
#: where that table prints it unambiguously (as many figures as it has columns).
SAME_ROWS: dict[str, str] = {"expenditure": "general_expenditure"}

#: Evidence from arithmetic across tables: a fund table's row = 支出总表 row − the other appropriation
#: tables' rows, when every yuan spent is 财政拨款 (checked against 财政拨款收支总表).
DIFFERENCE_ROWS: dict[str, tuple[str, tuple[str, ...]]] = {
    "fund_expenditure": ("expenditure", ("general_expenditure", "capital_expenditure")),
    "capital_expenditure": ("expenditure", ("general_expenditure", "fund_expenditure")),
}


@dataclass
class Evidence:
    empty_columns: frozenset[str]
    known: dict[int, dict[str, Decimal | None]]
    description: str


def evidence_for(table: RawTable, raws: dict[str, RawTable], built: dict[str, Table] | None = None) -> Evidence | None:
    """What other tables of the document say about this table's blank cells (see the module docstring)."""
    labels: list[str] = []
    empty: set[str] = set()
    known: dict[int, dict[str, Decimal | None]] = {}
    for col, other in EMPTY_TABLE_COLUMNS.get(table.key, {}).items():
        src = raws.get(other)
        if src is not None and not src.rows and src.note:
            empty.add(col)
            label = f"{src.title}为空表（相应资金栏应为空）"
            if label not in labels:
                labels.append(label)
    if table.key in SAME_ROWS and (src := raws.get(SAME_ROWS[table.key])) is not None:
        cols = placed_columns(src.key, src)
        width = len(cols)
        printed = {_row_id(r): r for r in src.rows if len(r.figures) == width}
        for i, r in enumerate(table.rows):
            s = printed.get(_row_id(r))
            if s is not None and s.figures == r.figures:
                known[i] = dict(zip(cols, s.figures, strict=True))
        if known:
            labels.append(f"{src.title}中同样印出的同一行数字所在栏")
    if table.key == "income" and (src := raws.get("summary")) is not None:
        row = _income_totals_from_summary(src)
        target = next((i for i, r in enumerate(table.rows) if not r.cells.get("code") and is_total(r.cells["name"])),
                      None)
        if row and target is not None:
            known[target] = row
            labels.append(f"{src.title}收入方各项金额")
    if table.key in DIFFERENCE_ROWS and built:
        derived, label = _rows_by_difference(table, raws, built)
        for i, cells in derived.items():
            known.setdefault(i, cells)
        if derived:
            labels.append(label)
    if not empty and not known:
        return None
    return Evidence(frozenset(empty), known, "、".join(labels))


def _rows_by_difference(
    table: RawTable, raws: dict[str, RawTable], built: dict[str, Table]
) -> tuple[dict[int, dict[str, Decimal | None]], str]:
    """Fund-table rows as 支出总表 minus the other appropriation tables, where all spending is 财政拨款.

    Only where the 财政拨款收支总表's 支出总计 equals the 支出总表's 合计 (no 事业收入 or other money),
    and only from rows of those tables whose figures were all placed.
    """
    whole_key, parts = DIFFERENCE_ROWS[table.key]
    whole = built.get(whole_key)
    fiscal = built.get("fiscal_summary")
    if whole is None or fiscal is None:
        return {}, ""
    spent = next((r.get("expenditure_total") for r in fiscal.rows
                  if re.search(r"支出总计", r.get("expenditure_item") or "")), None)
    whole_total = next((r.get("total") for r in whole.rows if not r.get("code") and is_total(r.get("name"))), None)
    if spent is None or whole_total is None or spent != whole_total:
        return {}, ""
    others: list[dict[str, dict[str, Any]]] = []
    for key in parts:
        if key in built:
            others.append({_table_row_id(r): r for r in built[key].rows})
        elif not (raws.get(key) is not None and not raws[key].rows and raws[key].note):
            return {}, ""  # a table not read yet that is not printed empty
    cols = placed_columns(table.key, table)
    whole_rows = {_table_row_id(r): r for r in whole.rows}
    out: dict[int, dict[str, Decimal | None]] = {}
    for i, r in enumerate(table.rows):
        rid = _row_id(r)
        rows = [whole_rows.get(rid)] + [o.get(rid) for o in others]
        if rows[0] is None or not all(_complete(x, cols) for x in rows if x is not None):
            continue
        cells: dict[str, Decimal | None] = {}
        for col in cols:
            value = (rows[0].get(col) or Decimal(0)) - sum(((x.get(col) or Decimal(0)) for x in rows[1:] if x), Decimal(0))
            if value < 0:
                break
            cells[col] = value if value else None
        else:
            out[i] = cells
    names = "、".join(built[k].title for k in parts if k in built)
    return out, f"{whole.title}减去{names}的差（{fiscal.title}显示全部支出均为财政拨款）"


def _complete(row: dict[str, Any], cols: tuple[str, ...]) -> bool:
    """A placed row whose parts add up to its total (no figure was left unplaced)."""
    total = row.get("total")
    parts = [row.get(c) for c in cols if c != "total" and row.get(c) is not None]
    return total is not None and total == sum(parts, Decimal(0))


def _table_row_id(row: dict[str, Any]) -> str:
    return row.get("code") or (row.get("name") or "").replace(" ", "")


def _income_totals_from_summary(src: RawTable) -> dict[str, Decimal | None]:
    found: dict[str, dict[int, list[Decimal | None]]] = {}
    for r in src.rows:
        item = (r.cells.get("income_item") or "").replace(" ", "")
        if not item:
            continue
        for pattern, col, rank in SUMMARY_TO_INCOME:
            if pattern.search(item):
                found.setdefault(col, {}).setdefault(rank, []).append(r.cells.get("income_amount"))
                break
    out: dict[str, Decimal | None] = {}
    for col, ranks in found.items():
        values = [v for v in ranks[min(ranks)] if v is not None]
        out[col] = sum(values, Decimal(0)) if values else None
    return out


def _row_id(r: RawRow) -> str:
    return r.cells.get("code") or (r.cells.get("name") or "").replace(" ", "")


# -- building the table ---------------------------------------------------------------------------
