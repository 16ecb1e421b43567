"""PDF disclosures with a text layer → canonical tables, from character positions.

Why positions and not extracted text: a disclosure table's meaning is in its columns, and text
extraction loses empty cells and scrambles wrapped cells (``pdftotext -layout`` puts a wrapped
code's other cells on the middle piece's line).  So we take pypdfium2's characters (origin and
box; ~0.1 s for 30 pages, pdfplumber needs ~15× longer), build words and lines, recognise each
table by its title (:func:`disclosure.tables.classify_title`), derive the leaf columns from the
header's x-ranges, assign every body word to a column, group the lines into printed rows, and hand
the grid to :func:`connectors.readers.grid.build_table`, which knows the contract.

Layout rules, in short:

* **Lines** are characters sharing a baseline; **words** split at gaps (and where a number meets
  the text of the next cell).  Sizes come from character widths (a CJK character is one em), not
  from the font's boxes, which differ widely between WPS, Excel and LibreOffice output.
* A **title** is a line :func:`classify_title` accepts, not on a table-of-contents page.
  Titles of non-contract tables (项目经费情况说明, 绩效目标表) end the table before them.
* The **header** is the lines between the title (and its ``编制部门：… 单位：元`` line) and the
  first line with a number (in a template printed without figures: the first code row, with a
  bare 合计 just above it, or the first numbered item ``一、…``).  A header word that covers two or more words of a lower line, sits
  centred between two words of a lower line, or sits above another header cell is a group header
  (``收入预算``, ``本年收入``, ``功能分类科目编码`` over 类/款/项); the other words, joined with
  their centred neighbours one line away (``事业单位`` / ``经营收入``), are the leaf columns.
* A **body word** goes to a column by its right edge when it is a number (numbers are right-aligned
  or centred: the last column starting before the number ends) and by its left edge when it is text
  or a code (a wrapped code's short last piece ends before the code header starts).
* **Rows**: where the table has horizontal rules, the lines between two rules are one printed row
  (wrapped names, codes printed above their names, numbers set off their baseline all land right);
  otherwise a line with an amount, a total label or a code and a name is an anchor and the other
  lines (wrapped name or code pieces) join the nearest anchor.
* A page that starts with body rows **continues** the previous table (header repeated or not).
* ``注：…`` / ``说明：…`` lines after a table are its note; everything outside tables is narrative.
* A table whose codes and amounts cannot be matched (a scrambled text layer) is not passed on as
  read: it is named in ``warnings``, as is every budget table not found (as the table of contents
  names it, when the contents list it but the body never prints its title: a table left out).
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass, field
from decimal import Decimal

from disclosure import errors
from disclosure.amounts import is_amount, normalise
from disclosure.model import Disclosure, Table
from disclosure.tables import (
    BUDGET_TABLE_KEYS,
    CODED_TABLE_KEYS,
    TABLE_SPECS,
    classify_title,
    detect_unit,
    normalise_header,
)
from disclosure.vocabulary import (
    CODE_PART_HEADERS,
    NOTE_RE,
    ORDINAL_ITEM_RE,
    OTHER_TABLE_TITLE_RE,
    ROW_NUMBER_HEADERS,
    TOTAL_ROW_RE,
)

from .grid import build_table
from .meta import read_meta

_TOC_RE = re.compile(r"目\s*录")
_TOC_LEADER_RE = re.compile(r"[.…·．—\-\d]*$")  # dot leaders and the page number after a contents entry
#: Stricter than disclosure.tables.PREAMBLE_RE on purpose: a PDF header cell may contain 单位 or
#: 编制 without being the 编制单位：… line, so a colon and a word boundary are required here.
_PREPARER_RE = re.compile(r"(编制(部门|单位)\s*[:：])|(^|\s)(金额)?单位\s*[:：]")
_CODE_RE = re.compile(r"^\d{1,7}$")
_ROW_CODE_RE = re.compile(r"^(\d{3}|\d{5}|\d{7})$")  # a code printed whole in one column
_NUMERIC_CHARS = frozenset("0123456789,.-")
_DASHES = frozenset({"-", "—", "－", "–", "--", "——"})
_LINE_BY_LINE = ("summary", "fiscal_summary", "three_public")


# ---------------------------------------------------------------- words and lines


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    em: float = 10.0  # the line's CJK character width: the font size, whatever the font's box says

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass
class Line:
    words: list[Word]
    page: int  # 1-based

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def cy(self) -> float:
        return sum(w.cy for w in self.words) / len(self.words)

    @property
    def height(self) -> float:
        return max(w.bottom - w.top for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def _page_lines(page, page_no: int) -> list[Line]:
    """Characters → words (split at gaps) → lines (clustered by baseline).

    The baseline (the character's origin) groups a line even where a font's boxes are odd (a
    flat ``一`` has a tiny box); each character's box is its baseline minus/plus the font size.
    """
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    try:
        height = page.get_height()
        n = textpage.count_chars()
        if n <= 0:
            return []
        text = textpage.get_text_range(0, n)
        raw = textpage.raw
        ox, oy = ctypes.c_double(), ctypes.c_double()
        rect = pdfium_c.FS_RECTF()
        # text, x0, x1, baseline, size, and whether the text layer put a space before it
        chars: list[tuple[str, float, float, float, float, bool]] = []
        spaced = False
        for i in range(min(n, len(text))):
            ch = text[i]
            if ch.isspace() or ch in "\x00\ufffe\ufeff":
                spaced = spaced or ch.isspace()
                continue
            if not pdfium_c.FPDFText_GetLooseCharBox(raw, i, ctypes.byref(rect)):
                continue
            pdfium_c.FPDFText_GetCharOrigin(raw, i, ox, oy)
            size = rect.top - rect.bottom
            if size <= 0.1:
                continue
            chars.append((ch, rect.left, rect.right, height - oy.value, size, spaced))
            spaced = False
    finally:
        textpage.close()
    chars.sort(key=lambda c: c[3])
    rows: list[list[tuple[str, float, float, float, float, bool]]] = []
    row_base = row_size = 0.0
    for c in chars:
        if rows and abs(c[3] - row_base) <= 0.3 * max(c[4], row_size):
            rows[-1].append(c)
            row_size = max(row_size, c[4])
        else:
            rows.append([c])
            row_base, row_size = c[3], c[4]
    lines: list[Line] = []
    for row in rows:
        row.sort(key=lambda c: c[1])
        words: list[Word] = []
        # The font size, from character widths (a CJK character is one em wide, a digit half):
        # loose boxes carry the font's ascent and descent, which differ a lot between producers.
        cjk = sorted(c[2] - c[1] for c in row if ord(c[0]) >= 0x2E80 and c[2] > c[1])
        other = sorted(c[2] - c[1] for c in row if c[2] > c[1])
        em = cjk[len(cjk) // 2] if cjk else (2 * other[len(other) // 2] if other else max(c[4] for c in row))
        last_numeric = False
        for ch, x0, x1, base, _, spaced in row:
            top_, bottom_ = base - 0.88 * em, base + 0.12 * em
            numeric = ch in _NUMERIC_CHARS
            gap = x0 - words[-1].x1 if words else 0.0
            # a number set right against the text of the next cell is still two words, and so are two
            # numbers the text layer separates (an amount right-aligned against the next column's code)
            joined = words and gap < 0.3 * em and x0 >= words[-1].x0 and not (numeric != last_numeric and gap > 1.0) \
                and not (numeric and last_numeric and spaced and gap > 1.0)
            last_numeric = numeric
            if joined:
                w = words[-1]
                w.text += ch
                w.x1, w.top, w.bottom = max(w.x1, x1), min(w.top, top_), max(w.bottom, bottom_)
            else:
                words.append(Word(ch, x0, x1, top_, bottom_, em))
        lines.append(Line(words, page_no))
    return lines


# ---------------------------------------------------------------- columns from the header


@dataclass
class Column:
    x0: float
    x1: float
    stack: list[str]  # group headers above, then the leaf header (top to bottom)
    kind: str = "amount"  # amount, text, code

    @property
    def leaf(self) -> str:
        return self.stack[-1] if self.stack else ""


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def _columns_from_header(lines: list[Line]) -> list[Column]:
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
        overlaps_lower = any(_overlap(w.x0, w.x1, v.x0, v.x1) > 0 for lower in by_line.values() for v in lower)
        judged = False  # centred between the words of the first lower line with words on both sides
        for lj in sorted(by_line):
            lower = by_line[lj]
            covered = [v for v in lower if _overlap(w.x0, w.x1, v.x0, v.x1) >= 0.5 * min(v.width, w.width)]
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
                               and (_overlap(u.x0, u.x1, lv.x0, lv.x1) > 0 or _overlap(u.x0, u.x1, rv.x0, rv.x1) > 0)
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
                near = abs(wa.cy - wb.cy) <= 1.8 * max(wa.em, wb.em)
                centred = abs((wa.x0 + wa.x1) - (wb.x0 + wb.x1)) / 2 <= 0.25 * max(wa.width, wb.width)
                # a left-aligned header wrapped in its cell: ``经济分类科目编`` / ``码``
                upper, lower = (wa, wb) if wa.cy < wb.cy else (wb, wa)
                wrapped = abs(upper.x0 - lower.x0) <= 0.3 * upper.em and lower.width < upper.width
                if near and (centred and _overlap(wa.x0, wa.x1, wb.x0, wb.x1) >= 0.4 * min(wa.width, wb.width)
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
            lower = sorted((b for b in below if b[2] >= bottom - 1), key=lambda b: b[0])
            under = [k for k, b in enumerate(lower) if _overlap(x0, x1, b[0], b[1]) > 0]
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
            if words[g][1].bottom <= top + 1 and g0 - 1 <= centre <= g1 + 1
        )
        columns.append(Column(x0, x1, [normalise_header(t) for _, t in above] + [normalise_header(text)]))
    columns.sort(key=lambda c: c.x0)
    for c in columns:
        leaf = c.leaf
        if leaf in CODE_PART_HEADERS or re.search(r"(编码|代码)$", leaf):
            c.kind = "code"
        elif leaf in ROW_NUMBER_HEADERS:
            c.kind = "row"
        elif re.search(r"(名称|^项目$|^科目$|^收入$|^支出$)", leaf):
            c.kind = "text"
    return columns


def _column_of(word: Word, columns: list[Column]) -> int:
    """Numbers by their right edge (last column starting before it ends); text by its left edge.

    A bare digit run next to the code columns is a code (or a piece of a wrapped one): it goes to
    the code column whose centre is nearest, as codes sit left, right or centred under 类/款/项.
    """
    if not columns:
        return 0
    text = word.text
    by_left = 0
    for i in range(1, len(columns)):
        if columns[i - 1].x1 <= word.x0 + 1:
            by_left = i
    if is_amount(text) or text in _DASHES:
        idx = 0
        for i, c in enumerate(columns):
            if c.x0 < word.x1 - 1:
                idx = i
        if _CODE_RE.match(text) and "code" in (columns[idx].kind, columns[by_left].kind):
            # codes sit left, right or centred under 类/款/项: the code column nearest its centre
            centre = (word.x0 + word.x1) / 2
            return min((j for j, c in enumerate(columns) if c.kind == "code"),
                       key=lambda j: abs((columns[j].x0 + columns[j].x1) / 2 - centre))
        return idx
    idx = by_left
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


# ---------------------------------------------------------------- tables as they are read


@dataclass
class _Open:
    key: str
    title: str
    page: int
    unit: str | None = None
    header: list[Line] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    note: list[str] = field(default_factory=list)
    columns: list[Column] | None = None
    in_note: bool = False
    note_x0: float = 0.0
    last_bottom: float = 0.0
    page_of_note: int = 0
    body_page: int = 0
    rules: dict[int, list[tuple[float, float, float]]] = field(default_factory=dict)


def _is_title_line(line: Line) -> str | None:
    text = line.text
    if "…" in text or "..." in text or len(line.words) > 3:
        return None
    return classify_title(text)


def _is_other_table_title(line: Line) -> bool:
    """项目经费情况说明, 绩效目标表 …: a table that is not a contract table (it ends the one before)."""
    text = line.text.replace(" ", "")
    return (len(line.words) <= 3 and len(text) < 40 and bool(OTHER_TABLE_TITLE_RE.search(text))
            and text.endswith(("表", "说明")) and not ORDINAL_ITEM_RE.match(text) and not text.startswith("详见"))


def _is_anchor(line: Line, columns: list[Column], key: str) -> bool:
    if key in _LINE_BY_LINE:
        return True
    kinds = [columns[_column_of(w, columns)].kind for w in line.words]
    if any(k == "amount" and is_amount(w.text) for k, w in zip(kinds, line.words, strict=True)):
        return True
    texts = [w.text for w, k in zip(line.words, kinds, strict=True) if k == "text"]
    if texts and TOTAL_ROW_RE.match(normalise("".join(texts))):
        return True
    has_code = any(k == "code" and _CODE_RE.match(w.text) for k, w in zip(kinds, line.words, strict=True))
    return has_code and bool(texts)


def _fits(line: Line, columns: list[Column], key: str) -> bool:
    """Could this line be part of the table body (not narrative running across the columns)?"""
    if not columns:
        return False
    if any(is_amount(w.text) or w.text in _DASHES for w in line.words):
        return True
    text_cols = [c for c in columns if c.kind == "text"]
    if not text_cols:
        return False
    right = max(c.x1 for c in columns)
    for w in line.words:
        i = _column_of(w, columns)
        nxt = next((c.x0 for c in columns[i + 1:] if c.kind != "text"), right + 40)
        if columns[i].kind != "text" or w.x1 > nxt + 15:
            return False
    return True


def _body_start(lines: list[Line]) -> int | None:
    """The first body line: one with an amount (or a code row: ``205 教育支出`` in a template
    printed without figures), else the first numbered item (``一、一般公共预算财政拨款收入``).
    A bare 合计 printed just above that first row, over the names, is the totals row at the top."""
    for i, line in enumerate(lines):
        if any(is_amount(w.text) for w in line.words):
            first = min(line.words, key=lambda w: w.x0)
            rest = [w for w in line.words if w is not first]
            prev = lines[i - 1].words if i else []
            if _ROW_CODE_RE.match(first.text) and len(prev) == 1 and TOTAL_ROW_RE.match(normalise(prev[0].text)) \
                    and any(_overlap(prev[0].x0, prev[0].x1, w.x0, w.x1) > 0 for w in rest if not is_amount(w.text)):
                return i - 1
            return i
    for i, line in enumerate(lines):
        if ORDINAL_ITEM_RE.match(min(line.words, key=lambda w: w.x0).text):
            return i
    return None


def _grid(table: _Open, warnings: list[str]) -> tuple[list[list[str]], list[list[str]]]:
    columns = table.columns or []
    width = len(columns)
    depth = max((len(c.stack) for c in columns), default=0)
    header_rows = [[""] * width for _ in range(depth)]
    for j, c in enumerate(columns):
        for d, text in enumerate(c.stack):
            header_rows[d][j] = text
    lines = table.body
    groups = _ruled_rows(lines, columns, table.rules) or _anchored_rows(lines, columns, table.key)
    body_rows = []
    for group in groups:
        cells: list[list[Word]] = [[] for _ in range(width)]
        for i in sorted(group, key=lambda i: lines[i].cy):
            for w in lines[i].words:
                cells[_column_of(w, columns)].append(w)
        row = []
        for j, ws in enumerate(cells):
            if columns[j].kind == "text":
                row.append(_join_text(ws))
            elif len(ws) > 1 and all(_CODE_RE.match(w.text) for w in ws) and columns[j].kind == "code":
                row.append("".join(w.text for w in ws))  # a wrapped code: pieces top to bottom
            else:
                row.append(" ".join(w.text for w in ws))
        body_rows.append(row)
    return header_rows, body_rows


def _join_text(words: list[Word]) -> str:
    """A text cell's words: wrapped pieces joined directly, a printed space kept next to Latin text."""
    out = ""
    for k, w in enumerate(words):
        prev = words[k - 1] if k else None
        same_line = prev is not None and abs(prev.cy - w.cy) < 0.3 * (w.bottom - w.top)
        if same_line and out and (out[-1].isascii() or w.text[0].isascii()):
            out += " "
        out += w.text
    return out


def _ruled_rows(lines: list[Line], columns: list[Column],
                rules: dict[int, list[tuple[float, float, float]]]) -> list[list[int]] | None:
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
        ys = sorted(y for y, a, b in rules.get(page, []) if a < right and b > left)
        merged: list[float] = []
        for y in ys:
            if not merged or y - merged[-1] > 1.0:
                merged.append(y)
        page_lines = [line for line in lines if line.page == page]
        inside = [y for y in merged if page_lines[0].top - 30 < y < page_lines[-1].bottom + 30]
        if len(inside) < 2:
            return None
        ys_by_page[page] = merged
    for i, line in enumerate(lines):
        band = sum(1 for y in ys_by_page[line.page] if y < line.cy)
        bands.setdefault((line.page, band), []).append(i)
    for members in bands.values():
        seen: set[int] = set()
        for i in members:
            cols = {_column_of(w, columns) for w in lines[i].words
                    if is_amount(w.text) and columns[_column_of(w, columns)].kind == "amount"}
            if cols & seen:
                return None
            seen |= cols
    return [bands[k] for k in sorted(bands)]


def _anchored_rows(lines: list[Line], columns: list[Column], key: str) -> list[list[int]]:
    """Printed rows without rules: anchor lines, with every other line joined to the nearest anchor."""
    anchors = [i for i, line in enumerate(lines) if _is_anchor(line, columns, key)]
    if key != "three_public":
        anchors = [a for a in anchors if _offset_owner(a, lines, columns) is None]
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


def _page_rules(page) -> list[tuple[float, float, float]]:
    """Horizontal rules of a page (y from the top, x0, x1): thin path objects, lines or hairline rects."""
    import pypdfium2.raw as pdfium_c

    height = page.get_height()
    raw = page.raw
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    out = []
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):  # raw calls: no wrapper per text object
        obj = pdfium_c.FPDFPage_GetObject(raw, i)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        if top.value - bottom.value < 2.5 and right.value - left.value > 8:
            out.append((height - (top.value + bottom.value) / 2, left.value, right.value))
    return out


