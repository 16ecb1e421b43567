"""Cross-table equality: the same figure printed twice agrees."""

from __future__ import annotations

from typing import Any

from disclosure.codes import CLASS, level_of
from disclosure.model import Disclosure, Table
from disclosure.tables import has_repeats
from disclosure.vocabulary import (
    CARRIED_IN_HEADER_RE,
    CARRYOVER_LINE_RE,
    FORMER_CLASS_NAMES,
    ITEM_MARKER_RE,
    SUMMARY_INCOME_COLUMNS,
)
from expectations.derive.rows import INCOME_SOURCES
from expectations.derive.sums import Line, detail_names, parse_side, side_columns, three_public_lines
from expectations.frames import (
    Check,
    Term,
    cell,
    code_rows,
    column_label,
    has_any,
    norm_text,
    printed,
    row_no,
    subject_of,
    tolerance_check,
    total_row,
)


def _item_name(line: Line) -> str:
    return ITEM_MARKER_RE.sub("", line.item)


def summary_vs_income(doc: Disclosure, rule: Any) -> list[Check]:
    """收支总表 income items, 本年收入合计, 上年结转 and 收入总计 agree with 收入总表's 合计 row."""
    summary, income = doc.tables.get("summary"), doc.tables.get("income")
    if summary is None or income is None:
        return []
    tot = total_row(income)
    cols = side_columns(summary, "income")
    if tot is None or not cols:
        return []
    ti, trow = tot
    scol = cols[0]
    side = parse_side(summary, "income")
    pairs: list[tuple[str, list[Line], str]] = []
    for col, pat in SUMMARY_INCOME_COLUMNS:
        lines = [ln for ln in side.items if pat.search(_item_name(ln))]
        if printed(income, col) and lines:
            pairs.append((col, lines, "、".join(_item_name(ln) for ln in lines)))
    # 收入总表's 合计 column is 收入总计 when the table also prints 小计 or 上年结转; otherwise (决算
    # 收入决算表, whose first column is 本年收入合计) it is this year's income only.
    has_subtotal, has_carry = printed(income, "subtotal"), printed(income, "carryover")
    by_source = "总计" in norm_text(trow.get("name"))  # 收入总计: the grand total, whatever else is printed
    # … so is a column headed 总计, or one that counts money carried in printed in columns of its own
    # (上年实户资金余额, 用事业基金弥补收支差额: Xi'an), when that money is there
    by_source = by_source or "总计" in (income.column_titles.get("total") or "") or any(
        CARRIED_IN_HEADER_RE.search(title or "") and bool(trow.get(col))
        for col, title in income.column_titles.items() if col not in ("total", "subtotal"))
    if side.this_year is not None and has_subtotal:
        pairs.append(("subtotal", [side.this_year], "本年收入合计"))
    carried = [ln for ln in side.carry if CARRYOVER_LINE_RE.search(_item_name(ln))]
    if carried and has_carry:
        # only the 上年结转 lines: 上年实户资金余额 / 使用非财政拨款结余 (Xi'an) are columns of their own
        pairs.append(("carryover", carried, "、".join(_item_name(ln) for ln in carried)))
    if printed(income, "total"):
        if has_subtotal or has_carry or side.this_year is None or by_source:
            if side.grand is not None:
                pairs.append(("total", [side.grand], "收入总计"))
        else:
            pairs.append(("total", [side.this_year], "本年收入合计"))
    out = []
    for col, lines, label in pairs:
        actual = cell(income, trow, col)
        addends = [cell(summary, ln.row, scol) for ln in lines]
        if not has_any([actual, *addends]):
            continue
        out.append(tolerance_check(rule.id, table=income, row=row_no(income, ti), code=None, column=col,
                                   subject=f"合计 {column_label(income, col)}", actual=actual, addends=addends,
                                   expected_label=f"收支总表 {label}"))
    return out


def _classes(table: Table, column: str) -> dict[str, tuple[int, str, dict[str, Any]]]:
    """类 rows by normalised name."""
    return {norm_text(r.get("name")): (i, c, r) for i, c, r in code_rows(table) if level_of(c) == CLASS}


