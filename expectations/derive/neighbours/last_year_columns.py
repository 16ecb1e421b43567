"""A table's 上年 column (上年预算数 / 上年决算数) against last year's disclosure.

Some layouts print last year's figure beside this year's, row by row.  Last year's disclosure of
the same body and kind printed that figure as its own total, in the same table, on the row of the
same code.  The comparison is made only where both years print the row under the same code and
the same name (a code whose name changed was reused for something else: not compared), and both
tables were read with confidence.

A difference is a warning, not an error: a 上年 column is often restated on this year's basis
(可比口径: a function moved to another department, codes reclassified), and the 说明 should say so;
the reviewer decides.  Tolerance: each figure ± half its last printed digit.
"""

from __future__ import annotations

from typing import Any

from disclosure.model import Disclosure, Table
from expectations.frames import (
    Check,
    cell,
    code_rows,
    column_label,
    norm_text,
    printed,
    row_no,
    subject_of,
    tolerance_check,
    total_row,
)
from neighbours.neighbourhood import Relation

#: Per kind of disclosure: this year's column of last year's figures → the column of last year's
#: same table that printed them.  (A 预算 printing 上年执行数 or 上年决算数 compares with another kind
#: of disclosure: not checked.)
LAST_YEAR_COLUMNS: dict[str, dict[str, str]] = {
    "预算": {"last_year_budget": "total"},
    "决算": {"last_year_actual": "total"},
}


def _tables(doc: Disclosure) -> dict[str, Table]:
    return {**doc.other_tables, **doc.tables}


def _pairs(mine: Table, theirs: Table) -> list[tuple[int, str | None, dict[str, Any], dict[str, Any]]]:
    """(index, code, this year's row, last year's row) for rows printed in both years alike."""
    their_codes = {code: row for _, code, row in code_rows(theirs)}
    out = []
    for i, code, row in code_rows(mine):
        other = their_codes.get(code)
        if other is not None and norm_text(other.get("name")) == norm_text(row.get("name")):
            out.append((i, code, row, other))
    mine_total, their_total = total_row(mine), total_row(theirs)
    if mine_total is not None and their_total is not None:
        out.append((mine_total[0], None, mine_total[1], their_total[1]))
    return out


def last_year_columns(doc: Disclosure, rule: Any, hood: Any) -> list[Check]:
    """Every 上年 cell of every table against last year's total of the same row."""
    last = hood.one(Relation.LAST_YEAR) if hood is not None else None
    wanted = LAST_YEAR_COLUMNS.get(doc.department.kind, {})
    if last is None or not wanted:
        return []
    theirs_by_key = _tables(last)
    checks = []
    for key, mine in _tables(doc).items():
        theirs = theirs_by_key.get(key)
        if theirs is None or not mine.confident or not theirs.confident:
            continue
        for column, their_column in wanted.items():
            if not printed(mine, column) or not printed(theirs, their_column):
                continue
            label = f"上年公开的《{theirs.title or key}》{column_label(theirs, their_column)}"
            for i, code, row, other in _pairs(mine, theirs):
                actual, expected = cell(mine, row, column), cell(theirs, other, their_column)
                if actual.value is None and expected.value is None:
                    continue
                checks.append(tolerance_check(
                    rule.id, table=mine, row=row_no(mine, i), code=code, column=column,
                    subject=subject_of(code, row.get("name") or row.get("item"), mine, column),
                    actual=actual, addends=[expected], expected_label=label))
    return checks
