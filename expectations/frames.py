"""From printed tables to the one long *checks* frame the GX suites validate.

Each rule's derive function (``expectations/derive/*``) yields :class:`Check` records: one per
comparison (a printed figure against the sum of other printed figures, or the same figure
printed elsewhere) or per yes/no fact (a code is well-formed, a table is present).

Tolerance, as XBRL Calculations 1.1 does it: every printed figure stands for the interval
± half a unit of its last printed digit (:func:`disclosure.amounts.interval_yuan`).  A sum
passes when the printed total's interval meets the interval of the sum of the addends, i.e.
``|total − Σ addends| ≤ half(total) + Σ half(addend)``.  Figures in 元 and 万元 are compared in
元 after exact conversion, so the coarser precision sets the tolerance.  An empty cell
(``None``) that a sum needs counts as exactly 0 with no rounding radius: nothing was printed.

The frame handed to GX holds exact integers: all amounts in 元 scaled by ``10**scale`` where
``scale`` is the smallest power making every figure and every half unit of the document an
integer.  No binary floats anywhere in a check.

The GX metric computes in int64.  A check whose scaled figures do not fit (an 18-digit amount,
or a 万元 table beside one printed to many decimals) is decided here with Python's unbounded
integers, exactly, and enters the frame as the smallest integers with the same outcome (see
:func:`frame_values`); the report's figures come from the checks themselves, never the frame.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd

from disclosure.amounts import UNIT_TO_YUAN, decimals, half_unit
from disclosure.model import Table
from disclosure.vocabulary import GRAND_TOTAL_RE
from expectations.custom import AMOUNT_KINDS, KIND_AT_MOST, KIND_FLAG, KIND_TOLERANCE, register_frame

#: Scaled figures up to this size enter the frame as they are.  The metric subtracts two of them
#: and takes the absolute value in int64 (limit 2**63), so every operand and the difference stay
#: below 2**62; anything larger is decided in Python integers (:func:`frame_values`).
INT64_SAFE = 2**62

ZERO = Decimal(0)

#: Chinese labels of contract columns, for messages.
COLUMN_LABELS: dict[str, str] = {
    "total": "合计", "subtotal": "本年收入小计", "fiscal_grant": "财政拨款收入",
    "special_account": "财政专户管理资金收入", "business": "事业收入", "operating": "经营收支",
    "superior_grant": "上级补助收入", "affiliated": "附属单位上缴收入", "other": "其他收入",
    "carryover": "上年结转", "business_fund": "用事业基金弥补收支差额", "basic": "基本支出",
    "project": "项目支出", "remit_superior": "上解上级支出", "subsidy_affiliated": "对附属单位补助支出",
    "personnel": "人员经费", "public": "公用经费", "general": "一般公共预算财政拨款",
    "fund": "政府性基金预算财政拨款", "capital": "国有资本经营预算财政拨款",
    "income_amount": "收入金额", "expenditure_amount": "支出金额", "expenditure_total": "支出合计",
    "expenditure_general": "一般公共预算", "expenditure_fund": "政府性基金预算",
    "expenditure_capital": "国有资本经营预算", "value": "价值",
}


def column_label(table: Table | None, column: str | None) -> str:
    if not column:
        return ""
    if table is not None and column in table.column_titles:
        return table.column_titles[column]
    return COLUMN_LABELS.get(column, column)


def norm_text(text: Any) -> str:
    """Names compared across tables: NFKC (full-width brackets and digits), no whitespace."""
    if text is None:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


def norm_code(code: Any) -> str | None:
    """Codes printed as 类/款/项 columns (``204 06 01``) are the same code (``2040601``)."""
    if code is None:
        return None
    c = re.sub(r"\s+", "", str(code))
    return c or None


def fmt(value: Decimal | None) -> str:
    """A figure as printed (digits kept, thousands separators for readability)."""
    if value is None:
        return "空"
    return f"{value:,f}"


@dataclass(frozen=True)
class Term:
    """One printed figure in a comparison: its value as printed, its table's unit, where it is."""

    value: Decimal | None
    unit: str

    @property
    def yuan(self) -> Decimal:
        return ZERO if self.value is None else self.value * UNIT_TO_YUAN[self.unit]

    @property
    def radius(self) -> Decimal:
        """Half a unit of the last printed digit, in 元; 0 for an empty cell."""
        return ZERO if self.value is None else half_unit(self.value) * UNIT_TO_YUAN[self.unit]


