"""Which column each printed figure belongs to, when extracted text has lost the empty cells.

A text line like ``2080102 一般行政管理事务 70.01 70.01`` keeps the figures in printed order but not
the blanks between them, so the second 70.01 could be 基本支出 or 项目支出.  The printed table still
says which, through its own arithmetic: every row obeys the table's identities (合计 = 基本 + 项目),
every parent row is the column-wise sum of its children (类 = Σ 款, 合计 = Σ 类).  This module finds
every placement of the figures that satisfies all of that at once, within rounding (each printed
figure stands for ± half a unit of its last digit, as :func:`disclosure.amounts.half_unit` says),
and reports per row the placements that survive.  The caller places a row only when exactly one
survives.

A printed slip has no placement that fits: a row whose figures break its own identity wherever
they go, a parent unequal to its children in some column.  Such a relation is left out of the
inference (the row's figures may go anywhere its roll-up allows; a parent is matched on the other
columns, else not at all) and the rows it touches are marked, so one slip neither leaves the whole
table unplaced nor is hidden: the rules judge the printed figures.

The roll-ups form a tree (a row is the child of at most one parent), so the search is exact and
cheap: a bottom-up pass keeps the placements each subtree can support, a top-down pass keeps those
that fit a whole-table solution (the classic two-pass consistency for tree-shaped constraints).
Children are combined by a small dynamic programme over column sums instead of a product.
Internally every figure is an integer count of the table's finest half-unit, so the arithmetic is
exact and fast; the rounding radius of each figure comes from its own printed precision.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations

from disclosure.amounts import decimals, half_unit

#: A placement: for each printed figure (in printed order) the index of its column.
Placement = tuple[int, ...]

#: Above this many partial sums a roll-up is not used for inference (it then constrains nothing).
MAX_STATES = 20_000

# A figure as (value, radius), both in integer units of the problem's finest half-unit.
Fig = tuple[int, int]
_NIL: Fig = (0, 0)


@dataclass(frozen=True)
class Identity:
    """A within-row identity: ``total`` = Σ ``parts`` (blank cells count as zero)."""

    total: str
    parts: tuple[str, ...]


@dataclass
class Problem:
    """Figures of one table's rows and the arithmetic that ties them together.

    ``figures[i]`` are row i's printed figures in order; ``parent[i]`` the row it rolls up into
    (``None`` for a root); ``sum_columns`` the columns that roll up (default: all).  Evidence from
    elsewhere in the document: ``empty_columns`` must stay blank; ``known[i]`` gives row i's cells.
    """

    columns: Sequence[str]
    figures: list[list[Decimal]]
    parent: list[int | None]
    identities: Sequence[Identity] = ()
    sum_columns: Sequence[str] | None = None
    empty_columns: frozenset[str] = frozenset()
    known: dict[int, dict[str, Decimal | None]] = field(default_factory=dict)
    #: Row placements already checked against the identities, shared by solves of one table.
    cache: dict = field(default_factory=dict)


@dataclass
class Outcome:
    """What could be said about one row."""

    candidates: list[Placement]  # every order-keeping placement of its printed figures
    unary: list[Placement]  # those that fit the row's own identities (and the evidence, if given)
    surviving: set[Placement]  # those that fit a whole-table solution
    #: A relation touching this row was left out as a printed slip (its own identity, or the
    #: roll-up into it or into its parent), so its placement rests on less arithmetic than usual.
    slipped: bool = False


def all_placements(count: int, width: int) -> list[Placement]:
    """Every order-preserving way to put ``count`` figures into ``width`` columns."""
    return list(combinations(range(width), count))


def vector(figures: Sequence[Decimal], placement: Placement, width: int) -> list[Decimal | None]:
    """The row's cells (one per column, ``None`` blank) under ``placement``."""
    out: list[Decimal | None] = [None] * width
    for value, col in zip(figures, placement, strict=True):
        out[col] = value
    return out


def agreed_cells(
    figures: Sequence[Decimal], placements: Iterable[Placement], width: int
) -> list[Decimal | None] | None:
    """Cells on which every placement agrees (others ``None``); ``None`` when there are no placements."""
    vectors = [vector(figures, pl, width) for pl in placements]
    if not vectors:
        return None
    first = vectors[0]
    return [first[c] if all(v[c] == first[c] for v in vectors) else None for c in range(width)]


def solve(problem: Problem) -> list[Outcome]:
    """Placements per row that fit the whole table's arithmetic; see the module docstring."""
    solver = _Solver(problem)
    full = solver.solve()
    width = len(problem.columns)
    slipped = [i in solver.slipped or i in solver.broken or problem.parent[i] in solver.broken
               for i in range(len(problem.figures))]
    return [
        Outcome(all_placements(len(figs), width), list(solver.cells[i]), full[i], slipped[i])
        for i, figs in enumerate(problem.figures)
    ]


