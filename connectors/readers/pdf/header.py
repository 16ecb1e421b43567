"""The header of a table → its leaf columns (x-ranges, header stacks, kinds), and which column a word is in.

A group header (``收入预算`` over the amount columns, ``功能分类科目编码`` over 类/款/项, ``本年收入``
centred over 项目/预算数) is not a column: it is a word that covers two or more words of one lower
line, or sits centred between two words of a lower line, or sits above another header cell.  The
remaining words, joined with their vertical neighbours (a header wrapped in its cell), are the leaf
columns, each with the stack of group headers above it: the printed meaning the table builder maps
to contract columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from disclosure.amounts import is_amount
from disclosure.tables import normalise_header
from disclosure.vocabulary import (
    CODE_HEADER_RE,
    CODE_PART_HEADERS,
    NAME_HEADER_RE,
    ROW_NUMBER_HEADERS,
    TEXT_HEADER_RE,
    TOTAL_ROW_RE,
    header_core,
)

from .geometry import Line, Word, overlap
from .settings import SETTINGS, PdfSettings

#: A code printed whole or a piece of a wrapped one (``208``, ``010``, ``1``).
CODE_PIECE_RE = re.compile(r"^\d{1,7}$")
_HAS_DIGIT_RE = re.compile(r"[0-9０-９]")
DASHES = frozenset({"-", "—", "－", "–", "--", "——"})


@dataclass
class Column:
    x0: float
    x1: float
    stack: list[str]  # group headers above, then the leaf header (top to bottom)
    kind: str = "amount"  # amount, text, code, row
    exact: bool = False  # x0..x1 are the cell borders (a ruled header), not the header text's extent

    @property
    def leaf(self) -> str:
        return self.stack[-1] if self.stack else ""


def columns_from_header(lines: list[Line], s: PdfSettings = SETTINGS) -> list[Column]:
    """Leaf columns (left to right) with their header stacks, from the header lines.

    A group header (``收入预算`` over the amount columns, ``功能分类科目编码`` over 类/款/项,
    ``本年收入`` centred over 项目/预算数) is not a column: it is a word that covers two or more
    words of one lower line, or sits between two words of a lower line, or sits above another
    header cell.  The remaining words, joined with their vertical neighbours that overlap them
    (a header wrapped in its cell), are the leaf columns.
    """
    words = [(li, w) for li, line in enumerate(lines) for w in line.words if normalise_header(w.text)]
    n = len(words)
    span: dict[int, tuple[float, float]] = {}  # group index → the x-range it heads
    for k, (li, w) in enumerate(words):
        by_line: dict[int, list[Word]] = {}
        for lj, v in words:
            if lj > li:
                by_line.setdefault(lj, []).append(v)
        overlaps_lower = any(overlap(w.x0, w.x1, v.x0, v.x1) > 0 for lower in by_line.values() for v in lower)
        judged = False  # centred between the words of the first lower line with words on both sides
        for lj in sorted(by_line):
            lower = by_line[lj]
            covered = [v for v in lower if overlap(w.x0, w.x1, v.x0, v.x1) >= s.group_cover * min(v.width, w.width)]
            if len(covered) >= 2:
                span[k] = (min(w.x0, *(v.x0 for v in covered)), max(w.x1, *(v.x1 for v in covered)))
                break
            if not overlaps_lower and not judged:
                left = [v for v in lower if v.x1 <= w.x0]
                right = [v for v in lower if v.x0 >= w.x1]
                if left and right:
                    judged = True
                    lv = max(left, key=lambda v: v.x1)
                    rv = min(right, key=lambda v: v.x0)
                    # …unless the neighbours' own cells reach up to this word's level (a side by side leaf).
                    tall = any(u.top < w.bottom and u.bottom > w.top and u is not w
                               and (overlap(u.x0, u.x1, lv.x0, lv.x1) > 0 or overlap(u.x0, u.x1, rv.x0, rv.x1) > 0)
                               for _, u in words)
                    if not tall:
                        span[k] = (lv.x0, rv.x1)
                        break
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    leaves = [k for k in range(n) if k not in span]
    parts_per_line: dict[int, int] = {}
    for li, w in words:
        if w.text in CODE_PART_HEADERS:
            parts_per_line[li] = parts_per_line.get(li, 0) + 1
    code_parts = [w.text in CODE_PART_HEADERS and parts_per_line[li] >= 2 for li, w in words]
    for a in leaves:
        for b in leaves:
            if a < b and words[a][0] != words[b][0]:
                wa, wb = words[a][1], words[b][1]
                if code_parts[a] or code_parts[b]:
                    continue  # 类/款/项 printed side by side are always columns of their own
                near = abs(wa.cy - wb.cy) <= s.header_wrap_distance * max(wa.em, wb.em)
                centred = abs((wa.x0 + wa.x1) - (wb.x0 + wb.x1)) / 2 <= s.header_centred * max(wa.width, wb.width)
                # a left-aligned header wrapped in its cell: ``经济分类科目编`` / ``码``
                upper, lower = (wa, wb) if wa.cy < wb.cy else (wb, wa)
                wrapped = abs(upper.x0 - lower.x0) <= s.header_wrap_indent * upper.em and lower.width < upper.width
                # a header wrapped in its cell stays inside it; one reaching over the lower line's
                # other words heads them (一般公共预算支出 over 合计 / 基本支出 / 项目支出)
                lower_line = words[b][0] if lower is wb else words[a][0]
                spills = any(v is not lower and lj == lower_line and overlap(upper.x0, upper.x1, v.x0, v.x1) > s.edge_slack
                             for lj, v in words)
                if near and not spills and (
                        centred and overlap(wa.x0, wa.x1, wb.x0, wb.x1) >= s.header_overlap * min(wa.width, wb.width)
                        or wrapped):
                    parent[find(a)] = find(b)
    cells: dict[int, list[int]] = {}
    for k in leaves:
        cells.setdefault(find(k), []).append(k)

    def box(members: list[int]) -> tuple[float, float, float, float]:
        return (min(words[k][1].x0 for k in members), max(words[k][1].x1 for k in members),
                min(words[k][1].top for k in members), max(words[k][1].bottom for k in members))

    # A cell entirely above another cell it overlaps heads it: a group with one child.
    changed = True
    while changed:
        changed = False
        for root, members in list(cells.items()):
            x0, x1, top, bottom = box(members)
            below = [box(m) for r, m in cells.items() if r != root]
            lower = sorted((b for b in below if b[2] >= bottom - s.edge_slack), key=lambda b: b[0])
            under = [k for k, b in enumerate(lower) if overlap(x0, x1, b[0], b[1]) > 0]
            if under:
                # a header is centred over what it heads: widen to neighbours while that centres it better
                lo, hi, centre = min(under), max(under), (x0 + x1) / 2

                def off(a: int, b: int, lower=lower, centre=centre) -> float:
                    return abs((lower[a][0] + lower[b][1]) / 2 - centre)

                while True:
                    options = [(off(lo - 1, hi), lo - 1, hi)] if lo > 0 else []
                    options += [(off(lo, hi + 1), lo, hi + 1)] if hi + 1 < len(lower) else []
                    best = min(options, default=None)
                    if best is None or best[0] >= off(lo, hi):
                        break
                    _, lo, hi = best
                g0, g1 = min(x0, lower[lo][0]), max(x1, lower[hi][1])
                for k in members:
                    span[k] = (g0, g1)
                del cells[root]
                changed = True
                break
    columns = []
    for members in cells.values():
        members.sort(key=lambda k: (words[k][0], words[k][1].x0))
        x0, x1, top, _ = box(members)
        text = "".join(words[k][1].text for k in members)
        centre = (x0 + x1) / 2
        above = sorted(
            (words[g][1].top, words[g][1].text) for g, (g0, g1) in span.items()
            if words[g][1].bottom <= top + s.edge_slack and g0 - s.edge_slack <= centre <= g1 + s.edge_slack
        )
        columns.append(Column(x0, x1, [normalise_header(t) for _, t in above] + [normalise_header(text)]))
    columns.sort(key=lambda c: c.x0)
    for c in columns:
        c.kind = column_kind(c.leaf)
    return columns


def column_kind(leaf: str) -> str:
    """What a column holds, from its leaf header: code, row (its number), text, or amount."""
    leaf = header_core(leaf)
    if leaf in CODE_PART_HEADERS or CODE_HEADER_RE.search(leaf):
        return "code"
    if leaf in ROW_NUMBER_HEADERS:
        return "row"
    if TEXT_HEADER_RE.search(leaf) or NAME_HEADER_RE.search(leaf):
        return "text"
    return "amount"


def column_of(word: Word, columns: list[Column], s: PdfSettings = SETTINGS) -> int:
    """Numbers by their right edge (last column starting before it ends); text by its left edge.

    A bare digit run next to the code columns is a code (or a piece of a wrapped one): it goes to
    the code column whose centre is nearest, as codes sit left, right or centred under 类/款/项.
    """
    if not columns:
        return 0
    text = word.text
    if columns[0].exact:  # cell borders: the cell the word's centre is in
        inside = [i for i, c in enumerate(columns) if c.x0 <= word.cx <= c.x1]
        by_left = idx = inside[0] if inside else min(range(len(columns)),
                                                     key=lambda i: abs(columns[i].x0 + columns[i].x1 - 2 * word.cx))
    else:
        by_left = 0
        for i in range(1, len(columns)):
            if columns[i - 1].x1 <= word.x0 + s.edge_slack:
                by_left = i
        idx = 0
        for i, c in enumerate(columns):
            if c.x0 < word.x1 - s.edge_slack:
                idx = i
    if is_amount(text) or text in DASHES:
        if CODE_PIECE_RE.match(text) and "code" in (columns[idx].kind, columns[by_left].kind):
            # codes sit left, right or centred under 类/款/项: the code column nearest its centre
            centre = (word.x0 + word.x1) / 2
            return min((j for j, c in enumerate(columns) if c.kind == "code"),
                       key=lambda j: abs((columns[j].x0 + columns[j].x1) / 2 - centre))
        return idx
    idx = by_left
    if columns[idx].exact and columns[idx].kind == "amount" and _HAS_DIGIT_RE.search(text) \
            and not TOTAL_ROW_RE.match(text):
        return idx  # a word with digits inside an amount cell's borders: a figure misprinted (``1O7.65``)
    # Text never belongs in a code or amount column: the nearest text column (right for codes).
    if columns[idx].kind == "code":
        for j in range(idx + 1, len(columns)):
            if columns[j].kind == "text":
                return j
    if columns[idx].kind in ("amount", "row"):
        for j in range(idx, -1, -1):
            if columns[j].kind == "text":
                return j
    return idx
