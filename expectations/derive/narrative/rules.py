"""The narrative rules' derive functions: what the 说明 says, against the tables and against itself.

One function per rule of the catalogue (``cross.narrative.*``), some made of two parts.  Each reads the statements of
:mod:`.statements` (read once per document) and turns the ones it can compare into checks:

* ``figures_vs_tables`` (cross.narrative.total): a figure the text names (收入支出总计, 基本支出, “三公”经费, a 类
  or 项) = its table cell (``totals``); a table printed blank while the text gives an amount;
* ``sums`` (cross.narrative.sums): the parts a sentence lists add up to the whole it gives (amounts, changes,
  vehicles: ``parts``); ``占 P%`` = part / whole (``shares``);
* ``changes`` (cross.narrative.change): ``增加 D 万元，增长 Y%``: Y = D / (this year ∓ D), the words agree;
* ``executions`` (cross.narrative.execution): 决算: 完成 Z% = 决算 / 预算, 大于/小于/等于 agrees with the two
  figures, 决算 = its table row, a 三公 预算数 = the table's;
* ``years`` (cross.narrative.year): the document's year in headings, 截至 dates, comparisons with the year before;
* ``wording`` (cross.narrative.wording): placeholders, the department named the same way, 部门/单位 for the
  right level (``_names``); doubled or stray punctuation, empty reasons, template leftovers, a missing %
  (``_wording``); an amount in 元 where its sentence and its table mean 万元 (``units``: its digits agree
  with the table, only the unit word is wrong, so it is a slip of wording, not a contradicted figure).

Why six rules and not one per statement kind: every rule is one GX expectation, and GX's cost is per
expectation; the statement kind of each finding is in its message.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from disclosure.codes import CLASS, level_of
from disclosure.model import Disclosure
from disclosure.vocabulary import narrative as V
from expectations.frames import Check

from . import cells, ratios
from .figures import Figure
from .findings import amount_vs_cell, amounts_sum, dedupe, fact, percent_check, where
from .sentences import Sentence, joined, sentences
from .statements import read

_WHAT = {
    "grand": "收入支出总计", "grand_income": "收入总计", "grand_expenditure": "支出总计",
    "income_this_year": "本年收入合计", "expenditure_this_year": "本年支出合计", "income_budget": "收入预算",
    "expenditure_budget": "支出预算", "fiscal_grand": "财政拨款收入支出总计", "fiscal_income": "财政拨款收入",
    "fiscal_expenditure": "财政拨款支出", "general_expenditure": "一般公共预算财政拨款支出",
    "general_income": "一般公共预算收入", "fund_income": "政府性基金收入",
    "capital_income": "国有资本经营预算收入", "business_fund_income": "用事业基金弥补收支差额",
    "balance_income": "上年实户资金余额", "general_basic": "一般公共预算财政拨款基本支出",
    "fiscal_basic": "财政拨款基本支出", "fund_expenditure": "政府性基金预算财政拨款支出",
    "capital_expenditure": "国有资本经营预算财政拨款支出", "basic": "基本支出", "project": "项目支出",
    "reserve": "单位预留机动经费", "personnel": "人员经费", "public": "公用经费", "business_income": "事业收入",
    "operating_income": "经营收入", "other_income": "其他收入", "superior_income": "上级补助收入",
    "affiliated_income": "附属单位上缴收入", "carryover": "上年结转", "three_public": "“三公”经费",
    "abroad": "因公出国（境）费", "car": "公务用车购置及运行维护费", "car_purchase": "公务用车购置费",
    "car_running": "公务用车运行维护费", "reception": "公务接待费", "meeting": "会议费", "training": "培训费",
    "office": "机关运行经费", "procurement": "政府采购金额", "procurement_goods": "货物采购",
    "procurement_works": "工程采购", "procurement_services": "服务采购", "vehicles": "车辆数",
    "assets": "固定资产总额",
}


def what(concept: str | None, hint: str | None = None) -> str:
    text = _WHAT.get(concept or "", concept or "")
    return text + ("预算数" if hint == "budget" else "")


# --------------------------------------------------------------------------- totals


def totals(doc: Disclosure, rule: Any) -> list[Check]:
    """Every figure the text names, against the table cell printing it."""
    r = read(doc)
    out: list[Check] = []
    in_executions = {(e.sentence.index, e.actual.start) for e in r.executions} | {
        (e.sentence.index, e.budget.start) for e in r.executions if e.budget is not None}
    for st in r.stated:
        if (st.sentence.index, st.figure.start) in in_executions:
            continue  # compared by cross.narrative.execution, with its 预算/决算 column
        ref = cells.locate(doc, st.concept, st.scope, st.column_hint)
        if ref is None:
            continue
        out.append(amount_vs_cell(rule.id, st.sentence, st.figure, ref, what(st.concept, st.column_hint)))
    names = cells.function_names(doc) if r.functions else {}
    for fa in r.functions:
        ref = _function_cell(doc, fa.names, fa.scope, names)
        if ref is None:
            continue
        label = "/".join(n for n in fa.names if n)
        out.append(amount_vs_cell(rule.id, fa.sentence, fa.figure, ref, label))
    return dedupe(out)


def _function_cell(doc: Disclosure, names: tuple[str | None, str | None, str | None], scope: str | None,
                   rows: dict[str, str]) -> cells.CellRef | None:
    c_name, k_name, x_name = names
    if k_name is not None and x_name is not None:
        code = cells.resolve_names(doc, c_name, k_name, x_name, rows)
    elif c_name is not None:
        code = cells.resolve_class(doc, c_name, rows)
    else:
        return None
    if code is None:
        return None
    if scope == "general":
        keys: tuple[str, ...] = ("general_expenditure",)
    elif scope == "fiscal":
        keys = ("fiscal_expenditure",) + (("general_expenditure",) if cells.all_general(doc) else ())
    elif scope == "all":
        keys = ("expenditure",) + (("general_expenditure",) if cells.all_general(doc) else ())
    else:
        return None
    ref = cells.code_cell(doc, code, keys)
    if ref is None and scope == "all" and level_of(code) == CLASS:
        ref = _summary_class(doc, code)
    return ref


def _summary_class(doc: Disclosure, code: str) -> cells.CellRef | None:
    names = cells.function_names(doc)
    name = names.get(code)
    if not name:
        return None
    return cells.side_item(doc, "summary", "expenditure", rf"^(?:[一二三四五六七八九十]+、)?{re.escape(name)}$")


# --------------------------------------------------------------------------- parts


def parts(doc: Disclosure, rule: Any) -> list[Check]:
    """Lists of parts add up to the whole they are listed under; changes and vehicle counts too."""
    r = read(doc)
    out: list[Check] = []
    for p in r.parts:
        figs = [x.figure for x in p.parts]
        label = what(p.whole.concept, p.whole.column_hint)
        out.append(amounts_sum(rule.id, p.whole.sentence, p.whole.figure, figs, label, at_most=not p.closed,
                               why=p.why))
    for ch in r.changes:
        if not ch.parts_closed or ch.delta is None or any(up != ch.delta_up for _, _, up in ch.parts):
            continue  # parts that go both ways are reasons, not a breakdown
        out.append(amounts_sum(rule.id, ch.sentence, ch.delta, [f for _, f, _ in ch.parts],
                               f"{ch.subject}{'增加' if ch.delta_up else '减少'}额"))
    for s, total, kinds in r.vehicles:
        counted = sum(n for _, n in kinds)
        closed = any(k.endswith(V.VEHICLE_CATCH_ALL) for k, _ in kinds)
        ok = counted == total if closed else counted <= total
        listed = "、".join(f"{k}{n}辆" for k, n in kinds)
        out.append(fact(rule.id, s, ok, f"{where(s)}写共有车辆{total}辆，其中所列各类（{listed}）合计{counted}辆，两者不等",
                        column="vehicles", subject="车辆数"))
    return dedupe(out)


# --------------------------------------------------------------------------- shares


def shares(doc: Disclosure, rule: Any) -> list[Check]:
    """``占 P%``: P = part / whole, within the rounding of the three printed figures."""
    r = read(doc)
    out: list[Check] = []
    for sh in r.shares:
        part_yuan, part_h = sh.part.yuan, sh.part.radius_yuan
        if sh.whole is not None:
            whole_yuan, whole_h, basis = sh.whole.yuan, sh.whole.radius_yuan, f"{sh.part.printed}÷{sh.whole.printed}"
        elif sh.whole_parts:
            whole_yuan = sum((f.yuan for f in sh.whole_parts), Decimal(0))
            whole_h = sum((f.radius_yuan for f in sh.whole_parts), Decimal(0))
            basis = f"{sh.part.printed}÷所列各项之和"
        elif sh.whole_concept is not None:
            ref = cells.locate(doc, sh.whole_concept)
            if ref is None or ref.term.value is None:
                continue
            whole_yuan, whole_h = ref.term.yuan, ref.term.radius
            basis = f"{sh.part.printed}÷{ref.describe()} {ref.printed()}"
        else:
            continue
        interval = ratios.share(part_yuan, part_h, whole_yuan, whole_h)
        if interval is None:
            continue
        out.append(percent_check(rule.id, sh.sentence, sh.percent, interval, "share",
                                 f"{sh.part.printed}占比", basis, adjusted=sh.adjusted))
    return dedupe(out)


# --------------------------------------------------------------------------- changes


def changes(doc: Disclosure, rule: Any) -> list[Check]:
    """``比上年增加 D，增长 Y%``: Y agrees with D and this year's figure; 增加 goes with 增长."""
    r = read(doc)
    out: list[Check] = []
    for ch in r.changes:
        if ch.delta is None or ch.rate is None or (ch.current is None and ch.concept is None):
            continue  # a change given as an amount only (its parts are cross.narrative.sums')
        if ch.delta_up is not None and ch.rate_up is not None and ch.delta_up != ch.rate_up:
            out.append(fact(rule.id, ch.sentence, False,
                            f"{where(ch.sentence)}同一变动先说“{'增加' if ch.delta_up else '减少'}{ch.delta.printed}”，"
                            f"又说“{'增长' if ch.rate_up else '下降'}{ch.rate.printed}”，方向矛盾",
                            column="change", subject=ch.subject))
            continue
        # this year's figure: the table's where the text names what changed (a wrong figure in the text
        # is cross.narrative.total's finding, not this one's), else the figure printed beside the change
        ref = cells.locate(doc, ch.concept, ch.scope, ch.column_hint) if ch.concept else None
        if ref is not None and ref.term.value is not None:
            cur_yuan, cur_h, basis_cur = ref.term.yuan, ref.term.radius, f"{ref.describe()} {ref.printed()}"
        elif ch.current is not None:
            cur_yuan, cur_h, basis_cur = ch.current.yuan, ch.current.radius_yuan, ch.current.printed
        else:
            continue
        interval = ratios.change(ch.delta.yuan, ch.delta.radius_yuan, cur_yuan, cur_h, bool(ch.delta_up))
        if interval is None:
            continue
        word = "增加" if ch.delta_up else "减少"
        basis = f"本年数{basis_cur}、{word}额{ch.delta.printed}"
        out.append(percent_check(rule.id, ch.sentence, ch.rate, interval, "change",
                                 f"{ch.subject or '本年数'}变动率", basis))
    return dedupe(out)


