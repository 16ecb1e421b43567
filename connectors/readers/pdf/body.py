"""A table's body lines → printed rows of cell strings on its column grid.

* A **body word** goes to a column by its right edge when it is a number (numbers are right-aligned
  or centred: the last column starting before the number ends) and by its left edge when it is text
  or a code (:func:`connectors.readers.pdf.header.column_of`).
* **Rows**: where the table has horizontal rules, the lines between two rules are one printed row
  (wrapped names, codes printed above their names, numbers set off their baseline all land right),
  and a code cell with no rule through it over several rows (merged down) belongs to each of them;
  otherwise a line with an amount, a total label or a code and a name is an anchor and the other
  lines (wrapped name or code pieces) join the nearest anchor.
"""

from __future__ import annotations

import re

from disclosure.amounts import is_amount, normalise
from disclosure.tables import ONE_LINE_KEYS, TWO_SIDED_KEYS
from disclosure.vocabulary import ORDINAL_ITEM_RE, TOTAL_ROW_RE

from ..grid import continues_item
from .geometry import Line, Segments, Word, overlap
from .header import CODE_PIECE_RE, DASHES, Column, column_of
from .settings import SETTINGS, PdfSettings

_ROW_CODE_RE = re.compile(r"^(\d{3}|\d{5}|\d{7})$")  # a code printed whole in one column


def is_anchor(line: Line, columns: list[Column], key: str) -> bool:
    """A line that starts a printed row: a figure in an amount column, a total label, or a code with its name."""
    if key in ONE_LINE_KEYS:
        return True
    kinds = [columns[column_of(w, columns)].kind for w in line.words]
    if any(k == "amount" and is_amount(w.text) for k, w in zip(kinds, line.words, strict=True)):
        return True
    texts = [w.text for w, k in zip(line.words, kinds, strict=True) if k == "text"]
    if texts and TOTAL_ROW_RE.match(normalise("".join(texts))):
        return True
    has_code = any(k == "code" and CODE_PIECE_RE.match(w.text) for k, w in zip(kinds, line.words, strict=True))
    return has_code and bool(texts)


def fits(line: Line, columns: list[Column], s: PdfSettings = SETTINGS) -> bool:
    """Could this line be part of the table body (not narrative running across the columns)?"""
    if not columns:
        return False
    if any(is_amount(w.text) or w.text in DASHES for w in line.words):
        return True
    text_cols = [c for c in columns if c.kind == "text"]
    if not text_cols:
        return False
    right = max(c.x1 for c in columns)
    if columns[0].exact:  # ruled: text inside the table's borders is in its cells (a merged cell may span several)
        return all(columns[0].x0 - s.edge_slack <= w.x0 and w.x1 <= right + s.edge_slack
                   and columns[column_of(w, columns)].kind in ("text", "code") for w in line.words)
    taken = {column_of(w, columns) for w in line.words}
    for w in line.words:
        i = column_of(w, columns)
        if columns[i].kind != "text":
            return False
        nxt = next((j for j in range(i + 1, len(columns)) if columns[j].kind != "text"), None)
        if nxt is None:
            if w.x1 > right + s.right_margin:
                return False
            continue
        if w.x1 <= columns[nxt].x0 + s.text_overrun:
            continue
        # A label may spill into the next cell when that cell is empty on this line (a total centred
        # over a name and its amount); a narrative line runs on across several columns.
        beyond = nxt + 1 < len(columns) and w.x1 > columns[nxt + 1].x0 + s.text_overrun
        if nxt in taken or beyond:
            return False
    return True


