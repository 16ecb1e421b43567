"""Hebei-layout extracted text → raw table records (figures not yet placed in columns).

The layout (``shared/samples/quyang-hrss-2022-budget.txt``): each table starts with its title line
followed by the department line ``316 曲阳县人力资源和社会保障局 预算年度：2022 单位：万元``; every
page repeats that department line and the column-header block down to the ``栏次 1 2 3 …`` line.
Rows start with their printed 序号 (1, 2, 3 … in order), which is what tells a new row from a
wrapped code digit or a wrapped name.  Everything outside the tables is narrative, kept verbatim.

This module only cuts the text into records; which column a figure belongs to is decided in
:mod:`connectors.readers.text_build` from the table's arithmetic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from disclosure.amounts import is_amount, parse_amount
from disclosure.tables import NOTE_RE, classify_title, detect_unit

#: The department line under every title and at the top of every page of a table.
HEADER_RE = re.compile(
    r"^\s*(?P<code>\d{3,12})\s+(?P<name>\S+)\s+"
    r"(?:预算年度\s*[:：]\s*(?P<year>\d{4})\s*)?"
    r"(?:单位\s*[:：]\s*(?P<unit>万元|亿元|元)|截止时间\s*[:：]\s*(?P<asof>\S+))"
)
_ROW_START = re.compile(r"^(\d+)(?:\s+(.*))?$")
_COLUMN_NUMBERS = re.compile(r"^栏\s*次")
#: Valid classification code lengths: 类 3, 款 5, 项 7 digits.  Any other length is a wrapped code.
CODE_LENGTHS = frozenset({3, 5, 7})

#: Tables whose rows are numbered and printed one line each (no wrapping in this layout).
ONE_LINE_TABLES = frozenset({"summary", "fiscal_summary", "three_public"})
CODED_TABLES = frozenset(
    {"income", "expenditure", "general_expenditure", "basic_expenditure", "fund_expenditure", "capital_expenditure"}
)
TWO_SIDED_TABLES = frozenset({"summary", "fiscal_summary"})

#: An item of a two-sided summary table belongs to the expenditure side when it says so.
EXPENDITURE_SIDE = re.compile(r"支出|预备费|年终结转|年末.*结转")


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


@dataclass
class HebeiText:
    header: re.Match[str] | None
    tables: list[RawTable]
    narrative: str


def _title_key(text: str) -> str | None:
    """``classify_title`` for lines that could be a title at all (cheap test first: most lines are not)."""
    return classify_title(text) if ("表" in text or text.endswith("预算")) else None


def _is_title(lines: list[str], i: int) -> str | None:
    key = _title_key(lines[i].strip())
    if key is None:
        return None
    for nxt in lines[i + 1 : i + 4]:
        if nxt.strip():
            return key if HEADER_RE.match(nxt) else None
    return None


def split(text: str) -> HebeiText:
    """Cut the text into tables (raw records) and narrative."""
    lines = text.splitlines()
    starts: list[tuple[int, str]] = []
    for i in range(len(lines)):
        key = _is_title(lines, i)
        if key and not (starts and starts[-1][1] == key):  # a repeated title (续) continues the table
            starts.append((i, key))
    header = next((m for line in lines if (m := HEADER_RE.match(line)) and m["year"]), None)
    tables: list[RawTable] = []
    narrative: list[list[str]] = [lines[: starts[0][0]] if starts else lines]
    for n, (i, key) in enumerate(starts):
        stop = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        table = _read_table(key, lines, i, stop)
        tables.append(table)
        narrative.append(lines[table.end : stop])
    parts = ["\n".join(seg).strip("\n") for seg in narrative]
    return HebeiText(header, tables, "\n".join(p for p in parts if p.strip()))


def _read_table(key: str, lines: list[str], start: int, stop: int) -> RawTable:
    title = lines[start].strip()
    m = HEADER_RE.match(lines[start + 1]) or next(
        (HEADER_RE.match(x) for x in lines[start + 1 : stop] if HEADER_RE.match(x)), None
    )
    unit = m["unit"] if m else None
    table = RawTable(key, title, unit)
    if key == "assets":
        from .text_other import read_assets

        read_assets(table, lines, start + 1, stop)
    elif key == "procurement":
        from .text_other import read_procurement

        read_procurement(table, lines, start + 1, stop)
    else:
        _read_numbered(table, lines, start + 1, stop)
    if table.unit is None:
        table.unit = detect_unit("\n".join(lines[start:stop]))
    return table


def _read_numbered(table: RawTable, lines: list[str], start: int, stop: int) -> None:
    """Tables whose rows carry a printed 序号: collect each row's lines, skipping page headers."""
    expected = 1
    in_header = False
    records: list[tuple[int, list[str]]] = []
    one_line = table.key in ONE_LINE_TABLES
    spill = False  # the open row was split by a page break after its figures
    i = start
    end = stop
    while i < stop:
        raw = lines[i]
        s = raw.strip()
        i += 1
        if not s:
            continue
        if HEADER_RE.match(raw) or _title_key(s) == table.key:
            in_header = True  # a page header, or the title repeated on a continuation page
            continue
        m = _ROW_START.match(s)
        if in_header:
            if _COLUMN_NUMBERS.match(s):
                in_header = False
                continue
            if not (m and int(m[1]) == expected):
                continue
            in_header = False
        if NOTE_RE.match(s):
            table.note = s
            end = i
            break
        if records and table.key in CODED_TABLES and _code_open(records[-1][1]):
            records[-1][1].append(s)
            spill = _has_figures(records[-1][1][:-1])
            continue
        if m and int(m[1]) == expected:
            records.append((expected, [m[2] or ""]))
            expected += 1
            spill = False
            continue
        if records and not one_line and (not _has_figures(records[-1][1]) or (spill and _plain_text(s))):
            records[-1][1].append(s)
            continue
        end = i - 1
        break
    table.end = end
    for number, parts in records:
        table.rows.append(_parse_record(table, number, parts))


