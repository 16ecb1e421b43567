"""Figures printed in a sentence, exactly as printed, and what each one is said to be.

A figure is an amount with its unit (万元, 元, 亿元) or a percentage; its value is an exact
:class:`~decimal.Decimal` that remembers how many decimals were printed (the rounding tolerance
comes from that).  Its *label* is the text between the previous clause mark and the figure
(``其中：基本支出`` → ``基本支出``), with the department's name, the year and list markers removed;
the label's :class:`~disclosure.vocabulary.narrative.Concept` says which table cell prints it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from disclosure.amounts import UNIT_TO_YUAN, half_unit
from disclosure.vocabulary import narrative as V

from .sentences import Sentence

_CLAUSE_MARKS = "，；：。、！？"


@dataclass(eq=False)  # compared by identity; built by the thousand, so no frozen-init cost
class Figure:
    """A printed amount or percentage: value as printed, unit, where it is in its sentence."""

    value: Decimal
    unit: str  # 万元 / 元 / 亿元 / %
    start: int
    end: int
    printed: str  # as printed, with its unit

    @property
    def is_amount(self) -> bool:
        return self.unit != "%"

    @property
    def yuan(self) -> Decimal:
        return self.value * UNIT_TO_YUAN[self.unit]

    @property
    def radius_yuan(self) -> Decimal:
        """Half a unit of the last printed digit, in 元."""
        return self.half * UNIT_TO_YUAN[self.unit]

    @property
    def half(self) -> Decimal:
        """Half a unit of the last printed digit, in the figure's own unit.  A 0 written in the text
        (``工程采购金额0万元``) is nothing, not a rounded small amount: it has no radius."""
        return half_unit(self.value) if self.value else Decimal(0)


def parse_number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def figures(s: Sentence) -> list[Figure]:
    """Every amount and percentage printed in the sentence, in order (read once per sentence)."""
    cached = s.__dict__.get("_figures")
    if cached is None:
        cached = [Figure(parse_number(m["num"]), m["unit"], m.start(), m.end(), s.span(m.start(), m.end()))
                  for m in V.FIGURE_RE.finditer(s.text)]
        s.__dict__["_figures"] = cached  # a cache on the sentence, not state
    return list(cached)


_MARK_RE = re.compile(f"[{_CLAUSE_MARKS}]")


def _marks(s: Sentence) -> list[int]:
    """Where the sentence's clause marks are (read once per sentence); ``收入、支出`` and ``收、支`` are
    one label, not a list, so the 、 there is not a mark."""
    cached = s.__dict__.get("_marks")
    if cached is None:
        text = s.text
        cached = [m.start() for m in _MARK_RE.finditer(text)
                  if not (m.group() == "、" and text[max(0, m.start() - 2):m.start()].endswith(("收", "收入"))
                          and text[m.start() + 1:m.start() + 2] == "支")]
        s.__dict__["_marks"] = cached
    return cached


def label_before(s: Sentence, start: int, floor: int = 0) -> str:
    """The raw words right before position ``start``: back to the previous clause mark or ``floor``."""
    marks = _marks(s)
    i = bisect.bisect_left(marks, start) - 1
    cut = marks[i] if i >= 0 else -1
    return s.text[max(cut + 1, floor):start]


def canonical_label(raw: str, names: tuple[str, ...]) -> str:
    """A label without the department's name, years, list markers and the connector before the figure."""
    text = raw
    for name in names:
        if name:
            text = text.replace(name, "")
    text = re.sub(r"(?:19|20)\d{2}年(?:度)?", "", text)
    text = V.LABEL_PREFIX_RE.sub("", text)
    text = V.LABEL_SUFFIX_RE.sub("", text)
    return text


@lru_cache(maxsize=4096)
def concept_of(label: str) -> V.Concept | None:
    """The figure a canonical label names, if the vocabulary knows it (never a partial guess): the
    first concept, in the vocabulary's order, whose pattern matches the whole label."""
    if not label or V.CHANGE_WORD_RE.search(label):
        return None
    m = V.ANY_CONCEPT_RE.fullmatch(label)
    return V.CONCEPTS[int(m.lastgroup[1:])] if m else None