def _offset_owner(i: int, lines: list[Line], columns: list[Column]) -> int | None:
    """A line of numbers only, printed a fraction of a line off its row (some producers shift a
    cell's baseline): the index of the row line it belongs to, else None."""
    line = lines[i]
    if not all(is_amount(w.text) and columns[_column_of(w, columns)].kind == "amount" for w in line.words):
        return None
    best = None
    for j, other in enumerate(lines):
        if j == i or other.page != line.page:
            continue
        if not any(not is_amount(w.text) or columns[_column_of(w, columns)].kind != "amount" for w in other.words):
            continue  # the other line must carry a code or a name
        dist = abs(other.cy - line.cy)
        if dist < 0.75 * min(line.height, other.height) and (best is None or dist < best[0]):
            best = (dist, j)
    return best[1] if best else None


# ---------------------------------------------------------------- the reader


def read_pdf(data: bytes, source: str) -> Disclosure:
    """Read a text PDF disclosure; raise :class:`UnreadableDocument` for anything a submitter must fix."""
    import pypdfium2 as pdfium

    if not data:
        raise errors.empty_file()
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg or "security" in msg:
            raise errors.encrypted() from exc
        raise errors.corrupt() from exc
    try:
        pages, rules, images = [], {}, set()
        for i in range(len(pdf)):
            page = pdf[i]
            pages.append(_page_lines(page, i + 1))
            rules[i + 1] = _page_rules(page) if pages[-1] else []
            if not pages[-1] and _has_image(page):
                images.add(i + 1)
    finally:
        pdf.close()
    return _read_lines(pages, source, rules, images)


