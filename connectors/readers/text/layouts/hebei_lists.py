"""Hebei-layout tables without a printed 序号: 固定资产占用情况表 and 政府采购预算.

Their rows are told apart by what they say (``资产总额``, ``1、房屋…``; ``…小计``, a 目录序号 such as
``C081401``) rather than by a row number, so each has its own small record reader.  Figures are
left for :mod:`connectors.readers.text.build` to place.
"""

from __future__ import annotations

import re
from decimal import Decimal

from disclosure.amounts import is_amount, parse_amount
from disclosure.tables import detect_unit
from disclosure.vocabulary import ASSET_ROW_RE, DEPARTMENT_LINE_RE, SPACED_TOTAL_START_RE

from ..records import RawRow, RawTable


def read_assets(table: RawTable, lines: list[str], start: int, stop: int) -> None:
    """``1、房屋（平方米） 4000 269.53``: item text, then 数量 and 价值 (blanks lost)."""
    header: list[str] = []
    table.end = stop
    for i in range(start, stop):
        s = lines[i].strip()
        if not s or DEPARTMENT_LINE_RE.match(lines[i]):
            continue
        if not ASSET_ROW_RE.match(s):
            if table.rows:
                table.end = i
                break
            header.append(s)
            continue
        toks = s.split()
        figures: list[Decimal] = []
        while toks and is_amount(toks[-1]) and len(toks) > 1:
            figures.insert(0, parse_amount(toks.pop()))  # type: ignore[arg-type]
        table.rows.append(RawRow({"item": "".join(toks)}, figures, s))
    table.unit = detect_unit("\n".join(header)) or table.unit


#: 政府采购目录序号 (``C030102``, wrapped as ``C081401`` + ``99``).
CATALOG_CODE = re.compile(r"^[A-Z]\d{4,}$")


def read_procurement(table: RawTable, lines: list[str], start: int, stop: int) -> None:
    """政府采购预算: 合计, per-unit 小计 rows, and item rows under a project.

    An item row reads ``project [project budget] item-name catalog-code measure quantity price
    figures…``, each part possibly wrapped over lines; a 小计 row is the unit's name ending in
    ``小计`` followed by its figures.  The figures after the price (合计, the funding columns,
    预留中小微企业份额) are placed later from the table's arithmetic.
    """
    body, table.end = _procurement_body(table, lines, start, stop)
    pending: list[str] = []  # text read since the last record
    project: tuple[str, Decimal] | None = None
    i = 0
    while i < len(body):
        toks = body[i].split()
        i += 1
        if not table.rows and SPACED_TOTAL_START_RE.match(" ".join(toks)) and any(is_amount(t) for t in toks):
            figs = [t for t in toks if is_amount(t)]
            table.rows.append(RawRow({"unit": "合计"}, _amounts(figs), body[i - 1]))
            continue
        text = [t for t in toks if not is_amount(t)]
        figs = [t for t in toks if is_amount(t)]
        if toks and CATALOG_CODE.match(toks[0]):
            code, rest = toks[0], toks[1:]
            while not rest and i < len(body) and body[i].strip().isdigit():
                code += body[i].strip()
                i += 1
            if not rest and i < len(body):
                rest = body[i].split()
                i += 1
            cells = {"item": "".join(pending), "catalog_code": code}
            if project is not None:
                cells["project"], cells["project_budget"] = project
            project = None
            pending = []
            if rest and not is_amount(rest[0]):
                cells["measure"] = rest.pop(0)
            if rest and is_amount(rest[0]):
                cells["quantity"] = rest.pop(0)
            if rest and is_amount(rest[0]):
                cells["price"] = parse_amount(rest.pop(0))
            table.rows.append(RawRow(cells, _amounts(rest), " ".join(toks)))
            continue
        pending.extend(text)
        if not figs:
            continue
        if "".join(pending).endswith("小计"):
            table.rows.append(RawRow({"unit": "".join(pending)}, _amounts(figs), "".join(pending)))
            pending = []
        elif len(figs) == 1 and toks[-1] == figs[0]:
            project = ("".join(pending), parse_amount(figs[0]))  # type: ignore[assignment]
            pending = []
        else:
            table.warnings.append(f"{table.title}：未能识别的行“{body[i - 1].strip()}”，未读取。")
            pending = []


def _amounts(tokens: list[str]) -> list[Decimal]:
    return [parse_amount(t) for t in tokens]  # type: ignore[misc]


def _procurement_body(table: RawTable, lines: list[str], start: int, stop: int) -> tuple[list[str], int]:
    """Data lines of the table without its page headers; also where the table ends (after 注)."""
    body: list[str] = []
    header_end: str | None = None  # the last line of the column-header block on the first page
    in_header = False
    previous = ""
    for i in range(start, stop):
        s = lines[i].strip()
        if not s:
            continue
        if DEPARTMENT_LINE_RE.match(lines[i]):
            in_header = True
            continue
        if in_header:
            if header_end is None and SPACED_TOTAL_START_RE.match(s) and any(is_amount(t) for t in s.split()):
                header_end = previous
                in_header = False
            elif s == header_end:
                in_header = False
                continue
            else:
                previous = s
                continue
        if s.startswith("注"):
            table.note = s
            return body, i + 1
        body.append(s)
    return body, stop
