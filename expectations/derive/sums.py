"""Column sums: 合计 rows, the two-sided summary tables, the 三公 table."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from disclosure.codes import CLASS, level_of
from disclosure.model import Disclosure, Table
from disclosure.tables import CODED_KINDS
from disclosure.vocabulary import (
    OF_WHICH_RE,
    SIDE_GRAND_TOTAL_RES,
    SUB_ITEM_RANKS,
    SUB_ITEM_RE,
    THIS_YEAR_TOTAL_RES,
    THREE_PUBLIC_LINE_ROLES,
    TOP_ITEM_RE,
)
from expectations.derive.rollups import top_rows
from expectations.frames import (
    Check,
    Term,
    cell,
    code_rows,
    column_label,
    has_any,
    norm_code,
    norm_text,
    printed,
    row_no,
    subject_of,
    tolerance_check,
    total_row,
)

# --------------------------------------------------------------------------- 合计 = Σ 类


def total_equals_classes(doc: Disclosure, rule: Any) -> list[Check]:
    """In a code table the 合计 row equals the sum of the 类 (3-digit) rows, column by column."""
    table = doc.tables.get(rule.params["table"])
    if table is None:
        return []
    return table_total_vs_classes(rule.id, table)


def other_tables_total(doc: Disclosure, rule: Any) -> list[Check]:
    """The same in every coded table the contract does not list (财政拨款支出表, 机关运行经费支出表 …)."""
    return [c for t in doc.other_tables.values() if t.key in CODED_KINDS or code_rows(t)
            for c in table_total_vs_classes(rule.id, t)]


def table_total_vs_classes(rule_id: str, table: Table) -> list[Check]:
    tot = total_row(table)
    if tot is None:
        return []
    ti, trow = tot
    if not code_rows(table):
        return []  # no subject rows at all (a table of sources or items): the 合计 is another rule's
    if _uncoded_amounts(table, ti, trow):
        return []  # money on rows without a code (projects printed without a subject): the 类 are not all
    tops = top_rows(table)
    classes = [r for _, _, r in tops]
    label = "各类合计" if all(level_of(c) == CLASS for _, c, _ in tops) else "各最高一级科目合计"
    out = []
    for col in table.amount_columns:
        actual = cell(table, trow, col)
        addends = [cell(table, r, col) for r in classes]
        if not has_any([actual, *addends]):
            continue
        out.append(tolerance_check(rule_id, table=table, row=row_no(table, ti), code=None, column=col,
                                   subject=f"合计 {column_label(table, col)}", actual=actual, addends=addends,
                                   expected_label=label))
    return out


def _uncoded_amounts(table: Table, ti: int, trow: dict[str, Any]) -> bool:
    """A named row other than the 合计 with amounts and no code, in the 合计's own columns, whose
    amounts are not the 合计's (a group line such as ``1 全额`` repeating it): part of the total no
    类 row carries (a project printed without its subject).  A figure in a column the 合计 leaves
    blank, or on a row with no name, is no such line (a side-by-side table's other half)."""
    columns = [c for c in table.amount_columns if trow.get(c) is not None]
    same = [trow.get(c) for c in columns]
    for i, r in enumerate(table.rows):
        if i == ti or norm_code(r.get("code")) or not norm_text(r.get("name")):
            continue
        values = [r.get(c) for c in columns]
        if any(v is not None for v in values) and values != same:
            return True
    return False


# --------------------------------------------------------------------------- two-sided summaries


@dataclass
class Line:
    index: int
    item: str
    row: dict[str, Any]
    subs: list[Line] = field(default_factory=list)


@dataclass
class Side:
    """One side (收入 or 支出) of a two-sided summary table, split at its marker rows."""

    items: list[Line] = field(default_factory=list)  # numbered items before 本年…合计
    numbered: bool = True  # False: items printed without numbering (which line is an item is inferred)
    this_year: Line | None = None  # 本年收入合计 / 本年支出合计
    carry: list[Line] = field(default_factory=list)  # 上年结转 / 年初… / 年终结转结余 / 年末…, subs = their items
    grand: Line | None = None  # 收入总计 / 支出总计


def _kind(item: str, side: str) -> str:
    if item in ("总计", "合计"):  # 决算 tables print a bare 总计 on both sides
        return "grand"
    if side == "income":
        if THIS_YEAR_TOTAL_RES["income"].search(item):
            return "this_year"
        if SIDE_GRAND_TOTAL_RES["income"].match(item) or "收入总计" in item:
            return "grand"
        if "上年结转" in item or "年初" in item or "结转结余" in item or "使用非财政拨款结余" in item \
                or "实户资金余额" in item:  # 上年实户资金余额 (Xi'an): money carried in
            return "carry"
    else:
        if THIS_YEAR_TOTAL_RES["expenditure"].search(item):
            return "this_year"
        if SIDE_GRAND_TOTAL_RES["expenditure"].match(item) or "支出总计" in item:
            return "grand"
        if "年终结转" in item or "年末" in item or "结转结余" in item or "结余分配" in item or "结转下年" in item \
                or "未安排支出的实户资金" in item:
            return "carry"
    if TOP_ITEM_RE.match(item):
        return "top"
    if SUB_ITEM_RE.match(item):
        return "sub"
    return "other"


def parse_side(table: Table, side: str, detail: frozenset[str] = frozenset()) -> Side:
    """One side's lines.  ``side`` is income, expenditure, or use (the spending list by use, whose
    totals are the expenditure side's).  ``detail``: names of 款 and 项 the side may print under its
    classes without codes (Huzhou prints the tree: 一般公共服务支出, then 财政事务, 行政运行 …);
    those lines are left out of the side's items (:func:`detail_names`)."""
    key = f"{side}_item"
    out = Side()
    last_top: Line | None = None
    after_this_year = False
    if side == "use":
        spend = parse_side(table, "expenditure")
        out.this_year, out.grand, out.carry = spend.this_year, spend.grand, spend.carry
    plain: list[Line] = []  # lines before 本年…合计 that are not numbered 一、: the items when none is
    heading: list[Line] = []  # numbered lines under a 本年… line printed first, as the items' heading
    for i, r in enumerate(table.rows):
        item = norm_text(r.get(key))
        if not item or item in detail:
            continue
        line = Line(i, item, r)
        kind = _kind(item, "expenditure" if side == "use" else side)
        if kind in ("sub", "other") and out.this_year is not None and not out.items and not plain and not out.carry \
                and (not heading or out.this_year.index < heading[0].index):
            heading.append(line)  # 一、本年支出 / (一)社会保障和就业支出 / (二)…: the items under their heading
            continue
        if kind in ("sub", "other") and not after_this_year:
            if OF_WHICH_RE.match(item) and plain:
                plain[-1].subs.append(line)
            elif not OF_WHICH_RE.match(item):
                plain.append(line)
        if kind == "this_year":
            out.this_year, after_this_year, last_top = line, True, None
        elif kind == "grand":
            if out.grand is not None and "合计" in out.grand.item and "总计" in item and out.this_year is None:
                out.this_year = out.grand  # 收入合计 … 收入总计: the 合计 is this year's
            if out.grand is None or "总计" in item or "合计" in out.grand.item:
                out.grand = line
            last_top = None
        elif kind == "carry":
            out.carry.append(line)
            after_this_year, last_top = True, None
        elif kind == "top":
            if out.carry and after_this_year:
                out.carry[-1].subs.append(line)  # 一、一般公共预算拨款 under 年初财政拨款结转和结余
            elif not after_this_year:
                out.items.append(line)
                last_top = line
        elif kind == "sub" and last_top is not None:
            last_top.subs.append(line)
    if not out.items and plain:  # a layout that does not number its items (一般公共预算拨款收入, or 1. 2. 3.)
        out.items, out.numbered = _unnumbered_items(plain), all(SUB_ITEM_RE.match(ln.item) for ln in plain)
    if not out.items and heading:
        out.items = _outline(heading)
    elif len(out.items) == 1 and len([x for x in out.items[0].subs if not OF_WHICH_RE.match(x.item)]) >= 2:
        out.items = _outline(out.items[0].subs)  # 一、部门预算 over 1、… 2、…: one heading, its lines are the items
    return out


#: A stray digit printed before a bracketed number (``1（一）一般公共预算资金``, Chongqing): not a rank of its own.
_STRAY_DIGIT = re.compile(r"^\d+(?=[(（])")


def _rank(item: str) -> int:
    item = _STRAY_DIGIT.sub("", item)
    return next((n for n, pat in enumerate(SUB_ITEM_RANKS) if pat.match(item)), len(SUB_ITEM_RANKS))


def _outline(lines: list[Line]) -> list[Line]:
    """Numbered lines under one heading → the items (the highest rank printed) with the lines of the
    next rank under each; 其中 lines are parts of a line, never addends, and are left out."""
    lines = [ln for ln in lines if not OF_WHICH_RE.match(ln.item)]
    if not lines:
        return []
    top = min(_rank(ln.item) for ln in lines)
    items: list[Line] = []
    for ln in lines:
        rank = _rank(ln.item)
        if rank == top:
            items.append(Line(ln.index, ln.item, ln.row))
        elif rank == top + 1 and items:
            items[-1].subs.append(Line(ln.index, ln.item, ln.row))
    return items


def _unnumbered_items(plain: list[Line]) -> list[Line]:
    """Items of a side printed without 一、二、: every line, or, where some lines are numbered
    (（一）, 1.) and others not, the plain lines with the numbered ones under them."""
    numbered = [bool(SUB_ITEM_RE.match(ln.item)) for ln in plain]
    if all(numbered) or not any(numbered):
        return plain
    items: list[Line] = []
    for ln, is_sub in zip(plain, numbered, strict=True):
        if not is_sub:
            items.append(ln)
        elif items:
            items[-1].subs.append(ln)
    return items


def side_columns(table: Table, side: str) -> list[str]:
    """The printed amount columns of one side: ``income_amount``; ``expenditure_amount`` (or
    ``expenditure_total``/…) followed by any template column printed to its right (Shanghai's
    人员经费 / 公用经费 / 项目支出 split of the expenditure side)."""
    prefix = f"{side}_"
    cols = [c for c in table.amount_columns if c.startswith(prefix) and printed(table, c)]
    if side == "expenditure" and cols:
        first = table.columns.index(cols[0])
        cols += [c for c in table.amount_columns
                 if not c.startswith(("income_", "expenditure_", "use_", "list")) and table.columns.index(c) > first
                 and printed(table, c)]  # (a further list of the same spending, list3_amount, has items of its own)
    return cols


def _lines_sum(rule_id: str, table: Table, side: str, total: Line, parts: list[Line], label: str,
               certain: bool = True) -> list[Check]:
    out = []
    for col in side_columns(table, side):
        actual = cell(table, total.row, col)
        addends = [a for p in parts for a in _amounts_of(table, p, col)]
        if not has_any([actual, *addends]):
            continue
        check = tolerance_check(rule_id, table=table, row=row_no(table, total.index), code=None, column=col,
                                subject=f"{total.item} {column_label(table, col)}", actual=actual,
                                addends=addends, expected_label=label)
        check.certain = certain
        out.append(check)
    return out


def _amounts_of(table: Table, line: Line, col: str) -> list[Term]:
    """A line's amount as an addend; a heading line printed blank over lines that carry the money
    (Xi'an: ``1、财政拨款`` blank, ``(1)一般公共预算拨款收入 181716.56`` under it) counts as those lines."""
    own = cell(table, line.row, col)
    subs = [x for x in line.subs if not OF_WHICH_RE.match(x.item)]
    if own.value is None and subs:
        terms = [cell(table, x.row, col) for x in subs]
        if any(t.value is not None for t in terms):
            return terms
    return [own]


def detail_names(doc: Disclosure) -> frozenset[str]:
    """Names the function-code tables print for a 款 or 项 and never for a 类: a two-sided summary's
    expenditure line with one of these names is detail under its class, not a class."""
    below: set[str] = set()
    classes: set[str] = set()
    for key in ("expenditure", "general_expenditure"):
        table = doc.tables.get(key)
        if table is None:
            continue
        for _, code, r in code_rows(table):
            (classes if level_of(code) == CLASS else below).add(norm_text(r.get("name")))
    return frozenset(below - classes - {""})


def _rule_side(doc: Disclosure, rule: Any) -> tuple[Table, str, Side] | None:
    """The rule's two-sided table, the side it checks (``rule.params``) and that side's lines."""
    table = doc.tables.get(rule.params["table"])
    if table is None:
        return None
    side = rule.params["side"]
    detail = detail_names(doc) if side in ("expenditure", "use") else frozenset()
    return table, side, parse_side(table, side, detail)


def summary_this_year(doc: Disclosure, rule: Any) -> list[Check]:
    """本年收入(支出)合计 = Σ numbered items; an item with 其中 lines = Σ those lines."""
    if (found := _rule_side(doc, rule)) is None:
        return []
    table, side, s = found
    out: list[Check] = []
    if s.this_year is not None and s.items:  # no item read: nothing to add up, never "≠ 0"
        out += _lines_sum(rule.id, table, side, s.this_year, s.items, "各项目之和", certain=s.numbered)
    for item in s.items:
        if item.subs:
            checks = _lines_sum(rule.id, table, side, item, item.subs, "其中各项之和", certain=s.numbered)
            out += [c for c in checks if c.actual is not None]  # a heading printed blank: see _amounts_of
    return out


def summary_use(doc: Disclosure, rule: Any) -> list[Check]:
    """The spending listed by use (基本支出, 项目支出, 单位预留机动经费 …) adds up to the side's
    本年支出合计 (or, with nothing carried over, to 支出合计): a second breakdown of the same total."""
    table = doc.tables.get(rule.params["table"])
    if table is None or not printed(table, "use_amount"):
        return []
    use = parse_side(table, "use")
    if not use.items:
        return []
    total = use.this_year
    if total is None and not any(has_any([cell(table, c.row, col) for col in side_columns(table, "expenditure")])
                                 for c in use.carry):
        total = use.grand
    spend_cols = side_columns(table, "expenditure")
    if total is None or not spend_cols:
        return []
    col = next((c for c in spend_cols if cell(table, total.row, c).value is not None), spend_cols[0])
    actual = cell(table, total.row, col)
    addends = [cell(table, ln.row, "use_amount") for ln in use.items]
    if not has_any([actual, *addends]):
        return []
    check = tolerance_check(rule.id, table=table, row=row_no(table, total.index), code=None, column=col,
                            subject=f"{total.item} {column_label(table, col)}", actual=actual, addends=addends,
                            expected_label="按支出用途列示的各项之和")
    check.certain = use.numbered
    return [check]


def summary_grand(doc: Disclosure, rule: Any) -> list[Check]:
    """收入(支出)总计 = 本年合计 (or Σ items when no 本年合计 is printed) + 结转结余 lines."""
    if (found := _rule_side(doc, rule)) is None:
        return []
    table, side, s = found
    out: list[Check] = []
    for c in s.carry:
        if c.subs:
            out += _lines_sum(rule.id, table, side, c, c.subs, "其中各项之和")
    if s.grand is None:
        return out
    base = [s.this_year] if s.this_year is not None else s.items
    if not base:
        return out  # this side lists nothing here (the spending is listed by use): nothing to add up
    label = "本年合计与结转结余之和" if s.this_year is not None else "各项目与结转结余之和"
    out += _lines_sum(rule.id, table, side, s.grand, base + s.carry, label,
                      certain=s.this_year is not None or s.numbered)
    return out


def summary_balance(doc: Disclosure, rule: Any) -> list[Check]:
    """收入总计 = 支出总计."""
    table = doc.tables.get(rule.params["table"])
    if table is None:
        return []
    inc, exp = parse_side(table, "income"), parse_side(table, "expenditure")
    if inc.grand is None or exp.grand is None:
        return []
    in_cols, ex_cols = side_columns(table, "income"), side_columns(table, "expenditure")
    if not in_cols or not ex_cols:
        return []
    actual = cell(table, inc.grand.row, in_cols[0])
    other = cell(table, exp.grand.row, ex_cols[0])
    if not has_any([actual, other]):
        return []
    return [tolerance_check(rule.id, table=table, row=row_no(table, inc.grand.index), code=None,
                            column=in_cols[0], subject="收入总计", actual=actual, addends=[other],
                            expected_label="支出总计")]


# --------------------------------------------------------------------------- 三公


def three_public_lines(table: Table) -> dict[str, tuple[int, dict[str, Any]]]:
    """三公 items by role, found by their printed names (numbering and 其中 stripped)."""
    found: dict[str, tuple[int, dict[str, Any]]] = {}
    for i, r in enumerate(table.rows):
        item = TOP_ITEM_RE.sub("", norm_text(r.get("item") or r.get("name")))
        for role, pat in THREE_PUBLIC_LINE_ROLES.items():
            if role not in found and pat.search(item):
                found[role] = (i, r)
                break
    return found


#: Items a 三公 table may print beside the three (Jiangsu: 会议费, 培训费): part of its 合计.
THREE_PUBLIC_EXTRA = ("meeting", "training")


def three_public_sum(doc: Disclosure, rule: Any) -> list[Check]:
    """合计 = 出国 + 公务用车购置及运维 + 接待; 公务用车购置及运维 = 购置 + 运行维护.

    Where the table also prints 会议费 / 培训费, its 合计 covers them too: 合计 = the three (or their
    printed 小计) + those; the three's 小计 = 出国 + 公务用车 + 接待."""
    table = doc.tables.get("three_public")
    if table is None:
        return []
    lines = three_public_lines(table)
    total_role, part_roles = rule.params["total"], tuple(rule.params["parts"])
    extra = tuple(r for r in THREE_PUBLIC_EXTRA if r in lines)
    if total_role == "total" and (extra or "subtotal" in lines):
        part_roles = (("subtotal",) if "subtotal" in lines else part_roles) + extra
    if total_role not in lines:
        return []
    ti, trow = lines[total_role]
    parts = [lines[p][1] for p in part_roles if p in lines]
    if not parts:
        return []
    out = []
    for col in table.amount_columns:
        actual = cell(table, trow, col)
        addends = [cell(table, r, col) for r in parts]
        if not has_any([actual, *addends]):
            continue
        out.append(tolerance_check(rule.id, table=table, row=row_no(table, ti), code=None, column=col,
                                   subject=subject_of(None, trow.get("item") or trow.get("name"), table, col),
                                   actual=actual, addends=addends, expected_label=rule.params["label"]))
    return out