def cell(table: Table, row: dict[str, Any], column: str) -> Term:
    v = row.get(column)
    return Term(v if isinstance(v, Decimal) else (Decimal(str(v)) if v is not None else None), table.unit)


@dataclass
class Check:
    """One comparison or fact.  ``actual``/``expected`` are in the unit of ``table`` (as printed)."""

    rule: str
    kind: str
    table: str | None
    row: int | None
    code: str | None
    column: str | None
    subject: str  # what is checked, e.g. "20801 人力资源和社会保障管理事务 项目支出"
    expected_label: str = ""  # e.g. "下级合计", "支出总表"
    actual: Decimal | None = None
    expected: Decimal | None = None
    actual_yuan: Decimal = ZERO
    expected_yuan: Decimal = ZERO
    tolerance_yuan: Decimal = ZERO
    ok: bool = True
    message: str | None = None  # for flag checks: the failure sentence
    unit: str = "元"
    #: Narrative checks: the page of the sentence, the sentence as printed, and the table cell it was
    #: compared with as printed (``2,961.68万元``); None for checks of the tables.
    page: int | None = None
    quote: str | None = None
    printed: str | None = None
    #: Narrative checks: how the finding is worded, called only if the check fails (most pass, and
    #: wording every one of them would cost more than comparing it).
    explain: Callable[[], str] | None = None
    #: False when the comparison rests on an inference the reading could not confirm (the items of
    #: a 收支总表 side printed without numbering: is an indented line an item or a part of the one
    #: above?): its failure is listed as unconfirmed for a reviewer, never as a finding.
    certain: bool = True

    def finding(self) -> str | None:
        """The check's own sentence for a failure: ``message``, or the one ``explain`` words."""
        if self.message:
            return self.message
        return self.explain() if self.explain is not None else None

    @property
    def difference(self) -> Decimal | None:
        if self.kind not in AMOUNT_KINDS:
            return None
        return (self.actual_yuan - self.expected_yuan) / UNIT_TO_YUAN[self.unit]

    @property
    def tolerance(self) -> Decimal:
        return self.tolerance_yuan / UNIT_TO_YUAN[self.unit]


def tolerance_check(rule: str, *, table: Table, row: int | None, code: str | None, column: str | None,
                    subject: str, actual: Term, addends: Sequence[Term], expected_label: str,
                    actual_table_key: str | None = None, at_most: bool = False) -> Check:
    """``actual`` printed figure against the sum of ``addends`` (possibly from other tables).

    ``at_most``: ``actual`` is a part of that sum, not all of it (it may be smaller, never larger)."""
    exp_yuan = sum((t.yuan for t in addends), ZERO)
    tol = actual.radius + sum((t.radius for t in addends), ZERO)
    unit = actual.unit
    expected = _in_unit(exp_yuan, unit)
    kind = KIND_AT_MOST if at_most else KIND_TOLERANCE
    return Check(rule=rule, kind=kind, table=actual_table_key or table.key, row=row, code=code,
                 column=column, subject=subject, expected_label=expected_label, actual=actual.value,
                 expected=expected, actual_yuan=actual.yuan, expected_yuan=exp_yuan, tolerance_yuan=tol,
                 unit=unit)


def flag_check(rule: str, *, ok: bool, table: str | None, row: int | None = None, code: str | None = None,
               column: str | None = None, subject: str = "", message: str = "") -> Check:
    return Check(rule=rule, kind=KIND_FLAG, table=table, row=row, code=code, column=column, subject=subject,
                 ok=ok, message=message)


def _in_unit(yuan: Decimal, unit: str) -> Decimal:
    """元 back to the table's unit, exactly (万元 = 元 / 10000 has a finite decimal expansion)."""
    return yuan / UNIT_TO_YUAN[unit]


def has_any(terms: Iterable[Term]) -> bool:
    return any(t.value is not None for t in terms)


# --------------------------------------------------------------------------- table helpers



def row_no(table: Table, index: int) -> int:
    r = table.rows[index].get("row")
    return int(r) if r is not None else index + 1


def total_row(table: Table) -> tuple[int, dict[str, Any]] | None:
    """The table's 合计 row (printed at the top or the bottom): no code, name 合计."""
    for i, r in enumerate(table.rows):
        if norm_code(r.get("code")):
            continue
        name = norm_text(r.get("name") or r.get("item"))
        if GRAND_TOTAL_RE.match(name):
            return i, r
    return None


def code_rows(table: Table) -> list[tuple[int, str, dict[str, Any]]]:
    """(index, normalised code, row) for every row that carries a code, in printed order."""
    out = []
    for i, r in enumerate(table.rows):
        c = norm_code(r.get("code"))
        if c:
            out.append((i, c, r))
    return out