# --------------------------------------------------------------------------- executions


def _relation(x: Figure, y: Figure) -> str:
    """How 决算 y stands to 预算 x, beyond the rounding of both: greater, less or equal."""
    diff = y.yuan - x.yuan
    if abs(diff) <= x.radius_yuan + y.radius_yuan:
        return "equal"
    return "greater" if diff > 0 else "less"


_RELATION_WORDS = {"greater": "大于", "less": "小于", "equal": "等于"}


def executions(doc: Disclosure, rule: Any) -> list[Check]:
    """决算 against 预算: the completion rate, the comparing word, and 决算 against its table row."""
    r = read(doc)
    out: list[Check] = []
    names = cells.function_names(doc) if any(e.names for e in r.executions) else {}
    for e in r.executions:
        x = e.budget
        if x is None and e.concept is not None:
            ref = cells.locate(doc, e.concept, None, "budget")
            if ref is not None and ref.term.value is not None:
                x = Figure(ref.term.value, ref.table.unit, 0, 0, ref.printed())
        if e.rate is not None and x is not None:
            z, zs = e.rate
            interval = ratios.share(e.actual.yuan, e.actual.radius_yuan, x.yuan, x.radius_yuan)
            if interval is not None:
                c = percent_check(rule.id, zs, z, interval, "completion", "完成预算比例",
                                  f"支出决算{e.actual.printed}÷年初预算{x.printed}")
                out.append(c)
        if e.word is not None and e.budget is not None:
            word, ws, _, _ = e.word
            rel = _relation(e.budget, e.actual)
            if word != "基本持平":
                says = ("greater" if word in V.GREATER_WORDS else "less" if word in V.LESS_WORDS else "equal")
                out.append(fact(rule.id, ws, says == rel,
                                f"{where(ws)}写“决算数{word}预算数”，但年初预算{e.budget.printed}、支出决算"
                                f"{e.actual.printed}，决算数{_RELATION_WORDS[rel]}预算数",
                                column="compare", subject=e.subject))
        ref = _execution_cell(doc, e, names)
        if ref is not None:
            out.append(amount_vs_cell(rule.id, e.sentence, e.actual, ref, f"{e.subject or '该项'}支出决算"))
        if e.concept in ("three_public", "abroad", "car", "car_purchase", "car_running", "reception") \
                and e.budget is not None:
            bref = cells.locate(doc, e.concept, None, "budget")
            if bref is not None:
                out.append(amount_vs_cell(rule.id, e.sentence, e.budget, bref, f"{what(e.concept)}年初预算"))
    return dedupe(out)


