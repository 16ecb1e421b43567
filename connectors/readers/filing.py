"""Where a table read from a document is kept: one rule for every reader.

* the first table of a contract kind is that kind's (``Disclosure.tables``);
* a later table of the same kind whose title is another (部门预算基本支出预算表 after the
  一般公共预算基本支出情况表) is the kind :data:`disclosure.tables.FALLBACK_KINDS` names, kept
  with the other tables;
* a later table of a kind the contract does not list is kept too, numbered (``project_expenditure_2``):
  a set may print several project tables;
* otherwise it is a second copy of a table already read: not kept, and the reader says so (its
  figures are then left over, which leaves the first copy unconfirmed, never silently replaced).
"""

from __future__ import annotations

from enum import Enum

from disclosure.model import Disclosure, Table
from disclosure.tables import FALLBACK_KINDS, is_contract
from disclosure.vocabulary import CONTINUED_RE


class Filed(Enum):
    KEPT = "kept"
    REPLACED = "replaced"  # took the place of a first copy that could not be read
    DUPLICATE = "duplicate"


def _same_title(a: str, b: str) -> bool:
    return CONTINUED_RE.sub("", a.replace(" ", "")) == CONTINUED_RE.sub("", b.replace(" ", ""))


def file_table(doc: Disclosure, table: Table) -> Filed:
    """Put ``table`` where it belongs in ``doc`` (see the module's docstring)."""
    shelf = doc.shelf(table.key)
    first = shelf.get(table.key)
    if first is None:
        shelf[table.key] = table
        return Filed.KEPT
    if first.problems and not first.rows and table.rows:
        shelf[table.key] = table  # the first copy could not be read; this one can
        return Filed.REPLACED
    if _same_title(first.title, table.title):
        return Filed.DUPLICATE
    fallback = FALLBACK_KINDS.get(table.key)
    if fallback and fallback not in doc.other_tables:
        table.key = fallback
        doc.other_tables[fallback] = table
        return Filed.KEPT
    if not is_contract(table.key):
        n = 2
        while f"{table.key}_{n}" in doc.other_tables:
            n += 1
        doc.other_tables[f"{table.key}_{n}"] = table
        return Filed.KEPT
    return Filed.DUPLICATE
