"""The table cell a statement of the 说明 names: which table, which row, which column, what is printed.

Each concept of :mod:`disclosure.vocabulary.narrative` has one locator here (declared in
:data:`LOCATORS`).  A locator returns the cell, or ``None`` when the tables do not print it
unambiguously (then nothing is compared: never guess).  A cell printed empty counts as 0, exactly as
in the table rules; a table printed with no rows at all is a blank table (every figure in it is 0),
so a 说明 giving an amount for it contradicts it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from disclosure.codes import CLASS, ITEM, SECTION, level_of, prefix_at
from disclosure.model import Disclosure, Table
from disclosure.tables import ALL_TABLE_SPECS
from expectations.derive.sums import parse_side, side_columns, three_public_lines
from expectations.frames import (
    Term,
    cell,
    code_rows,
    column_label,
    norm_code,
    norm_text,
    printed,
    row_no,
    total_row,
)


@dataclass(frozen=True)
class CellRef:
    """A printed table cell (or a blank table's nothing)."""

    table: Table
    index: int | None  # row index in ``table.rows``; None for a table printed with no rows
    column: str
    term: Term
    item: str  # the row's printed name (合计, 本年收入合计, 2010601 行政运行 …)

    @property
    def row(self) -> int | None:
        return row_no(self.table, self.index) if self.index is not None else None

    @property
    def code(self) -> str | None:
        return norm_code(self.table.rows[self.index].get("code")) if self.index is not None else None

    @property
    def label(self) -> str:
        spec = ALL_TABLE_SPECS.get(self.table.key)
        return spec.label if spec else self.table.key

    def describe(self) -> str:
        """Where the cell is, as a reviewer finds it: 《表》 第N行 名称 栏目."""
        where = [f"《{self.label}》"]
        if self.index is None:
            where.append("（表中无数据）")
        else:
            if self.row is not None:
                where.append(f"第{self.row}行")
            where.append(self.item)
            where.append(column_label(self.table, self.column))
        return " ".join(p for p in where if p)

    def printed(self) -> str:
        """The printed value with its unit (空 for an empty cell)."""
        if self.term.value is None:
            return "空（按0计）"
        return f"{self.term.value:,f}{self.table.unit}"


def _ref(table: Table, index: int, column: str, item: str) -> CellRef:
    return CellRef(table, index, column, cell(table, table.rows[index], column), item)


def _blank(table: Table, column: str) -> CellRef:
    return CellRef(table, None, column, Term(None, table.unit), "")


def _table(doc: Disclosure, key: str) -> Table | None:
    return doc.tables.get(key) or doc.other_tables.get(key)


def table_total(doc: Disclosure, key: str, column: str) -> CellRef | None:
    """The 合计 row of a coded table, in ``column``; a table printed empty is a blank table."""
    t = _table(doc, key)
    if t is None:
        return None
    if not t.rows:
        return _blank(t, column) if column in t.columns else None
    tot = total_row(t)
    if tot is None or not printed(t, column):
        return None
    return _ref(t, tot[0], column, norm_text(tot[1].get("name") or tot[1].get("item")) or "合计")


def _side_line(doc: Disclosure, key: str, side: str, which: str) -> CellRef | None:
    t = doc.tables.get(key)
    if t is None:
        return None
    s = parse_side(t, side)
    cols = side_columns(t, side)
    if not cols:
        return None
    if which == "either":  # 收入预算 / 支出预算: this year's and the grand total must agree to tell
        lines = [ln for ln in (s.this_year, s.grand) if ln is not None]
        values = {cell(t, ln.row, cols[0]).value for ln in lines}
        if not lines or len(values) > 1:
            return None
        line = lines[-1]
    else:
        line = getattr(s, which)
    if line is None:
        return None
    return _ref(t, line.index, cols[0], line.item)


def side_item(doc: Disclosure, key: str, side: str, pattern: str) -> CellRef | None:
    """A numbered item of a two-sided summary whose printed name matches ``pattern``."""
    t = doc.tables.get(key)
    if t is None:
        return None
    cols = side_columns(t, side)
    if not cols:
        return None
    rx = re.compile(pattern)
    hits = [(i, norm_text(r.get(f"{side}_item"))) for i, r in enumerate(t.rows)
            if rx.search(norm_text(r.get(f"{side}_item")))]
    if len(hits) != 1:
        return None
    i, name = hits[0]
    return _ref(t, i, cols[0], name)


def _use_item(doc: Disclosure, pattern: str) -> CellRef | None:
    """The spending listed by use on a summary's right side (Jiangsu: 基本支出 / 项目支出 / 预留机动)."""
    t = doc.tables.get("summary")
    if t is None or not printed(t, "use_amount"):
        return None
    rx = re.compile(pattern)
    for i, r in enumerate(t.rows):
        if rx.search(norm_text(r.get("use_item"))):
            return _ref(t, i, "use_amount", norm_text(r.get("use_item")))
    return None


def _first(*candidates: Callable[[], CellRef | None]) -> CellRef | None:
    for c in candidates:
        found = c()
        if found is not None:
            return found
    return None


def all_general(doc: Disclosure) -> bool:
    """Whether every figure of the 支出总表 is 一般公共预算 money (then the two tables' parts coincide)."""
    a, b = table_total(doc, "expenditure", "total"), table_total(doc, "general_expenditure", "total")
    return a is not None and b is not None and a.term.value is not None and a.term.value == b.term.value


def _three_public(doc: Disclosure, role: str, column_hint: str | None) -> CellRef | None:
    t = doc.tables.get("three_public")
    if t is None:
        return None
    column = "budget" if column_hint == "budget" and "budget" in t.columns and printed(t, "budget") else "total"
    if column_hint == "budget" and column != "budget":
        return None  # the table prints no 预算数 column: nothing to compare the text's 预算 with
    if not t.rows:
        return _blank(t, column)
    lines = three_public_lines(t)
    if role == "total" and "subtotal" in lines:
        role = "subtotal"  # a table that also prints 会议费/培训费: the “三公” are its 小计
    if role not in lines:
        return None
    i, r = lines[role]
    return _ref(t, i, column, norm_text(r.get("item") or r.get("name")))


def _office(doc: Disclosure) -> CellRef | None:
    t = doc.tables.get("three_public")
    if t is not None:
        for i, r in enumerate(t.rows):
            if "机关运行经费" in norm_text(r.get("item") or r.get("name")):
                return _ref(t, i, "total", norm_text(r.get("item") or r.get("name")))
    return table_total(doc, "office_expenditure", "total")


def _procurement(doc: Disclosure) -> CellRef | None:
    t = doc.tables.get("procurement")
    if t is None or not printed(t, "total"):
        return None
    for i, r in enumerate(t.rows):
        names = [norm_text(r.get(k)) for k in ("category", "unit", "name", "item", "project")]
        if any(n in ("合计", "总计") for n in names):
            return _ref(t, i, "total", "合计")
    return None


def _assets(doc: Disclosure) -> CellRef | None:
    t = doc.tables.get("assets")
    if t is None:
        return None
    for i, r in enumerate(t.rows):
        if norm_text(r.get("item")) in ("资产总额", "合计"):
            return _ref(t, i, "value", norm_text(r.get("item")))
    return None


def _by_scope(doc: Disclosure, scope: str | None, column: str) -> CellRef | None:
    """基本支出 / 项目支出 of the money the sentence speaks of."""
    if scope == "general":
        return table_total(doc, "general_expenditure", column)
    if scope == "fiscal":
        return table_total(doc, "fiscal_expenditure", column)
    if scope in (None, "all"):
        pattern = {"basic": r"基本支出", "project": r"项目支出"}[column]
        return _first(lambda: table_total(doc, "expenditure", column), lambda: _use_item(doc, pattern))
    return None


def _personnel(doc: Disclosure, scope: str | None, column: str) -> CellRef | None:
    if scope == "fiscal" and _table(doc, "fiscal_basic_expenditure") is not None:
        return table_total(doc, "fiscal_basic_expenditure", column)
    if scope in ("general", "fiscal", None) or (scope == "all" and all_general(doc)):
        return table_total(doc, "basic_expenditure", column)
    return None


def _income_column(doc: Disclosure, column: str) -> CellRef | None:
    return table_total(doc, "income", column)


def _summary_of(scope: str | None) -> str:
    """The two-sided table a section's 收入总计 / 支出总计 is read from."""
    return "fiscal_summary" if scope == "fiscal" else "summary"


Locator = Callable[[Disclosure, str | None, str | None], CellRef | None]

#: concept key → how to find its cell: ``(doc, scope, column_hint) -> CellRef | None``.
LOCATORS: dict[str, Locator] = {
    "grand": lambda d, s, h: _side_line(d, "summary", "income", "grand"),
    "grand_income": lambda d, s, h: _side_line(d, _summary_of(s), "income", "grand"),
    "grand_expenditure": lambda d, s, h: _side_line(d, _summary_of(s), "expenditure", "grand"),
    "income_this_year": lambda d, s, h: _side_line(d, "summary", "income", "this_year"),
    "expenditure_this_year": lambda d, s, h: _side_line(d, "summary", "expenditure", "this_year"),
    "income_budget": lambda d, s, h: _side_line(d, "summary", "income", "either"),
    "expenditure_budget": lambda d, s, h: _side_line(d, "summary", "expenditure", "either"),
    "fiscal_grand": lambda d, s, h: _side_line(d, "fiscal_summary", "income", "grand"),
    "fiscal_income": lambda d, s, h: _first(lambda: _income_column(d, "fiscal_grant"),
                                            lambda: _side_line(d, "fiscal_summary", "income", "this_year")),
    "fiscal_expenditure": lambda d, s, h: _side_line(d, "fiscal_summary", "expenditure", "either"),
    "general_expenditure": lambda d, s, h: table_total(d, "general_expenditure", "total"),
    "general_income": lambda d, s, h: _first(lambda: side_item(d, "fiscal_summary", "income", r"一般公共预算"),
                                             lambda: side_item(d, "summary", "income", r"一般公共预算")),
    "general_basic": lambda d, s, h: _first(lambda: table_total(d, "general_expenditure", "basic"),
                                            lambda: table_total(d, "basic_expenditure", "total")),
    "fiscal_basic": lambda d, s, h: table_total(d, "fiscal_basic_expenditure", "total"),
    "fund_expenditure": lambda d, s, h: table_total(d, "fund_expenditure", "total"),
    "capital_expenditure": lambda d, s, h: table_total(d, "capital_expenditure", "total"),
    "basic": lambda d, s, h: _by_scope(d, s, "basic"),
    "project": lambda d, s, h: _by_scope(d, s, "project"),
    "reserve": lambda d, s, h: _use_item(d, r"预留机动"),
    "personnel": lambda d, s, h: _personnel(d, s, "personnel"),
    "public": lambda d, s, h: _personnel(d, s, "public"),
    "business_income": lambda d, s, h: _income_column(d, "business"),
    "operating_income": lambda d, s, h: _income_column(d, "operating"),
    "other_income": lambda d, s, h: _income_column(d, "other"),
    "superior_income": lambda d, s, h: _income_column(d, "superior_grant"),
    "affiliated_income": lambda d, s, h: _income_column(d, "affiliated"),
    "carryover": lambda d, s, h: side_item(d, "summary", "income", r"上年结转|年初结转"),
    "three_public": lambda d, s, h: _three_public(d, "total", h),
    "abroad": lambda d, s, h: _three_public(d, "abroad", h),
    "car": lambda d, s, h: _three_public(d, "car", h),
    "car_purchase": lambda d, s, h: _three_public(d, "car_purchase", h),
    "car_running": lambda d, s, h: _three_public(d, "car_running", h),
    "reception": lambda d, s, h: _three_public(d, "reception", h),
    "meeting": lambda d, s, h: _three_public(d, "meeting", h),
    "training": lambda d, s, h: _three_public(d, "training", h),
    "office": lambda d, s, h: _office(d),
    "procurement": lambda d, s, h: _procurement(d),
    "assets": lambda d, s, h: _assets(d),
}


def locate(doc: Disclosure, concept: str, scope: str | None = None, column_hint: str | None = None
           ) -> CellRef | None:
    """The cell printing ``concept`` (of the money ``scope`` names), or None when not unambiguous."""
    finder = LOCATORS.get(concept)
    return finder(doc, scope, column_hint) if finder is not None else None


# --------------------------------------------------------------------------- rows named by 类/款/项

def function_names(doc: Disclosure) -> dict[str, str]:
    """Every function code printed in the expenditure tables, with its printed name."""
    out: dict[str, str] = {}
    for key in ("general_expenditure", "expenditure", "fund_expenditure", "capital_expenditure",
                "fiscal_expenditure"):
        t = _table(doc, key)
        if t is None:
            continue
        for _, c, r in code_rows(t):
            out.setdefault(c, norm_text(r.get("name")))
    return out


def resolve_names(doc: Disclosure, c_name: str | None, k_name: str, x_name: str,
                  rows: dict[str, str] | None = None) -> str | None:
    """The 7-digit code named 类 / 款 / 项 in the tables (the 类 may be unknown: then the 款 and 项
    names must point at exactly one code).  ``rows``: :func:`function_names`, when already known."""
    rows = function_names(doc) if rows is None else rows
    k_name, x_name = norm_text(k_name), norm_text(x_name)
    found = []
    for x, xn in rows.items():
        if level_of(x) != ITEM or xn != x_name:
            continue
        if rows.get(prefix_at(x, SECTION)) != k_name:
            continue
        if c_name is not None and rows.get(prefix_at(x, CLASS)) != norm_text(c_name):
            continue
        found.append(x)
    return found[0] if len(found) == 1 else None


def resolve_class(doc: Disclosure, c_name: str, rows: dict[str, str] | None = None) -> str | None:
    rows = function_names(doc) if rows is None else rows
    hits = [c for c, n in rows.items() if level_of(c) == CLASS and n == norm_text(c_name)]
    return hits[0] if len(hits) == 1 else None


def code_cell(doc: Disclosure, code: str, keys: tuple[str, ...], column: str = "total") -> CellRef | None:
    """The row printing ``code`` in the first of ``keys`` that has it."""
    for key in keys:
        t = _table(doc, key)
        if t is None:
            continue
        for i, c, r in code_rows(t):
            if c == code and printed(t, column):
                return _ref(t, i, column, f"{c} {norm_text(r.get('name'))}")
    return None