def _tokens(parts: list[str]) -> list[str]:
    return [t for p in parts for t in p.split()]


def _has_figures(parts: list[str]) -> bool:
    """Whether the row has reached its figures (a decimal, or a number after some text)."""
    seen_text = False
    for t in _tokens(parts):
        if is_amount(t):
            if "." in t or seen_text:
                return True
        else:
            seen_text = True
    return False


def _plain_text(s: str) -> bool:
    return not any(is_amount(t) for t in s.split()) and not any(ch in s for ch in "。，；：:")


def _code_open(parts: list[str]) -> bool:
    """The row's code so far is a wrapped prefix (e.g. ``208050`` waiting for its ``6``)."""
    code = _split_coded(parts)[0]
    return bool(code) and len(code) not in CODE_LENGTHS and len(code) < max(CODE_LENGTHS)


def _split_coded(parts: list[str]) -> tuple[str, list[str], list[Decimal]]:
    """A coded row's lines → (code, name pieces, figures)."""
    code = ""
    name: list[str] = []
    figures: list[Decimal] = []
    for part in parts:
        toks = part.split()
        # digits at the start of a line are (more of) the code while the code is still open:
        # before anything else was read, or while it has a length no code has (``208050`` + ``6``)
        while toks and toks[0].isdigit() and len(code + toks[0]) <= max(CODE_LENGTHS) and (
            (not code and not name and not figures) or (code and len(code) not in CODE_LENGTHS)
        ):
            code += toks.pop(0)
        for t in toks:
            if is_amount(t) and (name or figures):
                figures.append(parse_amount(t))  # type: ignore[arg-type]
            else:
                name.append(t)
    return code, name, figures


def _parse_record(table: RawTable, number: int, parts: list[str]) -> RawRow:
    printed = " ".join(p for p in parts if p)
    if table.key in TWO_SIDED_TABLES:
        return _two_sided(table, number, parts, printed)
    if table.key in CODED_TABLES:
        return _coded(table, number, parts, printed)
    return _item_row(table, number, parts, printed)


def _coded(table: RawTable, number: int, parts: list[str], printed: str) -> RawRow:
    code, name, figures = _split_coded(parts)
    if code and len(code) not in CODE_LENGTHS:
        table.warnings.append(f"{_label(table)}第{number}行的科目编码“{code}”位数不合常规，按原样保留。")
    return RawRow({"row": number, "code": code or None, "name": "".join(name)}, figures, printed)


def _item_row(table: RawTable, number: int, parts: list[str], printed: str) -> RawRow:
    toks = _tokens(parts)
    figures: list[Decimal] = []
    while toks and is_amount(toks[-1]):
        figures.insert(0, parse_amount(toks.pop()))  # type: ignore[arg-type]
    return RawRow({"row": number, "item": "".join(toks)}, figures, printed)


def _two_sided(table: RawTable, number: int, parts: list[str], printed: str) -> RawRow:
    """``5 五、事业收入 五、教育支出 92.82``: a figure belongs to the item printed before it."""
    runs: list[tuple[list[str], list[Decimal]]] = []
    for t in _tokens(parts):
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
            table.warnings.append(f"{_label(table)}第{number}行有两个以上项目，只读取了前两个：{printed}")
    cells["income_amount"] = _one_figure(table, number, "收入方", income, printed)
    if table.key == "summary" and table.columns is None:
        cells["expenditure_amount"] = _one_figure(table, number, "支出方", spend, printed)
        spend = []
    return RawRow(cells, spend, printed)


def _one_figure(table: RawTable, number: int, side: str, figs: list[Decimal], printed: str) -> Decimal | None:
    """A side's single amount; a side printing several cannot be placed, so none is read and the warning says so."""
    if len(figs) > 1:
        table.warnings.append(f"{_label(table)}第{number}行{side}印有多个金额，未读取：{printed}")
        return None
    return figs[0] if figs else None


def _exp(item: str) -> bool:
    return bool(EXPENDITURE_SIDE.search(item))


def _label(table: RawTable) -> str:
    return f"{table.title}："
