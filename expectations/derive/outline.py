"""Outline sums: tables whose rows nest by their labels rather than by codes.

* 政府采购预算表 printed as a tree (Jiangsu): 合计 → 品目大类 (一、货物 A) → 专项 / 经济科目 subtotals →
  物品 / 组织形式 rows.  A row's level is the label column it is printed in; each row with rows one
  level below it equals their sum.
* 收入预算总表 printed by source (Jiangsu): 收入总计, then groups each opened by its 小计
  (一般公共预算资金 小计 / 公共财政拨款 / 专项收入 …): 小计 = Σ its rows (其中 rows are parts of a
  row, not addends), 收入总计 = Σ 小计.
"""

from __future__ import annotations

from typing import Any

from disclosure.model import Disclosure, Table
from disclosure.vocabulary import OF_WHICH_RE, TOP_ITEM_RE, TOTAL_ROW_RE
from expectations.frames import Check, cell, code_rows, has_any, norm_text, printed, row_no, tolerance_check

#: Label columns of a tree-shaped 政府采购预算表, by level (品目大类, then 专项 / 经济科目, then 物品 / 组织形式).
PROCUREMENT_LEVELS: tuple[tuple[str, ...], ...] = (("category",), ("project", "subject"), ("item", "measure"))


#: A row labelled only with its budget unit sits between its 品目大类 and the rows under the unit.
UNIT_LEVEL = 1.5


def _level(row: dict[str, Any]) -> float | None:
    labels = [norm_text(row.get(k)) for group in PROCUREMENT_LEVELS for k in group]
    if any(label and TOTAL_ROW_RE.match(label) for label in labels):
        return 0
    if any(label and TOP_ITEM_RE.match(label) for label in labels):
        return 1  # 一、货物 A: a 品目大类 wherever its cell was read
    found = [n for n, group in enumerate(PROCUREMENT_LEVELS, start=1) if any(norm_text(row.get(k)) for k in group)]
    if not found and norm_text(row.get("unit")):
        return UNIT_LEVEL  # 苏州市审计局: the unit's subtotal in a tree printed by 品目大类 then unit
    return max(found) if found else None  # the deepest label printed (a wrapped piece of a merged cell above may ride along)


def procurement_tree(doc: Disclosure, rule: Any) -> list[Check]:
    """合计 = Σ 品目大类; 品目大类 = Σ its subtotals; subtotal = Σ its rows (one level down each)."""
    table = doc.tables.get("procurement")
    if table is None or not (printed(table, "category") or printed(table, "subject")) or not printed(table, "total"):
        return []
    levels = [_level(r) for r in table.rows]
    out = []
    for i, (row, level) in enumerate(zip(table.rows, levels, strict=True)):
        if level is None:
            continue
        below: list[tuple[int, float]] = []
        for j in range(i + 1, len(table.rows)):
            lj = levels[j]
            if lj is None:
                continue
            if lj <= level:
                break
            below.append((j, lj))
        if not below:
            continue
        step = min(lj for _, lj in below)
        children = [table.rows[j] for j, lj in below if lj == step]
        actual = cell(table, row, "total")
        addends = [cell(table, c, "total") for c in children]
        if not has_any([actual, *addends]):
            continue
        label = _label(row)
        out.append(tolerance_check(rule.id, table=table, row=row_no(table, i), code=None, column="total",
                                   subject=f"{label} 金额", actual=actual, addends=addends,
                                   expected_label="其下各项之和"))
    return out


def _label(row: dict[str, Any]) -> str:
    return "／".join(norm_text(row.get(k)) for group in PROCUREMENT_LEVELS for k in group if row.get(k)) \
        or norm_text(row.get("unit")) or "合计"


def income_sources(doc: Disclosure, rule: Any) -> list[Check]:
    """收入预算总表 by source: each 小计 = Σ its group's rows; 收入总计 = Σ the groups' 小计."""
    table = doc.tables.get("income")
    if table is None or code_rows(table) or not printed(table, "total"):
        return []
    names = [norm_text(r.get("name")) for r in table.rows]
    grand = next((i for i, n in enumerate(names) if n and TOTAL_ROW_RE.match(n) and not n.endswith("小计")), None)
    groups: list[list[int]] = []
    for i, n in enumerate(names):
        if i == grand:
            continue
        if n.endswith("小计"):
            groups.append([i])
        elif groups:
            groups[-1].append(i)
    if not groups:
        return []
    out: list[Check] = []
    for head, *members in groups:
        parts = [table.rows[j] for j in members if not OF_WHICH_RE.match(names[j])]
        if not parts:
            continue
        out += _sum(rule.id, table, head, table.rows[head], parts, f"{_group(table.rows[head])}各项之和")
    if grand is not None:
        out += _sum(rule.id, table, grand, table.rows[grand], [table.rows[g[0]] for g in groups], "各来源小计之和")
    return out


def _group(row: dict[str, Any]) -> str:
    return norm_text(row.get("group"))


def _sum(rule_id: str, table: Table, index: int, row: dict[str, Any], parts: list[dict[str, Any]],
         label: str) -> list[Check]:
    actual = cell(table, row, "total")
    addends = [cell(table, p, "total") for p in parts]
    if not has_any([actual, *addends]):
        return []
    subject = f"{_group(row)}{norm_text(row.get('name'))} 金额"
    return [tolerance_check(rule_id, table=table, row=row_no(table, index), code=None, column="total",
                            subject=subject, actual=actual, addends=addends, expected_label=label)]
