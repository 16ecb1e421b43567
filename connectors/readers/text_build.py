"""Raw text records → contract tables, placing each figure by the printed arithmetic.

Extracted text drops empty cells, so a row's figures are known only in order.  The columns they
fall in are found by :mod:`connectors.readers.text_placement` from, in this order:

1. the table's own arithmetic: row identities (:data:`IDENTITIES`) and roll-ups (parent row = Σ its
   children, 合计 = Σ 类);
2. only where that still leaves several placements, the same figures printed unambiguously in
   another table of the document (:data:`SAME_ROWS`, :data:`SUMMARY_TO_INCOME`) or a table printed
   empty (:data:`EMPTY_TABLE_COLUMNS`: no 政府性基金 money at all means the 政府性基金 columns are blank).

Every placement that was inferred is named in the document's warnings with the evidence used;
where several placements still fit, the warning says so and the cells stay blank (no guessing).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from disclosure.model import Table
from disclosure.tables import COLUMN_ALIASES, TABLE_SPECS

from .text_hebei import CODED_TABLES, RawRow, RawTable
from .text_placement import Identity, Outcome, Problem, agreed_cells, solve, vector

_INCOME_SOURCES = ("fiscal_grant", "special_account", "business", "operating", "superior_grant", "affiliated",
                   "other")

_PROCUREMENT_FUNDS = ("general", "fund", "capital", "special_account", "own_funds", "grant_carryover",
                      "other_carryover")

#: Within-row identities per table (blank cells count as zero).
IDENTITIES: dict[str, tuple[Identity, ...]] = {
    "income": (Identity("total", ("subtotal", "carryover")), Identity("subtotal", _INCOME_SOURCES)),
    "expenditure": (Identity("total", ("basic", "project", "operating", "remit_superior", "subsidy_affiliated")),),
    "general_expenditure": (Identity("total", ("basic", "project")),),
    "fund_expenditure": (Identity("total", ("basic", "project")),),
    "capital_expenditure": (Identity("total", ("basic", "project")),),
    "basic_expenditure": (Identity("total", ("personnel", "public")),),
    "three_public": (Identity("total", ("general", "fund", "capital")),),
    "fiscal_summary": (
        Identity("expenditure_total", ("expenditure_general", "expenditure_fund", "expenditure_capital")),
    ),
    "procurement": (Identity("total", _PROCUREMENT_FUNDS),),
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
    "procurement": ("total", *_PROCUREMENT_FUNDS, "sme_reserved"),
}

#: Columns that roll up (parent = Σ children); default all placed columns.  Asset quantities are
#: in different units (m², vehicles, pieces) and do not add up.
SUM_COLUMNS: dict[str, tuple[str, ...]] = {"assets": ("value",)}

#: Evidence from a table printed empty: its money is nil, so these columns are blank.
EMPTY_TABLE_COLUMNS: dict[str, dict[str, str]] = {
    "fiscal_summary": {"expenditure_fund": "fund_expenditure", "expenditure_capital": "capital_expenditure"},
    "three_public": {"fund": "fund_expenditure", "capital": "capital_expenditure"},
    "procurement": {"fund": "fund_expenditure", "capital": "capital_expenditure"},
}

#: Evidence from the same row (same code, same printed figures) in a table with fewer columns,
#: where that table prints it unambiguously (as many figures as it has columns).
SAME_ROWS: dict[str, str] = {"expenditure": "general_expenditure"}

#: Evidence for the 收入总表 合计 row from the 收支总表 income side: item → income column.
SUMMARY_TO_INCOME: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"一般公共预算|政府性基金|国有资本经营"), "fiscal_grant"),
    (re.compile(r"财政专户"), "special_account"),
    (re.compile(r"经营收入"), "operating"),
    (re.compile(r"事业收入"), "business"),
    (re.compile(r"上级补助"), "superior_grant"),
    (re.compile(r"附属单位"), "affiliated"),
    (re.compile(r"其他收入"), "other"),
    (re.compile(r"本年收入合计"), "subtotal"),
    (re.compile(r"上年结转"), "carryover"),
    (re.compile(r"收入总计"), "total"),
)

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

_NUMBERED = re.compile(r"^[一二三四五六七八九十百]+\s*、")
_TOTAL_NAMES = re.compile(r"^(合\s*计|总\s*计|资产总额)$")


@dataclass
class Evidence:
    empty_columns: frozenset[str]
    known: dict[int, dict[str, Decimal | None]]
    description: str


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
    total = next((i for i, r in enumerate(rows) if not r.cells.get("code") and _is_total(r.cells.get("name"))), None)
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
    total = next((i for i, r in enumerate(rows) if _is_total(r.cells.get(field))), None)
    out: list[int | None] = []
    last: int | None = None
    for i, r in enumerate(rows):
        text = r.cells.get(field) or ""
        if i == total:
            out.append(None)
        elif _NUMBERED.match(text) or re.match(r"^\d+\s*[、.．]", text):
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
        elif item and _NUMBERED.match(item):
            before = subtotal is None or i < subtotal
            out.append((subtotal if subtotal is not None else grand) if before else carry)
        else:
            out.append(None)
    return out


def procurement_parents(rows: list[RawRow]) -> list[int | None]:
    """合计 = Σ per-unit 小计; each 小计 = Σ the item rows printed under it."""
    total = next((i for i, r in enumerate(rows) if _is_total(r.cells.get("unit"))), None)
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


def _is_total(text: Any) -> bool:
    return bool(text) and bool(_TOTAL_NAMES.match(str(text).replace(" ", "")))


PARENTS: dict[str, Callable[[list[RawRow]], list[int | None]]] = {
    **{k: coded_parents for k in CODED_TABLES},
    "three_public": lambda rows: outline_parents(rows, "item", breakdowns_complete=True),
    "assets": lambda rows: outline_parents(rows, "item", breakdowns_complete=False),
    "fiscal_summary": summary_parents,
    "summary": summary_parents,
    "procurement": procurement_parents,
}


# -- evidence from elsewhere in the document ------------------------------------------------------
def evidence_for(table: RawTable, raws: dict[str, RawTable]) -> Evidence | None:
    labels: list[str] = []
    empty: set[str] = set()
    known: dict[int, dict[str, Decimal | None]] = {}
    for col, other in EMPTY_TABLE_COLUMNS.get(table.key, {}).items():
        src = raws.get(other)
        if src is not None and not src.rows and src.note:
            empty.add(col)
            if src.title not in labels:
                labels.append(src.title)
    if table.key in SAME_ROWS and (src := raws.get(SAME_ROWS[table.key])) is not None:
        cols = placed_columns(src.key, src)
        width = len(cols)
        printed = {_row_id(r): r for r in src.rows if len(r.figures) == width}
        for i, r in enumerate(table.rows):
            s = printed.get(_row_id(r))
            if s is not None and s.figures == r.figures:
                known[i] = dict(zip(cols, s.figures, strict=True))
        if known:
            labels.append(src.title)
    if table.key == "income" and (src := raws.get("summary")) is not None:
        row = _income_totals_from_summary(src)
        target = next((i for i, r in enumerate(table.rows) if not r.cells.get("code") and _is_total(r.cells["name"])),
                      None)
        if row and target is not None:
            known[target] = row
            labels.append(f"{src.title}收入方")
    if not empty and not known:
        return None
    return Evidence(frozenset(empty), known, "、".join(labels))


def _income_totals_from_summary(src: RawTable) -> dict[str, Decimal | None]:
    out: dict[str, Decimal | None] = {}
    for r in src.rows:
        item = (r.cells.get("income_item") or "").replace(" ", "")
        if not item:
            continue
        for pattern, col in SUMMARY_TO_INCOME:
            if pattern.search(item):
                value = r.cells.get("income_amount")
                if value is not None:
                    out[col] = (out.get(col) or Decimal(0)) + value
                else:
                    out.setdefault(col, None)
                break
    return out


def _row_id(r: RawRow) -> str:
    return r.cells.get("code") or (r.cells.get("name") or "").replace(" ", "")


# -- building the table ---------------------------------------------------------------------------
def build(table: RawTable, raws: dict[str, RawTable], warnings: list[str]) -> Table:
    """The contract table for ``table``; placement warnings are appended to ``warnings``."""
    spec = TABLE_SPECS[table.key]
    cols = placed_columns(table.key, table)
    columns = list(spec.columns) + [c for c in cols if c not in spec.columns]
    rows: list[dict[str, Any]] = []
    for r in table.rows:
        row = {c: None for c in columns}
        row.update(r.cells)
        rows.append(row)
    if any(r.figures for r in table.rows):
        _place(table, raws, cols, rows, warnings)
    warnings.extend(table.warnings)
    return Table(
        key=table.key,
        title=table.title,
        columns=columns,
        rows=rows,
        unit=table.unit or "元",
        note=table.note,
        column_titles=dict(table.column_titles),
    )


def _place(table: RawTable, raws: dict[str, RawTable], cols: tuple[str, ...], rows: list[dict[str, Any]],
           warnings: list[str]) -> None:
    parents = PARENTS.get(table.key, lambda rs: [None] * len(rs))(table.rows)
    figures = [r.figures for r in table.rows]
    identities = IDENTITIES.get(table.key, ()) + EXTRA_IDENTITIES.get(table.key, ())
    base = Problem(cols, figures, parents, identities, SUM_COLUMNS.get(table.key))
    own = solve(base)
    ev = evidence_for(table, raws) if any(len(o.surviving) != 1 for o in own if o.candidates) else None
    other: list[Outcome] | None = None
    if ev is not None:
        other = solve(Problem(cols, figures, parents, base.identities, base.sum_columns, ev.empty_columns, ev.known))
    by_table: list[str] = []
    by_evidence: list[str] = []
    ambiguous: dict[tuple[str, ...], list[str]] = {}  # open columns → rows whose figures could go there
    unary_only: list[str] = []
    for i, (r, o) in enumerate(zip(table.rows, own, strict=True)):
        if len(o.candidates) <= 1:
            if o.candidates:
                _fill(rows[i], cols, vector(r.figures, o.candidates[0], len(cols)))
            continue
        label = _row_label(r)
        if len(o.surviving) == 1:
            _fill(rows[i], cols, vector(r.figures, next(iter(o.surviving)), len(cols)))
            by_table.append(label)
            continue
        alt = other[i] if other is not None else None
        if alt is not None and len(alt.surviving) == 1:
            _fill(rows[i], cols, vector(r.figures, next(iter(alt.surviving)), len(cols)))
            by_evidence.append(label)
            continue
        pool = (alt.surviving if alt is not None else set()) or o.surviving
        if not pool:  # the printed arithmetic is not consistent: fall back on the row alone
            pool = set((alt.unary if alt is not None else []) or o.unary)
            if len(pool) == 1:
                _fill(rows[i], cols, vector(r.figures, next(iter(pool)), len(cols)))
                unary_only.append(label)
                continue
        agreed = agreed_cells(r.figures, pool, len(cols)) if pool else None
        if agreed:
            _fill(rows[i], cols, agreed)
        open_figures = [k for k in range(len(r.figures)) if len({pl[k] for pl in pool}) != 1] if pool else []
        left = " ".join(format(r.figures[k], "f") for k in (open_figures or range(len(r.figures))))
        where = sorted({cols[pl[k]] for pl in pool for k in open_figures}, key=cols.index)
        ambiguous.setdefault(tuple(where), []).append(f"{label}的 {left}")
    name = table.title
    if by_table:
        warnings.append(
            f"{name}：{'、'.join(by_table)}的金额所在栏由本表的行内关系和上下级汇总（合计＝各级之和）唯一推定"
            "（文本未保留空白单元格）。"
        )
    if by_evidence and ev is not None:
        warnings.append(
            f"{name}：{'、'.join(by_evidence)}的金额所在栏仅凭本表算术不能唯一确定，依据{ev.description}"
            "中同一数字的位置推定。"
        )
    if unary_only:
        warnings.append(
            f"{name}：本表上下级汇总对不上，{'、'.join(unary_only)}的金额只按本行的合计关系放置，请核对。"
        )
    for where, items in ambiguous.items():
        if where:
            options = "、".join(f"“{column_label(table.key, c)}”" for c in where)
            warnings.append(
                f"{name}：{'；'.join(items)}，可以放在{options}中的不同栏，都符合表内算术，无法确定所在栏，"
                "这些数字未放置（其余栏照常读取）。"
            )
        else:
            warnings.append(f"{name}：{'；'.join(items)}，与表内算术对不上，无法确定所在栏，未放置。")


def _fill(row: dict[str, Any], cols: tuple[str, ...], cells: list[Decimal | None]) -> None:
    for col, value in zip(cols, cells, strict=True):
        if value is not None:
            row[col] = format(value, "f") if col == "quantity" else value


def _titles(key: str, cols: tuple[str, ...], placement: tuple[int, ...], figures: list[Decimal]) -> list[str]:
    return [f"{column_label(key, cols[c])}={format(f, 'f')}" for c, f in zip(placement, figures, strict=True)]


def column_label(key: str, col: str) -> str:
    """The column's printed title (the contract key when none is known)."""
    if col in COLUMN_LABELS:
        return COLUMN_LABELS[col]
    titles = [h for h, c in COLUMN_ALIASES.get(key, {}).items() if c == col]
    return titles[0] if titles else col


def _row_label(r: RawRow) -> str:
    n = r.cells.get("row")
    text = next((r.cells[k] for k in ("code", "name", "item", "unit", "expenditure_item") if r.cells.get(k)), "")
    if r.cells.get("project") and r.cells.get("item"):
        text = f"{r.cells['project']}／{r.cells['item']}"
    return f"第{n}行（{text}）" if n is not None else f"“{text}”行"
