"""The 说明's comparisons with last year against last year's disclosure.

``X比上年（预算）增加 D 万元，增长 Y%`` / ``与上年持平`` states last year's figure without printing it:
``current − D``.  Last year's disclosure of the same body and kind printed it.  For each comparison
the same table cell is found in both years' disclosures by the same route (a named figure's concept,
a 类/款/项 by its names and code, a 类 by its name), and this year's cell must print the figure the
sentence gives for this year, so that the cell is surely the one meant; then D, Y and 持平 are
checked against last year's cell.

Tolerance: each figure ± half its last printed digit, and since a 说明 subtracts figures already
rounded to its own precision (18,976.76 − 15,621.11 万元 where the tables print 元), each year's
figure may be off by half a unit of the sentence's last digit too.  A percentage cut instead of
rounded is a note (see :func:`expectations.derive.narrative.findings.percent_check`).  A cell read
without confidence in either year, an item recoded since last year (its code not printed last
year), or a sentence whose figure for this year is not the table's makes no check: never guess.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from disclosure.amounts import UNIT_TO_YUAN, half_unit
from disclosure.codes import ITEM, SECTION, level_of, prefix_at
from disclosure.model import Disclosure
from disclosure.vocabulary import NUMBERING_PREFIX_RE
from disclosure.vocabulary import narrative as V
from expectations.custom import KIND_TOLERANCE
from expectations.derive.narrative import cells
from expectations.derive.narrative.comparisons import Comparison, comparisons
from expectations.derive.narrative.findings import NARRATIVE, percent_check, plain, where
from expectations.derive.narrative.ratios import HUNDRED, QUANTUM, Interval
from expectations.derive.neighbours.last_year_columns import LAST_YEAR_COLUMNS
from expectations.frames import Check, cell, norm_text, printed
from neighbours.neighbourhood import Relation

ZERO = Decimal(0)
#: Tables a 类/款/项 amount of the 说明 may be printed in, in the order they are tried.
_CODED = ("fiscal_expenditure", "general_expenditure", "expenditure", "fund_expenditure", "capital_expenditure")


def _bare(name: str | None) -> str | None:
    return None if name is None else NUMBERING_PREFIX_RE.sub("", norm_text(name))


def _sorted(text: str) -> str:
    return "".join(sorted(norm_text(text)))


def item_code(doc: Disclosure, c_name: str | None, k_name: str, x_name: str) -> str | None:
    """The 项 code the names point at; names printed with two words swapped (一般行政事务管理 for
    一般行政管理事务) are accepted when they point at exactly one code of that 款."""
    c_name, k_name, x_name = _bare(c_name), _bare(k_name), _bare(x_name)
    rows = cells.function_names(doc)
    code = cells.resolve_names(doc, c_name, k_name, x_name, rows)
    if code is not None:
        return code
    hits = [x for x, name in rows.items() if level_of(x) == ITEM and _sorted(name) == _sorted(x_name)
            and _sorted(rows.get(prefix_at(x, SECTION), "")) == _sorted(k_name)]
    return hits[0] if len(hits) == 1 else None


def _lone_item_code(doc: Disclosure, x_name: str) -> str | None:
    """The 项 code of a name printed without its 款, when exactly one 项 of the tables has that name."""
    rows = cells.function_names(doc)
    hits = [x for x, name in rows.items() if level_of(x) == ITEM and name == x_name]
    return hits[0] if len(hits) == 1 else None


def _agrees(ref: cells.CellRef, figure: Any) -> bool:
    """This year's cell prints the figure the sentence gives (rounding of both, a cut allowed)."""
    if ref.term.value is None:
        return not figure.value  # an empty cell is 0
    return abs(ref.term.yuan - figure.yuan) <= ref.term.radius + 2 * figure.radius_yuan