def _execution_cell(doc: Disclosure, e: Any, rows: dict[str, str]) -> cells.CellRef | None:
    if e.names is not None:
        c_name, k_name, x_name = e.names
        code = cells.resolve_names(doc, c_name, k_name, x_name, rows)
        return cells.code_cell(doc, code, ("general_expenditure",)) if code else None
    if e.concept is None:
        return None
    return cells.locate(doc, e.concept, "general", "total" if doc.department.kind == "决算" else None)


# --------------------------------------------------------------------------- units


def units(doc: Disclosure, rule: Any) -> list[Check]:
    """An amount in 元 in a sentence of 万元 whose table cell (or a twin in the sentence) prints it in 万元."""
    r = read(doc)
    out: list[Check] = []
    for st in r.slips:
        twins = [x for x in r.stated if x.sentence is st.sentence and x.concept == st.concept and x.figure.unit == "万元"
                 and x.figure.value == st.figure.value]
        ref = cells.locate(doc, st.concept, st.scope, st.column_hint)
        as_wan = Figure(st.figure.value, "万元", st.figure.start, st.figure.end, st.figure.printed)
        if ref is not None and ref.term.value is not None:
            meant_wan = abs(as_wan.yuan - ref.term.yuan) <= as_wan.radius_yuan + ref.term.radius
            as_printed = abs(st.figure.yuan - ref.term.yuan) <= st.figure.radius_yuan + ref.term.radius
            if as_printed:
                continue  # an amount truly in 元 (cross.narrative.total compares it)
            if not meant_wan:
                continue  # neither reading agrees: a plain difference, not a unit slip
            detail = f"{ref.describe()} 为 {ref.printed()}"
        elif twins:
            detail = f"同句另写作“{twins[0].figure.printed}”"
        else:
            continue
        s = st.sentence
        out.append(fact(rule.id, s, False,
                        f"{where(s)}“{s.span(max(0, st.figure.start - len(st.label)), st.figure.end)}”写作“元”，"
                        f"而本句其他金额以“万元”计、{detail}：应为{st.figure.value}万元",
                        column="unit", subject=what(st.concept)))
    return dedupe(out)


