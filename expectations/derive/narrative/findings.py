"""Narrative statements as :class:`~expectations.frames.Check` records: the sentence quoted with its
page, the table cell named with its printed value, and a Chinese sentence a submitter can act on.

Why one module: every narrative rule words its findings the same way, so a reviewer reads them
alike (第N页“…”写 X，《表》第M行 … 为 Y).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from disclosure.amounts import UNIT_TO_YUAN
from expectations.custom import KIND_AT_MOST, KIND_TOLERANCE
from expectations.frames import Check, Term, flag_check, fmt, tolerance_check

from .cells import CellRef
from .figures import Figure
from .ratios import Interval
from .sentences import Sentence

NARRATIVE = "narrative"


def where(s: Sentence) -> str:
    return f"说明第{s.page}页" if s.page is not None else "说明"


def plain(v: Decimal) -> str:
    """A figure without exponent notation or trailing zeros (for differences and tolerances)."""
    return format(v.normalize(), "f") if v else "0"


def amount_vs_cell(rule: str, s: Sentence, figure: Figure, ref: CellRef, what: str) -> Check:
    """The text's figure against the table cell that prints the same thing (rounding of both allowed).

    The text's figure may be the table's cut instead of rounded (877,080 元 written 87.70 万元): a
    whole unit of its last digit is allowed, not half.  Such a slip is listed as a note inside the
    tolerance, never as an error; a reviewer does not want a last-digit quibble among the errors."""
    actual = Term(figure.value, figure.unit)
    c = tolerance_check(rule, table=ref.table, row=ref.row, code=ref.code, column=ref.column,
                        subject=what, actual=actual, addends=[ref.term],
                        expected_label=ref.describe())
    c.tolerance_yuan += actual.radius  # cut, not rounded: one whole unit of the text's last digit

    def explain() -> str:
        diff = (actual.yuan - ref.term.yuan) / UNIT_TO_YUAN[figure.unit]
        tol = (actual.radius + ref.term.radius) / UNIT_TO_YUAN[figure.unit]
        if ref.index is None:
            return (f"{where(s)}写{what}“{figure.printed}”，但{ref.describe()}："
                    f"表内未填列数据，与说明不一致，请补填表格或更正说明")
        return (f"{where(s)}写{what}“{figure.printed}”，与{ref.describe()} {ref.printed()} 不一致"
                f"（相差 {plain(diff)}{figure.unit}，超出舍入容差 ±{plain(tol)}{figure.unit}）")

    c.explain = explain
    c.page, c.quote, c.printed = s.page, s.quote, ref.printed()
    return c


def amounts_sum(rule: str, s: Sentence, whole: Figure, parts: list[Figure], what: str, *, at_most: bool = False,
                why: str = "") -> Check:
    """A whole the text states against the sum of the parts it lists (all in the text)."""
    actual = Term(whole.value, whole.unit)
    addends = [Term(p.value, p.unit) for p in parts]
    exp_yuan = sum((t.yuan for t in addends), Decimal(0))
    tol = actual.radius + sum((t.radius for t in addends), Decimal(0))
    unit = whole.unit
    if at_most:  # the listed parts (actual) may be less than the whole (expected), never more
        c = Check(rule=rule, kind=KIND_AT_MOST, table=NARRATIVE, row=None, code=None, column="parts",
                  subject=what, expected_label="总数", actual=exp_yuan / UNIT_TO_YUAN[unit], expected=whole.value,
                  actual_yuan=exp_yuan, expected_yuan=whole.yuan, tolerance_yuan=tol, unit=unit)
    else:
        c = Check(rule=rule, kind=KIND_TOLERANCE, table=NARRATIVE, row=None, code=None, column="parts",
                  subject=what, expected_label="所列各项之和", actual=whole.value,
                  expected=exp_yuan / UNIT_TO_YUAN[unit], actual_yuan=whole.yuan, expected_yuan=exp_yuan,
                  tolerance_yuan=tol, unit=unit)

    def explain() -> str:
        listed = "＋".join(p.printed for p in parts)
        total = fmt(exp_yuan / UNIT_TO_YUAN[unit])
        if at_most:
            return f"{where(s)}{what}“{whole.printed}”，其中所列各项（{listed}）合计 {total}{unit}，超过了总数"
        return (f"{where(s)}{what}“{whole.printed}”，其中所列各项（{listed}）合计 {total}{unit}，"
                f"两者不等（相差 {plain((whole.yuan - exp_yuan) / UNIT_TO_YUAN[unit])}{unit}"
                + (f"；{why}，应等于总数" if why else "") + "）")

    c.explain = explain
    c.page, c.quote = s.page, s.quote
    return c


def percent_check(rule: str, s: Sentence, printed: Figure, interval: Interval, column: str, what: str,
                  basis: str, *, signed: Decimal | None = None, adjusted: bool = False) -> Check:
    """A printed percentage against the one computed from the amounts it comes from.

    ``signed``: the printed value with the sign its words give (下降 3% is −3), when that matters.
    ``adjusted``: the percentage is one of a list printed to add up to exactly 100% (尾差调整): one
    share may then carry the list's rounding remainder, one unit of its last digit more.
    A percentage cut instead of rounded (95.457% printed 95.45%) is allowed: one whole unit of its
    last digit, not half; it is listed as a note inside the tolerance, not as an error."""
    value = printed.value if signed is None else signed
    tol = interval.tolerance_for(printed.half * (3 if adjusted else 2))
    # the computed value rounds to the printed one: nothing to note (a note is for a difference a
    # reviewer may want to see: a cut, or figures rounded before they were divided)
    expected = value if _rounds_to(interval.mid, value) else interval.mid
    c = Check(rule=rule, kind=KIND_TOLERANCE, table=NARRATIVE, row=None, code=None, column=column, subject=what,
              expected_label=basis, actual=value, expected=expected, actual_yuan=value,
              expected_yuan=expected, tolerance_yuan=tol, unit="元")
    c.explain = lambda: (f"{where(s)}{what}“{printed.printed}”，按{basis}计算应为 "
                         f"{interval.mid.quantize(Decimal('0.01'))}%（相差 "
                         f"{plain((value - interval.mid).quantize(Decimal('0.0001')))} 个百分点，"
                         f"超出舍入容差 ±{plain(tol)}）")
    c.page, c.quote = s.page, s.quote
    return c


def _rounds_to(exact: Decimal, printed: Decimal) -> bool:
    """``exact`` rounded half up to ``printed``'s decimals is ``printed``."""
    quantum = Decimal(1).scaleb(printed.as_tuple().exponent)
    return exact.quantize(quantum, rounding=ROUND_HALF_UP) == printed


def fact(rule: str, s: Sentence | None, ok: bool, message: str, *, column: str, table: str = NARRATIVE,
         subject: str = "", page: int | None = None, quote: str | None = None) -> Check:
    """A yes/no fact about a sentence (a word agrees with figures, a year, a placeholder)."""
    c = flag_check(rule, ok=ok, table=table, column=column, subject=subject, message=message)
    if s is not None:
        c.page, c.quote = s.page, s.quote
    else:
        c.page, c.quote = page, quote
    return c


def dedupe(checks: list[Check]) -> list[Check]:
    """One check per statement: a block the document prints twice is reported once."""
    seen: set[tuple] = set()
    out = []
    for c in checks:
        key = (c.rule, c.quote, c.column, c.table, c.row, c.code, c.actual, c.expected, c.subject, c.message)
        if key in seen:
            continue
        seen.add(key)
        out.append(c)
    return out
