"""A ruled header → its columns, read from the cell borders (a lattice), as a reader sees the grid.

In narrow ruled cells a header wraps inside its cell, often centred vertically: ``小`` / ``计``
two lines apart, ``因公出`` / ``国（境）`` / ``费``, ``单位预留机动经`` / ``费``, and a neighbouring
cell's lines sit between the pieces.  From the text alone the pieces cannot be paired reliably;
from the borders they can: the words inside one cell are one header, and a cell that spans several
columns heads them (a group header).

Used only where the header is fully ruled: every header word inside a closed cell, the column
boundaries crossing into the body, no cell holding two words far apart on one line.  Anything else
returns ``None`` and the text-based reading of :mod:`.header` applies.
"""

from __future__ import annotations

from .geometry import Line, Segments, Word
from .header import Column, column_kind
from .settings import SETTINGS, PdfSettings


def _boundaries(thin: list[float], edges: list[float], s: PdfSettings) -> list[float]:
    """Column borders: rules, and rectangle edges where no rule is near.  Borders closer than a
    column can be narrow are one border (a shaded cell's edges sit a few points inside its rules)."""
    marked = sorted([(x, True) for x in thin] + [(x, False) for x in edges])
    out: list[float] = []
    cluster: list[tuple[float, bool]] = []
    for x, is_rule in marked + [(float("inf"), False)]:
        if cluster and x - cluster[-1][0] > s.min_cell_width:
            rules = [v for v, r in cluster if r]
            out.append(rules[0] if rules else cluster[0][0])
            cluster = []
        cluster.append((x, is_rule))
    return out


def lattice_columns(header: list[Line], page_segs: Segments, body_top: float,
                    s: PdfSettings = SETTINGS) -> list[Column] | None:
    """Leaf columns with their header stacks from the cell borders, or ``None`` when the header is not ruled.

    ``body_top``: the top of the first body line (the column boundaries must reach into the body)."""
    words = [w for line in header for w in line.words if w.text.strip()]
    segs = page_segs.grid
    if not words or not segs.v or not segs.h:
        return None
    x_lo, x_hi = min(w.x0 for w in words), max(w.x1 for w in words)
    bottom = max(w.bottom for w in words)
    reach = s.cell_slack
    # Column boundaries: vertical rules crossing from the header into the body.
    cut = (bottom + body_top) / 2 if body_top > bottom else body_top
    # A border may start a row or two into the body (below a first row printed across two columns).
    below = cut + s.boundary_reach * max(w.bottom - w.top for w in words)

    def crossing(rules: list[tuple[float, float, float]]) -> list[float]:
        return [x for x, y0, y1 in rules if y0 <= below and y1 >= cut - reach]

    xs = _boundaries(crossing(page_segs.v), crossing(page_segs.v_edges), s)
    # The table's own borders: between the ends of the rule over the header (columns with no header
    # text of their own may lie beyond the header's words), else the borders nearest the words.
    top = min(w.top for w in words)
    height = max(w.bottom - w.top for w in words)
    over = [(x0, x1) for y, x0, x1 in _runs(segs.h, s) if top - s.boundary_reach * height <= y <= top + reach
            and x0 <= x_lo + reach and x1 >= x_hi - reach]
    if over:
        left, right = min(a for a, _ in over), max(b for _, b in over)
        xs = [x for x in xs if left - s.min_cell_width <= x <= right + s.min_cell_width]
    else:
        outer_left = [x for x in xs if x <= x_lo + reach]
        outer_right = [x for x in xs if x >= x_hi - reach]
        if not outer_left or not outer_right:
            return None
        xs = [x for x in xs if max(outer_left) <= x <= min(outer_right)]
    if not xs or xs[0] > x_lo + reach or xs[-1] < x_hi - reach:
        return None
    if len(xs) < 3:
        return None
    bounds = list(zip(xs, xs[1:], strict=False))
    if len(bounds) < 2:
        return None
    cells: dict[tuple[int, int, int, int], list[Word]] = {}
    for w in words:
        box = _cell_of(w, page_segs, s)
        if box is None:
            return None
        cells.setdefault(tuple(round(v) for v in box), []).append(w)  # type: ignore[arg-type]
    stacks: list[list[tuple[float, str]]] = [[] for _ in bounds]
    for (x0, x1, y0, _y1), members in cells.items():
        if _split_on_a_line(members, s):
            return None  # two headers in one "cell": the ruling is incomplete
        covered = [i for i, (a, b) in enumerate(bounds) if x0 - reach <= (a + b) / 2 <= x1 + reach]
        if not covered:
            return None
        text = _cell_text(members, s)
        for i in covered:
            stacks[i].append((y0, text))
    columns: list[Column] = []
    for (a, b), stack in zip(bounds, stacks, strict=True):
        texts = [t for _, t in sorted(stack)]
        col = Column(a, b, texts, exact=True)
        col.kind = column_kind(col.leaf)
        if not texts and columns and columns[-1].kind == "text":
            col.kind = "text"  # an unheaded column beside a label column: the label spreads over both (类别 | 项目)
        columns.append(col)
    if not any(c.stack for c in columns):
        return None
    return columns


