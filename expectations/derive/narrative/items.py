"""The 说明's itemised spending (财政拨款支出主要内容) of a 预算, against itself and against the tables.

Three printed forms are read (in the sentences of :mod:`.sentences`: whitespace removed, so wrapped
lines and numbers re-join; a block printed twice is read once):
  A. ``1、公共安全支出（204类）司法（06款）行政运行（01项）1434.89万元。…``
  B. ``1.“一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”科目43.83万元，…``
  C. ``“社会保障和就业支出(类）-就业补助（款）-公益性岗位补贴（项）”2026年度预算199万元，…``
Each item may go on: ``2025年当年预算执行数为A万元，2026年预算安排B万元，比2025年预算执行数增加P%``.

An item's amount that differs from its own 预算安排 figure or from its table row beyond rounding, or
a change percentage the two figures beside it do not give, contradicts printed figures: an error
(cross.narrative.amount, cross.narrative.percent).  A 类 named differently from the tables is a
wording slip: a warning (code.narrative_name).  Each finding quotes the item's sentence and its page.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from disclosure.amounts import half_unit, parse_amount
from disclosure.codes import CLASS, ITEM, SECTION, level_of
from disclosure.model import Disclosure
from disclosure.tables import TABLE_SPECS
from disclosure.vocabulary import narrative as V
from expectations.custom import KIND_TOLERANCE
from expectations.frames import Check, Term, code_rows, flag_check, norm_text, tolerance_check

from .findings import where
from .sentences import DocMemo, Sentence, narrative_stamp, sentences

_ITEM_FORMS = V.ITEM_FORMS
_CHANGE = V.ITEM_CHANGE_FORM_RE
_PERCENT_SCALE = Decimal(100)
_QUANTUM = Decimal("0.0001")


@dataclass
class Item:
    number: str | None
    code: str | None  # resolved 7-digit function code
    names: tuple[str, str, str]
    printed_codes: tuple[str, str, str] | None  # form A: (类, 款, 项) as printed
    amount: Decimal
    text: str  # the item's own text, up to the next item
    sentence: Sentence  # where the item starts
    change_sentence: Sentence | None = None  # where its 比上年 sentence is

    @property
    def label(self) -> str:
        """How a finding names the item: 说明第3项 (an unnumbered item by its 项 name)."""
        return f"说明第{self.number}项" if self.number else f"说明“{norm_text(self.names[2])}”项"


def _resolve(rows: dict[str, str], names: tuple[str, str, str], codes: tuple[str, str, str] | None) -> str | None:
    if codes is not None:
        return "".join(codes)
    c_name, k_name, x_name = (norm_text(n) for n in names)
    for c, name in rows.items():
        if level_of(c) == CLASS and name == c_name:
            for k, kn in rows.items():
                if level_of(k) == SECTION and k.startswith(c) and kn == k_name:
                    for x, xn in rows.items():
                        if level_of(x) == ITEM and x.startswith(k) and xn == x_name:
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


@dataclass(frozen=True)
class _Found:
    """An item as printed, before its names are looked up in the tables."""

    number: str | None
    names: tuple[str, str, str]
    printed_codes: tuple[str, str, str] | None
    amount: Decimal
    text: str
    sentence: Sentence
    change_sentence: Sentence | None


def _sentence_at(starts: list[int], ss: list[Sentence], pos: int) -> Sentence:
    return ss[max(bisect.bisect_right(starts, pos) - 1, 0)]


@lru_cache(maxsize=16)
def _found(ss: tuple[Sentence, ...]) -> tuple[_Found, ...]:
    """The items printed in these sentences (a block printed twice read once), cached per narrative."""
    kept = [s for s in ss if not s.repeat]
    starts, at = [], 0
    for s in kept:
        starts.append(at)
        at += len(s.text)
    text = "".join(s.text for s in kept)
    found = sorted((m for rx in _ITEM_FORMS for m in rx.finditer(text)), key=lambda m: m.start())
    out = []
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else min(len(text), m.end() + 400)
        codes = (m["c"], m["k"], m["x"]) if "c" in m.groupdict() else None
        amount = parse_amount(m["amount"])
        if amount is None:
            continue
        own = text[m.start():end]
        ch = _CHANGE.search(own)
        if ch is not None and "（项）" in own[m.end() - m.start():ch.start()]:
            ch = None  # the change belongs to a later item this reader did not recognise: never pair it
            own = own[:own.index("（项）", m.end() - m.start())]
        start = m.start() + (1 if text[m.start()] in "。；;：:" else 0)
        out.append(_Found(m["n"], (m["c_name"], m["k_name"], m["x_name"]), codes, amount, own,
                          _sentence_at(starts, kept, start),
                          _sentence_at(starts, kept, m.start() + ch.start()) if ch else None))
    return tuple(out)


_ITEMS = DocMemo()


def _tables_stamp(doc: Disclosure) -> tuple:
    """What an item's code depends on besides the text: which tables, and how many rows each has."""
    return tuple((k, id(t), len(t.rows)) for k, t in doc.tables.items())


