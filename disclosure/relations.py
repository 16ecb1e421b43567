"""The sum relations of the standard tables, declared once, as data.

A relation says what a table's arithmetic must be in every row: 合计 = 基本支出 + 项目支出, 本年收入
小计 = Σ 各项收入 … (the way an XBRL calculation linkbase declares its summations).  Everything that
needs a table's arithmetic asks here:

* the readers, to corroborate a reading (:mod:`connectors.readers.corroborate`: a relation that
  fails on most rows is a misreading, not a finding) and to place figures a text layer printed
  without their column (:mod:`connectors.readers.text.relations`);
* the rules, which check each relation row by row (``row.*`` in :mod:`expectations.catalogue`).

A table whose printed header states its own relation (a 合计 over the columns beside it, including
ones the contract does not list, such as 单位预留机动经费) is checked by that one instead
(:attr:`disclosure.model.Table.column_sums`); these are the relations of the standard layout.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RowSum:
    """In every row of a ``table``: ``total`` = Σ ``parts`` (a part the table does not print, or a
    blank cell, counts as zero)."""

    table: str
    total: str
    parts: tuple[str, ...]


#: Income sources that make up 本年收入 (小计) in 收入总表.
INCOME_SOURCES: tuple[str, ...] = ("fiscal_grant", "special_account", "business", "operating", "superior_grant",
                                   "affiliated", "other")
#: Income that is not this year's: added to 本年收入 to give 合计.
INCOME_NOT_THIS_YEAR: tuple[str, ...] = ("carryover", "business_fund")
#: The uses 支出总表 splits spending into.
EXPENDITURE_USES: tuple[str, ...] = ("basic", "project", "operating", "remit_superior", "subsidy_affiliated")
#: The funds a 政府采购 budget is paid from.
PROCUREMENT_FUNDS: tuple[str, ...] = ("general", "fund", "capital", "special_account", "own_funds",
                                      "grant_carryover", "other_carryover")
#: The three kinds of 财政拨款.
FISCAL_FUNDS: tuple[str, ...] = ("general", "fund", "capital")

ROW_SUMS: tuple[RowSum, ...] = (
    RowSum("income", "total", ("subtotal", *INCOME_NOT_THIS_YEAR)),
    RowSum("income", "subtotal", INCOME_SOURCES),
    RowSum("expenditure", "total", EXPENDITURE_USES),
    RowSum("general_expenditure", "total", ("basic", "project")),
    RowSum("fund_expenditure", "total", ("basic", "project")),
    RowSum("capital_expenditure", "total", ("basic", "project")),
    RowSum("fiscal_expenditure", "total", ("basic", "project")),
    RowSum("carryover_expenditure", "total", ("basic", "project")),
    RowSum("general_economic", "total", ("basic", "project")),
    RowSum("basic_expenditure", "total", ("personnel", "public")),
    RowSum("basic_function", "total", ("personnel", "public")),
    RowSum("basic_all", "total", ("personnel", "public")),
    RowSum("fiscal_basic_expenditure", "total", ("personnel", "public")),
    RowSum("fiscal_summary", "expenditure_total", tuple(f"expenditure_{f}" for f in FISCAL_FUNDS)),
    RowSum("three_public", "total", FISCAL_FUNDS),
    RowSum("procurement", "total", PROCUREMENT_FUNDS),
)


#: A part some tables print as its own parts instead: 基本支出 as 人员经费 + 公用经费 (Xi'an's
#: 一般公共预算支出明细表（按经济分类）prints 合计 | 人员经费支出 | 公用经费支出 | 专项业务经费支出).
PRINTED_AS_PARTS: dict[str, tuple[str, ...]] = {"basic": ("personnel", "public")}


def printed_parts(parts: tuple[str, ...] | list[str], printed: Callable[[str], bool]) -> tuple[str, ...]:
    """``parts`` as a table prints them: a part it does not print, whose own parts it prints every
    one of, is replaced by them (``basic`` → ``personnel``, ``public``)."""
    out: list[str] = []
    for part in parts:
        split = PRINTED_AS_PARTS.get(part)
        if split and not printed(part) and all(printed(q) for q in split):
            out += split
        else:
            out.append(part)
    return tuple(out)


def row_sums(table: str) -> tuple[RowSum, ...]:
    """The standard relations of a table kind (none for a kind without one)."""
    return tuple(r for r in ROW_SUMS if r.table == table)


def row_sum(table: str, total: str) -> RowSum | None:
    """The standard relation giving ``total`` in a table kind, if there is one."""
    return next((r for r in ROW_SUMS if r.table == table and r.total == total), None)
