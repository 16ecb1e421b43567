"""A 决算 against the same year's 预算 of the same body.

The 说明 of a 决算 states each 年初预算 (``一般公共预算财政拨款支出年初预算为 X 万元``, item by item):
the budget as the 预算 disclosure published it at the start of the year, so X must be that
disclosure's figure (an error when not).

The 决算's "三公" table prints a 预算数 beside each 决算数; the 预算 disclosure of that year printed
the 三公 budget.  They agree unless the budget was adjusted during the year (the 决算's 预算数 is
the full-year budget in the national template), so a difference is a warning for the reviewer to
look at, not an error.
"""

from __future__ import annotations

from typing import Any

from disclosure.model import Disclosure
from expectations.derive.narrative import cells
from expectations.derive.narrative.findings import amount_vs_cell, where
from expectations.derive.narrative.statements import read
from expectations.derive.neighbours.last_year import item_code
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


def execution_budgets(doc: Disclosure, rule: Any, hood: Any) -> list[Check]:
    """A 决算 说明's ``年初预算为 X 万元`` against the same year's 预算 disclosure: X is the figure that
    disclosure printed for the same thing (年初预算 is the budget as published, before adjustments)."""
    if hood is None or doc.department.kind != "决算":
        return []
    budget_doc = hood.one(Relation.BUDGET)
    if budget_doc is None:
        return []
    checks = []
    for e in read(doc).executions:
        if e.budget is None:
            continue
        ref = None
        if e.concept is not None:
            ref = cells.locate(budget_doc, e.concept, None, None)
        elif e.names is not None:
            code = item_code(doc, *e.names)
            ref = cells.code_cell(budget_doc, code, ("general_expenditure",)) if code else None
        if ref is None or not ref.table.confident:
            continue
        label = f"{budget_doc.department.year}年预算公开{ref.describe()}"
        check = amount_vs_cell(rule.id, e.sentence, e.budget, ref, f"{e.subject or '年初预算'}年初预算")
        check.expected_label = label
        s, figure = e.sentence, e.budget

        def explain(_s=s, _f=figure, _ref=ref, _label=label, _what=e.subject) -> str:
            return (f"{where(_s)}写{_what or ''}年初预算“{_f.printed}”，与{_label} {_ref.printed()} 不一致"
                    f"（年初预算即年初公开的预算数）")

        check.explain = explain
        checks.append(check)
    return checks
