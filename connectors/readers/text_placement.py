"""Which column each printed figure belongs to, when extracted text has lost the empty cells.

A text line like ``2080102 一般行政管理事务 70.01 70.01`` keeps the figures in printed order but not
the blanks between them, so the second 70.01 could be 基本支出 or 项目支出.  The printed table still
says which, through its own arithmetic: every row obeys the table's identities (合计 = 基本 + 项目),
every parent row is the column-wise sum of its children (类 = Σ 款, 合计 = Σ 类).  This module finds
every placement of the figures that satisfies all of that at once, within rounding (each printed
figure stands for ± half a unit of its last digit, :func:`disclosure.amounts.half_unit`), and
reports per row the placements that survive.  A row is placed only when exactly one survives;
otherwise the caller says so and leaves the cells empty.

The roll-ups form a tree (a row is the child of at most one parent), so the search is exact and
cheap: a bottom-up pass keeps the placements each subtree can support, a top-down pass keeps those
that fit a whole-table solution (the classic two-pass consistency for tree-shaped constraints).
Children are combined with a small dynamic programme over column sums instead of a product.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations

from disclosure.amounts import half_unit

#: A placement: for each printed figure (in printed order) the index of its column.
Placement = tuple[int, ...]

#: Above this many partial sums a roll-up is not used for inference (it then constrains nothing).
MAX_STATES = 50_000


@dataclass(frozen=True)
class Identity:
    """A within-row identity: ``total`` = Σ ``parts`` (blank cells count as zero)."""

    total: str
    parts: tuple[str, ...]


@dataclass
class Problem:
    """Figures of one table's rows and the arithmetic that ties them together.

    ``figures[i]`` are row i's printed figures in order; ``parent[i]`` the row it rolls up into
    (``None`` for a root); ``sum_columns`` the columns that roll up (default: all);
    ``allowed[i]``, when given, restricts row i's placements (evidence from elsewhere).
    """

    columns: Sequence[str]
    figures: list[list[Decimal]]
    parent: list[int | None]
    identities: Sequence[Identity] = ()
    sum_columns: Sequence[str] | None = None
    empty_columns: frozenset[str] = frozenset()
    known: dict[int, dict[str, Decimal | None]] = field(default_factory=dict)


def _close(a: Decimal | None, b: Decimal | None, radius: Decimal) -> bool:
    return abs((a or Decimal(0)) - (b or Decimal(0))) <= radius


def _radius(*values: Decimal | None) -> Decimal:
    return sum((half_unit(v) for v in values if v is not None), Decimal(0))


def vector(figures: Sequence[Decimal], placement: Placement, width: int) -> list[Decimal | None]:
    """The row's cells (one per column, ``None`` blank) under ``placement``."""
    out: list[Decimal | None] = [None] * width
    for value, col in zip(figures, placement, strict=True):
        out[col] = value
    return out


def all_placements(count: int, width: int) -> list[Placement]:
    """Every order-preserving way to put ``count`` figures into ``width`` columns."""
    return list(combinations(range(width), count))


def _satisfies_identities(cells: list[Decimal | None], ids: list[tuple[int, tuple[int, ...]]]) -> bool:
    for total, parts in ids:
        values = [cells[p] for p in parts]
        printed = [v for v in values if v is not None]
        if cells[total] is None and not printed:
            continue
        radius = _radius(cells[total], *printed)
        if not _close(cells[total], sum(printed, Decimal(0)), radius):
            return False
    return True


def _agrees(cells: list[Decimal | None], known: dict[int, Decimal | None]) -> bool:
    for col, value in known.items():
        if (cells[col] is None) != (value is None):
            return False
        if value is not None and not _close(cells[col], value, _radius(cells[col], value)):
            return False
    return True


