"""Row identities: in every row, the total column equals the sum of its part columns."""

from __future__ import annotations

from typing import Any

from disclosure.model import Disclosure, Table
from disclosure.relations import printed_parts, row_sums
from expectations.frames import (
    Check,
    cell,
    column_label,
    has_any,
    norm_code,
    printed,
    row_no,
    subject_of,
    tolerance_check,
)

#: Income sources that make up 本年收入 (小计) in 收入总表.
INCOME_SOURCES = ("fiscal_grant", "special_account", "business", "operating", "superior_grant", "affiliated",
                  "other")
#: Income that is not this year's: added to 本年收入 to give 合计.
INCOME_NOT_THIS_YEAR = ("carryover", "business_fund")


def _row_sums(rule_id: str, table: Table, total: str, parts: list[str], label: str) -> list[Check]:
    if not printed(table, total):
        return []
    parts = [p for p in parts if printed(table, p)]
    if not parts:
        return []
    out = []
    for i, r in enumerate(table.rows):
        actual = cell(table, r, total)
        addends = [cell(table, r, p) for p in parts]
        if not has_any([actual, *addends]):
            continue
        code = norm_code(r.get("code"))
        name = r.get("name") or r.get("item") or r.get("expenditure_item")
        out.append(tolerance_check(rule_id, table=table, row=row_no(table, i), code=code, column=total,
                                   subject=subject_of(code, name, table, total), actual=actual, addends=addends,
                                   expected_label=label))
    return out


def header_parts(table: Table, total: str) -> list[str] | None:
    """The parts of ``total`` as the table's printed header states them (合计 over 基本支出, 项目支出,
    单位预留机动经费 …), or None when the reader saw no such relation (the contract's then apply)."""
    for s in table.column_sums:
        if s.total == total:
            return list(s.parts)
    return None


def row_identity(doc: Disclosure, rule: Any) -> list[Check]:
    """``params``: table, total column, part columns (those the table does not print are skipped).

    Where the printed header says what its 合计 adds up (a column the contract does not list, such as
    单位预留机动经费, included), that is the relation checked: a 合计 equals the parts printed beside it."""
    table = doc.tables.get(rule.params["table"])
    if table is None:
        return []
    parts = header_parts(table, rule.params["total"]) or list(
        printed_parts(rule.params["parts"], lambda c: printed(table, c)))
    label = "+".join(column_label(table, p) for p in parts if printed(table, p))
    return _row_sums(rule.id, table, rule.params["total"], parts, label)


def other_tables_column_sums(doc: Disclosure, rule: Any) -> list[Check]:
    """Tables the contract does not list: every 合计 column their header prints equals its parts."""
    out: list[Check] = []
    for table in doc.other_tables.values():
        stated = {s.total for s in table.column_sums}
        relations = [(s.total, list(s.parts)) for s in table.column_sums]
        # a kind with a standard relation (一般公共预算支出明细表（按经济分类）: 合计 = 基本 + 项目) is
        # checked by it where its header states none; the reader corroborated the reading by it
        relations += [(r.total, list(printed_parts(r.parts, lambda c, t=table: printed(t, c))))
                      for r in row_sums(table.key) if r.total not in stated and printed(table, r.total)]
        for total, parts in relations:
            label = "+".join(column_label(table, p) for p in parts if printed(table, p))
            out += _row_sums(rule.id, table, total, parts, label)
    return out


def income_total(doc: Disclosure, rule: Any) -> list[Check]:
    """收入总表: 合计 = 本年收入 (小计, or Σ sources when no 小计 column) + 上年结转."""
    table = doc.tables.get("income")
    if table is None:
        return []
    stated = header_parts(table, "total")
    if stated:
        return _row_sums(rule.id, table, "total", stated,
                         "+".join(column_label(table, p) for p in stated if printed(table, p)))
    has_subtotal = printed(table, "subtotal")
    parts = (["subtotal"] if has_subtotal else list(INCOME_SOURCES)) + list(INCOME_NOT_THIS_YEAR)
    label = "本年收入+上年结转" if has_subtotal else "各项收入+上年结转"
    return _row_sums(rule.id, table, "total", parts, label)


def income_subtotal(doc: Disclosure, rule: Any) -> list[Check]:
    """收入总表: 本年收入小计 = Σ income sources (only where a 小计 column is printed)."""
    table = doc.tables.get("income")
    if table is None or not printed(table, "subtotal"):
        return []
    parts = header_parts(table, "subtotal") or list(INCOME_SOURCES)
    return _row_sums(rule.id, table, "subtotal", parts, "各项收入之和")


#: Printed titles of the expenditure-side split a summary template may add, by role.
_SPLIT_TITLES = {"basic": ("基本支出",), "detail": ("人员经费", "公用经费", "日常公用经费"), "project": ("项目支出",)}


def summary_expenditure_split(doc: Disclosure, rule: Any) -> list[Check]:
    """收支总表 with an expenditure split (人员经费 / 公用经费 / 项目支出): each line's 合计 = Σ split."""
    from expectations.derive.sums import side_columns

    table = doc.tables.get("summary")
    if table is None:
        return []
    cols = side_columns(table, "expenditure")
    if len(cols) < 2:
        return []
    roles = {}
    for c in cols[1:]:
        # a two-level header is kept as "基本支出/人员经费": its last level names the column
        title = (table.column_titles.get(c) or "").replace(" ", "").split("/")[-1]
        for role, titles in _SPLIT_TITLES.items():
            if title in titles:
                roles.setdefault(role, []).append(c)
    parts = roles.get("detail") or roles.get("basic") or []
    parts = parts + roles.get("project", [])
    if not parts:
        return []
    label = "+".join(column_label(table, p) for p in parts)
    out = []
    for i, r in enumerate(table.rows):
        actual = cell(table, r, cols[0])
        addends = [cell(table, r, p) for p in parts]
        if not has_any([actual, *addends]):
            continue
        out.append(tolerance_check(rule.id, table=table, row=row_no(table, i), code=None, column=cols[0],
                                   subject=subject_of(None, r.get("expenditure_item"), table, cols[0]),
                                   actual=actual, addends=addends, expected_label=label))
    return out