def _routes(c: Comparison) -> list:
    """How to find the compared cell in a disclosure, most specific first."""
    routes = []
    fm = V.FUNCTION_ITEM_RE.search(c.subject) if "（项）" in c.subject else None
    if fm is None and "（项）" in c.subject:  # a 项 named alone under its 款 (``1.行政运行（项）支出``)
        x_name = _bare(c.subject[:c.subject.index("（项）")].rsplit("（款）", 1)[-1])

        def lone_item(d: Disclosure, _x=x_name, key: str | None = None) -> cells.CellRef | None:
            code = _lone_item_code(d, _x)
            return cells.code_cell(d, code, (key,) if key else _CODED) if code else None
        return [lone_item]
    if fm is not None:
        def item(d: Disclosure, _fm=fm, key: str | None = None) -> cells.CellRef | None:
            code = item_code(d, _fm["c_name"], _fm["k_name"], _fm["x_name"])
            return cells.code_cell(d, code, (key,) if key else _CODED) if code else None
        routes.append(item)
        return routes
    cm = V.CLASS_RE.search(c.subject)
    if cm is not None:
        name = _bare(cm["c_name"])

        def summary_item(d: Disclosure, _n=name, key: str | None = None) -> cells.CellRef | None:
            if key not in (None, "summary"):
                return None
            return cells.side_item(d, "summary", "expenditure", re.escape(_n))

        def class_row(d: Disclosure, _n=name, key: str | None = None) -> cells.CellRef | None:
            code = cells.resolve_class(d, _n) or cells.resolve_class(d, _n + "支出")
            return cells.code_cell(d, code, (key,) if key else _CODED) if code else None
        routes += [summary_item, class_row]
        return routes
    if c.concept is not None:
        routes.append(lambda d, key=None: cells.locate(d, c.concept, c.scope, c.column_hint))
    elif c.subject.endswith("支出"):  # a 类 named without （类）: the 收支总表 item of that name
        name = re.sub(r"(?:预算)?(?:数)?$", "", _bare(c.subject))

        def named_item(d: Disclosure, _n=name, key: str | None = None) -> cells.CellRef | None:
            if key not in (None, "summary"):
                return None
            return cells.side_item(d, "summary", "expenditure", rf"^(?:[一二三四五六七八九十]+、)?{re.escape(_n)}$")
        routes.append(named_item)
    return routes


def _pair(doc: Disclosure, last: Disclosure, c: Comparison) -> tuple[cells.CellRef, cells.CellRef] | None:
    """The compared cell in this year's and last year's disclosure, found the same way."""
    for route in _routes(c):
        now = route(doc)
        if now is None or (c.current is not None and not _agrees(now, c.current)):
            continue
        then = route(last, key=now.table.key)
        if then is None or then.table.key != now.table.key or then.column != now.column:
            return None  # printed elsewhere last year (or recoded): nothing sure to compare
        if not now.table.confident or not then.table.confident:
            return None
        return now, then
    return None


def _yuan(v: Decimal, unit: str) -> Decimal:
    return v * UNIT_TO_YUAN[unit]


def last_year_changes(doc: Disclosure, rule: Any, hood: Any) -> list[Check]:
    """Every comparison with last year the 说明 prints, against last year's disclosure."""
    last = hood.one(Relation.LAST_YEAR) if hood is not None else None
    if last is None:
        return []
    out: list[Check] = []
    for c in comparisons(doc):
        pair = _pair(doc, last, c)
        if pair is not None:
            now, then = pair
            out += _comparison_checks(rule.id, c, now, then, f"{last.department.year}年公开{then.describe()}")
    return out


def own_last_year_column(doc: Disclosure, rule: Any) -> list[Check]:
    """Every comparison with last year the 说明 prints, against the 上年 column of the table row that
    prints this year's figure (上年预算数 beside 本年预算数: the table states last year's figure itself)."""
    column = next(iter(LAST_YEAR_COLUMNS.get(doc.department.kind, {})), None)
    if column is None or not any(printed(t, column) for t in doc.all_tables()):
        return []  # no table prints last year's figures: nothing to read the sentences for
    out: list[Check] = []
    for c in comparisons(doc):
        now = _located(doc, c)
        if now is None or now.index is None or not now.table.confident or not printed(now.table, column):
            continue
        row = now.table.rows[now.index]
        then = cells.CellRef(now.table, now.index, column, cell(now.table, row, column), now.item)
        out += _comparison_checks(rule.id, c, now, then, then.describe())
    return out


def _located(doc: Disclosure, c: Comparison) -> cells.CellRef | None:
    """This year's cell of a comparison, by the first route whose cell prints the sentence's figure."""
    for route in _routes(c):
        now = route(doc)
        if now is not None and (c.current is None or _agrees(now, c.current)):
            return now
    return None