# --------------------------------------------------------------------------- years


def years(doc: Disclosure, rule: Any) -> list[Check]:
    """The document's year where the text names it: headings, 截至 dates, the year it compares with."""
    year = doc.department.year
    if not year:
        return []
    kind = doc.department.kind
    out: list[Check] = []
    text = joined(sentences(doc))

    def span(s: Sentence, m: re.Match[str], at: int) -> str:
        return s.span(m.start() - at, m.end() - at)

    for s, m, at in text.find(V.HEADING_YEAR_RE):
        if s.heading:
            y = int(m["year"])
            out.append(fact(rule.id, s, y == year, f"{where(s)}标题“{span(s, m, at)}”的年度为{y}年，"
                                                  f"本文件为{year}年度{kind or ''}", column="year"))
    expect = year if kind == "决算" else year - 1 if kind == "预算" else None
    why = "决算应截至本年度末" if kind == "决算" else "预算应按上一年度的资产情况填报"
    for s, m, at in text.find(V.AS_OF_RE) if expect is not None else ():
        out.append(fact(rule.id, s, int(m["year"]) == expect, f"{where(s)}写“{span(s, m, at)}”，{why}（应为{expect}年）",
                        column="year"))
    for s, m, at in text.find(V.PRIOR_YEAR_RE):
        out.append(fact(rule.id, s, int(m["y1"] or m["y2"]) == year - 1,
                        f"{where(s)}写“{span(s, m, at)}”，与上年比较应为{year - 1}年", column="year"))
    for s, m, at in text.find(V.EXECUTED_YEAR_RE):
        out.append(fact(rule.id, s, int(m["year"]) == year - 1,
                        f"{where(s)}写“{span(s, m, at)}”，上年预算执行数应为{year - 1}年", column="year"))
    for s, m, at in text.find(V.PLANNED_YEAR_RE) if kind == "预算" else ():
        out.append(fact(rule.id, s, int(m["year"]) == year, f"{where(s)}写“{span(s, m, at)}”，本年预算应为{year}年",
                        column="year"))
    return dedupe(out)


