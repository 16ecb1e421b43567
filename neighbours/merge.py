"""Two files of one disclosure checked as one: a 说明-only file and a tables-only file.

Some provinces publish a disclosure's 说明 and its tables apart (Jiangsu 2019).  Each file alone
lacks what the other holds, so a rule that compares the 说明 with the tables can only run when both
are there; then they are one disclosure, whichever arrived first.
"""

from __future__ import annotations

from dataclasses import replace

from disclosure.model import Department, Disclosure
from disclosure.vocabulary import PART_NARRATIVE, PART_TABLES


def _department(a: Department, b: Department) -> Department:
    """Each field from whichever part printed it (the tables give the unit, the 说明 may give the code)."""
    fields = {k: getattr(a, k) if getattr(a, k) is not None else getattr(b, k) for k in Department.__dataclass_fields__}
    return Department(**fields)


def combine(narrative: Disclosure, tables: Disclosure) -> Disclosure:
    """The disclosure the two parts make together: the tables of one, the 说明 of the other."""
    if narrative.part != PART_NARRATIVE or tables.part != PART_TABLES:
        raise ValueError("combine takes the 说明 part and the 表格 part of one disclosure")
    warnings = [*tables.warnings, *(w for w in narrative.warnings if w not in tables.warnings)]
    return replace(
        tables,
        source=tables.source,
        department=_department(tables.department, narrative.department),
        narrative=narrative.narrative,
        narrative_pages=list(narrative.narrative_pages),
        warnings=warnings,
        part=None,
    )
