"""Codes: well-formed, parents present, one name per code, names as the reference knows them."""

from __future__ import annotations

import os
import re
from typing import Any

from disclosure.codes import ITEM, SECTION, level_of, prefix_at
from disclosure.model import Disclosure, Table
from disclosure.reference_names import reference_names
from disclosure.tables import ALL_TABLE_SPECS, CODED_KINDS, is_economic
from expectations.derive.rollups import parent_lengths, printed_levels
from expectations.frames import Check, code_rows, flag_check, norm_text, row_no

_FUNCTION_CODE = re.compile(r"\d{3}(?:\d{2}){0,2}")
_ECONOMIC_CODE = re.compile(r"\d{3}(?:\d{2})?")
#: A classification code printed right after a name, run into its cell.
_TRAILING_CODE = re.compile(r"(?<!\d)\d{3}(?:\d{2}){0,2}$")


def _namespace(table: Table) -> str:
    return "economic" if is_economic(table) else "function"


def coded_tables(doc: Disclosure) -> list[Table]:
    """Every table whose rows carry classification codes: the contract's and the others."""
    return [t for t in doc.all_tables() if t.key in CODED_KINDS]


def _label(table: Table) -> str:
    spec = ALL_TABLE_SPECS.get(table.key)
    return spec.label if spec else table.title


def code_format(doc: Disclosure, rule: Any) -> list[Check]:
    """Function codes have 3, 5 or 7 digits (类/款/项); economic codes 3 or 5 (类/款), and 7 for an
    item printed under its 款 (Chongqing subdivides 30102 津贴补贴 into 3010201 规范性津补贴 …)."""
    out = []
    for table in coded_tables(doc):
        economic = is_economic(table)
        pat, shape = ((_ECONOMIC_CODE, "3位或5位") if economic else (_FUNCTION_CODE, "3位、5位或7位"))
        codes = {c for _, c, _ in code_rows(table)}
        for i, code, r in code_rows(table):
            ok = bool(pat.fullmatch(code)) or (economic and level_of(code) == ITEM and code.isdigit()
                                                  and prefix_at(code, SECTION) in codes)
            out.append(flag_check(rule.id, ok=ok, table=table.key, row=row_no(table, i), code=code, column="code",
                                  subject=f"{code} {norm_text(r.get('name'))}",
                                  message=f"《{_label(table)}》科目编码“{code}”格式不对，应为{shape}数字"))
    return out


def code_parent(doc: Disclosure, rule: Any) -> list[Check]:
    """Every 款/项 has its parent printed in the same table.

    Only where the table prints that level at all: a table printed at 项 level alone (some
    provinces' 财政拨款支出表) has no 款 rows by its layout, not by omission."""
    out = []
    for table in coded_tables(doc):
        parent_len = parent_lengths(table)
        rows = code_rows(table)
        codes = {c for _, c, _ in rows}
        levels = printed_levels(table)
        for i, code, r in rows:
            plen = parent_len.get(len(code))
            if plen is None or plen not in levels:
                continue
            parent = code[:plen]
            out.append(flag_check(rule.id, ok=parent in codes, table=table.key, row=row_no(table, i), code=code,
                                  column="code", subject=f"{code} {norm_text(r.get('name'))}",
                                  message=f"《{_label(table)}》{code} {norm_text(r.get('name'))}"
                                          f" 的上级科目 {parent} 未列出"))
    return out


def _lists_by_project(table: Table) -> bool:
    """A table whose name column names projects or units, not subjects: one code printed on several
    rows under names that end alike (Xi'an's 上年结转资金支出表 prints ``<项目名><科目名>`` per project).
    Two unrelated names of one code (取暖费 / 物业管理费) are a slip, not a listing."""
    seen: dict[str, str] = {}
    for _, code, r in code_rows(table):
        name = norm_text(r.get("name"))
        first = seen.setdefault(code, name) if name else None
        if first is not None and first != name and len(os.path.commonprefix([first[::-1], name[::-1]])) >= 4:
            return True  # two names ending alike: the subject's name after different project names
    return False


def _names(doc: Disclosure) -> dict[tuple[str, str], dict[str, list[tuple[Table, int]]]]:
    """(namespace, code) → normalised name → [(table, row)] where it is printed so.

    Tables listing projects by subject are left out (their names are not the subjects' names), and a
    code printed after a name (``机关事业单位基本养老保险50102``: the 政府经济分类 column run into
    the name) is not part of the name."""
    out: dict[tuple[str, str], dict[str, list[tuple[Table, int]]]] = {}
    for table in coded_tables(doc):
        if _lists_by_project(table):
            continue
        for i, code, r in code_rows(table):
            name = _TRAILING_CODE.sub("", norm_text(r.get("name")))
            if name:
                out.setdefault((_namespace(table), code), {}).setdefault(name, []).append(
                    (table, row_no(table, i)))
    return out


def name_consistent(doc: Disclosure, rule: Any) -> list[Check]:
    """One code carries one name across all tables of the document."""
    out = []
    for (_, code), names in _names(doc).items():
        first_table, first_row = next(iter(names.values()))[0]
        # a name cut short by a narrow cell (其他科技交流与合作支 for …支出) is the same name
        whole = {n for n in names if not any(o != n and len(n) >= 4 and o.startswith(n) for o in names)}
        ok = len(whole) == 1
        variants = "；".join(
            f"“{n}”（{'、'.join(sorted({_label(t) for t, _ in where}))}）" for n, where in names.items()
        )
        out.append(flag_check(rule.id, ok=ok, table=first_table.key, row=first_row, code=code, column="name",
                              subject=code, message=f"科目 {code} 在不同表中名称不一致：{variants}"))
    return out


def names_for_year(ns: str, code: str, year: int | None) -> set[str] | None:
    """The reference names of a code in a year, or None when the reference cannot say.

    Names seen in that year, else the one name ever seen (no rename is known); a year between or
    beyond two different names is not judged (the catalogue was renamed somewhere in between)."""
    entries = reference_names().get((ns, code))
    if not entries:
        return None
    if year is not None:
        inside = {e.name for e in entries if e.first_year <= year <= e.last_year}
        if inside:
            return inside
    names = {e.name for e in entries}
    return names if len(names) == 1 else None


def reference_name(doc: Disclosure, rule: Any) -> list[Check]:
    """Where the reference knows a code's name in the document's year, the printed name matches it
    (a warning: the reference is partial and observed, not the official catalogue)."""
    year = doc.department.year
    out = []
    for (ns, code), names in _names(doc).items():
        known = names_for_year(ns, code, year)
        if not known:
            continue
        shown = "”或“".join(sorted(known))
        for name, where in names.items():
            table, row = where[0]
            out.append(flag_check(rule.id, ok=name in known, table=table.key, row=row, code=code, column="name",
                                  subject=f"{code} {name}",
                                  message=f"科目 {code} 印作“{name}”，参考科目表中{year or ''}年为“{shown}”"))
    return out
