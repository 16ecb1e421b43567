"""Raw records of text tables: rows whose figures are not yet placed in columns.

Text uploads (Hebei extracted text, page text) carry no cell positions, so a layout module cuts
its text into these records and :mod:`connectors.readers.text.build` places the figures from the
table's arithmetic.  The two-sided record parser is shared by every layout whose summaries print
an income item and an expenditure item on one line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from disclosure.amounts import is_amount, parse_amount
from disclosure.vocabulary import EXPENDITURE_SIDE_RE


@dataclass
class RawRow:
    """One printed row: its fixed text cells and the figures still to be placed."""

    cells: dict[str, Any]
    figures: list[Decimal] = field(default_factory=list)
    printed: str = ""  # the row's text as read, for messages


@dataclass
class RawTable:
    key: str
    title: str
    unit: str | None
    rows: list[RawRow] = field(default_factory=list)
    note: str | None = None
    warnings: list[str] = field(default_factory=list)
    end: int = 0  # index of the first line after the table
    #: The columns the figures are placed in, when the layout prints other ones than the default
    #: (Shanghai 收入总表 has no 小计; its 收支总表 splits the expenditure side into four).
    columns: tuple[str, ...] | None = None
    column_titles: dict[str, str] = field(default_factory=dict)
    page: int | None = None  # where the table starts, when the source has pages
    across: list[Decimal] | None = None  # a table printed as one horizontal line of figures (Shanghai 三公)


def tokens(parts: list[str]) -> list[str]:
    """The record's printed lines split at spaces."""
    return [t for p in parts for t in p.split()]


def two_sided_record(table: RawTable, number: int, parts: list[str], printed: str) -> RawRow:
    """``5 五、事业收入 五、教育支出 92.82``: a figure belongs to the item printed before it.

    ``parts`` are the record's printed lines; ``number`` its printed 序号 (or position)."""
    runs: list[tuple[list[str], list[Decimal]]] = []
    for t in tokens(parts):
        if is_amount(t):
            if not runs:
                runs.append(([], []))
            runs[-1][1].append(parse_amount(t))  # type: ignore[arg-type]
        elif runs and not runs[-1][1]:
            runs[-1][0].append(t)
        else:
            runs.append(([t], []))
    items: list[tuple[str, list[Decimal]]] = []
    for words, figs in runs:
        # two items side by side with nothing between them: split where the side changes
        cut = next(
            (k for k in range(1, len(words)) if not _exp(words[k - 1]) and _exp(words[k])),
            None,
        )
        if cut is not None:
            items.append(("".join(words[:cut]), []))
            items.append(("".join(words[cut:]), figs))
        else:
            items.append(("".join(words), figs))
    cells: dict[str, Any] = {"row": number, "income_item": None, "expenditure_item": None}
    income: list[Decimal] = []
    spend: list[Decimal] = []
    if len(items) == 1:
        item, figs = items[0]
        if _exp(item):
            cells["expenditure_item"], spend = item, figs
        else:
            cells["income_item"], income = item, figs
    elif len(items) >= 2:
        (cells["income_item"], income), (cells["expenditure_item"], spend) = items[0], items[1]
        if len(items) > 2:
            table.warnings.append(f"{label(table)}第{number}行有两个以上项目，只读取了前两个：{printed}")
    cells["income_amount"] = _one_figure(table, number, "收入方", income, printed)
    if table.key == "summary" and table.columns is None:
        cells["expenditure_amount"] = _one_figure(table, number, "支出方", spend, printed)
        spend = []
    return RawRow(cells, spend, printed)


def _one_figure(table: RawTable, number: int, side: str, figs: list[Decimal], printed: str) -> Decimal | None:
    """A side's single amount; a side printing several cannot be placed, so none is read and the warning says so."""
    if len(figs) > 1:
        table.warnings.append(f"{label(table)}第{number}行{side}印有多个金额，未读取：{printed}")
        return None
    return figs[0] if figs else None


def _exp(item: str) -> bool:
    return bool(EXPENDITURE_SIDE_RE.search(item))


def label(table: RawTable) -> str:
    """The table's title as a message prefix."""
    return f"{table.title}："
