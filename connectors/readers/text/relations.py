"""How each table's printed figures relate: identities, roll-up structure, placed columns.

Declared as data, per contract table, for the text readers (:mod:`connectors.readers.text.build`):
which columns a row's figures can fall in, which identities hold within a row (合计 = 基本 + 项目),
and which row each row rolls up into (类 ← 款 ← 项 by code, 合计 ← 类, 一、 ← 其中 …).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from disclosure.relations import PROCUREMENT_FUNDS, ROW_SUMS, row_sums
from disclosure.tables import CODED_TABLE_KEYS, COLUMN_ALIASES, TABLE_SPECS
from disclosure.vocabulary import ORDINAL_ITEM_RE, SPACED_TOTAL_NAME_RE

from .placement import Identity
from .records import RawRow, RawTable

#: Within-row identities per table (blank cells count as zero): the standard relations of
#: :mod:`disclosure.relations`, declared there once for the readers and the rules alike.
IDENTITIES: dict[str, tuple[Identity, ...]] = {
    table: tuple(Identity(r.total, r.parts) for r in row_sums(table))
    for table in dict.fromkeys(r.table for r in ROW_SUMS)
}

#: Identities over columns some layouts add (Shanghai 收支总表: 支出合计 = 人员经费 + 公用经费 + 项目支出).
EXTRA_IDENTITIES: dict[str, tuple[Identity, ...]] = {
    "summary": (Identity("expenditure_amount", ("extra_1", "extra_2", "extra_3")),),
}

#: The columns a table's figures are placed in (the rest of its columns are text read directly).
PLACED_COLUMNS: dict[str, tuple[str, ...]] = {
    "fiscal_summary": ("expenditure_total", "expenditure_general", "expenditure_fund", "expenditure_capital"),
    "three_public": ("total", "general", "fund", "capital"),
    "assets": ("quantity", "value"),
    "procurement": ("total", *PROCUREMENT_FUNDS, "sme_reserved"),
}

#: Columns that roll up (parent = Σ children); default all placed columns.  Asset quantities are
#: in different units (m², vehicles, pieces) and do not add up.
SUM_COLUMNS: dict[str, tuple[str, ...]] = {"assets": ("value",)}

#: Printed column titles for messages, where :data:`COLUMN_ALIASES` has none for the table.
COLUMN_LABELS: dict[str, str] = {
    "total": "合计", "subtotal": "小计", "carryover": "上年结转", "basic": "基本支出", "project": "项目支出",
    "personnel": "人员经费", "public": "公用经费", "general": "一般公共预算财政拨款", "fund": "政府性基金预算拨款",
    "capital": "国有资本经营预算财政拨款", "expenditure_total": "支出合计",
    "expenditure_general": "一般公共预算财政拨款", "expenditure_fund": "政府性基金预算财政拨款",
    "expenditure_capital": "国有资本经营预算财政拨款", "quantity": "数量", "value": "价值",
    "special_account": "财政专户核拨", "own_funds": "单位资金", "grant_carryover": "财政拨款结转",
    "other_carryover": "非财政拨款结转结余", "sme_reserved": "预留中小微企业份额",
}


def placed_columns(key: str, table: RawTable | None = None) -> tuple[str, ...]:
    """The columns a table's figures go into: the layout's own when it printed others."""
    if table is not None and table.columns is not None:
        return table.columns
    if key in PLACED_COLUMNS:
        return PLACED_COLUMNS[key]
    return tuple(c for c in TABLE_SPECS[key].columns if c not in ("row", "code", "name"))


# -- roll-up structure -------------------------------------------------------------------------
def coded_parents(rows: list[RawRow]) -> list[int | None]:
    """Parent of each code row: the row of its longest printed prefix; 类 rows roll into 合计."""
    by_code = {r.cells.get("code"): i for i, r in enumerate(rows) if r.cells.get("code")}
    total = next((i for i, r in enumerate(rows) if not r.cells.get("code") and is_total(r.cells.get("name"))), None)
    out: list[int | None] = []
    for i, r in enumerate(rows):
        code = r.cells.get("code")
        if not code:
            out.append(None)
            continue
        parent = next((by_code[code[:n]] for n in range(len(code) - 1, 0, -1) if code[:n] in by_code), None)
        out.append(parent if parent is not None else (total if total != i else None))
    return out


def outline_parents(rows: list[RawRow], field: str, *, breakdowns_complete: bool) -> list[int | None]:
    """合计 / numbered items (一、…) / their sub-items, for item tables (三公, 固定资产).

    A numbered item rolls into the totals row.  The rows after it (``其中：…`` and what follows)
    roll into it only when they are a complete breakdown (三公: 购置费 + 运行维护费 = 购置及运维费);
    a 其中 row that is only a part (固定资产: 其中办公用房) constrains nothing.
    """
    total = next((i for i, r in enumerate(rows) if is_total(r.cells.get(field))), None)
    out: list[int | None] = []
    last: int | None = None
    for i, r in enumerate(rows):
        text = r.cells.get(field) or ""
        if i == total:
            out.append(None)
        elif ORDINAL_ITEM_RE.match(text) or re.match(r"^\d+\s*[、.．]", text):
            out.append(total)
            last = i
        else:
            out.append(last if breakdowns_complete else None)
    return out


def summary_parents(rows: list[RawRow]) -> list[int | None]:
    """Expenditure side of a two-sided table: 支出总计 = 本年支出合计 + 年末结转; 本年支出合计 = Σ 一、…"""
    def find(pattern: str) -> int | None:
        rx = re.compile(pattern)
        return next((i for i, r in enumerate(rows) if rx.search(r.cells.get("expenditure_item") or "")), None)

    subtotal, grand, carry = find(r"本年支出合计"), find(r"支出总计"), find(r"年终结转|年末.*结转")
    out: list[int | None] = []
    for i, r in enumerate(rows):
        item = r.cells.get("expenditure_item") or ""
        if i in (subtotal, carry):
            out.append(grand)
        elif item and ORDINAL_ITEM_RE.match(item):
            before = subtotal is None or i < subtotal
            out.append((subtotal if subtotal is not None else grand) if before else carry)
        else:
            out.append(None)
    return out


def procurement_parents(rows: list[RawRow]) -> list[int | None]:
    """合计 = Σ per-unit 小计; each 小计 = Σ the item rows printed under it."""
    total = next((i for i, r in enumerate(rows) if is_total(r.cells.get("unit"))), None)
    out: list[int | None] = []
    unit: int | None = None
    for i, r in enumerate(rows):
        name = r.cells.get("unit") or ""
        if i == total:
            out.append(None)
        elif name.endswith("小计"):
            out.append(total)
            unit = i
        else:
            out.append(unit)
    return out


def is_total(text: Any) -> bool:
    return bool(text) and bool(SPACED_TOTAL_NAME_RE.match(str(text).replace(" ", "")))


PARENTS: dict[str, Callable[[list[RawRow]], list[int | None]]] = {
    **{k: coded_parents for k in CODED_TABLE_KEYS},
    "three_public": lambda rows: outline_parents(rows, "item", breakdowns_complete=True),
    "assets": lambda rows: outline_parents(rows, "item", breakdowns_complete=False),
    "fiscal_summary": summary_parents,
    "summary": summary_parents,
    "procurement": procurement_parents,
}


# -- evidence from elsewhere in the document ------------------------------------------------------
def column_label(key: str, col: str) -> str:
    """The column's printed title (the contract key when none is known)."""
    if col in COLUMN_LABELS:
        return COLUMN_LABELS[col]
    titles = [h for h, c in COLUMN_ALIASES.get(key, {}).items() if c == col]
    return titles[0] if titles else col