def printed(table: Table, column: str) -> bool:
    """Whether the table prints this column: readers keep every contract column, so a column
    counts as printed when the reader found its header (``column_titles``) or any value in it."""
    if column not in table.columns:
        return False
    if column in table.column_titles:
        return True
    return any(r.get(column) is not None for r in table.rows)


def subject_of(code: str | None, name: Any, table: Table, column: str | None) -> str:
    parts = [p for p in (code, norm_text(name) if name else None, column_label(table, column)) if p]
    return " ".join(parts)


# --------------------------------------------------------------------------- the frame

FRAME_COLUMNS = ("check", "rule", "kind", "actual", "expected", "tolerance", "ok")


def where_of(c: Check) -> str:
    """Where a check points, for Data Docs' unexpected list: 表 / 行 / 科目 / 列."""
    parts = [c.table or "", f"第{c.row}行" if c.row is not None else "", c.code or "", c.column or ""]
    return " ".join(p for p in parts if p)


def common_scale(checks: Sequence[Check]) -> int:
    """Smallest power of ten turning every 元 figure and radius of these checks into an integer."""
    scale = 0
    for c in checks:
        if c.kind not in AMOUNT_KINDS:
            continue
        for v in (c.actual_yuan, c.expected_yuan, c.tolerance_yuan):
            scale = max(scale, decimals(v.normalize()) if v else 0)
    return scale


def _scaled(v: Decimal, scale: int) -> int:
    if not v:
        return 0  # most checks are facts (flags) with no amounts: skip the Decimal work
    s = v.scaleb(scale)
    i = int(s)
    if s != i:  # pragma: no cover - common_scale guarantees exactness
        raise ArithmeticError(f"{v} is not exact at scale {scale}")
    return i


def _same_outcome(diff: int, tolerance: int, kind: str) -> tuple[int, int, int]:
    """(actual, expected, tolerance) in small integers whose outcome, as the metric computes it,
    is the outcome of ``diff`` (actual − expected) against ``tolerance``: failed, within the
    tolerance but not exact (a note), or exact."""
    sign = (diff > 0) - (diff < 0)
    if kind == KIND_AT_MOST:
        # failed when diff > tolerance; a note when 0 < diff <= tolerance; nothing when diff <= 0
        return (2 if diff > tolerance else sign), 0, 1
    # failed when |diff| > tolerance; a note when 0 < |diff| <= tolerance
    return (2 * sign if abs(diff) > tolerance else sign), 0, 1


def frame_values(check: Check, scale: int) -> tuple[int, int, int]:
    """The ``actual``, ``expected`` and ``tolerance`` of one check's frame row, exact.

    Figures that fit the int64 metric go in as scaled; larger ones are compared here, in Python
    integers, and go in as :func:`_same_outcome` (the decision is the same, bit for bit)."""
    if check.kind not in AMOUNT_KINDS:
        return 0, 0, 0
    actual = _scaled(check.actual_yuan, scale)
    expected = _scaled(check.expected_yuan, scale)
    tolerance = _scaled(check.tolerance_yuan, scale)
    if max(abs(actual), abs(expected), tolerance, abs(actual - expected)) < INT64_SAFE:
        return actual, expected, tolerance
    return _same_outcome(actual - expected, tolerance, check.kind)


def checks_frame(checks: Sequence[Check]) -> pd.DataFrame:
    """The long frame GX validates: one row per check, exact int64 amounts at a common scale.

    ``rule`` and ``kind`` are categorical and each check's place (``where``) is registered
    beside the frame: GX hashes the whole frame for every suite, and hashing fifty short
    categories is far cheaper than hashing hundreds of strings.
    """
    scale = common_scale(checks)
    values = [frame_values(c, scale) for c in checks]
    frame = pd.DataFrame(
        {
            "check": pd.array(range(len(checks)), dtype="int64"),
            "rule": pd.Categorical([c.rule for c in checks]),
            "kind": pd.Categorical([c.kind for c in checks], categories=[KIND_TOLERANCE, KIND_AT_MOST, KIND_FLAG]),
            "actual": pd.array([v[0] for v in values], dtype="int64"),
            "expected": pd.array([v[1] for v in values], dtype="int64"),
            "tolerance": pd.array([v[2] for v in values], dtype="int64"),
            "ok": pd.array([bool(c.ok) for c in checks], dtype="bool"),
        }
    )
    register_frame(frame, [where_of(c) for c in checks])
    return frame