def body_start(lines: list[Line]) -> int | None:
    """The first body line: one with an amount (or a code row: ``205 教育支出`` in a template
    printed without figures), else the first numbered item (``一、一般公共预算财政拨款收入``).
    A bare 合计 printed just above that first row, over the names, is the totals row at the top."""
    for i, line in enumerate(lines):
        if any(is_amount(w.text) for w in line.words):
            first = min(line.words, key=lambda w: w.x0)
            rest = [w for w in line.words if w is not first]
            prev = lines[i - 1].words if i else []
            if _ROW_CODE_RE.match(first.text) and len(prev) == 1 and TOTAL_ROW_RE.match(normalise(prev[0].text)) \
                    and any(overlap(prev[0].x0, prev[0].x1, w.x0, w.x1) > 0 for w in rest if not is_amount(w.text)):
                return i - 1
            return i
    for i, line in enumerate(lines):
        if ORDINAL_ITEM_RE.match(min(line.words, key=lambda w: w.x0).text):
            return i
    return None


def grid(columns: list[Column], lines: list[Line], rules: dict[int, Segments], key: str,
         s: PdfSettings = SETTINGS) -> tuple[list[list[str]], list[list[str]], bool]:
    """The table's header stacks and body rows as cell strings on its column grid (for ``build_table``),
    and whether each row is a whole printed row already (no wrapped pieces left to join)."""
    width = len(columns)
    depth = max((len(c.stack) for c in columns), default=0)
    header_rows = [[""] * width for _ in range(depth)]
    for j, c in enumerate(columns):
        for d, text in enumerate(c.stack):
            header_rows[d][j] = text
    joined = False
    if key in TWO_SIDED_KEYS and len(blocks := _blocks(columns)) > 1:
        cell_rows = _block_rows(lines, columns, blocks, rules, s)
        joined = True
    else:
        ruled = _ruled_rows(lines, columns, rules, s)
        groups = ruled or _anchored_rows(lines, columns, key, s)
        cell_rows = []
        for group in groups:
            cells: list[list[Word]] = [[] for _ in range(width)]
            for i in sorted(group, key=lambda i: lines[i].cy):
                for w in lines[i].words:
                    cells[column_of(w, columns)].append(w)
            cell_rows.append(cells)
        if ruled:
            _spread_merged_codes(cell_rows, groups, lines, columns, rules, s)
    return header_rows, [_row_text(cells, columns, s) for cells in cell_rows], joined


def _row_text(cells: list[list[Word]], columns: list[Column], s: PdfSettings) -> list[str]:
    row = []
    for j, ws in enumerate(cells):  # words in reading order: line by line (page by page), left to right
        if columns[j].kind == "text":
            row.append(_join_text(ws, s))
        elif len(ws) > 1 and all(CODE_PIECE_RE.match(w.text) for w in ws) and columns[j].kind == "code":
            row.append("".join(w.text for w in ws))  # a wrapped code: pieces top to bottom
        else:
            row.append(" ".join(w.text for w in ws))
    return row


# ---------------------------------------------------------------- two-sided summaries, block by block


def _blocks(columns: list[Column]) -> list[list[int]]:
    """A two-sided summary's lists, left to right: each an item column and the amount columns after it
    (收入 | 支出 by function | 支出 by use).  Each list has rows of its own: an item wrapped in a
    narrow cell on one side is one row beside several rows of the other."""
    blocks: list[list[int]] = []
    for j, c in enumerate(columns):
        starts = c.kind == "text" and (not blocks or columns[blocks[-1][-1]].kind != "text")
        if starts or not blocks:
            blocks.append([j])
        else:
            blocks[-1].append(j)
    return blocks


def _wrapped_tail(prev: tuple[int, float, list[list[Word]]], members: list[Line], columns: list[Column],
                  ruled: bool) -> bool:
    """A text-only piece that ends the item above: the rest of a label wrapped in its cell (one line
    per row), or cut by a page break (``当年收入`` at the foot of a page, ``小计`` at the top of the next)."""
    page = members[0].page
    if ruled and page == prev[0]:
        return False  # ruled cells on one page are whole already
    text = "".join(w.text for line in members for w in line.words if columns[column_of(w, columns)].kind == "text")
    before = "".join(w.text for j, ws in enumerate(prev[2]) if columns[j].kind == "text" for w in ws)
    if not text or not before:
        return False
    joined = normalise(before + text)
    return continues_item(before, text) or (TOTAL_ROW_RE.match(joined) is not None
                                            and TOTAL_ROW_RE.match(normalise(before)) is None)