def summary_classes_vs_code_table(doc: Disclosure, rule: Any) -> list[Check]:
    """A summary's expenditure classes and 本年支出合计 agree with a code table's 类 rows and 合计.

    ``params``: summary (table key), summary_column (None: the side's first column), table, column.
    A class printed in one table and not the other is compared with 0.
    """
    summary, table = doc.tables.get(rule.params["summary"]), doc.tables.get(rule.params["table"])
    if summary is None or table is None:
        return []
    scol = rule.params.get("summary_column") or (side_columns(summary, "expenditure") or [None])[0]
    col = rule.params["column"]
    if scol is None or not printed(summary, scol) or not printed(table, col):
        return []
    # a summary printing the tree (类, and under each its 款 and 项 by name, Huzhou): the lines naming
    # a 款 or 项 are the detail under a class, left out of the side's items as the sums leave them
    side = parse_side(summary, "expenditure", detail_names(doc))
    classes = _classes(table, col)
    if not classes:
        return []  # the table prints no classes (Jiangsu's 支出总表 is one row): nothing to compare with
    seen: set[str] = set()
    out = []
    for ln in side.items:
        name = norm_text(_item_name(ln))
        actual = cell(summary, ln.row, scol)
        match = _match_class(classes, name)
        other = cell(table, match[2], col) if match else Term(None, table.unit)
        if match:
            seen.add(norm_text(match[2].get("name")))
        if not has_any([actual, other]):
            continue
        label = f"{rule.params['label']} {match[1]} {name}" if match else f"{rule.params['label']}（未列此类）"
        out.append(tolerance_check(rule.id, table=summary, row=row_no(summary, ln.index),
                                   code=match[1] if match else None, column=scol,
                                   subject=f"{ln.item} {column_label(summary, scol)}", actual=actual,
                                   addends=[other], expected_label=label))
    for name, (i, code, r) in classes.items():
        if name in seen:
            continue
        actual = cell(table, r, col)
        if not has_any([actual]):
            continue
        out.append(tolerance_check(rule.id, table=table, row=row_no(table, i), code=code, column=col,
                                   subject=subject_of(code, r.get("name"), table, col), actual=actual,
                                   addends=[Term(None, summary.unit)],
                                   expected_label=f"{_label(summary)}（未列此类）"))
    # 本年支出合计 (or 支出总计 when there is no 本年 line and nothing carried) vs 合计
    this_year = side.this_year or (side.grand if not any(
        cell(summary, c.row, scol).value for c in side.carry) else None)
    tot = total_row(table)
    if this_year is not None and tot is not None:
        actual = cell(summary, this_year.row, scol)
        other = cell(table, tot[1], col)
        if has_any([actual, other]):
            out.append(tolerance_check(rule.id, table=summary, row=row_no(summary, this_year.index), code=None,
                                       column=scol, subject=f"{this_year.item} {column_label(summary, scol)}",
                                       actual=actual, addends=[other],
                                       expected_label=f"{rule.params['label']} 合计"))
    return out


def _match_class(classes: dict[str, tuple[int, str, dict[str, Any]]], name: str
                 ) -> tuple[int, str, dict[str, Any]] | None:
    """The 类 row printed under this name; a name cut short by a wrapped cell (``文化旅游体育与传媒``
    for ``文化旅游体育与传媒支出``) matches when exactly one class name starts with it."""
    if name in classes:
        return classes[name]
    if len(name) >= 4:
        hits = [v for k, v in classes.items() if k.startswith(name) or name.startswith(k)]
        if len(hits) == 1:
            return hits[0]
    former = FORMER_CLASS_NAMES.get(name)  # 医疗卫生与计划生育支出: 210 before it was renamed 卫生健康支出
    return next((v for v in classes.values() if v[1] == former), None) if former else None


def _label(table: Table) -> str:
    from disclosure.tables import TABLE_SPECS

    spec = TABLE_SPECS.get(table.key)
    return spec.label if spec else table.title