def _runs(rules: list[tuple[float, float, float]], s: PdfSettings) -> list[tuple[float, float, float]]:
    """Collinear horizontal rules that touch, as one rule each (a border drawn cell by cell)."""
    out: list[list[float]] = []
    for y, x0, x1 in sorted(rules, key=lambda r: (round(r[0]), r[1])):
        last = out[-1] if out else None
        if last is not None and abs(last[0] - y) <= s.cell_slack and x0 <= last[2] + s.cell_slack:
            last[2] = max(last[2], x1)
        else:
            out.append([y, x0, x1])
    return [(y, x0, x1) for y, x0, x1 in out]


def _cell_of(w: Word, segs: Segments, s: PdfSettings) -> tuple[float, float, float, float] | None:
    """The cell around a word: the nearest rules left, right, above and below that pass it.

    Rules first; a filled rectangle's edge only where no rule bounds the word on that side (the
    shading behind each line of a wrapped cell would cut the cell into its lines)."""
    cx, cy, reach = w.cx, w.cy, s.cell_slack

    def side(vertical: bool, before: bool) -> float | None:
        for rules in ((segs.v, segs.v_edges) if vertical else (segs.h, segs.h_edges)):
            if vertical:
                found = [x for x, y0, y1 in rules if (x <= w.x0 + reach if before else x >= w.x1 - reach)
                         and y0 - reach <= cy <= y1 + reach]
            else:
                found = [y for y, x0, x1 in rules if (y <= w.top + reach if before else y >= w.bottom - reach)
                         and x0 - reach <= cx <= x1 + reach]
            if found:
                return max(found) if before else min(found)
        return None

    box = side(True, True), side(True, False), side(False, True), side(False, False)
    if any(v is None for v in box):
        return None
    return box  # type: ignore[return-value]


def _lines_of(members: list[Word], s: PdfSettings) -> list[list[Word]]:
    rows: list[list[Word]] = []
    for w in sorted(members, key=lambda w: w.cy):
        if rows and abs(rows[-1][0].cy - w.cy) < s.same_line * (w.bottom - w.top) * 2:
            rows[-1].append(w)
        else:
            rows.append([w])
    return [sorted(r, key=lambda w: w.x0) for r in rows]


def _split_on_a_line(members: list[Word], s: PdfSettings) -> bool:
    """Words of one line in the cell far apart: two columns' headers the ruling did not separate."""
    for row in _lines_of(members, s):
        for a, b in zip(row, row[1:], strict=False):
            if b.x0 - a.x1 > s.cell_word_gap * max(a.em, b.em):
                return True
    return False


def _cell_text(members: list[Word], s: PdfSettings) -> str:
    return "".join(w.text for row in _lines_of(members, s) for w in row)