def _comparison_checks(rule_id: str, c: Comparison, now: cells.CellRef, then: cells.CellRef,
                       basis: str) -> list[Check]:
    """持平, the change D and the rate Y of one comparison, against this year's cell and last year's."""
    out: list[Check] = []
    s = c.sentence
    cur = c.current.yuan if c.current is not None else now.term.yuan
    base = then.term.yuan
    # the sentence's own precision: its figures were rounded to it before being subtracted
    text_half = max((f.radius_yuan for f in (c.current, c.delta) if f is not None), default=ZERO)
    h_cur = max(now.term.radius, text_half)
    h_base = max(then.term.radius, text_half)
    basis = f"{basis} {then.printed()}"
    what = c.subject or "本年数"
    if c.flat:
        return [_amount_check(rule_id, c, actual=cur, expected=base, tol=h_cur + h_base, then=then,
                              what=what, basis=basis, unit="万元", change=cur - base)]
    if c.delta is not None:
        unit = c.delta.unit
        out.append(_amount_check(rule_id, c, actual=_yuan(c.signed_delta, unit), expected=cur - base,
                                 tol=c.delta.radius_yuan + h_cur + h_base, then=then,
                                 what=f"{what}比上年{'增加' if c.delta_up else '减少'}", basis=basis,
                                 unit=unit, change=cur - base, printed=c.delta.printed))
    if c.rate is not None and base - h_base > 0:
        interval = _growth(cur, h_cur, base, h_base)
        signed_rate = c.rate.value if c.rate_up else -c.rate.value
        check = percent_check(rule_id, s, c.rate, interval, "last_year", f"{what}比上年变动率",
                              f"本年{plain(cur / UNIT_TO_YUAN['万元'])}万元、{basis}", signed=signed_rate)
        check.printed = then.printed()
        out.append(check)
    return out


def _growth(cur: Decimal, h_cur: Decimal, base: Decimal, h_base: Decimal) -> Interval:
    """(cur − base) / base in per cent, over the rounding box of both figures."""
    def f(c: Decimal, b: Decimal) -> Decimal:
        return (c - b) / b * HUNDRED
    values = [f(c, b) for c in (cur - h_cur, cur + h_cur) for b in (base - h_base, base + h_base)]
    return Interval(f(cur, base).quantize(QUANTUM), min(values), max(values))


def _half_of(printed: str) -> Decimal:
    """Half a unit of the last digit of a figure as printed (``392.92万元`` → 0.005)."""
    digits = re.search(r"[\d,]+(?:\.\d+)?", printed)
    return half_unit(Decimal(digits.group(0).replace(",", ""))) if digits else ZERO


def _amount_check(rule: str, c: Comparison, *, actual: Decimal, expected: Decimal, tol: Decimal,
                  then: cells.CellRef, what: str, basis: str, unit: str, change: Decimal,
                  printed: str | None = None) -> Check:
    """A printed amount (the change, or this year's figure for 持平) against what last year's
    disclosure makes it, all in 元 inside the check and in ``unit`` in its words; ``change`` is the
    change the two years' figures give (元)."""
    to_unit = UNIT_TO_YUAN[unit]
    if printed is not None and abs(actual - expected) <= _half_of(printed) * to_unit:
        expected = actual  # the true difference rounds to the printed one: nothing to note
    check = Check(rule=rule, kind=KIND_TOLERANCE, table=NARRATIVE, row=None, code=then.code, column="last_year",
                  subject=what, expected_label=basis, actual=actual / to_unit, expected=expected / to_unit,
                  actual_yuan=actual, expected_yuan=expected, tolerance_yuan=tol, unit=unit)
    s = c.sentence

    def explain() -> str:
        said = f"{what}“{printed}”" if printed else f"{what}与上年持平"
        moved = change / to_unit
        word = "增加" if moved > 0 else "减少" if moved < 0 else "无变化"
        return (f"{where(s)}写{said}，与{basis}不符：按两年数字计算实际{word}"
                f"{plain(abs(moved).quantize(Decimal('0.01')))}{unit}（相差 "
                f"{plain(((actual - expected) / to_unit).quantize(Decimal('0.0001')))}{unit}，超出舍入容差 "
                f"±{plain((tol / to_unit).quantize(Decimal('0.0001')))}{unit}）")

    check.explain = explain
    check.page, check.quote, check.printed = s.page, s.quote, then.printed()
    return check
