"""Hebei-layout extracted text → raw table records (figures not yet placed in columns).

The layout (``shared/samples/quyang-hrss-2022-budget.txt``): each table starts with its title line
followed by the department line ``316 曲阳县人力资源和社会保障局 预算年度：2022 单位：万元``; every
page repeats that department line and the column-header block down to the ``栏次 1 2 3 …`` line.
Rows start with their printed 序号 (1, 2, 3 … in order), which is what tells a new row from a
wrapped code digit or a wrapped name.  Everything outside the tables is narrative, kept verbatim.

This module cuts the text into records; which column a figure belongs to is decided in
:mod:`connectors.readers.text.build` from the table's arithmetic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from disclosure.amounts import is_amount, parse_amount
from disclosure.model import Department, Disclosure
from disclosure.tables import (
    CODED_TABLE_KEYS,
    ONE_LINE_KEYS,
    TWO_SIDED_KEYS,
    classify_title,
    detect_unit,
    is_contract,
)
from disclosure.vocabulary import CODE_LENGTHS, DEPARTMENT_LINE_RE, NOTE_RE, SPACED_COLUMN_NUMBER_RE

from ...meta import read_kind_level
from ..build import build
from ..records import RawRow, RawTable, label, tokens, two_sided_record
from .hebei_lists import read_assets, read_procurement

_ROW_START = re.compile(r"^(\d+)(?:\s+(.*))?$")


def detect(pages: list[tuple[int, str]]) -> bool:
    """A table title followed by the department line ``316 名称 预算年度：2022 单位：万元``.

    Looks at the lines one page at a time (the page's and the next page's first lines: a title at
    the foot of a page): a large text is not copied into one list of lines just to be recognised."""
    for n, (_, text) in enumerate(pages):
        lines = text.splitlines()
        if n + 1 < len(pages):
            lines += pages[n + 1][1].splitlines()[:4]
        if any(_is_title(lines, i) for i in range(len(lines))):
            return True
    return False


def read(pages: list[tuple[int, str]], source: str, fmt: str) -> Disclosure:
    """Read Hebei-layout extracted text (title, ``316 名称 预算年度：2022 单位：万元``, 栏次, rows)."""
    text = "\n".join(t for _, t in pages)
    parsed = split(text)
    doc = Disclosure(source=source, format=fmt, narrative=parsed.narrative)
    raws = {t.key: t for t in parsed.tables}
    for raw in parsed.tables:
        if raw.key in doc.tables:
            doc.warnings.append(f"“{raw.title}”出现了不止一次，只读取了第一张。")
            continue
        doc.tables[raw.key] = build(raw, raws, doc.warnings, doc.tables)
    doc.department = _department(parsed.header, text)
    return doc


def _department(header: re.Match[str] | None, text: str) -> Department:
    """Code, name, year and unit from the department line the tables were split on; kind and level
    as :func:`~connectors.readers.meta.read_kind_level` reads them for every format."""
    dep = Department()
    if header is not None:
        dep.code, dep.name = header["code"], header["name"]
        dep.year = int(header["year"]) if header["year"] else None
        dep.unit = header["unit"]
    dep.kind, dep.level = read_kind_level(text)
    return dep


@dataclass
class HebeiText:
    header: re.Match[str] | None
    tables: list[RawTable]
    narrative: str


def _title_key(text: str) -> str | None:
    """``classify_title`` for lines that could be a title at all (cheap test first: most lines are not)."""
    key = classify_title(text) if ("表" in text or text.endswith("预算")) else None
    return key if key and is_contract(key) else None  # this layout prints the contract's tables only


def _is_title(lines: list[str], i: int) -> str | None:
    key = _title_key(lines[i].strip())
    if key is None:
        return None
    for nxt in lines[i + 1 : i + 4]:
        if nxt.strip():
            return key if DEPARTMENT_LINE_RE.match(nxt) else None
    return None


def split(text: str) -> HebeiText:
    """Cut the text into tables (raw records) and narrative."""
    lines = text.splitlines()
    starts: list[tuple[int, str]] = []
    for i in range(len(lines)):
        key = _is_title(lines, i)
        if key and not (starts and starts[-1][1] == key):  # a repeated title (续) continues the table
            starts.append((i, key))
    header = next((m for line in lines if (m := DEPARTMENT_LINE_RE.match(line)) and m["year"]), None)
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
    m = DEPARTMENT_LINE_RE.match(lines[start + 1]) or next(
        (DEPARTMENT_LINE_RE.match(x) for x in lines[start + 1 : stop] if DEPARTMENT_LINE_RE.match(x)), None
    )
    unit = m["unit"] if m else None
    table = RawTable(key, title, unit)
    if key == "assets":
        read_assets(table, lines, start + 1, stop)
    elif key == "procurement":
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
    one_line = table.key in ONE_LINE_KEYS
    spill = False  # the open row was split by a page break after its figures
    i = start
    end = stop
    while i < stop:
        raw = lines[i]
        s = raw.strip()
        i += 1
        if not s:
            continue
        if DEPARTMENT_LINE_RE.match(raw) or _title_key(s) == table.key:
            in_header = True  # a page header, or the title repeated on a continuation page
            continue
        m = _ROW_START.match(s)
        if in_header:
            if SPACED_COLUMN_NUMBER_RE.match(s):
                in_header = False
                continue
            if not (m and int(m[1]) == expected):
                continue
            in_header = False
        if NOTE_RE.match(s):
            table.note = s
            end = i
            break
        if records and table.key in CODED_TABLE_KEYS and _code_open(records[-1][1]):
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


def _has_figures(parts: list[str]) -> bool:
    """Whether the row has reached its figures (a decimal, or a number after some text)."""
    seen_text = False
    for t in tokens(parts):
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
    if table.key in TWO_SIDED_KEYS:
        return two_sided_record(table, number, parts, printed)
    if table.key in CODED_TABLE_KEYS:
        return _coded(table, number, parts, printed)
    return _item_row(table, number, parts, printed)


def _coded(table: RawTable, number: int, parts: list[str], printed: str) -> RawRow:
    code, name, figures = _split_coded(parts)
    if code and len(code) not in CODE_LENGTHS:
        table.warnings.append(f"{label(table)}第{number}行的科目编码“{code}”位数不合常规，按原样保留。")
    return RawRow({"row": number, "code": code or None, "name": "".join(name)}, figures, printed)


def _item_row(table: RawTable, number: int, parts: list[str], printed: str) -> RawRow:
    toks = tokens(parts)
    figures: list[Decimal] = []
    while toks and is_amount(toks[-1]):
        figures.insert(0, parse_amount(toks.pop()))  # type: ignore[arg-type]
    return RawRow({"row": number, "item": "".join(toks)}, figures, printed)