def items(doc: Disclosure) -> list[Item]:
    """The itemised spending lines of the narrative, in printed order, with their codes (kept per
    document: the three itemised rules ask for them in turn)."""

    def make() -> list[Item]:
        found = _found(sentences(doc))
        rows = _function_rows(doc) if any(f.printed_codes is None for f in found) else {}
        return [Item(f.number, _resolve(rows, f.names, f.printed_codes), f.names, f.printed_codes, f.amount,
                     f.text, f.sentence, f.change_sentence) for f in found]

    return _ITEMS.get(doc, (*narrative_stamp(doc), _tables_stamp(doc)), make)


def _table_totals(doc: Disclosure) -> dict[str, tuple[str, Term]]:
    """Each code's 合计 in the first of the fiscal expenditure tables printing it (read afresh: a
    test or a reviewer may change a cell between two validations)."""
    out: dict[str, tuple[str, Term]] = {}
    for key in ("general_expenditure", "fund_expenditure", "capital_expenditure"):
        t = doc.tables.get(key)
        if t is None:
            continue
        for _, c, r in code_rows(t):
            if c not in out and r.get("total") is not None:
                out[c] = (key, Term(r["total"], t.unit))
    return out


def _narrative_check(rule: Any, subject: str, actual: Term, addends: list[Term], label: str,
                     code: str | None, table: Any, s: Sentence, printed: str | None = None) -> Check:
    c = tolerance_check(rule.id, table=table, row=None, code=code, column="narrative", subject=subject,
                        actual=actual, addends=addends, expected_label=label, actual_table_key="narrative")
    c.subject = f"第{s.page}页 {subject}" if s.page is not None else subject
    c.page, c.quote, c.printed = s.page, s.quote, printed
    return c


def item_amounts(doc: Disclosure, rule: Any) -> list[Check]:
    """Each item's amount equals its 预算安排 figure and the table's 合计 for that code."""
    general = doc.tables.get("general_expenditure") or next(iter(doc.tables.values()), None)
    if general is None:
        return []
    out = []
    totals = _table_totals(doc)
    for it in items(doc):
        subject = f"{it.label} {it.code or ''} {norm_text(it.names[2])}".replace("  ", " ")
        lead = Term(it.amount, "万元")
        m = _CHANGE.search(it.text)
        if m and (b := parse_amount(m["b"])) is not None:
            out.append(_narrative_check(rule, subject, lead, [Term(b, "万元")], f"同项“{m['y1']}年预算安排”",
                                        it.code, general, it.change_sentence or it.sentence))
        if it.code and (hit := totals.get(it.code)):
            key, term = hit
            c = _narrative_check(rule, subject, lead, [term], f"{TABLE_SPECS[key].label} {it.code} 合计",
                                 it.code, general, it.sentence, f"{term.value:,f}{term.unit}")
            c.tolerance_yuan += lead.radius  # the text's figure cut, not rounded: a note, not an error
            out.append(c)
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
        # a whole unit of P's last digit, not half: a percentage cut instead of rounded is a note
        p_half = Decimal(0) if m["flat"] else 2 * half_unit(parse_amount(m["p"]))
        words = "持平" if m["flat"] else f"{m['dir']}{m['p']}%"
        s = it.change_sentence or it.sentence
        c = Check(
            rule=rule.id, kind=KIND_TOLERANCE, table="narrative", row=None, code=it.code, column="percent",
            subject=(f"第{s.page}页 " if s.page is not None else "")
            + f"{it.label} {norm_text(it.names[2])} “{words}”（{m['a']}→{m['b']}万元）",
            expected_label="按两数计算", actual=printed, expected=mid, actual_yuan=printed, expected_yuan=mid,
            tolerance_yuan=p_half + radius, unit="元",
        )
        c.page, c.quote = s.page, s.quote
        out.append(c)
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
            c = flag_check(rule.id, ok=printed == rows[code], table="narrative", code=code, column="name",
                           subject=f"{code} {printed}",
                           message=f"{where(it.sentence)}{it.label.removeprefix('说明')}把 {code} 写作“{printed}”，预算表中为“{rows[code]}”")
            c.page, c.quote = it.sentence.page, it.sentence.quote
            out.append(c)
    return out
