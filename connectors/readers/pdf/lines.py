"""A PDF page → its lines of words and its rules, upright.

Characters come from pypdfium2 (origin and loose box; ~0.1 s for 30 pages, pdfplumber needs ~15×
longer).  Their boxes are in the *unrotated* page space: on an A3 table page printed landscape
(``/Rotate 90``) a printed line runs up the page, so every line would read as a column of digits.
Each page is therefore turned upright first, by the direction its text runs (the characters'
dominant angle), which covers a ``/Rotate`` page and content drawn rotated on an upright page
alike.  Then characters sharing a baseline make a line and gaps split it into words.
"""

from __future__ import annotations

import bisect
import ctypes
import math
import re
from collections import Counter
from collections.abc import Callable

from disclosure.vocabulary import PAGE_NUMBER_RE, SPACED_WORDS

from .geometry import Line, Segments, Word
from .settings import SETTINGS, PdfSettings

_NUMERIC_CHARS = frozenset("0123456789,.-")
#: A page number between dashes (``— 9 —``): a page number wherever it stands on the page.
_DASHED_PAGE_NUMBER_RE = re.compile(r"^[-─—–]\d{1,3}[-─—–]$")
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


def unrotated_size(page) -> tuple[float, float]:
    """The page's width and height in the space its content is drawn in (pdfium reports the size as
    displayed: a ``/Rotate 90`` A3 page is 1191 wide there, 842 in its own space)."""
    width, height = page.get_width(), page.get_height()
    return (height, width) if page.get_rotation() in (90, 270) else (width, height)


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


def read_page(page, page_no: int, s: PdfSettings = SETTINGS) -> tuple[list[Line], Segments]:
    """A page's lines (upright) and its ruling, in the same coordinates.

    Characters → words (split at gaps, and where a vertical rule passes between two characters:
    they are in two cells) → lines (clustered by baseline).  The baseline (the character's origin)
    groups a line even where a font's boxes are odd (a flat ``一`` has a tiny box); each
    character's box is its baseline minus/plus the font size."""
    chars, transform, box_w = _page_chars(page, s)
    if not chars:
        return [], Segments([], [], [], [])
    segs = page_segments(page, transform, s)
    return drop_page_numbers(_lines(chars, page_no, s, segs), box_w, s), segs


def _page_chars(page, s: PdfSettings) -> tuple[list[tuple[str, float, float, float, float, bool]], Transform, float]:
    """The page's visible characters, upright: (text, x0, x1, baseline, size, spaced before)."""
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    width, height = unrotated_size(page)
    transform = upright(0, width, height)
    box_w, box_h = width, height
    try:
        n = textpage.count_chars()
        if n <= 0:
            return [], transform, box_w
        text = textpage.get_text_range(0, n)
        raw = textpage.raw
        turns = _quarter_turns(raw, n)
        transform = upright(turns, width, height)
        box_w, box_h = (height, width) if turns % 2 else (width, height)
        ox, oy = ctypes.c_double(), ctypes.c_double()
        rect = pdfium_c.FS_RECTF()
        # text, x0, x1, baseline, size, and whether the text layer put a space before it
        chars: list[tuple[str, float, float, float, float, bool]] = []
        drawn: set[tuple[str, int, int]] = set()  # characters already placed, to the point
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
            if not (0 <= (x0 + x1) / 2 <= box_w and 0 <= (top + bottom) / 2 <= box_h):
                continue  # outside the page: text no reader of the printed page sees (a hidden copy)
            base = transform(ox.value, oy.value)[1]
            at = (ch, round(x0 / s.overprint), round(base / s.overprint))
            if at in drawn:
                continue  # the same character drawn again on the same spot (fake bold): printed once
            drawn.add(at)
            chars.append((ch, x0, x1, base, size, spaced))
            spaced = False
    finally:
        textpage.close()
    return chars, transform, box_w