# --------------------------------------------------------------------------- names


def _core(name: str) -> tuple[str, str]:
    """A department's region prefix and the rest (上海市普陀区 + 财政局)."""
    m = re.match(r"^(?:中共)?((?:[^省市县区]{2,4}省)?(?:[^市县区]{2,4}市)?(?:[^市县区]{2,4}[区县])?)", name)
    region = m.group(1) if m else ""
    return region, name[len(region):]


def _by_page(rule_id: str, column: str, units: list[tuple[Sentence | None, int | None, str]],
             findings: list[Check], what_read: str) -> list[Check]:
    """Findings sentence by sentence, and for each page read with no finding one passing fact.

    Why pages: a reviewer reads the 说明 page by page, and one fact per sentence would make these
    rules (which search, not compare) the biggest part of the checks frame.  ``checked`` for them
    therefore counts the pages read (and each sentence found wanting), not sentences."""
    failing_pages = {c.page for c in findings}
    out = list(findings)
    for page in sorted({p for _, p, _ in units if p not in failing_pages}, key=lambda p: (p is None, p or 0)):
        out.append(fact(rule_id, None, True, "", column=column, page=page,
                        quote=f"第{page}页{what_read}" if page is not None else what_read))
    return out


def _names(doc: Disclosure, rule: Any) -> tuple[list[Check], list[tuple[Sentence | None, int | None, str]]]:
    """Placeholders anywhere; the department named the same way in titles and text; 部门/单位 wording.
    Returns the findings and the texts read (sentences and table titles)."""
    texts: list[tuple[Sentence | None, str, int | None, str]] = [(s, s.text, s.page, s.quote)
                                                                 for s in sentences(doc) if not s.repeat]
    for t in doc.all_tables():
        title = "".join((t.title or "").split())
        if title:
            texts.append((None, title, t.page, title))
    findings: list[Check] = []
    text = joined(sentences(doc))
    first: dict[int, tuple[Sentence, int, int]] = {}  # one finding per sentence: its first placeholder
    for trigger, rx in V.PLACEHOLDER_PARTS:
        for s, m, at in text.find(rx) if trigger in text.text else ():
            if s.index not in first or m.start() - at < first[s.index][1]:
                first[s.index] = (s, m.start() - at, m.end() - at)
    for index in sorted(first):
        s, a, b = first[index]
        findings.append(fact(rule.id, s, False, f"{where(s)}有未替换的占位符“{s.span(a, b)}”", column="placeholder"))
    for s, title, page, quote in texts:
        if s is None and (m := V.PLACEHOLDER_RE.search(title)):
            place = f"第{page}页表题" if page else "表题"
            findings.append(fact(rule.id, None, False, f"{place}有未替换的占位符“{quote[m.start():m.end()]}”",
                                 column="placeholder", page=page, quote=quote))
    name = doc.department.name
    if name and not V.PLACEHOLDER_RE.search(name):
        findings += _name_variants(rule.id, name, text, [(q, p) for s, _, p, q in texts if s is None])
    level = doc.department.level
    if level in V.LEVEL_WORDS:
        other = "部门" if level == "单位" else "单位"
        for s, m, at in text.find(V.LEVEL_WORDS[level]):
            findings.append(fact(rule.id, s, False,
                                 f"{where(s)}本文件为{level}{doc.department.kind or ''}，却写"
                                 f"“{s.span(m.start() - at, m.end() - at)}”，应写“{level}…”而非“{other}…”",
                                 column="level"))
    return dedupe(findings), [(s, p, q) for s, _, p, q in texts]