def _block_rows(lines: list[Line], columns: list[Column], blocks: list[list[int]], rules: dict[int, Segments],
                s: PdfSettings) -> list[list[list[Word]]]:
    """Rows of each list found on their own (ruled cells, else one line per row), then laid side by
    side by height: two lists' rows on one printed line make one row."""
    width = len(columns)
    placed: list[tuple[int, float, int, list[list[Word]]]] = []  # (page, y, block, cells)
    for b, block in enumerate(blocks):
        # the list's rows are its item cells: their borders decide the rows (an amount cell may be split)
        sub = [c for j, c in enumerate(columns) if j in block and c.kind == "text"] or \
            [c for j, c in enumerate(columns) if j in block]
        block_lines: list[Line] = []
        for line in lines:
            words = [w for w in line.words if column_of(w, columns) in block]
            if words:
                block_lines.append(Line(words, line.page))
        if not block_lines:
            continue
        ruled = _ruled_rows(block_lines, sub, rules, s)
        groups = ruled or [[i] for i in range(len(block_lines))]
        mine: list[tuple[int, float, list[list[Word]]]] = []
        for group in groups:
            members = [block_lines[i] for i in group]
            cells: list[list[Word]] = [[] for _ in range(width)]
            for line in members:
                for w in line.words:
                    cells[column_of(w, columns)].append(w)
            figures = [line for line in members if any(is_amount(w.text) for w in line.words)]
            anchor = figures[0] if figures else members[0]
            if mine and not figures and _wrapped_tail(mine[-1], members, columns, ruled is not None):
                for j in range(width):
                    mine[-1][2][j].extend(cells[j])
                continue
            mine.append((anchor.page, anchor.cy, cells))
        placed += [(page, y, b, cells) for page, y, cells in mine]
    placed.sort(key=lambda p: (p[0], p[1]))
    rows: list[tuple[int, float, set[int], list[list[Word]]]] = []
    for page, y, b, cells in placed:
        height = max((w.bottom - w.top for ws in cells for w in ws), default=10.0)
        if rows and rows[-1][0] == page and abs(rows[-1][1] - y) < s.same_row * height and b not in rows[-1][2]:
            for j in range(width):
                rows[-1][3][j].extend(cells[j])
            rows[-1][2].add(b)
        else:
            rows.append((page, y, {b}, cells))
    return [cells for _, _, _, cells in rows]


def _join_text(words: list[Word], s: PdfSettings) -> str:
    """A text cell's words: wrapped pieces joined directly, a printed space kept next to Latin text."""
    out = ""
    for k, w in enumerate(words):
        prev = words[k - 1] if k else None
        same_line = prev is not None and abs(prev.cy - w.cy) < s.same_line * (w.bottom - w.top)
        if same_line and out and (out[-1].isascii() or w.text[0].isascii()):
            out += " "
        out += w.text
    return out


def _ruled_rows(lines: list[Line], columns: list[Column], rules: dict[int, Segments],
                s: PdfSettings) -> list[list[int]] | None:
    """Printed rows from the table's horizontal rules: every line between two rules is one row.

    This is what a reader sees, and it holds where baselines do not: a cell's wrapped name, a code
    printed above its name, numbers set a few points off their row.  Used only when each band
    holds at most one figure per column (else the rules are borders, not row separators).
    """
    if not columns or not lines:
        return None
    left, right = min(c.x0 for c in columns), max(c.x1 for c in columns)
    bands: dict[tuple[int, int], list[int]] = {}
    ys_by_page: dict[int, list[float]] = {}
    for page in {line.page for line in lines}:
        ys = sorted(y for y, a, b in (rules[page].h if page in rules else []) if a < right and b > left)
        merged: list[float] = []
        for y in ys:
            if not merged or y - merged[-1] > s.rule_merge:
                merged.append(y)
        page_lines = [line for line in lines if line.page == page]
        inside = [y for y in merged if page_lines[0].top - s.rule_reach < y < page_lines[-1].bottom + s.rule_reach]
        if len(inside) < 2:
            return None
        ys_by_page[page] = merged
    for i, line in enumerate(lines):
        band = sum(1 for y in ys_by_page[line.page] if y < line.cy)
        bands.setdefault((line.page, band), []).append(i)
    for members in bands.values():
        seen: set[int] = set()
        for i in members:
            cols = {column_of(w, columns) for w in lines[i].words
                    if is_amount(w.text) and columns[column_of(w, columns)].kind == "amount"}
            if cols & seen:
                return None
            seen |= cols
    return [bands[k] for k in sorted(bands)]


