"""Raw text records → contract tables, placing each figure by the printed arithmetic.

Extracted text drops empty cells, so a row's figures are known only in order.  The columns they
fall in are found by :mod:`connectors.readers.text.placement` from, in this order:

1. the table's own arithmetic (:mod:`connectors.readers.text.relations`): row identities
   (合计 = 基本 + 项目) and roll-ups (parent row = Σ its children, 合计 = Σ 类);
2. only where that still leaves several placements, what other tables of the document say
   (:mod:`connectors.readers.text.evidence`): the same figures printed unambiguously elsewhere,
   a table printed empty (no 政府性基金 money at all means the 政府性基金 columns are blank), …

Every placement that was inferred is named in the document's warnings with the evidence used;
where several placements still fit, the warning says so and the cells stay blank (no guessing).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from disclosure.model import Table
from disclosure.tables import TABLE_SPECS

from .evidence import Evidence, evidence_for
from .placement import Outcome, Problem, agreed_cells, solve, vector
from .records import RawRow, RawTable
from .relations import (
    EXTRA_IDENTITIES,
    IDENTITIES,
    PARENTS,
    SUM_COLUMNS,
    column_label,
    placed_columns,
)


def build(
    table: RawTable, raws: dict[str, RawTable], warnings: list[str], built: dict[str, Table] | None = None
) -> Table:
    """The contract table for ``table``; placement warnings are appended to ``warnings``.

    ``built`` holds the tables of the document already built (used as evidence, see above).
    """
    spec = TABLE_SPECS[table.key]
    cols = placed_columns(table.key, table)
    columns = list(spec.columns) + [c for c in cols if c not in spec.columns]
    rows: list[dict[str, Any]] = []
    for r in table.rows:
        row = {c: None for c in columns}
        row.update(r.cells)
        rows.append(row)
    if any(r.figures for r in table.rows):
        _place(table, raws, cols, rows, warnings, built)
    warnings.extend(table.warnings)
    return Table(
        key=table.key,
        title=table.title,
        columns=columns,
        rows=rows,
        unit=table.unit or "元",
        note=table.note,
        column_titles=dict(table.column_titles),
        page=table.page,
    )


@dataclass
class _Decision:
    """How one row's figures were placed: ``how`` is printed / table / evidence / row-only / open."""

    how: str
    cells: list[Decimal | None] | None
    inconsistent: bool = False  # no placement fits the table's arithmetic at all
    open_columns: tuple[str, ...] = ()
    open_figures: str = ""


def _decide(r: RawRow, own: Outcome, alt: Outcome | None, cols: tuple[str, ...]) -> _Decision:
    width = len(cols)
    if len(own.candidates) <= 1:  # as many figures as columns (or none): placed as printed
        return _Decision("printed", vector(r.figures, own.candidates[0], width) if own.candidates else None)
    if len(own.surviving) == 1:
        return _Decision("slip" if own.slipped else "table", vector(r.figures, next(iter(own.surviving)), width))
    if alt is not None and len(alt.surviving) == 1:
        return _Decision("slip" if alt.slipped else "evidence", vector(r.figures, next(iter(alt.surviving)), width))
    pool = (alt.surviving if alt is not None else set()) or own.surviving
    inconsistent = not pool or own.slipped
    if inconsistent:  # the printed arithmetic does not add up: fall back on the row's own identities
        pool = set((alt.unary if alt is not None else []) or own.unary)
        if len(pool) == 1:
            return _Decision("row-only", vector(r.figures, next(iter(pool)), width), True)
    agreed = agreed_cells(r.figures, pool, width) if pool else None
    open_figures = [k for k in range(len(r.figures)) if len({pl[k] for pl in pool}) != 1] if pool else []
    where = tuple(sorted({cols[pl[k]] for pl in pool for k in open_figures}, key=cols.index))
    left = " ".join(format(r.figures[k], "f") for k in (open_figures or range(len(r.figures))))
    return _Decision("open", agreed, inconsistent, where, left)


