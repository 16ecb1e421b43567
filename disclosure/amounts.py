"""Printed amounts as exact decimals.

A disclosure prints each figure at some precision (``2591.22`` 万元, ``371,514,655.00`` 元,
``154,369,326`` 元).  We keep the figure as a :class:`~decimal.Decimal` so that its exponent
remembers how many decimals were printed: that is what the rounding tolerance is computed from
(never a float, never a magic constant).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

#: Multipliers to 元 for the units disclosures print.
UNIT_TO_YUAN: dict[str, Decimal] = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000),
                                   "百万元": Decimal(1000000), "亿元": Decimal(100000000)}

# Cells that mean "nothing printed here".
_EMPTY = {"", "-", "—", "－", "–", "--", "——", "/", "无", "*"}

_AMOUNT_RE = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def normalise(text: str) -> str:
    """Full-width digits, commas and minus signs to ASCII; spaces removed."""
    text = unicodedata.normalize("NFKC", text)
    return text.replace("，", ",").replace("−", "-").replace(" ", "").strip()


def is_amount(text: str) -> bool:
    """True when ``text`` is a printed number (with optional thousands separators, sign, decimals)."""
    t = normalise(text)
    if t.startswith("(") and t.endswith(")"):
        t = "-" + t[1:-1]
    return bool(_AMOUNT_RE.match(t))


def is_empty_cell(text: str | None) -> bool:
    """True for a blank cell or a dash that stands for 'nothing'."""
    return text is None or normalise(text) in _EMPTY


def parse_amount(text: str | None) -> Decimal | None:
    """Parse a printed amount exactly; ``None`` for an empty or dash cell.

    Raises ``ValueError`` for text that is neither an amount nor an empty marker, so a
    reader never silently turns a word into a number.
    """
    if is_empty_cell(text):
        return None
    t = normalise(text or "")
    if t.startswith("(") and t.endswith(")"):
        t = "-" + t[1:-1]
    if not _AMOUNT_RE.match(t):
        raise ValueError(f"not an amount: {text!r}")
    try:
        return Decimal(t.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - regex already guards this
        raise ValueError(f"not an amount: {text!r}") from exc


def decimals(value: Decimal) -> int:
    """Number of decimals printed (``Decimal('2.80')`` → 2, ``Decimal('154369326')`` → 0)."""
    exp = value.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def half_unit(value: Decimal) -> Decimal:
    """Half a unit of the last printed digit: the rounding radius of the printed figure."""
    return Decimal(5).scaleb(-decimals(value) - 1)


def to_yuan(value: Decimal, unit: str) -> Decimal:
    """Convert a printed figure to 元, exactly."""
    return value * UNIT_TO_YUAN[unit]


def interval_yuan(value: Decimal, unit: str) -> tuple[Decimal, Decimal]:
    """The figure in 元 and its rounding radius in 元 (XBRL Calculations 1.1 style)."""
    scale = UNIT_TO_YUAN[unit]
    return value * scale, half_unit(value) * scale


def format_amount(value: Decimal | None) -> str:
    """Render an amount as printed, with thousands separators (for messages and pages)."""
    if value is None:
        return ""
    return f"{value:,f}"


# ---------------------------------------------------------------------------------------------
# Invisible and typeset spaces inside a printed figure
#
# Text copied out of a web page, a PDF or a word processor can carry characters that print as
# nothing (a zero-width space, a soft hyphen) or as a narrow gap (a thin space between digit groups,
# the way typesetting separates thousands: ``2 591.22``).  Inside a figure they make it no figure at
# all, and a reader that does not look would leave the cell blank, silently: the rules then fail
# on "2,591.22 ≠ 0" with no word about why.  These helpers say what the figure is when that is
# unambiguous, and say that it is not when it is not; the readers name the cell either way.

#: Characters that print as nothing, by what they are called in a warning.
INVISIBLE: dict[str, str] = {
    "\u200b": "零宽空格（U+200B）", "\u200c": "零宽非连接符（U+200C）", "\u200d": "零宽连接符（U+200D）",
    "\u2060": "字连接符（U+2060）", "\ufeff": "零宽不换行空格（U+FEFF）", "\u00ad": "软连字符（U+00AD）",
    "\u180e": "蒙古文元音分隔符（U+180E）", "\u200e": "从左至右标记（U+200E）", "\u200f": "从右至左标记（U+200F）",
    "\u2061": "不可见函数符（U+2061）", "\u2062": "不可见乘号（U+2062）", "\u2063": "不可见分隔符（U+2063）",
    "\u2064": "不可见加号（U+2064）",
}
#: Spaces typesetting puts between digit groups; an ordinary space separates two cells instead.
GROUP_SPACES: dict[str, str] = {
    "\u00a0": "不换行空格（U+00A0）", "\u2007": "数字空格（U+2007）", "\u2008": "标点空格（U+2008）",
    "\u2009": "窄空格（U+2009）", "\u200a": "极窄空格（U+200A）", "\u202f": "窄不换行空格（U+202F）",
    "\u2005": "四分之一空格（U+2005）", "\u2006": "六分之一空格（U+2006）",
}
_INVISIBLE_CLASS = "".join(INVISIBLE)
_GROUP_CLASS = "".join(GROUP_SPACES)
#: A stretch of a line that may be one figure: digits, points, commas and the characters above.
FIGURE_RUN_RE = re.compile(rf"[\d.,{_INVISIBLE_CLASS}{_GROUP_CLASS}]*\d[\d.,{_INVISIBLE_CLASS}{_GROUP_CLASS}]*")
SPECIAL_RE = re.compile(f"[{_INVISIBLE_CLASS}{_GROUP_CLASS}]")
_GROUPED_RE = re.compile(rf"\d{{1,3}}(?:[{_GROUP_CLASS}]\d{{3}})+(?:\.\d+)?")
_GROUP_SPLIT_RE = re.compile(f"[{_GROUP_CLASS}]+")


@dataclass(frozen=True)
class Figure:
    """What a stretch of digits with invisible or typeset spaces in it is.

    ``how``: ``stripped`` (invisible characters removed, one amount), ``grouped`` (thin spaces
    between thousands, one amount), ``separate`` (figures that each have their decimals, only set
    apart by such a space: no amount touched) or ``unclear`` (could be one figure or two, or a soft
    hyphen that may have been a minus: not read).  ``text`` is what to read instead (None when
    unclear); ``chars`` names the characters found, for the warning."""

    how: str
    text: str | None
    chars: str


def special_chars(text: str) -> str:
    """The invisible and typeset spaces in ``text``, named (``零宽空格（U+200B）、窄空格（U+2009）``)."""
    found = dict.fromkeys(ch for ch in text if ch in INVISIBLE or ch in GROUP_SPACES)
    return "、".join(INVISIBLE.get(ch) or GROUP_SPACES[ch] for ch in found)


def read_figure(run: str) -> Figure | None:
    """What ``run`` (a match of :data:`FIGURE_RUN_RE`) is; None when it holds none of the characters."""
    if not SPECIAL_RE.search(run):
        return None
    chars = special_chars(run)
    if run.startswith("\u00ad") or re.match(rf"[{_INVISIBLE_CLASS}{_GROUP_CLASS}]+\u00ad", run):
        return Figure("unclear", None, chars)  # a soft hyphen before the digits may have been a minus
    bare = re.sub(f"[{_INVISIBLE_CLASS}]", "", run).strip(_GROUP_CLASS)
    if not _GROUP_SPLIT_RE.search(bare):
        return Figure("stripped", bare, chars) if is_amount(bare) else Figure("unclear", None, chars)
    if _GROUPED_RE.fullmatch(bare):
        return Figure("grouped", _GROUP_SPLIT_RE.sub("", bare), chars)
    parts = _GROUP_SPLIT_RE.split(bare)
    if all(is_amount(p) and "." in p for p in parts):
        return Figure("separate", " ".join(parts), chars)
    return Figure("unclear", None, chars)


def figure_warning(where: str, printed: str, figure: Figure) -> str:
    """The sentence naming a figure :func:`read_figure` looked at (``where``: 第 12 行 / 单元格 E6);
    in the quoted figure ▯ marks an invisible character, ␣ a typeset space."""
    shown = "".join("␣" if ch in GROUP_SPACES else "▯" if ch in INVISIBLE else ch for ch in printed)
    if figure.how == "unclear":
        return (f"{where}的“{shown}”中夹有{figure.chars}（▯、␣处），无法确定是一个金额还是几个（或是否为负数），"
                "未读取该金额（按空白处理），请核对原文件后删除这些字符重新上传。")
    if figure.how == "grouped":
        return (f"{where}的金额“{shown}”用{figure.chars}作千位分隔，按 {figure.text} 读取，请核对。")
    return (f"{where}的金额“{shown}”中夹有看不见的{figure.chars}（▯处），已去除后按 {figure.text} 读取，请核对原文件。")
