"""A PDF page → its lines of words and its horizontal rules, upright.

Characters come from pypdfium2 (origin and loose box; ~0.1 s for 30 pages, pdfplumber needs ~15×
longer).  Their boxes are in the *unrotated* page space: on an A3 table page printed landscape
(``/Rotate 90``) a printed line runs up the page, so every line would read as a column of digits.
Each page is therefore turned upright first, by the direction its text runs (the characters'
dominant angle), which covers a ``/Rotate`` page and content drawn rotated on an upright page
alike.  Then characters sharing a baseline make a line and gaps split it into words.
"""

from __future__ import annotations

import ctypes
import math
from collections import Counter
from collections.abc import Callable

from .geometry import Line, Rule, Word
from .settings import SETTINGS, PdfSettings

_NUMERIC_CHARS = frozenset("0123456789,.-")
#: A point of the unrotated page → (x, y from the top) of the upright page.
Transform = Callable[[float, float], tuple[float, float]]


def upright(quarter_turns: int, width: float, height: float) -> Transform:
    """The map that turns text running at ``quarter_turns`` × 90° (pdfium's angle) into upright lines.

    pdfium measures a character's angle clockwise: 0 reads left to right, 270° reads up the page
    (a ``/Rotate 90`` page), 90° down the page, 180° upside down."""
    k = quarter_turns % 4
    if k == 0:
        return lambda x, y: (x, height - y)
    if k == 3:
        return lambda x, y: (y, x)
    if k == 1:
        return lambda x, y: (height - y, width - x)
    return lambda x, y: (width - x, y)


def _box(t: Transform, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
    """A box of the unrotated page → (x0, x1, top, bottom) upright."""
    (ax, ay), (bx, by) = t(left, bottom), t(right, top)
    return min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)


def _quarter_turns(raw, n: int) -> int:
    """The page's dominant text direction in quarter turns (most characters vote)."""
    import pypdfium2.raw as pdfium_c

    votes: Counter[int] = Counter()
    step = max(1, n // 400)  # a sample is enough: a page runs one way
    for i in range(0, n, step):
        angle = pdfium_c.FPDFText_GetCharAngle(raw, i)
        if angle >= 0:
            votes[round(angle / (math.pi / 2)) % 4] += 1
    return votes.most_common(1)[0][0] if votes else 0


def page_lines(page, page_no: int, s: PdfSettings = SETTINGS) -> tuple[list[Line], Transform]:
    """Characters → words (split at gaps) → lines (clustered by baseline), upright; and the transform used.

    The baseline (the character's origin) groups a line even where a font's boxes are odd (a flat
    ``一`` has a tiny box); each character's box is its baseline minus/plus the font size.
    """
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    width, height = page.get_width(), page.get_height()
    transform = upright(0, width, height)
    try:
        n = textpage.count_chars()
        if n <= 0:
            return [], transform
        text = textpage.get_text_range(0, n)
        raw = textpage.raw
        transform = upright(_quarter_turns(raw, n), width, height)
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
            x0, x1, top, bottom = _box(transform, rect.left, rect.bottom, rect.right, rect.top)
            size = bottom - top
            if size <= s.min_char_size:
                continue
            chars.append((ch, x0, x1, transform(ox.value, oy.value)[1], size, spaced))
            spaced = False
    finally:
        textpage.close()
    return _lines(chars, page_no, s), transform


def _lines(chars: list[tuple[str, float, float, float, float, bool]], page_no: int, s: PdfSettings) -> list[Line]:
    chars.sort(key=lambda c: c[3])
    rows: list[list[tuple[str, float, float, float, float, bool]]] = []
    row_base = row_size = 0.0
    for c in chars:
        if rows and abs(c[3] - row_base) <= s.baseline_tolerance * max(c[4], row_size):
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
            top_, bottom_ = base - s.ascent * em, base + s.descent * em
            numeric = ch in _NUMERIC_CHARS
            gap = x0 - words[-1].x1 if words else 0.0
            # a number set right against the text of the next cell is still two words, and so are two
            # numbers the text layer separates (an amount right-aligned against the next column's code)
            joined = words and gap < s.word_gap * em and x0 >= words[-1].x0 \
                and not (numeric != last_numeric and gap > s.split_gap) \
                and not (numeric and last_numeric and spaced and gap > s.split_gap)
            last_numeric = numeric
            if joined:
                w = words[-1]
                w.text += ch
                w.x1, w.top, w.bottom = max(w.x1, x1), min(w.top, top_), max(w.bottom, bottom_)
            else:
                words.append(Word(ch, x0, x1, top_, bottom_, em))
        lines.append(Line(words, page_no))
    return lines


def page_rules(page, transform: Transform, s: PdfSettings = SETTINGS) -> list[Rule]:
    """Horizontal rules of the upright page (y from the top, x0, x1): thin paths, lines or hairline rects."""
    import pypdfium2.raw as pdfium_c

    raw = page.raw
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    out = []
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):  # raw calls: no wrapper per text object
        obj = pdfium_c.FPDFPage_GetObject(raw, i)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        x0, x1, y0, y1 = _box(transform, left.value, bottom.value, right.value, top.value)
        if y1 - y0 < s.rule_thickness and x1 - x0 > s.rule_min_length:
            out.append(((y0 + y1) / 2, x0, x1))
    return out


def has_image(page) -> bool:
    """Whether the page holds a picture (a page with pictures and no text is a scan)."""
    import pypdfium2.raw as pdfium_c

    raw = page.raw
    return any(pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(raw, i)) == pdfium_c.FPDF_PAGEOBJ_IMAGE
               for i in range(pdfium_c.FPDFPage_CountObjects(raw)))