def _place(table: RawTable, raws: dict[str, RawTable], cols: tuple[str, ...], rows: list[dict[str, Any]],
           warnings: list[str], built: dict[str, Table] | None = None) -> None:
    parents = PARENTS.get(table.key, lambda rs: [None] * len(rs))(table.rows)
    figures = [r.figures for r in table.rows]
    identities = IDENTITIES.get(table.key, ()) + EXTRA_IDENTITIES.get(table.key, ())
    base = Problem(cols, figures, parents, identities, SUM_COLUMNS.get(table.key))
    own = solve(base)
    ev = evidence_for(table, raws, built) if any(len(o.surviving) != 1 for o in own if o.candidates) else None
    other: list[Outcome] | None = None
    if ev is not None:
        other = solve(Problem(cols, figures, parents, base.identities, base.sum_columns, ev.empty_columns, ev.known,
                              base.cache))
    said: dict[str, list[str]] = {"table": [], "evidence": [], "row-only": [], "slip": []}
    ambiguous: dict[tuple[tuple[str, ...], bool], list[str]] = {}
    for i, (r, o) in enumerate(zip(table.rows, own, strict=True)):
        d = _decide(r, o, other[i] if other is not None else None, cols)
        if d.cells:
            _fill(rows[i], cols, d.cells)
        if d.how in said:
            said[d.how].append(_row_label(r))
        elif d.how == "open":
            ambiguous.setdefault((d.open_columns, d.inconsistent), []).append(f"{_row_label(r)}的 {d.open_figures}")
    _report(table, said, ambiguous, ev, warnings)


def _report(table: RawTable, said: dict[str, list[str]], ambiguous: dict[tuple[tuple[str, ...], bool], list[str]],
            ev: Evidence | None, warnings: list[str]) -> None:
    """One sentence per kind of inference, naming the rows (table, row, code) it concerns."""
    name = table.title
    if said["table"]:
        warnings.append(
            f"{name}：{'、'.join(said['table'])}的金额所在栏由本表的行内关系和上下级汇总（合计＝各级之和）唯一推定"
            "（文本未保留空白单元格）。"
        )
    if said["evidence"] and ev is not None:
        warnings.append(
            f"{name}：{'、'.join(said['evidence'])}的金额所在栏仅凭本表算术不能唯一确定，另依据{ev.description}"
            "推定。"
        )
    if said["row-only"]:
        warnings.append(
            f"{name}：本表上下级汇总对不上（可能有印刷错误），{'、'.join(said['row-only'])}的金额只按本行的合计关系"
            "放置，请核对。"
        )
    if said["slip"]:
        warnings.append(
            f"{name}：本表有数字与行内关系或上下级汇总对不上（可能有印刷错误），{'、'.join(said['slip'])}的金额"
            "按其余能对上的关系放置，请核对。"
        )
    for (where, inconsistent), items in ambiguous.items():
        why = "本表上下级汇总对不上（可能有印刷错误），" if inconsistent else ""
        if where:
            options = "、".join(f"“{column_label(table.key, c)}”" for c in where)
            warnings.append(
                f"{name}：{why}{'；'.join(items)}，可以放在{options}中的不同栏，都符合表内算术，无法确定所在栏，"
                "这些数字未放置（其余栏照常读取）。"
            )
        else:
            warnings.append(f"{name}：{why}{'；'.join(items)}，与表内算术对不上，无法确定所在栏，未放置。")


def _fill(row: dict[str, Any], cols: tuple[str, ...], cells: list[Decimal | None]) -> None:
    for col, value in zip(cols, cells, strict=True):
        if value is not None:
            row[col] = format(value, "f") if col == "quantity" else value


def _row_label(r: RawRow) -> str:
    n = r.cells.get("row")
    text = next((r.cells[k] for k in ("code", "name", "item", "unit", "expenditure_item") if r.cells.get(k)), "")
    if r.cells.get("project") and r.cells.get("item"):
        text = f"{r.cells['project']}／{r.cells['item']}"
    return f"第{n}行（{text}）" if n is not None else f"“{text}”行"
