"""A relation that fails on most of what it compares is a misreading, not a finding.

A real slip is one or two figures in tables that otherwise agree: a 合计 mistyped, a class left
out of the 收支总表.  When a table relation fails on most of the rows, columns or classes it
compares, the reading behind it is what is wrong (a column taken for another, codes that are unit
numbers, the items of a 收支总表 nested one level deeper than read), and reporting every row as
an error would be a page of false findings.  So after the suites have run, each relation is
looked at as a whole:

* ``sum`` / ``row`` / ``rollup`` rules, per table: more than half of the table's checks fail (and
  at least :attr:`PlausibilitySettings.min_failures`), by different amounts (one misplaced figure
  fails every comparison it touches by the same amount: that is one real slip, and it stays one);
* ``cross`` rules between tables (not the 说明's, which compare one sentence with one cell each):
  more than half of the rule's checks fail.

The tables concerned get a problem naming the rule and the count, so the failures are reported as
``unconfirmed`` (with the reason in ``unread``), never as errors.  Only failures of comparisons,
never of flags (a code's format, a table missing), are judged so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from disclosure.amounts import UNIT_TO_YUAN
from disclosure.model import Disclosure
from expectations.frames import AMOUNT_KINDS, Check, norm_code

#: Families whose rules compare figures the reader placed: a majority failing is a misreading.
JUDGED_FAMILIES = ("sum", "row", "rollup", "cross")
#: Rules of those families that compare the 说明 with the tables, one sentence at a time.
NARRATIVE_PREFIX = "cross.narrative."


@dataclass(frozen=True)
class PlausibilitySettings:
    #: Fewer failures than this are possible real slips, whatever the share.
    min_failures: int = 2
    #: A relation failing on more than this share of its comparisons is a misreading …
    failing_share: float = 0.5
    #: … when its failures differ by at least this many different amounts.  A single figure booked
    #: to the wrong class (300,000 to 212 instead of 221) or a misprinted code fails every
    #: comparison it touches by the same amount: that is one slip, reported as such.
    min_distinct: int = 2


SETTINGS = PlausibilitySettings()


def _judged(rule_id: str) -> bool:
    return rule_id.split(".", 1)[0] in JUDGED_FAMILIES and not rule_id.startswith(NARRATIVE_PREFIX)


def implausible(checks: Sequence[Check], outcomes: Mapping[str, Mapping[str, Any]], errors: Mapping[str, str],
                s: PlausibilitySettings = SETTINGS) -> dict[str, list[str]]:
    """Table key → problems, for every error relation (``errors``: rule id → title) that fails on
    most of what it compares.  Warnings are left as they are: they are hints, a rule such as 经济分类
    against 功能分类 differs legitimately in a department of several units."""
    groups: dict[tuple[str, str], list[int]] = {}
    for i, c in enumerate(checks):
        if c.kind not in AMOUNT_KINDS or not _judged(c.rule) or c.rule not in errors:
            continue
        scope = "*" if c.rule.startswith("cross.") else (c.table or "")
        groups.setdefault((c.rule, scope), []).append(i)
    out: dict[str, list[str]] = {}
    for (rule, _scope), ids in groups.items():
        failed = set(outcomes.get(rule, {}).get("failed", [])) & set(ids)
        if len(failed) < s.min_failures or len(failed) <= s.failing_share * len(ids):
            continue
        if len({abs(checks[i].actual_yuan - checks[i].expected_yuan) for i in failed}) < s.min_distinct:
            continue  # one amount in the wrong place shows in every comparison it touches: a slip, not a misreading
        tables = sorted({checks[i].table for i in ids if checks[i].table})
        title = errors.get(rule, rule)
        for key in tables:
            out.setdefault(key, []).append(
                f"“{title}”在{len(ids)}处比较中有{len(failed)}处不符：多数不符说明是表格读错了（栏目、科目或行次"
                "的对应有误），不是填报差错，相关结果未作判断，请人工核对")
    return out


def mark(doc: Disclosure, problems: Mapping[str, list[str]]) -> None:
    """Give each table named its problems (a key names a contract table or a kind of other table)."""
    for key, found in problems.items():
        for table in doc.all_tables():
            if table.key == key or (key == "other_tables" and table in doc.other_tables.values()):
                for p in found:
                    if p not in table.problems:
                        table.problems.append(p)


#: Rules whose failure says a code is misprinted (``301 2`` read as 3012, ``7 11 02`` as 71102).
MISPRINTED_CODE_RULES = ("code.format", "code.parent")


def consequences(doc: Disclosure, checks: Sequence[Check], outcomes: Mapping[str, Mapping[str, Any]]) -> set[int]:
    """Failed comparisons that are the same slip as a misprinted code, not findings of their own.

    A row whose code is misprinted (a finding of ``code.format`` / ``code.parent``) is missing from
    its parent's sum and counted as a class of its own, and matches no row of another table: every
    sum and comparison it touches then fails by exactly its figure (or the figures of the misprinted
    rows together).  Those failures are listed as unconfirmed consequences; the code's finding is
    the one a submitter acts on."""
    misprinted = {(checks[i].table, checks[i].code) for rule in MISPRINTED_CODE_RULES
                  for i in outcomes.get(rule, {}).get("failed", []) if checks[i].code}
    if not misprinted:
        return set()
    figures: dict[str, set[Decimal]] = {}  # column → the misprinted rows' figures in 元, alone and together
    for table in doc.all_tables():
        rows = [r for r in table.rows if (table.key, norm_code(r.get("code"))) in misprinted]
        for col in table.amount_columns:
            values = [r.get(col) * UNIT_TO_YUAN[table.unit] for r in rows if isinstance(r.get(col), Decimal)]
            if values:
                figures.setdefault(col, set()).update([abs(v) for v in values] + [abs(sum(values))])
    out = set()
    for rule, o in outcomes.items():
        if not _judged(rule):
            continue
        for i in o.get("failed", []):
            c = checks[i]
            if c.kind in AMOUNT_KINDS and abs(c.actual_yuan - c.expected_yuan) in figures.get(c.column or "", ()):
                out.add(i)
    return out
