"""Percentages the 说明 prints, recomputed from the amounts they come from, within rounding.

Every printed figure stands for ± half a unit of its last printed digit.  A percentage computed from
two printed amounts therefore lies in an interval, not at a point: for a share ``a / w`` it is
``[(a − ha) / (w + hw), (a + ha) / (w − hw)]``.  The printed percentage (± half its own last digit)
passes when its interval meets that one.  The check is expressed as the frame's exact tolerance
check: the printed value against the value computed from the printed amounts, with a tolerance that
covers both intervals (rounded up to :data:`QUANTUM`, so rounding never makes a finding).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_EVEN, Decimal, localcontext

#: Precision of computed percentages in the frame (per cent): 0.0001 percentage points.
QUANTUM = Decimal("0.0001")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Interval:
    """A computed percentage: the value from the printed amounts and the interval their rounding allows."""

    mid: Decimal
    lo: Decimal
    hi: Decimal

    def tolerance_for(self, printed_half: Decimal) -> Decimal:
        """The tolerance around ``mid`` that accepts a printed value whose own interval meets [lo, hi]."""
        spread = max(self.hi - self.mid, self.mid - self.lo)
        return (spread + printed_half).quantize(QUANTUM, rounding=ROUND_CEILING)


def _corners(f: Callable[[Decimal, Decimal], Decimal], a: Decimal, ha: Decimal, b: Decimal, hb: Decimal
             ) -> Interval | None:
    """f over the rounding box of (a, b); f is monotone in each argument on the box, so its extremes
    are at the corners."""
    with localcontext() as ctx:
        ctx.prec = 34
        try:
            mid = f(a, b)
            values = [f(x, y) for x in (a - ha, a + ha) for y in (b - hb, b + hb)]
        except (ArithmeticError, ZeroDivisionError):
            return None
    return Interval(mid.quantize(QUANTUM, rounding=ROUND_HALF_EVEN), min(values), max(values))


def share(part: Decimal, h_part: Decimal, whole: Decimal, h_whole: Decimal) -> Interval | None:
    """``part / whole`` in per cent (a share, or a completion rate 决算 / 预算)."""
    if whole - h_whole <= 0:
        return None  # a whole that may be 0 gives no ratio to check
    return _corners(lambda p, w: p / w * HUNDRED, part, h_part, whole, h_whole)


def change(delta: Decimal, h_delta: Decimal, current: Decimal, h_current: Decimal, up: bool) -> Interval | None:
    """The rate of a change of ``delta`` that ends at ``current``: delta / (current ∓ delta)."""
    sign = Decimal(-1) if up else Decimal(1)
    prior_low = current - h_current + sign * (delta + h_delta) if up else current - h_current + delta - h_delta
    if prior_low <= 0:
        return None  # the prior year may have been 0: a rate of 100% or more says nothing checkable
    return _corners(lambda d, c: d / (c + sign * d) * HUNDRED, delta, h_delta, current, h_current)