def drop_page_numbers(lines: list[Line], page_width: float, s: PdfSettings = SETTINGS) -> list[Line]:
    """The page number at the foot (or head) of a page is furniture, not a figure of the table above it.

    It is the last (or first) line of the page, alone on its line, a small integer (``12``, ``─ 6 ─``,
    ``第3页``), and set apart: centred on the page, or further from its neighbour than a row is."""
    def furniture(i: int, neighbour: int) -> bool:
        line = lines[i]
        if len(lines) < 2 or not PAGE_NUMBER_RE.match(line.text.replace(" ", "")):
            return False
        centred = abs((line.x0 + max(w.x1 for w in line.words)) / 2 - page_width / 2) < s.page_number_centre * page_width
        apart = abs(line.cy - lines[neighbour].cy) > s.page_number_gap * line.height
        dashed = bool(_DASHED_PAGE_NUMBER_RE.match(line.text.replace(" ", "")))  # — 9 —, wherever it stands
        return centred or apart or dashed

    if lines and furniture(len(lines) - 1, len(lines) - 2):
        lines = lines[:-1]
    if lines and furniture(0, 1):
        lines = lines[1:]
    return lines


def _lines(chars: list[tuple[str, float, float, float, float, bool]], page_no: int, s: PdfSettings,
           segs: Segments | None = None) -> list[Line]:
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
        streams = _overprinted(row, s)
        if streams is not None:  # a name overrunning the figure of the next cell: each read apart
            words = sorted((w for part in streams for w in _words(part, s, segs)), key=lambda w: w.x0)
        else:
            words = _words(row, s, segs)
        lines.append(Line(_split_glued_amounts(_join_spaced(words, s)), page_no))
    return lines


def _overprinted(row: list[tuple[str, float, float, float, float, bool]], s: PdfSettings
                 ) -> tuple[list, list] | None:
    """A line whose text overruns a figure printed in the same place (Xi'an 气象局 2022: a unit's long
    name runs over the first digits of its 合计, ``…保障中|18|心|39311.66``): the figures printed over
    (each whole run of digits one of them touches) and the rest of the line, apart, each in its own
    order; ``None`` when no figure and word overlap."""
    digits = [c for c in row if c[0] in _NUMERIC_CHARS]
    text = [c for c in row if c[0] not in _NUMERIC_CHARS and ord(c[0]) >= 0x2E80]
    if not digits or not text:
        return None

    def over(f: tuple, t: tuple) -> bool:
        return min(f[2], t[2]) - max(f[1], t[1]) > s.overlap * min(f[2] - f[1], t[2] - t[1])

    hit = {id(f) for f in digits if any(over(f, t) for t in text)}
    if not hit:
        return None
    runs: list[list[tuple]] = [[digits[0]]]
    for c in digits[1:]:
        prev = runs[-1][-1]
        if c[1] - prev[2] <= s.word_gap * (prev[2] - prev[1]) * 2:
            runs[-1].append(c)
        else:
            runs.append([c])
    printed_over = [c for run in runs if any(id(c) in hit for c in run) for c in run]
    taken = {id(c) for c in printed_over}
    return printed_over, [c for c in row if id(c) not in taken]


def _words(row: list[tuple[str, float, float, float, float, bool]], s: PdfSettings,
           segs: Segments | None) -> list[Word]:
    """One line's characters (sorted by x) → its words."""
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
            and not (numeric and last_numeric and spaced and gap > s.split_gap) \
            and not (segs is not None and _rule_between(segs, words[-1].x1, x0, base - em / 2, s))
        last_numeric = numeric
        if joined:
            w = words[-1]
            w.text += ch
            w.x1, w.top, w.bottom = max(w.x1, x1), min(w.top, top_), max(w.bottom, bottom_)
        else:
            words.append(Word(ch, x0, x1, top_, bottom_, em))
    return words


#: A name with its amount set against it, no space between (``机关事业单位职业年金缴费支出43608.96``).
_GLUED_AMOUNT_RE = re.compile(r"^(.*[\u4e00-\u9fff）)])(\d[\d,]*\.\d{1,2})$")


#: Amounts with thousands separators set against each other in narrow cells (``168,441.81154,304.22``):
#: printed to two decimals, the separators leave one way to cut them.
_RUN_AMOUNT_RE = re.compile(r"-?\d{1,3}(?:,\d{3})*\.\d{2}")


