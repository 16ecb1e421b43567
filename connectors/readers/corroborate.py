"""A table's reading corroborated by its own arithmetic.

Which column is the total and which are its parts, which row rolls up into which: these are
readings of the printed header and codes, not facts.  A real slip is one or two cells in a table
that otherwise adds up; a relation that fails on most rows is a misreading.  So, after a table is
built, every sum relation it is to be checked by (the ones its header states, else the standard
ones of :mod:`disclosure.relations`) is tried on its rows:

* it holds on most rows: the reading stands;
* it does not, but another reading the header allows does (the columns headed 其中… counted as
  parts, a 小计 that was summed with its own parts left out, the standard relation): that reading
  replaces it;
* none holds: the table is not confirmed.  Its ``problems`` say which relation failed on how many
  rows, so every finding on it is ``unconfirmed`` and the reviewer is told why.

The same for the roll-up of codes (类 = Σ 款 = Σ 项): when most parents do not equal the sum of
their children, the codes were not read as printed.

Every threshold is named in :class:`CorroborationSettings`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from disclosure.amounts import half_unit
from disclosure.model import ColumnSum, Table
from disclosure.relations import printed_parts, row_sums
from disclosure.tables import CODED_KINDS, is_text_column
from disclosure.vocabulary import CODE_STEP, OF_WHICH_RE


@dataclass(frozen=True)
class CorroborationSettings:
    """When a relation counts as holding on a table."""

    #: A relation is corroborated when it holds on more than this share of the rows it checks.
    holds_share: float = 0.5
    #: Fewer failures than this never make a misreading (one odd row is a possible real slip) …
    min_failures: int = 2
    #: … unless every row checked fails and there are at least this many of them.
    all_fail_rows: int = 1


SETTINGS = CorroborationSettings()


@dataclass(frozen=True)
class Score:
    """How a relation fares on a table's rows."""

    checked: int
    holds: int

    @property
    def failures(self) -> int:
        return self.checked - self.holds

    def corroborated(self, s: CorroborationSettings = SETTINGS) -> bool:
        if self.checked == 0:
            return True
        if self.holds == 0 and self.checked >= s.all_fail_rows:
            return False
        return self.failures < s.min_failures or self.holds > s.holds_share * self.checked


def _value(row: dict, col: str) -> Decimal | None:
    v = row.get(col)
    return v if isinstance(v, Decimal) else None


def score(table: Table, total: str, parts: Sequence[str]) -> Score:
    """``total`` = Σ ``parts`` on each row that prints a figure other than zero in them (a blank
    cell counts as zero), within the rounding of the printed figures."""
    checked = holds = 0
    for row in table.rows:
        t = _value(row, total)
        ps = [_value(row, p) for p in parts]
        printed = [v for v in (t, *ps) if v is not None]
        if not any(v != 0 for v in printed):
            continue
        checked += 1
        radius = sum((half_unit(v) for v in printed), Decimal(0))
        if abs((t or Decimal(0)) - sum((p or Decimal(0) for p in ps), Decimal(0))) <= radius:
            holds += 1
    return Score(checked, holds)


def _money(table: Table) -> list[str]:
    return [c for c in table.amount_columns if any(_value(r, c) is not None for r in table.rows)]


def _of_which(table: Table, col: str) -> bool:
    return bool(OF_WHICH_RE.match((table.column_titles.get(col) or "").replace(" ", "")))


def alternatives(table: Table, total: str, parts: Sequence[str]) -> Iterable[tuple[str, ...]]:
    """Other readings of ``total``'s parts the header allows, most likely first."""
    money = [c for c in _money(table) if c != total]
    printed = [p for p in parts if p in money]
    of_which = [c for c in money if _of_which(table, c) and c not in printed]
    if of_which:  # 小计 | 其中：基本支出 | 项目支出: the 其中 opens the list of parts
        yield tuple(c for c in money if c in printed or c in of_which)
    for p in printed:  # a 小计 summed with its own parts (本年收入 over 小计 and the sources)
        rest = tuple(q for q in printed if q != p)
        if len(rest) >= 2:
            yield rest
            yield (p, *[q for q in printed if q not in rest])
    for rel in row_sums(table.key):
        if rel.total == total:
            std = tuple(p for p in printed_parts(rel.parts, money.__contains__) if p in money)
            if std and set(std) != set(printed):
                yield std


