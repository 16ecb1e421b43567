"""A 决算 against the same year's 预算 of the same body.

The 决算's "三公" table prints a 预算数 beside each 决算数; the 预算 disclosure of that year printed
the 三公 budget.  They agree unless the budget was adjusted during the year (the 决算's 预算数 is
the full-year budget in the national template), so a difference is a warning for the reviewer to
look at, not an error.
"""

from __future__ import annotations

from typing import Any

from disclosure.model import Disclosure
from expectations.derive.sums import three_public_lines
from expectations.frames import Check, cell, norm_text, printed, row_no, tolerance_check
from neighbours.neighbourhood import Relation

#: The 决算 三公 table's column of budgets (预算数).
BUDGET_COLUMN = "budget"


def three_public_budget(doc: Disclosure, rule: Any, hood: Any) -> list[Check]:
    """Each 三公 item's 预算数 in the 决算 against that item's total in the same year's 预算."""
    if hood is None or doc.department.kind != "决算":
        return []
    budget_doc = hood.one(Relation.BUDGET)
    mine = doc.tables.get("three_public")
    theirs = budget_doc.tables.get("three_public") if budget_doc is not None else None
    if mine is None or theirs is None or not mine.confident or not theirs.confident:
        return []
    if not printed(mine, BUDGET_COLUMN) or not printed(theirs, "total"):
        return []
    their_lines = three_public_lines(theirs)
    checks = []
    for role, (i, row) in three_public_lines(mine).items():
        if role not in their_lines:
            continue
        actual = cell(mine, row, BUDGET_COLUMN)
        expected = cell(theirs, their_lines[role][1], "total")
        if actual.value is None and expected.value is None:
            continue
        checks.append(tolerance_check(
            rule.id, table=mine, row=row_no(mine, i), code=None, column=BUDGET_COLUMN,
            subject=f"决算“三公”经费表 {norm_text(row.get('item'))} 预算数", actual=actual, addends=[expected],
            expected_label=f"{budget_doc.department.year}年预算公开的“三公”经费表"))
    return checks
