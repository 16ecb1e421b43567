"""The filled checklist as an XLSX in the bureau's own layout (openpyxl).

Layout as the reviewer's form prints it (``tests/corpus/real/*.review-checklist.xlsx``): the title
merged over A1:E1 (宋体 18, bold); 部门名称 (A3:D3) and 公开网址 (A4:E4); the header row
"<year>年度部门预算公开检查内容 | 符合要求 | 问题截图" (A5:C5, D5, E5); 及时性 in A6 with its row in B6:C6;
内容规范性 merged down column A over the content rows, each row's name in B:C, 是/否 in D and the
problems in E (wrapped).  Column widths as the form's.
"""

from __future__ import annotations

import io
import math
from copy import copy

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, Side

from connectors.publish.checklist.judge import Checklist
from connectors.publish.checklist.rows import CONTENT, TIMELINESS

WIDTHS = {"A": 11.82, "B": 18.73, "C": 60.82, "D": 10.26, "E": 61.18}
FONT = "宋体"
#: Characters of Chinese text per line in column E at its width (for the row's height).
E_CHARS_PER_LINE = 30
LINE_HEIGHT = 13.75
HEADER_ROW, FIRST_ROW = 5, 6

_thin = Side(style="thin")
_border = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)


def _font(bold: bool = False, size: float = 11) -> Font:
    return Font(name=FONT, bold=bold, size=size)


def _lines(text: str) -> int:
    return sum(max(1, math.ceil(len(part) / E_CHARS_PER_LINE)) for part in (text or "").split("\n"))


class _Styles:
    """Each (font, alignment, border) combination set on one cell of the workbook and copied to the
    others as its style array: openpyxl hashes a style object on every assignment, which made
    styling ~25 rows two thirds of writing the checklist (issue 19: it runs for every report)."""

    def __init__(self) -> None:
        self._first: dict[tuple, object] = {}

    def apply(self, cell, font: Font | None, alignment: Alignment | None = None,
              border: Border | None = None) -> None:
        key = (id(font), id(alignment), id(border))
        first = self._first.get(key)
        if first is not None:
            cell._style = copy(first._style)
            return
        if font is not None:
            cell.font = font
        if alignment is not None:
            cell.alignment = alignment
        if border is not None:
            cell.border = border
        self._first[key] = cell


_CENTRE = Alignment(horizontal="center", vertical="center")
_CENTRE_WRAP = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center")
_LEFT_WRAP = Alignment(horizontal="left", vertical="center", wrap_text=True)
_PLAIN, _BOLD, _TITLE = _font(), _font(True), _font(True, 18)
#: The alignment of each column of a checklist row.
_ROW_ALIGNMENT = {"A": _CENTRE_WRAP, "B": _LEFT, "C": None, "D": _CENTRE, "E": _LEFT_WRAP}


def to_workbook(checklist: Checklist) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = f"{checklist.year or ''}年{checklist.level}{checklist.kind}"[:31]
    for col, width in WIDTHS.items():
        ws.column_dimensions[col].width = width
    styles = _Styles()
    ws.merge_cells("A1:E1")
    ws["A1"] = checklist.title
    styles.apply(ws["A1"], _TITLE, _CENTRE)
    ws.row_dimensions[1].height = 22.75
    ws.merge_cells("A3:D3")
    ws["A3"] = f"{checklist.level}名称: {checklist.name}"
    ws.merge_cells("A4:E4")
    ws["A4"] = f"公开网址：{checklist.url or ''}"
    for ref in ("A3", "A4"):
        styles.apply(ws[ref], _BOLD, _LEFT)
    ws.merge_cells(f"A{HEADER_ROW}:C{HEADER_ROW}")
    for ref, text in ((f"A{HEADER_ROW}", f"{checklist.year or ''}年度{checklist.level}{checklist.kind}公开检查内容"),
                      (f"D{HEADER_ROW}", "符合要求"), (f"E{HEADER_ROW}", "问题截图")):
        ws[ref] = text
    for r in (3, 4, HEADER_ROW):
        ws.row_dimensions[r].height = 18.0
    row = FIRST_ROW
    content_first = None
    for verdict in checklist.rows:
        if verdict.row.group == CONTENT and content_first is None:
            content_first = row
        if verdict.row.group == TIMELINESS:
            ws[f"A{row}"] = TIMELINESS
        ws.merge_cells(f"B{row}:C{row}")
        ws[f"B{row}"] = verdict.label
        ws[f"D{row}"] = verdict.verdict
        ws[f"E{row}"] = verdict.text or None
        for col, alignment in _ROW_ALIGNMENT.items():
            styles.apply(ws[f"{col}{row}"], _PLAIN, alignment, _border)
        ws.row_dimensions[row].height = max(LINE_HEIGHT, LINE_HEIGHT * _lines(verdict.text))
        row += 1
    last = row - 1
    if content_first is not None:
        ws[f"A{content_first}"] = CONTENT
        if last > content_first:
            ws.merge_cells(f"A{content_first}:A{last}")
    for col in "ABCDE":  # the header row: its three headings bold and centred, every cell bordered
        bold = col in "ADE"
        styles.apply(ws[f"{col}{HEADER_ROW}"], _BOLD if bold else None, _CENTRE if bold else None, _border)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0
    return wb


def to_bytes(checklist: Checklist) -> bytes:
    buf = io.BytesIO()
    to_workbook(checklist).save(buf)
    return buf.getvalue()


def read_verdicts(data: bytes) -> dict[str, str]:
    """Row name → 是/否/… from a checklist this module wrote (the summary reads them back)."""
    ws = load_workbook(io.BytesIO(data), read_only=True).active
    out: dict[str, str] = {}
    for values in ws.iter_rows(min_row=FIRST_ROW, max_col=4, values_only=True):
        label, verdict = values[1], values[3]
        if label and verdict:
            out[str(label)] = str(verdict)
    return out
