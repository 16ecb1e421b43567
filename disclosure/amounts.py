"""Printed amounts as exact decimals.

A disclosure prints each figure at some precision (``2591.22`` 万元, ``371,514,655.00`` 元,
``154,369,326`` 元).  We keep the figure as a :class:`~decimal.Decimal` so that its exponent
remembers how many decimals were printed: that is what the rounding tolerance is computed from
(never a float, never a magic constant).
"""

from __future__ import annotations

import re
import unicodedata
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