def code_by_code(doc: Disclosure, rule: Any) -> list[Check]:
    """Two code tables agree code by code (and on 合计) in the given column pairs.

    ``params``: left, right (table keys), columns [(left column, right column)], and optionally
    ``when`` naming a predicate that must hold for the rule to apply.
    """
    left, right = doc.tables.get(rule.params["left"]), doc.tables.get(rule.params["right"])
    if left is None or right is None:
        return []
    when = rule.params.get("when")
    if when is not None and not when(doc):
        return []
    lrows = {c: (i, r) for i, c, r in code_rows(left)}
    rrows = {c: (i, r) for i, c, r in code_rows(right)}
    if not lrows or not rrows:
        return []  # one of them prints no subjects (Jiangsu's 支出总表 is one row): no pairs to compare
    codes = list(lrows) + [c for c in rrows if c not in lrows]
    out = []
    for lcol, rcol in rule.params["columns"]:
        if not printed(left, lcol) or not printed(right, rcol):
            continue
        if has_repeats(left.columns, lcol) or has_repeats(right.columns, rcol):
            # the column is one of several under its printed group (基本支出 over 人员支出 | 公用经费,
            # Huzhou's 支出总表): it holds a part of the group's amount, not the whole
            continue
        for code in codes:
            lr, rr = lrows.get(code), rrows.get(code)
            a = cell(left, lr[1], lcol) if lr else Term(None, left.unit)
            b = cell(right, rr[1], rcol) if rr else Term(None, right.unit)
            if not has_any([a, b]):
                continue
            if lr:
                out.append(tolerance_check(rule.id, table=left, row=row_no(left, lr[0]), code=code, column=lcol,
                                           subject=subject_of(code, lr[1].get("name"), left, lcol), actual=a,
                                           addends=[b],
                                           expected_label=f"{_label(right)} {column_label(right, rcol)}"))
            else:
                out.append(tolerance_check(rule.id, table=right, row=row_no(right, rr[0]), code=code,
                                           column=rcol, subject=subject_of(code, rr[1].get("name"), right, rcol),
                                           actual=b, addends=[a], expected_label=f"{_label(left)}（未列此科目）"))
        lt, rt = total_row(left), total_row(right)
        if lt and rt:
            a, b = cell(left, lt[1], lcol), cell(right, rt[1], rcol)
            if has_any([a, b]):
                out.append(tolerance_check(rule.id, table=left, row=row_no(left, lt[0]), code=None, column=lcol,
                                           subject=f"合计 {column_label(left, lcol)}", actual=a, addends=[b],
                                           expected_label=f"{_label(right)} 合计 {column_label(right, rcol)}"))
    return out


def total_vs_total(doc: Disclosure, rule: Any) -> list[Check]:
    """One table's 合计 cell equals another's (e.g. 一般公共预算支出表 基本支出 = 基本支出表 合计)."""
    left, right = doc.tables.get(rule.params["left"]), doc.tables.get(rule.params["right"])
    if left is None or right is None:
        return []
    lt, rt = total_row(left), total_row(right)
    lcol, rcol = rule.params["left_column"], rule.params["right_column"]
    if not lt or not rt or not printed(left, lcol) or not printed(right, rcol):
        return []
    a, b = cell(left, lt[1], lcol), cell(right, rt[1], rcol)
    if not has_any([a, b]):
        return []
    return [tolerance_check(rule.id, table=left, row=row_no(left, lt[0]), code=None, column=lcol,
                            subject=f"合计 {column_label(left, lcol)}", actual=a, addends=[b],
                            expected_label=f"{_label(right)} 合计 {column_label(right, rcol)}")]


