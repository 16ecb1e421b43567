"""Codes: well-formed, parents present, one name per code, names as the reference knows them."""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path
from typing import Any

from disclosure.model import Disclosure
from disclosure.tables import CODED_TABLE_KEYS, TABLE_SPECS
from expectations.derive.rollups import ECONOMIC_PARENT, FUNCTION_PARENT
from expectations.frames import Check, code_rows, flag_check, norm_text, row_no

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"

ECONOMIC_TABLES = frozenset({"basic_expenditure"})
_FUNCTION_CODE = re.compile(r"\d{3}(?:\d{2}){0,2}")
_ECONOMIC_CODE = re.compile(r"\d{3}(?:\d{2})?")


def _namespace(table_key: str) -> str:
    return "economic" if table_key in ECONOMIC_TABLES else "function"


def code_format(doc: Disclosure, rule: Any) -> list[Check]:
    """Function codes have 3, 5 or 7 digits (类/款/项); economic codes 3 or 5 (类/款)."""
    out = []
    for key in CODED_TABLE_KEYS:
        table = doc.tables.get(key)
        if table is None:
            continue
        pat, shape = ((_ECONOMIC_CODE, "3位或5位") if key in ECONOMIC_TABLES else (_FUNCTION_CODE, "3位、5位或7位"))
        for i, code, r in code_rows(table):
            ok = bool(pat.fullmatch(code))
            out.append(flag_check(rule.id, ok=ok, table=key, row=row_no(table, i), code=code, column="code",
                                  subject=f"{code} {norm_text(r.get('name'))}",
                                  message=f"《{TABLE_SPECS[key].label}》科目编码“{code}”格式不对，应为{shape}数字"))
    return out


def code_parent(doc: Disclosure, rule: Any) -> list[Check]:
    """Every 款/项 has its parent printed in the same table."""
    out = []
    for key in CODED_TABLE_KEYS:
        table = doc.tables.get(key)
        if table is None:
            continue
        parent_len = ECONOMIC_PARENT if key in ECONOMIC_TABLES else FUNCTION_PARENT
        rows = code_rows(table)
        codes = {c for _, c, _ in rows}
        for i, code, r in rows:
            plen = parent_len.get(len(code))
            if plen is None:
                continue
            parent = code[:plen]
            out.append(flag_check(rule.id, ok=parent in codes, table=key, row=row_no(table, i), code=code,
                                  column="code", subject=f"{code} {norm_text(r.get('name'))}",
                                  message=f"《{TABLE_SPECS[key].label}》{code} {norm_text(r.get('name'))}"
                                          f" 的上级科目 {parent} 未列出"))
    return out


def _names(doc: Disclosure) -> dict[tuple[str, str], dict[str, list[tuple[str, int]]]]:
    """(namespace, code) → normalised name → [(table, row)] where it is printed so."""
    out: dict[tuple[str, str], dict[str, list[tuple[str, int]]]] = {}
    for key in CODED_TABLE_KEYS:
        table = doc.tables.get(key)
        if table is None:
            continue
        for i, code, r in code_rows(table):
            name = norm_text(r.get("name"))
            if name:
                out.setdefault((_namespace(key), code), {}).setdefault(name, []).append((key, row_no(table, i)))
    return out


def name_consistent(doc: Disclosure, rule: Any) -> list[Check]:
    """One code carries one name across all tables of the document."""
    out = []
    for (_, code), names in _names(doc).items():
        first_table, first_row = next(iter(names.values()))[0]
        ok = len(names) == 1
        variants = "；".join(
            f"“{n}”（{'、'.join(sorted({TABLE_SPECS[t].label for t, _ in where}))}）" for n, where in names.items()
        )
        out.append(flag_check(rule.id, ok=ok, table=first_table, row=first_row, code=code, column="name",
                              subject=code, message=f"科目 {code} 在不同表中名称不一致：{variants}"))
    return out


@cache
def reference_names() -> dict[tuple[str, str], str]:
    """Observed code lists (shared/reference, copied under expectations/reference): not the full catalogs."""
    out: dict[tuple[str, str], str] = {}
    for ns, fname in (("function", "function_codes_observed.csv"), ("economic", "dept_econ_codes_observed.csv")):
        path = REFERENCE_DIR / fname
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                out[(ns, row["code"])] = norm_text(row["name"])
    return out


def reference_name(doc: Disclosure, rule: Any) -> list[Check]:
    """Where the reference list knows a code, the printed name matches it (a warning: lists are partial)."""
    ref = reference_names()
    out = []
    for (ns, code), names in _names(doc).items():
        known = ref.get((ns, code))
        if known is None:
            continue
        for name, where in names.items():
            table, row = where[0]
            out.append(flag_check(rule.id, ok=name == known, table=table, row=row, code=code, column="name",
                                  subject=f"{code} {name}",
                                  message=f"科目 {code} 印作“{name}”，参考科目表为“{known}”"))
    return out
