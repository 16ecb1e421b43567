"""Hierarchy roll-ups: each 类 = Σ its 款, each 款 = Σ its 项 (function codes); 301 = Σ 301xx."""

from __future__ import annotations

from typing import Any

from disclosure.model import Disclosure, Table
from disclosure.tables import CODED_KINDS, is_economic
from expectations.frames import Check, cell, code_rows, has_any, row_no, subject_of, tolerance_check

#: Code length of a child → length of its parent.
FUNCTION_PARENT = {5: 3, 7: 5}
#: 经济分类: 款 → 类, and the 7-digit items some places print under a 款 (Chongqing: 3010201 under 30102).
ECONOMIC_PARENT = {5: 3, 7: 5}


def children_by_parent(table: Table, parent_len: dict[int, int]) -> dict[str, list[dict[str, Any]]]:
    """Each parent's child rows: the rows whose nearest printed ancestor it is (a 项 whose 款 is not
    printed adds up into its 类: the missing 款 is ``code.parent``'s finding, not a second one in the
    sums).  A line printed twice alike counts once (:func:`repeated_line`)."""
    codes = {c for _, c, _ in code_rows(table)}
    out: dict[str, list[dict[str, Any]]] = {}
    seen: set[tuple] = set()
    for _, code, r in code_rows(table):
        if (line := repeated_line(r)) in seen:
            continue
        seen.add(line)
        ancestor = code
        while (plen := parent_len.get(len(ancestor))) is not None:
            ancestor = ancestor[:plen]
            if ancestor in codes:
                out.setdefault(ancestor, []).append(r)
                break
    return out


def parent_lengths(table: Table) -> dict[int, int]:
    return ECONOMIC_PARENT if is_economic(table) else FUNCTION_PARENT


def printed_levels(table: Table) -> set[int]:
    """The code lengths the table prints (3 类, 5 款, 7 项)."""
    return {len(c) for _, c, _ in code_rows(table)}


def top_rows(table: Table) -> list[tuple[int, str, dict[str, Any]]]:
    """Code rows none of whose ancestors the table prints: the 类 of a full tree, every row of a table
    printed at one level only (项 alone, as some provinces do), a row whose 类 is missing (that is
    ``code.parent``'s finding, not a second one in the total)."""
    parent_len = parent_lengths(table)
    codes = {c for _, c, _ in code_rows(table)}

    def ancestors(code: str) -> list[str]:
        out = []
        while len(code) in parent_len:
            code = code[: parent_len[len(code)]]
            out.append(code)
        return out

    seen: set[tuple] = set()
    out = []
    for i, c, r in code_rows(table):
        if repeated_line(r) not in seen and not any(a in codes for a in ancestors(c)):
            out.append((i, c, r))
        seen.add(repeated_line(r))
    return out


def repeated_line(row: dict[str, Any]) -> tuple:
    """What makes a printed line the same line again: its code, its words and its figures.  A 款 with
    no 项 printed again on the 项 line (``21999 其他支出 502.00`` twice, Wuxi) is one line; a 款 printed
    once per 政府经济科目 beside it (Xi'an: ``30201 办公费 50201 …`` and ``30201 办公费 50502 …``) is two."""
    return tuple(sorted((k, str(v)) for k, v in row.items() if k != "row"))


def rollup(doc: Disclosure, rule: Any) -> list[Check]:
    """A parent printed with children equals their sum in every amount column.

    A parent printed with no children is fine (nothing to add up); a child without a parent
    is a code rule's business (``code.parent``).
    """
    table = doc.tables.get(rule.params["table"])
    if table is None:
        return []
    return table_rollup(rule.id, table, is_economic(table))


def other_tables_rollup(doc: Disclosure, rule: Any) -> list[Check]:
    """The same in every coded table the contract does not list (economic kinds by 类/款)."""
    return [c for t in doc.other_tables.values() if t.key in CODED_KINDS
            for c in table_rollup(rule.id, t, is_economic(t))]


def table_rollup(rule_id: str, table: Table, economic: bool) -> list[Check]:
    parent_len = ECONOMIC_PARENT if economic else FUNCTION_PARENT
    kids = children_by_parent(table, parent_len)
    columns = table.amount_columns
    out = []
    for i, code, r in code_rows(table):
        children = kids.get(code)
        if not children:
            continue
        for col in columns:
            actual = cell(table, r, col)
            addends = [cell(table, c, col) for c in children]
            if not has_any([actual, *addends]):
                continue
            out.append(tolerance_check(rule_id, table=table, row=row_no(table, i), code=code, column=col,
                                       subject=subject_of(code, r.get("name"), table, col), actual=actual,
                                       addends=addends, expected_label="下级合计"))
    return out