class _Solver:
    def __init__(self, problem: Problem) -> None:
        self.p = problem
        cols = list(problem.columns)
        index = {c: i for i, c in enumerate(cols)}
        self.width = len(cols)
        self.ids = tuple(
            (index[i.total], tuple(index[x] for x in _expand(i.parts, problem.identities, index)))
            for i in problem.identities
            if i.total in index
        )
        sums = problem.sum_columns if problem.sum_columns is not None else cols
        self.sum_cols = tuple(index[c] for c in sums if c in index)
        empty = {index[c] for c in problem.empty_columns if c in index}
        every = [f for figs in problem.figures for f in figs]
        every += [v for cells in problem.known.values() for v in cells.values() if v is not None]
        self.digits = max((decimals(f) for f in every), default=0)
        known = {
            r: {index[c]: (self._fig(v) if v is not None else None) for c, v in cells.items() if c in index}
            for r, cells in problem.known.items()
        }
        n = len(problem.figures)
        self.children: list[list[int]] = [[] for _ in range(n)]
        for i, par in enumerate(problem.parent):
            if par is not None:
                self.children[par].append(i)
        ints = [tuple(self._fig(f) for f in figs) for figs in problem.figures]
        self.max_half = [max((r for _, r in figs), default=0) for figs in ints]
        negative = [any(v < 0 for v, _ in figs) for figs in ints]
        self.nonneg = [not negative[i] and not any(negative[k] for k in self.children[i]) for i in range(n)]
        cache = problem.cache.setdefault((tuple(cols), self.ids, self.digits), {})
        self.cells: list[dict[Placement, list[Fig | None]]] = []
        #: Rows whose figures break the row identities wherever they go (a slip in the row).
        self.slipped: set[int] = set()
        #: Rows whose children cannot add up to them, in some column or at all (a slip in a roll-up).
        self.broken: set[int] = set()
        for i, figs in enumerate(ints):
            if figs not in cache:
                cache[figs] = self._row_options(figs)
            options = self._allowed(cache[figs], empty, known.get(i))
            if not options and figs:
                if (figs, None) not in cache:
                    cache[figs, None] = self._row_options(figs, identities=False)
                options = self._allowed(cache[figs, None], empty, known.get(i))
                self.slipped.add(i)
            self.cells.append(options)
        self._adds: dict[tuple[int, Placement], tuple[Fig, ...]] = {}

    @staticmethod
    def _allowed(
        options: list[tuple[Placement, list[Fig | None]]], empty: set[int], known: dict[int, Fig | None] | None
    ) -> dict[Placement, list[Fig | None]]:
        """The placements that leave the ``empty`` columns blank and agree with what is ``known``."""
        return {pl: cells for pl, cells in options
                if not any(cells[c] is not None for c in empty) and (known is None or _agrees(cells, known))}

    def _fig(self, value: Decimal) -> Fig:
        scale = Decimal(10) ** (self.digits + 1)
        return int(value * scale), int(half_unit(value) * scale)

    def _row_options(
        self, figs: tuple[Fig, ...], identities: bool = True
    ) -> list[tuple[Placement, list[Fig | None]]]:
        """Placements that satisfy the row identities (all of them, ``identities`` false).  A row
        printed in full has one placement, kept even when it breaks an identity: that is what was
        printed, for the rules to judge."""
        out = []
        full = len(figs) == self.width or not identities
        for pl in all_placements(len(figs), self.width):
            cells: list[Fig | None] = [None] * self.width
            for f, c in zip(figs, pl, strict=True):
                cells[c] = f
            if full or all(_identity_holds(cells, total, parts) for total, parts in self.ids):
                out.append((pl, cells))
        return out

    def _add(self, kid: int, pl: Placement) -> tuple[Fig, ...]:
        key = (kid, pl)
        if key not in self._adds:
            cells = self.cells[kid][pl]
            self._adds[key] = tuple(cells[c] or _NIL for c in self.sum_cols)
        return self._adds[key]

    def _support(
        self, node: int, parent: list[Fig | None], kid_domains: list[Iterable[Placement]], skip: int | None = None
    ) -> list[set[Placement]] | None:
        """For each child, its placements that take part in a way of adding up to ``parent``.

        A dynamic programme over the children's running (sum, rounding radius) per roll-up column,
        forward to find the totals that fit, then backward to mark the placements used.  When no
        figure involved is negative, a running sum that already overshoots the parent, or can no
        longer reach it with what the remaining children could add, is dropped.  All sets empty:
        the children cannot add up to this parent.  ``None``: too many partial sums to tell.
        ``skip``: the position (in the roll-up columns) of a column left out of the sum.
        """
        kids = self.children[node]
        keep = [k for k in range(len(self.sum_cols)) if k != skip]
        target = [parent[self.sum_cols[k]] or _NIL for k in keep]
        domains = [[(pl, tuple(self._add(k, pl)[j] for j in keep)) for pl in dom]
                   for k, dom in zip(kids, kid_domains, strict=True)]
        nonneg = self.nonneg[node]
        width = len(target)
        slack = sum(self.max_half[k] for k in kids)
        upper = [t + r + slack for t, r in target]
        lower = [t - r - slack for t, r in target]
        rest = [[0] * width for _ in range(len(domains) + 1)]
        if nonneg:
            domains = [[(pl, a) for pl, a in dom if all(v <= u for (v, _), u in zip(a, upper, strict=True))]
                       for dom in domains]
            for j in range(len(domains) - 1, -1, -1):
                best = [max((a[k][0] for _, a in domains[j]), default=0) for k in range(width)]
                rest[j] = [x + y for x, y in zip(rest[j + 1], best, strict=True)]
        layers: list[set[tuple[Fig, ...]]] = [{tuple(_NIL for _ in target)}]
        for j, dom in enumerate(domains):
            nxt: set[tuple[Fig, ...]] = set()
            more = rest[j + 1]
            for st in layers[-1]:
                for _, add in dom:
                    new = tuple((s + a, r + ar) for (s, r), (a, ar) in zip(st, add, strict=True))
                    if nonneg and any(
                        s > upper[k] or s + more[k] < lower[k] for k, (s, _) in enumerate(new)
                    ):
                        continue
                    nxt.add(new)
            if len(nxt) > MAX_STATES:
                return None  # too many ways to add up: this roll-up is not used to decide anything
            layers.append(nxt)
        good = {st for st in layers[-1] if all(abs(t - s) <= r + tr for (s, r), (t, tr) in zip(st, target, strict=True))}
        support: list[set[Placement]] = [set() for _ in kids]
        for j in range(len(domains) - 1, -1, -1):
            if not good:
                break
            prev: set[tuple[Fig, ...]] = set()
            for st in layers[j]:
                for pl, add in domains[j]:
                    if tuple((s + a, r + ar) for (s, r), (a, ar) in zip(st, add, strict=True)) in good:
                        support[j].add(pl)
                        prev.add(st)
            good = prev
        if not good:
            return [set() for _ in kids]
        return support

    def solve(self) -> list[set[Placement]]:
        n = len(self.cells)
        order = self._postorder()
        sub: list[set[Placement]] = [set(self.cells[i]) for i in range(n)]
        supports: dict[tuple[int, Placement], list[set[Placement]] | None] = {}
        for node in order:  # bottom-up: placements each subtree can support
            kids = self.children[node]
            if kids:
                doms = [sub[k] for k in kids]
                for pl in sub[node]:
                    supports[node, pl] = self._support(node, self.cells[node][pl], doms)
                kept = {pl for pl in sub[node] if (sup := supports[node, pl]) is None or all(sup)}
                if not kept and sub[node] and all(doms):
                    kept = self._slip(node, sub[node], doms, supports)
                sub[node] = kept
        full: list[set[Placement]] = [set() for _ in range(n)]
        for node in reversed(order):  # top-down (parents first): placements in a whole-table solution
            if self.p.parent[node] is None:
                full[node] = set(sub[node])
            kids = self.children[node]
            if not kids:
                continue
            for pl in full[node]:
                # the children's domains have not changed since the bottom-up pass computed this
                sup = supports[node, pl]
                for j, kid in enumerate(kids):
                    full[kid] |= sub[kid] if sup is None else sup[j]
        return full

    def _slip(
        self, node: int, options: set[Placement], doms: list[set[Placement]],
        supports: dict[tuple[int, Placement], list[set[Placement]] | None],
    ) -> set[Placement]:
        """No placement of the children adds up to any of this row's: a slip in the roll-up.  Matched
        on all columns but one (the slip's), when some column leaves a fit; else the roll-up decides
        nothing.  Either way the row is marked, and its placements are all kept."""
        self.broken.add(node)
        for pl in options:
            merged: list[set[Placement]] | None = None
            for skip in range(len(self.sum_cols)):
                sup = self._support(node, self.cells[node][pl], doms, skip)
                if sup is None or not all(sup):
                    continue
                merged = sup if merged is None else [a | b for a, b in zip(merged, sup, strict=True)]
            supports[node, pl] = merged
        if any(supports[node, pl] is not None for pl in options):
            kept = {pl for pl in options if supports[node, pl] is not None}
        else:
            kept = set(options)
        return kept

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


def _expand(parts: Sequence[str], identities: Sequence[Identity], index: dict[str, int]) -> list[str]:
    """Parts a layout does not print are replaced by what they add up to (no 小计 column: its sources)."""
    out: list[str] = []
    for part in parts:
        if part in index:
            out.append(part)
            continue
        inner = next((i for i in identities if i.total == part), None)
        if inner is not None:
            out.extend(_expand(inner.parts, [i for i in identities if i is not inner], index))
    return out


def _identity_holds(cells: list[Fig | None], total: int, parts: tuple[int, ...]) -> bool:
    lhs = cells[total]
    printed = [cells[p] for p in parts if cells[p] is not None]
    if lhs is None and not printed:
        return True
    value, radius = lhs or _NIL
    for v, r in printed:  # type: ignore[misc]
        value -= v
        radius += r
    return abs(value) <= radius


def _agrees(cells: list[Fig | None], known: dict[int, Fig | None]) -> bool:
    for col, value in known.items():
        mine = cells[col]
        if (mine is None) != (value is None):
            return False
        if mine is not None and value is not None and abs(mine[0] - value[0]) > mine[1] + value[1]:
            return False
    return True