def _has_image(page) -> bool:
    import pypdfium2.raw as pdfium_c

    raw = page.raw
    return any(pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(raw, i)) == pdfium_c.FPDF_PAGEOBJ_IMAGE
               for i in range(pdfium_c.FPDFPage_CountObjects(raw)))


def _read_lines(pages: list[list[Line]], source: str,
                rules: dict[int, list[tuple[float, float, float]]] | None = None,
                images: set[int] | None = None) -> Disclosure:
    """Lines of every page → the disclosure.  ``images``: pages with no text but a picture (scans)."""
    if not pages:
        raise errors.corrupt()
    empty = sorted(images or ())  # a blank page is no loss; a page that is only a picture is
    if all(not p for p in pages):
        raise errors.scanned(empty[0] if empty else 1)
    full_text = "\n".join(line.text for p in pages for line in p)
    doc = Disclosure(source=source, format="pdf", pages=len(pages))
    doc.department = read_meta(full_text)
    warnings = doc.warnings
    narrative: list[str] = []
    tables: list[_Open] = []
    current: _Open | None = None
    toc_titles: dict[str, str] = {}  # contract key → the title as the table of contents lists it

    def close() -> None:
        nonlocal current
        if current is not None:
            tables.append(current)
        current = None

    for page_lines in pages:
        toc = any(_TOC_RE.search(line.text.replace(" ", "")) for line in page_lines[:3])
        page_start = True
        for line in page_lines:
            text = line.text
            if toc:
                _note_toc_title(line, toc_titles)
            key = None if toc else _is_title_line(line)
            if key is None and not toc and _is_other_table_title(line):
                close()
                narrative.append(text)
                doc.other_tables[text.replace(" ", "")] = line.page
                page_start = False
                continue
            if key:
                close()
                current = _Open(key, text.replace(" ", ""), line.page)
                page_start = False
                continue
            if current is None:
                narrative.append(text)
                continue
            # Inside a table.
            if current.in_note:
                if line.page == current.page_of_note and (line.words[0].x0 <= current.note_x0 + 30) \
                        and line.top - current.last_bottom < 1.6 * line.height:
                    current.note[-1] += text.replace(" ", "")
                    current.last_bottom = line.bottom
                    continue
                if NOTE_RE.match(text):
                    current.note.append(text.replace(" ", ""))
                    current.last_bottom = line.bottom
                    continue
                close()
                narrative.append(text)
                continue
            if NOTE_RE.match(text):
                current.in_note = True
                current.page_of_note = line.page
                current.note_x0 = line.words[0].x0
                current.note.append(text.replace(" ", ""))
                current.last_bottom = line.bottom
                continue
            if current.columns is None:
                if _PREPARER_RE.search(text) or "预算年度" in text:  # 编制部门：… 单位：元 (not a header)
                    current.unit = current.unit or detect_unit(text)
                    continue
                parts = [w for w in line.words if w.text in CODE_PART_HEADERS]
                if parts and len(parts) < len(line.words) and any(is_amount(w.text) for w in line.words):
                    # 类/款/项 sharing a baseline with the first row's shifted numbers: split them apart
                    current.header.append(Line(parts, line.page))
                    line = Line([w for w in line.words if w not in parts], line.page)
                current.header.append(line)
                start = _body_start(current.header)
                if start is not None:
                    _start_body(current, start)
                page_start = False
                continue
            if page_start and line.page != current.body_page:
                # A new page: a repeated header is skipped, body rows continue, anything else ends it.
                if _is_repeated_header(line, current):
                    continue
                if not _fits(line, current.columns, current.key):
                    close()
                    narrative.append(text)
                    page_start = False
                    continue
                current.body_page = line.page
            page_start = False
            if _fits(line, current.columns, current.key):
                current.body.append(line)
            else:
                close()
                narrative.append(text)
        # page end
    close()
    doc.narrative = "\n".join(narrative)
    for t in tables:
        t.rules = rules or {}
        table = _finish(t, doc, warnings)
        if table is None:
            continue
        if table.key in doc.tables:
            warnings.append(f"第{t.page}页又出现“{t.title}”，与第{doc.tables[table.key].page}页的表同类，只保留第一张。")
            continue
        doc.tables[table.key] = table
    if empty and doc.tables:
        if len(empty) > len(pages) / 2:
            raise errors.scanned(empty[0])
        warnings.append("第" + "、".join(str(n) for n in empty) + "页没有文字层（可能是扫描页或空白页），"
                        "其中的内容未能读取，请人工核对。")
    if not doc.tables:
        if empty:
            raise errors.scanned(empty[0])
        raise errors.not_disclosure()
    warnings.extend(_missing_tables(doc, tables, toc_titles))
    if not any(isinstance(v, Decimal) for t in doc.tables.values() for r in t.rows for v in r.values()):
        warnings.append("所有表格都没有填列金额，这似乎是空白模板；请上传填好数据的公开文件。")
    if doc.department.unit is None:
        units = [t.unit for t in doc.tables.values()]
        doc.department.unit = max(set(units), key=units.count) if units else None
    return doc