def _split_glued_amounts(words: list[Word]) -> list[Word]:
    """A word that is a name with an amount glued to its end is two cells: the name and the amount
    (the amount keeps the word's right edge, where right-aligned figures sit); so is a word of two
    amounts with thousands separators run together."""
    out: list[Word] = []
    for w in words:
        run = _RUN_AMOUNT_RE.findall(w.text) if "," in w.text else []
        if len(run) >= 2 and "".join(run) == w.text:
            x = w.x0
            for part in run:
                x1 = x + (w.x1 - w.x0) * len(part) / len(w.text)
                out.append(Word(part, x, x1, w.top, w.bottom, w.em))
                x = x1
            continue
        m = _GLUED_AMOUNT_RE.match(w.text)
        if not m:
            out.append(w)
            continue
        name, amount = m.groups()
        split = w.x1 - len(amount) * w.em / 2
        out += [Word(name, w.x0, split, w.top, w.bottom, w.em), Word(amount, split, w.x1, w.top, w.bottom, w.em)]
    return out


def _join_spaced(words: list[Word], s: PdfSettings) -> list[Word]:
    """``合`` ``计`` printed letter-spaced are the word 合计 (only words of :data:`SPACED_WORDS`).

    A line of single characters only (``收    入    支    出``, a group header spread over its
    columns) is joined whatever the gaps: nothing else is printed on it to be joined by mistake."""
    spread = len(words) >= 2 and all(len(w.text) == 1 and ord(w.text) >= 0x4E00 for w in words)
    out: list[Word] = []
    for w in words:
        prev = out[-1] if out else None
        pair = prev is not None and len(prev.text) == 1 and prev.text + w.text in SPACED_WORDS \
            and w.x0 - prev.x1 < s.spaced_pair_gap * w.em  # 项        目 spread over a wide cell
        if prev is not None and len(w.text) == 1 and ord(w.text) >= 0x4E00 \
                and (spread or pair or w.x0 - prev.x1 < s.spaced_gap * w.em) \
                and any(word.startswith(prev.text + w.text) for word in SPACED_WORDS) \
                and all(ord(c) >= 0x4E00 for c in prev.text):
            out[-1] = Word(prev.text + w.text, prev.x0, w.x1, min(prev.top, w.top), max(prev.bottom, w.bottom), prev.em)
        else:
            out.append(w)
    return out


def _rule_between(segs: Segments, a: float, b: float, y: float, s: PdfSettings) -> bool:
    """A vertical rule passes between x = a and x = b at height y (a cell border between two characters)."""
    lo, hi = min(a, b) - s.split_gap / 2, max(a, b) + s.split_gap / 2
    xs = segs.v_xs
    i = bisect.bisect_left(xs, lo)
    while i < len(xs) and xs[i] <= hi:
        _, y0, y1 = segs.v_sorted[i]
        if y0 <= y <= y1:
            return True
        i += 1
    return False


def page_segments(page, transform: Transform, s: PdfSettings = SETTINGS) -> Segments:
    """The page's rules, upright: thin paths (lines, hairline rects), and apart the edges of filled
    rectangles (a cell drawn as a box, or a shaded line of text: only a grid may use them).  A
    rectangle covering most of the page is a background."""
    import pypdfium2.raw as pdfium_c

    raw = page.raw
    width, height = unrotated_size(page)
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    out = Segments([], [], [], [])
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):  # raw calls: no wrapper per text object
        obj = pdfium_c.FPDFPage_GetObject(raw, i)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        x0, x1, y0, y1 = _box(transform, left.value, bottom.value, right.value, top.value)
        w, h = x1 - x0, y1 - y0
        if h < s.rule_thickness and w > s.rule_min_length:
            out.h.append(((y0 + y1) / 2, x0, x1))
        elif w < s.rule_thickness and h > s.rule_min_length:
            out.v.append(((x0 + x1) / 2, y0, y1))
        elif w >= s.rule_thickness and h >= s.rule_thickness and pdfium_c.FPDFPath_CountSegments(obj) <= 5 \
                and not (w > s.background * width and h > s.background * height) \
                and not (w > s.background * height and h > s.background * width):
            out.h_edges += [(y0, x0, x1), (y1, x0, x1)]
            out.v_edges += [(x0, y0, y1), (x1, y0, y1)]
    return out


def has_image(page) -> bool:
    """Whether the page holds a picture (a page with pictures and no text is a scan)."""
    import pypdfium2.raw as pdfium_c

    raw = page.raw
    return any(pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(raw, i)) == pdfium_c.FPDF_PAGEOBJ_IMAGE
               for i in range(pdfium_c.FPDFPage_CountObjects(raw)))
