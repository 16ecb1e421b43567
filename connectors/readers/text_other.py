"""Hebei-layout tables without a printed 序号: 固定资产占用情况表 and 政府采购预算.

Their rows are told apart by what they say (``资产总额``, ``1、房屋…``; ``…小计``, a 目录序号 such as
``C081401``) rather than by a row number, so each has its own small record reader.  Figures are
left for :mod:`connectors.readers.text_build` to place.
"""

from __future__ import annotations

import re
from decimal import Decimal

from disclosure.amounts import is_amount, parse_amount
from disclosure.tables import detect_unit

from .text_hebei import HEADER_RE, RawRow, RawTable

#: A row of the fixed-assets table: the total, a numbered class, or a 其中 breakdown.
ASSET_ROW = re.compile(r"^(资产总额|合\s*计|总\s*计|\d+\s*[、.．]|其中\s*[:：])")


def read_assets(table: RawTable, lines: list[str], start: int, stop: int) -> None:
    """``1、房屋（平方米） 4000 269.53``: item text, then 数量 and 价值 (blanks lost)."""
    header: list[str] = []
    table.end = stop
    for i in range(start, stop):
        s = lines[i].strip()
        if not s or HEADER_RE.match(lines[i]):
            continue
        if not ASSET_ROW.match(s):
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


def read_procurement(table: RawTable, lines: list[str], start: int, stop: int) -> None:
    """Placeholder until the procurement reader lands: find where the table ends."""
    table.end = stop
    for i in range(start, stop):
        s = lines[i].strip()
        if s.startswith("注"):
            table.note = s
            table.end = i + 1
            break
    table.warnings.append(f"{table.title}：表格内容暂未读取。")