def _note_toc_title(line: Line, toc_titles: dict[str, str]) -> None:
    """A table-of-contents entry (``三、支出决算表 …… 12``) that names a contract table."""
    text = _TOC_LEADER_RE.sub("", line.text.replace(" ", ""))
    key = classify_title(text)
    if key and key not in toc_titles:
        toc_titles[key] = text


def _missing_tables(doc: Disclosure, tables: list[_Open], toc_titles: dict[str, str]) -> list[str]:
    """Warnings for budget tables not read, worded for the submitter.

    A table the contents list names but the body never prints (no title line at all) is most
    likely left out of the document: say so with the title as the document itself calls it.  A
    table whose title was found but could not be read already has its own warning.
    """
    out: list[str] = []
    seen = {t.key for t in tables}
    absent = [k for k in BUDGET_TABLE_KEYS if k not in doc.tables and k not in seen]
    listed = [k for k in absent if k in toc_titles]
    if listed:
        out.append("目录列有" + "、".join(f"“{toc_titles[k]}”" for k in listed)
                   + "，但正文中找不到该表的表题，可能漏印了该表，请补充后重新上传。")
    unlisted = [TABLE_SPECS[k].label for k in absent if k not in toc_titles]
    if unlisted:
        out.append("未能读出以下表格：" + "、".join(unlisted) + "（未找到表题或版式不能识别）。")
    return out


