"""Classification codes as a value: digits, level, parent, and which classification they belong to.

Readers, rules and neighbours all ask the same questions of a code (is it a 类, 款 or 项? what is its
parent? is it a 功能分类 or an 经济分类 code?); they ask this type, so the lengths live in one place
(:mod:`disclosure.vocabulary.codes`).

Which classification a table's codes are is read from the codes themselves, not from the table's
title: a 基本支出表 is by 经济分类 in most places, but Xi'an prints a 基本支出明细表 by 功能分类 too,
and Chongqing subdivides 经济分类 款 into 7-digit items (``3010201`` 规范性津补贴 under ``30102``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from disclosure.vocabulary import CODE_STEP, ECONOMIC_CLASS_RE, ECONOMIC_CODE_LENGTHS, FUNCTION_CODE_LENGTHS

FUNCTION, ECONOMIC = "function", "economic"
#: The levels of a code: 类, 款, 项.
CLASS, SECTION, ITEM = 1, 2, 3
#: The longest code a classification prints (a 项); a longer run of digits is two codes or a misprint.
MAX_DIGITS = FUNCTION_CODE_LENGTHS[-1]


def level_of(digits: str) -> int | None:
    """1 for a 类 (3 digits), 2 for a 款 (5), 3 for a 项 (7); None for a length no classification uses."""
    n = len(digits)
    return FUNCTION_CODE_LENGTHS.index(n) + 1 if n in FUNCTION_CODE_LENGTHS else None


def prefix_at(digits: str, level: int) -> str:
    """The code's ancestor at ``level`` (``prefix_at("2080505", SECTION)`` is ``20805``)."""
    return digits[:FUNCTION_CODE_LENGTHS[level - 1]]


@dataclass(frozen=True)
class Code:
    """A classification code as read: its digits (``2080505``) and, when they were printed otherwise
    (``208 05 05``, ``[2080505]``), the printed form."""

    digits: str
    printed: str | None = None

    @property
    def classification(self) -> str:
        """功能分类 (201 …) or 经济分类 (301 …, 501 …): the class digits say which."""
        return ECONOMIC if ECONOMIC_CLASS_RE.match(self.digits) else FUNCTION

    @property
    def well_formed(self) -> bool:
        lengths = ECONOMIC_CODE_LENGTHS if self.classification == ECONOMIC else FUNCTION_CODE_LENGTHS
        return self.digits.isdigit() and len(self.digits) in lengths

    @property
    def level(self) -> int | None:
        """1 for a 类, 2 for a 款, 3 for a 项; None for a length no classification uses."""
        return level_of(self.digits)

    @property
    def parent(self) -> Code | None:
        """The code one level up (``2080505`` → ``20805`` → ``208``); None for a 类."""
        if self.level is None or self.level == CLASS:
            return None
        return Code(self.digits[:-CODE_STEP])

    def ancestor(self, level: int) -> Code:
        """The code at ``level`` above (or equal to) this one: ``Code("2080505").ancestor(CLASS)`` is 208."""
        return Code(prefix_at(self.digits, level))


def classification_of(codes: Iterable[str | None], default: str = FUNCTION) -> str:
    """The classification most of ``codes`` belong to (``default`` when there is none)."""
    votes = [Code(c).classification for c in codes if c]
    if not votes:
        return default
    return ECONOMIC if votes.count(ECONOMIC) * 2 > len(votes) else FUNCTION