def three_public_vs_basic(doc: Disclosure, rule: Any) -> list[Check]:
    """三公 公务用车运行维护费 vs 基本支出表 30231 (三公 may include project funds: a warning)."""
    tp, basic = doc.tables.get("three_public"), doc.tables.get("basic_expenditure")
    if tp is None or basic is None:
        return []
    lines = three_public_lines(tp)
    if "car_running" not in lines or not printed(tp, "total"):
        return []
    i, r = lines["car_running"]
    brow = {c: row for _, c, row in code_rows(basic)}.get("30231")
    a = cell(tp, r, "total")
    b = cell(basic, brow, "total") if brow else Term(None, basic.unit)
    if not has_any([a, b]):
        return []
    return [tolerance_check(rule.id, table=tp, row=row_no(tp, i), code=None, column="total",
                            subject=subject_of(None, r.get("item") or r.get("name"), tp, "total"), actual=a,
                            addends=[b], expected_label="基本支出表 30231 公务用车运行维护费")]


#: 基本支出表 economic code ↔ 一般公共预算支出表 function codes (基本支出 column), and whether the
#: economic figure is all of the function figure (False: only a part of it).
#: 30110 职工基本医疗保险 and 30111 公务员医疗补助 together make up 21011 行政事业单位医疗.
#: 30302 退休费 is paid under 2080501/2080502 离退休, but those also carry retirees' other costs: in
#: all 15 real Shanghai documents with both, 30302 is 52–481 thousand 元 below them (never above),
#: so equality would warn on nearly every document; 30302 above them is the error to catch.
ECONOMIC_FUNCTION_PAIRS: tuple[tuple[tuple[str, ...], tuple[str, ...], bool], ...] = (
    (("30108",), ("2080505",), True),
    (("30109",), ("2080506",), True),
    (("30110", "30111"), ("21011",), True),
    (("30113",), ("2210201",), True),
    (("30302",), ("2080501", "2080502"), False),
)


def economic_vs_function(doc: Disclosure, rule: Any) -> list[Check]:
    """Pension, annuity, medical, housing-fund and retirement pay agree across classifications."""
    basic, general = doc.tables.get("basic_expenditure"), doc.tables.get("general_expenditure")
    if basic is None or general is None or not printed(general, "basic"):
        return []
    brows = {c: (i, r) for i, c, r in code_rows(basic)}
    grows = {c: r for _, c, r in code_rows(general)}
    out = []
    for econs, funcs, whole in ECONOMIC_FUNCTION_PAIRS:
        terms = [cell(general, grows[f], "basic") for f in funcs if f in grows]
        printed_econ = [brows[e] for e in econs if e in brows]
        econ_terms = [cell(basic, r, "total") for _, r in printed_econ]
        if not has_any([*econ_terms, *terms]):
            continue
        # the first economic code is the figure checked; the others (30111) join the expected side negated
        first = brows.get(econs[0])
        a = cell(basic, first[1], "total") if first else Term(None, basic.unit)
        others = [Term(-t.value, t.unit) for t in econ_terms[1 if first else 0:] if t.value is not None]
        row = row_no(basic, first[0]) if first else None
        name = first[1].get("name") if first else None
        label = f"一般公共预算支出表 {'+'.join(funcs)} 基本支出"
        if len(econs) > 1:
            label += f"（减去 {'、'.join(econs[1:])}）"
        out.append(tolerance_check(rule.id, table=basic, row=row, code=econs[0], column="total",
                                   subject=subject_of(econs[0], name, basic, "total"), actual=a,
                                   addends=[*terms, *others], expected_label=label, at_most=not whole))
    return out


def is_budget(doc: Disclosure) -> bool:
    """预算, not 决算: only a budget balances income and spending code by code."""
    return doc.department.kind != "决算"


def budget_all_general(doc: Disclosure) -> bool:
    return is_budget(doc) and all_general_budget(doc)


def all_general_budget(doc: Disclosure) -> bool:
    """True when the department's money is all general budget: no other income, no fund/capital spending."""
    income = doc.tables.get("income")
    if income is None:
        return False
    tot = total_row(income)
    if tot is None:
        return False
    others = [c for c in INCOME_SOURCES if c != "fiscal_grant" and printed(income, c)]
    if any(cell(income, tot[1], c).value for c in others):
        return False
    for key in ("fund_expenditure", "capital_expenditure"):
        t = doc.tables.get(key)
        if t is not None and any(cell(t, r, c).value for c in t.amount_columns for r in t.rows):
            return False
    return True