def _start_body(t: _Open, start: int) -> None:
    """The header is the lines before ``start``; lines just above it that are name pieces go to the body."""
    lines = t.header
    k = start
    while k > 1:
        prev, cur = lines[k - 1], lines[k]
        gap_down = cur.cy - prev.cy
        gap_up = prev.cy - lines[k - 2].cy
        if t.key not in _LINE_BY_LINE and gap_down < gap_up and gap_down < 1.2 * cur.height \
                and not any(is_amount(w.text) or w.text in CODE_PART_HEADERS for w in prev.words):
            k -= 1
        else:
            break
    header, body = lines[:k], lines[k:]
    t.header = header
    t.columns = _columns_from_header(header) if header else []
    if t.columns and k < start:
        # the moved lines must be text in a text column, else they were header after all
        if not all(_fits(line, t.columns, t.key) for line in body[: start - k]):
            header, body = lines[:start], lines[start:]
            t.header = header
            t.columns = _columns_from_header(header)
    t.body = body
    t.body_page = body[0].page


def _is_repeated_header(line: Line, t: _Open) -> bool:
    words = {normalise_header(w.text) for w in line.words}
    known = {normalise_header(w.text) for h in t.header for w in h.words}
    return bool(words) and words <= known and not any(is_amount(w.text) for w in line.words)