def _variant(found: str, name: str) -> str | None:
    """How ``found`` misnames the department, if it does: a connective swapped (规划与自然资源局 for
    规划和自然资源局), or a region of the name left out (上海市规划和自然资源局 without 普陀区).  Any other
    difference may be another body (…外事办公室 beside …办公室, 经济委员会 beside 商务委员会): not reported."""
    if len(found) == len(name):
        changed = [(a, b) for a, b in zip(found, name, strict=True) if a != b]
        if changed and all(a in V.NAME_CONNECTIVES and b in V.NAME_CONNECTIVES for a, b in changed):
            return "、".join(f"“{b}”写作“{a}”" for a, b in changed)
        return None  # another body (上海市普陀区经济委员会, a name the 商务委员会 also bears)
    region, _ = _core(name)
    for seg in re.findall(r"[^省市县区]{1,4}[省市县区]", region):
        if name.replace(seg, "", 1) == found:
            return f"缺少“{seg}”"
    return None


def _name_variants(rule_id: str, name: str, text: Any, titles: list[tuple[str, int | None]]) -> list[Check]:
    """Strings that name the department almost, but not exactly, as its title does (in the sentences
    of ``text``, a :class:`~.sentences.Joined`, and in the table titles)."""
    region, rest = _core(name)
    suffix = V.BODY_SUFFIX_RE.search(name)
    if not region or suffix is None or len(rest) < 2:
        return []
    first_region = re.match(r"^(?:[^省市]{2,4}[省市])", region)
    anchor = first_region.group(0) if first_region else region
    rx = re.compile(re.escape(anchor) + r"[^，。；：、“”（）\d\x00]{1,16}?" + re.escape(suffix.group(1)))
    out = []

    def finding(s: Sentence | None, found: str, page: int | None, quote: str) -> None:
        how = _variant(found, name) if found != name and not V.PLACEHOLDER_RE.search(found) else None
        if how is not None:
            place = f"说明第{page}页" if s is not None and page else (f"第{page}页表题" if page else "表题")
            out.append(fact(rule_id, s, False, f"{place}把部门名称写作“{found}”，与封面“{name}”不一致（{how}）",
                            column="department", page=page, quote=quote))

    for s, m, at in text.find(rx):
        finding(s, s.span(m.start() - at, m.end() - at), s.page, s.quote)
    for title, page in titles:
        for m in rx.finditer(title):
            finding(None, m.group(0), page, title)
    return out


def _wording(doc: Disclosure, rule: Any) -> tuple[list[Check], list[tuple[Sentence | None, int | None, str]]]:
    """Punctuation doubled or stray, a reason left empty, the template's alternatives left in, a % missing."""
    findings: list[Check] = []
    read_: list[tuple[Sentence | None, int | None, str]] = [(s, s.page, s.quote) for s in sentences(doc)
                                                             if not s.repeat]
    text = joined(sentences(doc))
    found: dict[int, tuple[Sentence, list[str]]] = {}
    for w in V.WORDINGS:
        if not any(t in text.text for t in w.triggers):
            continue
        for s, m, at in text.find(w.pattern):
            a, b = m.start() - at, m.end() - at
            message = w.message.format(m=s.span(max(0, a - 6), min(len(s.text), b + 2)), after=s.text[b - 1:b])
            found.setdefault(s.index, (s, []))[1].append(message)
    for index in sorted(found):
        s, messages = found[index]
        findings.append(fact(rule.id, s, False, f"{where(s)}：" + "；".join(messages), column="wording"))
    return findings, read_


def wording(doc: Disclosure, rule: Any) -> list[Check]:
    """How the 说明 is written: names and placeholders (:func:`_names`), punctuation, reasons and template
    leftovers (:func:`_wording`), a unit written 元 for 万元 (:func:`units`: the figure's digits agree with
    its table, its unit word does not); one passing fact per page read without a finding."""
    named, texts = _names(doc, rule)
    worded, _ = _wording(doc, rule)
    return _by_page(rule.id, "wording", texts, named + worded + units(doc, rule), "的说明文字和表题")


def figures_vs_tables(doc: Disclosure, rule: Any) -> list[Check]:
    """Every figure the text names against its table cell (a blank table counts as 0)."""
    return totals(doc, rule)


def sums(doc: Disclosure, rule: Any) -> list[Check]:
    """The text's own arithmetic: parts add up to their whole, shares are what the amounts give."""
    return parts(doc, rule) + shares(doc, rule)

