"""The 说明's itemised spending (财政拨款支出主要内容) against itself and against the tables.

Two printed forms are read (whitespace removed first, so wrapped lines and numbers re-join):
  A. ``1、公共安全支出（204类）司法（06款）行政运行（01项）1434.89万元。…``
  B. ``1.“一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”科目43.83万元，…``
Each item may go on: ``2025年当年预算执行数为A万元，2026年预算安排B万元，比2025年预算执行数增加P%``.

Narrative parsing is less certain than a table, so these rules are warnings: a reviewer sees
the finding; the document's status is decided by the tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from disclosure.amounts import half_unit, parse_amount
from disclosure.model import Disclosure
from disclosure.tables import TABLE_SPECS
from expectations.custom import KIND_TOLERANCE
from expectations.frames import Check, Term, code_rows, flag_check, norm_text, tolerance_check

_NUM = r"[0-9][0-9,]*(?:\.[0-9]+)?"
_ITEM_A = re.compile(
    rf"(?:^|[。；;：:])(?P<n>\d{{1,2}})[、.．](?P<c_name>[^（(、。]{{2,30}})[（(](?P<c>\d{{3}})类[）)]"
    rf"(?P<k_name>[^（(、。]{{1,40}})[（(](?P<k>\d{{2}})款[）)](?P<x_name>[^（(、。]{{1,40}})[（(](?P<x>\d{{2}})项[）)]"
    rf"[”\"]?(?:科目)?(?P<amount>{_NUM})万元"
)
_ITEM_B = re.compile(
    rf"(?:^|[。；;：:])(?P<n>\d{{1,2}})[、.．][“\"](?P<c_name>[^（(、。”]{{2,30}})[（(]类[）)]"
    rf"(?P<k_name>[^（(、。”]{{1,40}})[（(]款[）)](?P<x_name>[^（(、。”]{{1,40}})[（(]项[）)][”\"]"
    rf"(?:科目)?(?P<amount>{_NUM})万元"
)
_CHANGE = re.compile(
    rf"(?P<y0>\d{{4}})年(?:当年)?预算执行数为(?P<a>{_NUM})万元[，,](?P<y1>\d{{4}})年预算安排(?P<b>{_NUM})万元[，,]"
    rf"比(?P=y0)年(?:当年)?预算执行数(?:(?P<dir>增加|减少|增长|下降)(?P<p>{_NUM})%|(?P<flat>持平))"
)
_PERCENT_SCALE = Decimal(100)
_QUANTUM = Decimal("0.0001")


@dataclass
class Item:
    number: str
    code: str | None  # resolved 7-digit function code
    names: tuple[str, str, str]
    printed_codes: tuple[str, str, str] | None  # form A: (类, 款, 项) as printed
    amount: Decimal
    text: str  # the item's own text, up to the next item


def _resolve(doc: Disclosure, names: tuple[str, str, str], codes: tuple[str, str, str] | None) -> str | None:
    if codes is not None:
        return "".join(codes)
    rows = _function_rows(doc)
    c_name, k_name, x_name = (norm_text(n) for n in names)
    for c, name in rows.items():
        if len(c) == 3 and name == c_name:
            for k, kn in rows.items():
                if len(k) == 5 and k.startswith(c) and kn == k_name:
                    for x, xn in rows.items():
                        if len(x) == 7 and x.startswith(k) and xn == x_name:
                            return x
    return None


def _function_rows(doc: Disclosure) -> dict[str, str]:
    out: dict[str, str] = {}
    for key in ("general_expenditure", "fund_expenditure", "capital_expenditure", "expenditure"):
        t = doc.tables.get(key)
        if t is None:
            continue
        for _, c, r in code_rows(t):
            out.setdefault(c, norm_text(r.get("name")))
    return out


def items(doc: Disclosure) -> list[Item]:
    """The itemised spending lines of the narrative, in printed order."""
    text = re.sub(r"\s+", "", doc.narrative or "")
    found = sorted([*_ITEM_A.finditer(text), *_ITEM_B.finditer(text)], key=lambda m: m.start())
    out = []
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else min(len(text), m.end() + 400)
        codes = (m["c"], m["k"], m["x"]) if "c" in m.groupdict() else None
        names = (m["c_name"], m["k_name"], m["x_name"])
        amount = parse_amount(m["amount"])
        if amount is None:
            continue
        out.append(Item(m["n"], _resolve(doc, names, codes), names, codes, amount, text[m.start():end]))
    return out


def _table_total(doc: Disclosure, code: str) -> tuple[str, Term] | None:
    for key in ("general_expenditure", "fund_expenditure", "capital_expenditure"):
        t = doc.tables.get(key)
        if t is None:
            continue
        for _, c, r in code_rows(t):
            if c == code and r.get("total") is not None:
                return key, Term(r["total"], t.unit)
    return None


def _narrative_check(rule: Any, subject: str, actual: Term, addends: list[Term], label: str,
                     code: str | None, table: Any) -> Check:
    return tolerance_check(rule.id, table=table, row=None, code=code, column="narrative", subject=subject,
                           actual=actual, addends=addends, expected_label=label, actual_table_key="narrative")


def item_amounts(doc: Disclosure, rule: Any) -> list[Check]:
    """Each item's amount equals its 预算安排 figure and the table's 合计 for that code."""
    general = doc.tables.get("general_expenditure") or next(iter(doc.tables.values()), None)
    if general is None:
        return []
    out = []
    for it in items(doc):
        subject = f"说明第{it.number}项 {it.code or ''} {norm_text(it.names[2])}".replace("  ", " ")
        lead = Term(it.amount, "万元")
        m = _CHANGE.search(it.text)
        if m and (b := parse_amount(m["b"])) is not None:
            out.append(_narrative_check(rule, subject, lead, [Term(b, "万元")], f"同项“{m['y1']}年预算安排”",
                                        it.code, general))
        if it.code and (hit := _table_total(doc, it.code)):
            key, term = hit
            out.append(_narrative_check(rule, subject, lead, [term], f"{TABLE_SPECS[key].label} {it.code} 合计",
                                        it.code, general))
    return out


def change_percents(doc: Disclosure, rule: Any) -> list[Check]:
    """比上年增加/减少 P%: P agrees with the two amounts printed beside it (each ± its half unit)."""
    out = []
    for it in items(doc):
        m = _CHANGE.search(it.text)
        if not m:
            continue
        a, b = parse_amount(m["a"]), parse_amount(m["b"])
        if not a or b is None or a <= 0:
            continue
        printed = Decimal(0) if m["flat"] else parse_amount(m["p"])
        if printed is None:
            continue
        if m["dir"] in ("减少", "下降"):
            printed = -printed
        mid = ((b / a - 1) * _PERCENT_SCALE).quantize(_QUANTUM)
        ha, hb = half_unit(a), half_unit(b)
        lo = ((b - hb) / (a + ha) - 1) * _PERCENT_SCALE
        hi = ((b + hb) / (a - ha) - 1) * _PERCENT_SCALE
        # the printed P stands for ± half its last digit; the true change lies in [lo, hi]
        radius = max(hi - mid, mid - lo).quantize(_QUANTUM) + _QUANTUM
        p_half = Decimal(0) if m["flat"] else half_unit(parse_amount(m["p"]))
        words = "持平" if m["flat"] else f"{m['dir']}{m['p']}%"
        out.append(Check(
            rule=rule.id, kind=KIND_TOLERANCE, table="narrative", row=None, code=it.code, column="percent",
            subject=f"说明第{it.number}项 {norm_text(it.names[2])} “{words}”（{m['a']}→{m['b']}万元）",
            expected_label="按两数计算", actual=printed, expected=mid, actual_yuan=printed, expected_yuan=mid,
            tolerance_yuan=p_half + radius, unit="元",
        ))
    return out


def class_names(doc: Disclosure, rule: Any) -> list[Check]:
    """A code named in the narrative (``医疗卫生与计划生育支出（210类）``) carries the table's name."""
    rows = _function_rows(doc)
    out = []
    seen = set()
    for it in items(doc):
        if it.printed_codes is None:
            continue
        c, k, x = it.printed_codes
        for code, name in ((c, it.names[0]), (c + k, it.names[1]), (c + k + x, it.names[2])):
            printed = norm_text(name)
            if code not in rows or (code, printed) in seen:
                continue
            seen.add((code, printed))
            out.append(flag_check(rule.id, ok=printed == rows[code], table="narrative", code=code, column="name",
                                  subject=f"{code} {printed}",
                                  message=f"说明第{it.number}项把 {code} 写作“{printed}”，预算表中为“{rows[code]}”"))
    return out