class _Solver:
    def __init__(self, problem: Problem) -> None:
        self.p = problem
        cols = list(problem.columns)
        self.width = len(cols)
        index = {c: i for i, c in enumerate(cols)}
        self.ids = [
            (index[i.total], tuple(index[x] for x in i.parts if x in index))
            for i in problem.identities
            if i.total in index
        ]
        sums = problem.sum_columns if problem.sum_columns is not None else cols
        self.sum_cols = [index[c] for c in sums if c in index]
        self.empty = {index[c] for c in problem.empty_columns if c in index}
        self.known = {r: {index[c]: v for c, v in cells.items() if c in index} for r, cells in problem.known.items()}
        n = len(problem.figures)
        self.children: list[list[int]] = [[] for _ in range(n)]
        for i, par in enumerate(problem.parent):
            if par is not None:
                self.children[par].append(i)
        self.cells: list[dict[Placement, list[Decimal | None]]] = []
        for i, figs in enumerate(problem.figures):
            options: dict[Placement, list[Decimal | None]] = {}
            for pl in all_placements(len(figs), self.width):
                cells = vector(figs, pl, self.width)
                if any(cells[c] is not None for c in self.empty):
                    continue
                if not _satisfies_identities(cells, self.ids):
                    continue
                if i in self.known and not _agrees(cells, self.known[i]):
                    continue
                options[pl] = cells
            self.cells.append(options)

    # -- roll-up sums over children -------------------------------------------------------------
    def _states(self, domains: list[Iterable[Placement]], kids: list[int]) -> set[tuple] | None:
        """Reachable (sum, radius) per roll-up column over the children; None when too many."""
        zero = tuple((Decimal(0), Decimal(0)) for _ in self.sum_cols)
        states: set[tuple] = {zero}
        for kid, domain in zip(kids, domains, strict=True):
            nxt: set[tuple] = set()
            for pl in domain:
                cells = self.cells[kid][pl]
                add = tuple(
                    (cells[c], half_unit(cells[c])) if cells[c] is not None else (Decimal(0), Decimal(0))
                    for c in self.sum_cols
                )
                for st in states:
                    nxt.add(tuple((s + a, r + ar) for (s, r), (a, ar) in zip(st, add, strict=True)))
            states = nxt
            if len(states) > MAX_STATES:
                return None
        return states

    def _fits(self, parent_cells: list[Decimal | None], state: tuple) -> bool:
        for (total, radius), c in zip(state, self.sum_cols, strict=True):
            value = parent_cells[c]
            if not _close(value, total, radius + (half_unit(value) if value is not None else Decimal(0))):
                return False
        return True

    def _supported(self, node: int, parent_domain: Iterable[Placement], kid_domains: list[set[Placement]]):
        kids = self.children[node]
        states = self._states(kid_domains, kids)
        if states is None:
            return set(parent_domain)
        return {pl for pl in parent_domain if any(self._fits(self.cells[node][pl], st) for st in states)}

    def solve(self) -> list[set[Placement]]:
        n = len(self.cells)
        order = self._postorder()
        sub: list[set[Placement]] = [set(self.cells[i]) for i in range(n)]
        for node in order:  # bottom-up: placements each subtree can support
            if self.children[node]:
                sub[node] = self._supported(node, sub[node], [sub[k] for k in self.children[node]])
        full: list[set[Placement]] = [set() for _ in range(n)]
        for node in reversed(order):  # top-down (parents first): placements in a whole-table solution
            if self.p.parent[node] is None:
                full[node] = set(sub[node])
            kids = self.children[node]
            for kid in kids:
                full[kid] = {
                    pl
                    for pl in sub[kid]
                    if self._supported(node, full[node], [sub[k] if k != kid else {pl} for k in kids])
                }
        return full

    def _postorder(self) -> list[int]:
        out: list[int] = []
        roots = [i for i, par in enumerate(self.p.parent) if par is None]
        stack: list[tuple[int, bool]] = [(r, False) for r in reversed(roots)]
        while stack:
            node, done = stack.pop()
            if done:
                out.append(node)
                continue
            stack.append((node, True))
            stack.extend((k, False) for k in reversed(self.children[node]))
        return out


@dataclass
class Outcome:
    """What could be said about one row: its placements under each body of evidence."""

    candidates: list[Placement]  # every placement its printed figures allow on their own
    surviving: set[Placement]  # those that fit the arithmetic (and evidence, if any was given)


def solve(problem: Problem) -> list[Outcome]:
    """Placements per row that fit the whole table's arithmetic; see the module docstring."""
    solver = _Solver(problem)
    full = solver.solve()
    return [
        Outcome(all_placements(len(figs), len(problem.columns)), full[i])
        for i, figs in enumerate(problem.figures)
    ]


def agreed_cells(
    figures: Sequence[Decimal], placements: Iterable[Placement], width: int
) -> list[Decimal | None] | None:
    """Cells on which every placement agrees (others ``None``); ``None`` when there are none."""
    vectors = [vector(figures, pl, width) for pl in placements]
    if not vectors:
        return None
    first = vectors[0]
    out: list[Decimal | None] = []
    for c in range(width):
        same = all(v[c] == first[c] and (v[c] is None) == (first[c] is None) for v in vectors)
        out.append(first[c] if same else None)
    return out