def _spread_merged_codes(cell_rows: list[list[list[Word]]], groups: list[list[int]], lines: list[Line],
                         columns: list[Column], rules: dict[int, Segments], s: PdfSettings) -> None:
    """A code cell merged down over several rows (类 201 over its 款 and 项 rows, printed once,
    centred) belongs to every row it spans, as a reader sees it: rows whose border is missing in
    that column form one cell there.  Its words are copied to each row of the span that has none.
    Only on a page where some rule does cross the column between rows: where none does, the rows
    cannot be told apart there at all."""
    tops = [lines[min(g, key=lambda i: lines[i].cy)] for g in groups]
    bottoms = [lines[max(g, key=lambda i: lines[i].cy)] for g in groups]
    for j, col in enumerate(columns):
        if col.kind != "code":
            continue
        x = (col.x0 + col.x1) / 2
        pages: dict[int, list[int]] = {}
        for g, top in enumerate(tops):
            pages.setdefault(top.page, []).append(g)
        for page, members in pages.items():
            h = rules[page].h if page in rules else []
            spans: list[list[int]] = [[members[0]]]
            for prev, g in zip(members, members[1:], strict=False):
                if any(bottoms[prev].cy < y < tops[g].cy and a - s.rule_merge <= x <= b + s.rule_merge
                       for y, a, b in h):
                    spans.append([g])
                else:
                    spans[-1].append(g)
            if len(spans) < 2:
                continue  # no rule crosses this column between rows on this page
            for span in spans:
                filled = [g for g in span if cell_rows[g][j]]
                if len(span) > 1 and len(filled) == 1:
                    for g in span:
                        cell_rows[g][j] = list(cell_rows[filled[0]][j])


def _anchored_rows(lines: list[Line], columns: list[Column], key: str, s: PdfSettings) -> list[list[int]]:
    """Printed rows without rules: anchor lines, with every other line joined to the nearest anchor."""
    anchors = [i for i, line in enumerate(lines) if is_anchor(line, columns, key)]
    if key != "three_public":
        anchors = [a for a in anchors if _offset_owner(a, lines, columns, s) is None]
    members: dict[int, list[int]] = {a: [a] for a in anchors}
    for i, line in enumerate(lines):
        if i in members:
            continue
        same_page = [a for a in anchors if lines[a].page == line.page]
        if not same_page:
            continue
        best = min(same_page, key=lambda a: (abs(lines[a].cy - line.cy), 0 if a < i else 1))
        members[best].append(i)
    return [members[a] for a in anchors]


def _offset_owner(i: int, lines: list[Line], columns: list[Column], s: PdfSettings) -> int | None:
    """A line of numbers only, printed a fraction of a line off its row (some producers shift a
    cell's baseline): the index of the row line it belongs to, else None."""
    line = lines[i]
    if not all(is_amount(w.text) and columns[column_of(w, columns)].kind == "amount" for w in line.words):
        return None
    best = None
    for j, other in enumerate(lines):
        if j == i or other.page != line.page:
            continue
        if not any(not is_amount(w.text) or columns[column_of(w, columns)].kind != "amount" for w in other.words):
            continue  # the other line must carry a code or a name
        dist = abs(other.cy - line.cy)
        if dist < s.offset_row * min(line.height, other.height) and (best is None or dist < best[0]):
            best = (dist, j)
    return best[1] if best else None
