"""Words and lines as the reader sees them: upright page coordinates, y growing down the page."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property


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
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

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

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)


#: A horizontal rule: its y (from the top) and its x extent.
Rule = tuple[float, float, float]
#: A vertical rule: its x and its y extent (from the top).
VRule = tuple[float, float, float]


@dataclass
class Segments:
    """The ruling of a page, upright: horizontal rules (y, x0, x1) and vertical rules (x, y0, y1).

    ``h``/``v`` are thin paths (lines, hairline rectangles): rules for certain.  ``h_edges`` /
    ``v_edges`` are the edges of filled rectangles: a cell drawn as a box (some producers draw a
    table's grid that way) or the shading behind one line of text (Word): they may complete a
    header's grid, never split a row or a word."""

    h: list[Rule]
    v: list[VRule]
    h_edges: list[Rule]
    v_edges: list[VRule]

    @property
    def grid(self) -> Segments:
        """Every border a grid may use: rules and rectangle edges."""
        return Segments(self.h + self.h_edges, self.v + self.v_edges, [], [])

    @cached_property
    def v_sorted(self) -> list[VRule]:
        return sorted(self.v)

    @cached_property
    def v_xs(self) -> list[float]:
        """x of each vertical rule, sorted (for bisecting)."""
        return [x for x, _, _ in self.v_sorted]


def overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    """Length of the overlap of two intervals (0 when they are apart)."""
    return max(0.0, min(a1, b1) - max(a0, b0))
