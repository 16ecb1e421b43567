"""Every printed figure accounted for: the figures of each table page, placed or left over.

A table read in part is the source of most false findings (a continuation page dropped, rows cut
short, a second copy of a title taken for a duplicate): the sums are then computed on what was
read, not on what was printed.  So after the pages are cut into tables, every figure printed on a
table page is looked for:

* **placed**: in a body line of a table that was kept (its cells are the table's rows);
* **furniture**: in a title, a header (column numbers, years), a note, a page number, or a
  sentence of the 说明 (sentence punctuation: the narrative checks read it);
* **left over**: in a line printed like a table row (two or more figures, no sentence
  punctuation) that no kept table holds — a row read as narrative, a continuation dropped, a
  table whose reading was given up.

A page with figures left over does not confirm its table: the table nearest before them gets a
problem naming the page and the figures, so its findings are ``unconfirmed`` and the document
``partial`` (never a finding computed on a table read in part).  The counts per page are kept on
the disclosure (``Disclosure.coverage``) for the corpus scan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from disclosure.amounts import is_amount
from disclosure.model import Table

from .geometry import Line

#: At most this many left-over figures are quoted in a problem (the count is always given).
QUOTED = 6


@dataclass
class PageCount:
    """Figures printed on one table page: how many, how many placed, which left over."""

    page: int
    printed: int = 0
    placed: int = 0
    left: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"page": self.page, "printed": self.printed, "placed": self.placed, "left": list(self.left)}


def figures(line: Line) -> list[str]:
    """The figures a line prints (amounts, codes, numbers), as printed."""
    return [w.text for w in line.words if is_amount(w.text)]


def account(kept: list[tuple[Table, list[Line]]], stray: list[Line]) -> list[PageCount]:
    """Count the figures of every table page and attach the left-over ones to their table.

    ``kept``: each table kept, with the body lines it was read from; ``stray``: the lines printed
    like rows that went to no kept table (read as narrative, or the body of a table not kept)."""
    pages: dict[int, PageCount] = {}

    def at(page: int) -> PageCount:
        return pages.setdefault(page, PageCount(page))

    for _table, lines in kept:
        for line in lines:
            n = len(figures(line))
            if n:
                c = at(line.page)
                c.printed += n
                c.placed += n
    left_by_page: dict[int, list[str]] = {}
    for line in stray:
        found = figures(line)
        if found:
            c = at(line.page)
            c.printed += len(found)
            c.left += found
            left_by_page.setdefault(line.page, []).extend(found)
    for page, left in sorted(left_by_page.items()):
        table = _owner(kept, page)
        if table is None:
            continue
        quoted = "、".join(left[:QUOTED]) + ("等" if len(left) > QUOTED else "")
        table.problems.append(f"第{page}页有{len(left)}个数字（{quoted}）未读入任何表格，本表可能未读全，"
                              "表中数字未作判断")
    return [pages[p] for p in sorted(pages)]


def _owner(kept: list[tuple[Table, list[Line]]], page: int) -> Table | None:
    """The table left-over figures of ``page`` most likely belong to: one read on that page, else
    the last one read before it (a continuation lost from it)."""
    on_page = [t for t, lines in kept if any(line.page == page for line in lines)]
    if on_page:
        return on_page[-1]
    before = [(max(line.page for line in lines), t) for t, lines in kept if lines
              and min(line.page for line in lines) <= page]
    return max(before, key=lambda x: x[0])[1] if before else None