def corroborate(table: Table, s: CorroborationSettings = SETTINGS) -> None:
    """Try the table's sum relations on its rows; keep the readings that hold, name the ones that
    do not hold in any reading the header allows (in ``table.problems``)."""
    if table.problems or not table.rows:
        return
    stated = list(table.column_sums)
    money = set(_money(table))
    covered = {rel.total for rel in stated}
    # a total column read with a header but holding no figure while its parts do is checked too:
    # it fails on every row, which is what it is (the side's figures went to the wrong column)
    relations = stated + [ColumnSum(r.total, tuple(p for p in printed_parts(r.parts, money.__contains__) if p in money))
                          for r in row_sums(table.key) if r.total in table.column_titles and r.total not in covered]
    kept: list[ColumnSum] = []
    for rel in relations:
        parts = [p for p in rel.parts if p in money]
        if not parts or rel.total not in table.column_titles:
            kept.append(rel)
            continue
        first = score(table, rel.total, parts)
        if first.corroborated(s):
            kept.append(rel)
            continue
        better = None
        for alt in alternatives(table, rel.total, parts):
            alt_score = score(table, rel.total, alt)
            if alt_score.checked and alt_score.corroborated(s) and alt_score.failures < first.failures:
                better = ColumnSum(rel.total, alt)
                break
        if better is not None:
            kept.append(better)
            continue
        kept.append(rel)
        table.problems.append(
            f"“{_label(table, rel.total)}＝{'＋'.join(_label(table, p) for p in parts)}”在{first.checked}行中"
            f"有{first.failures}行不成立，表头各栏的含义可能未读对，表中数字未作判断")
    if stated or any(rel not in relations for rel in kept):
        table.column_sums = [k for k in kept if k.parts and (k in stated or k not in relations)]
    if table.key in CODED_KINDS:
        _corroborate_codes(table, s)


def _label(table: Table, col: str) -> str:
    return table.column_titles.get(col) or col


def _corroborate_codes(table: Table, s: CorroborationSettings) -> None:
    """类 = Σ 款 = Σ 项 (by code prefix) on most parents, else the codes were misread."""
    by_code: dict[str, dict] = {}
    lines: list[dict] = []  # each printed line once (a line printed twice alike counts once)
    seen: set[tuple] = set()
    for r in table.rows:
        if not r.get("code"):
            continue
        by_code.setdefault(r["code"], r)
        same = tuple(sorted((k, str(v)) for k, v in r.items() if k != "row"))
        if same not in seen:
            seen.add(same)
            lines.append(r)
    if len(by_code) < 3:
        return
    money = [c for c in _money(table) if not is_text_column(c)]
    checked = holds = 0
    for code, row in by_code.items():
        # every line of a child code counts (Xi'an prints a 款 once per 政府经济科目 beside it)
        kids = [r for r in lines if len(r["code"]) == len(code) + CODE_STEP and r["code"].startswith(code)]
        if not kids:
            continue
        for col in money:
            parent = _value(row, col)
            values = [_value(k, col) for k in kids]
            printed = [v for v in (parent, *values) if v is not None]
            if not any(v != 0 for v in printed):
                continue
            checked += 1
            radius = sum((half_unit(v) for v in printed), Decimal(0))
            if abs((parent or Decimal(0)) - sum((v or Decimal(0) for v in values), Decimal(0))) <= radius:
                holds += 1
    result = Score(checked, holds)
    if not result.corroborated(s) and result.failures >= s.min_failures:
        table.problems.append(f"各级科目金额与其下级科目之和在{checked}处中有{result.failures}处不符，"
                              "科目编码或行次可能未读对，表中数字未作判断")