def _finish(t: _Open, doc: Disclosure, warnings: list[str]) -> Table | None:
    unit = t.unit or doc.department.unit or "元"
    note = "\n".join(t.note) if t.note else None
    if t.columns is None:
        # No body line with numbers: an empty table (header, maybe a bare 合计 row, and a note).
        # A 合计 that starts the last header line, left of every other word, is that bare row.
        body: list[Line] = []
        if t.header:
            last = t.header[-1]
            first = min(last.words, key=lambda w: w.x0)
            if TOTAL_ROW_RE.match(normalise(first.text)) and len(t.header) > 1:
                body = [Line([first], last.page)]
                rest = [w for w in last.words if w is not first]
                t.header = t.header[:-1] + ([Line(rest, last.page)] if rest else [])
        t.columns = _columns_from_header(t.header) if t.header else []
        t.body = body
    if not t.columns:
        warnings.append(f"第{t.page}页“{t.title}”未能识别表头（栏目），未读出，请人工核对。")
        return None
    header_rows, body_rows = _grid(t, warnings)
    own: list[str] = []  # this table's warnings, kept only if the table is
    try:
        table = build_table(t.key, t.title, header_rows, body_rows, unit, page=t.page, warnings=own, note=note)
    except Exception as exc:  # one unreadable table must not hide the others
        warnings.append(f"第{t.page}页“{t.title}”未能读出（{type(exc).__name__}），请人工核对。")
        return None
    problem = _implausible(table)
    if problem:
        warnings.append(f"第{t.page}页“{t.title}”{problem}，可能是PDF文字层错位，未能可靠读出，请人工核对"
                        "或上传由原始表格直接导出的PDF。")
        return None
    warnings.extend(own)
    return table


def _implausible(table: Table) -> str | None:
    """Why a read table cannot be trusted (codes that are not codes, amounts with no row), else None.

    A few odd codes are kept and warned about (a printing defect the rules report); when a quarter
    of the rows are broken, the text layer is scrambled and the table is not passed on as read.
    """
    if not table.rows or table.key not in CODED_TABLE_KEYS:
        return None
    broken = 0
    for r in table.rows:
        code, name = r.get("code"), r.get("name")
        if code is not None and len(code) not in (3, 5, 7):
            broken += 1
        elif code is None and not name and any(isinstance(v, Decimal) for v in r.values()):
            broken += 1
    if len(table.rows) >= 4 and broken * 4 > len(table.rows):
        return f"有{broken}行科目编码或金额无法对应（共{len(table.rows)}行）"
    return None

