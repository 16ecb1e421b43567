"""What the 说明 states, read once per document: named figures, lists of parts, shares, changes and
决算 executions.  One engine for every statement kind; the words are in
:mod:`disclosure.vocabulary.narrative`.

Only text is read here (no table is looked at), so the reading is cached per narrative and shared by
every narrative rule.  A statement the engine cannot read with confidence is not produced at all:
an unknown label, a change whose subject is not named and not printed beside it, a share whose whole
is not stated.  The rules (``expectations/derive/narrative/rules.py``) compare what is produced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from disclosure.model import Disclosure
from disclosure.vocabulary import BODY_NAME_PREFIX_RE
from disclosure.vocabulary import narrative as V

from .figures import Figure, canonical_label, concept_of, figures, label_before, parse_number
from .sentences import DocMemo, Sentence, narrative_stamp, sentences, split


@dataclass(frozen=True)
class Stated:
    """A figure the text names: ``本年收入合计 2946.25 万元``."""

    sentence: Sentence
    figure: Figure
    label: str  # canonical label
    concept: str | None
    scope: str | None  # all / fiscal / general / fund / capital: whose money
    column_hint: str | None = None  # "budget": a 三公 预算数 in a 决算 (the table's 预算数 column)


@dataclass(frozen=True)
class Parts:
    """A whole and the parts the text lists after it (``X，其中：A a；B b``)."""

    whole: Stated
    parts: tuple[Stated, ...]
    closed: bool  # the list names every part: the parts must add up to the whole exactly
    why: str  # why the list is taken as complete (for the message)


@dataclass(frozen=True)
class Share:
    """``a 万元，占 P%`` of a whole: the whole is named (``占本年支出合计的``), the sentence's lead
    figure, or (when the printed shares add up to 100%) the sum of the listed parts."""

    sentence: Sentence
    part: Figure
    percent: Figure
    whole: Figure | None  # the whole as printed in the text, when it is
    whole_concept: str | None  # a named whole the text does not print here: taken from the table
    whole_parts: tuple[Figure, ...] = ()  # the whole is the sum of these (shares adding up to 100%)
    whole_label: str = ""
    adjusted: bool = False  # one of a list of shares printed to add up to exactly 100% (尾差调整)


@dataclass(frozen=True)
class Change:
    """``比上年增加 D 万元，增长 Y%``: the change of a figure of this year (``current``)."""

    sentence: Sentence
    subject: str  # what changed, as the text names it
    current: Figure | None  # this year's figure as printed in the text
    concept: str | None  # … or the concept whose table cell prints it
    scope: str | None
    column_hint: str | None
    delta: Figure | None
    delta_up: bool | None
    rate: Figure | None
    rate_up: bool | None
    parts: tuple[tuple[str, Figure, bool], ...] = ()  # (concept, delta, up) listed after 其中
    parts_closed: bool = False


@dataclass(frozen=True)
class Execution:
    """决算: ``年初预算为 X 万元，支出决算为 Y 万元，完成年初预算的 Z%`` and 大于/小于/等于."""

    sentence: Sentence
    subject: str  # the text naming what was executed
    concept: str | None  # general_expenditure, three_public, abroad …
    names: tuple[str | None, str, str] | None  # 类/款/项 names of a function item
    budget: Figure | None  # X (None: a 三公 part whose budget is in the table only)
    actual: Figure  # Y
    rate: tuple[Figure, Sentence] | None  # Z and the sentence printing it
    word: tuple[str, Sentence, int, int] | None  # 大于 / 小于 / 等于 / 持平, where it is printed


@dataclass(frozen=True)
class FunctionAmount:
    """An amount given for a 类 or a 项 named by its 类/款/项 names (not the itemised 预算 form)."""

    sentence: Sentence
    figure: Figure
    names: tuple[str | None, str | None, str | None]  # 类, 款, 项 (款/项 None for a 类 alone)
    scope: str | None


@dataclass
class Reading:
    """Everything the engine read in one document's 说明."""

    sentences: tuple[Sentence, ...]
    stated: list[Stated] = field(default_factory=list)
    slips: list[Stated] = field(default_factory=list)  # amounts in 元 where their sentence means 万元
    parts: list[Parts] = field(default_factory=list)
    shares: list[Share] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    executions: list[Execution] = field(default_factory=list)
    functions: list[FunctionAmount] = field(default_factory=list)
    vehicles: list[tuple[Sentence, int, list[tuple[str, int]]]] = field(default_factory=list)


def section_scope(section: str) -> str:
    """Whose money a section speaks of, by its heading."""
    if "一般公共预算" in section:
        return "general"
    if "政府性基金" in section:
        return "fund"
    if "国有资本经营" in section:
        return "capital"
    if "财政拨款" in section or "“三公”" in section:
        return "fiscal"
    return "all"


@lru_cache(maxsize=4096)
def _canonical(raw: str, names: tuple[str, ...]) -> tuple[str, V.Concept | None]:
    label = canonical_label(raw, names)
    concept = concept_of(label)
    if concept is None:
        stripped = canonical_label(BODY_NAME_PREFIX_RE.sub("", raw), ())
        if stripped != label:
            concept = concept_of(stripped)
            if concept is not None:
                label = stripped
    return label, concept


def _is_delta(s: Sentence, f: Figure) -> bool:
    """A figure right after 增加/减少 (a change, not a figure of the year)."""
    head = s.text[max(0, f.start - 3):f.start]
    return bool(re.search(r"(?:增加|减少|增长|下降|上升|降低|节约|压减)了?$", head))


def _column_hint(label: str, kind: str | None) -> str | None:
    """``budget`` when a 决算 names a 预算数 (the 三公 table's 预算数 column), else None."""
    bare = V.FUND_NAME_RE.sub("", label)
    if kind == "决算" and "预算" in bare and "决算" not in bare:
        return "budget"
    return None


@lru_cache(maxsize=16)
def _read(lines: tuple[tuple[int | None, str], ...], names: tuple[str, ...], kind: str | None) -> Reading:
    ss = split(lines)
    reading = Reading(ss)
    by_sentence: dict[int, list[Stated]] = {}
    coded = False  # inside an item about one classification subject (V.CODED_ITEM_RE)
    for s in ss:
        if s.heading:
            coded = False
            continue
        if V.CODED_ITEM_RE.match(s.text):
            coded = True
        elif V.ITEM_START_RE.match(s.text) or V.CIRCLED_ITEM_RE.match(s.text) or V.LEAVES_ITEM_RE.match(s.text):
            coded = False
        if s.repeat or coded:
            continue
        figs = figures(s)
        stated: list[Stated] = []
        has_wan = any(f.unit == "万元" for f in figs)
        scope = section_scope(s.section)
        # a 会议费 in a 机关运行经费 section is 机关运行经费's (not in a sentence about the 三公 itself)
        operating = bool(V.OPERATING_SECTION_RE.search(s.section)) and not V.THREE_PUBLIC_WORD_RE.search(s.section + s.text)
        for i, f in enumerate(figs):
            if not f.is_amount or _is_delta(s, f):
                continue
            floor = figs[i - 1].end if i else 0
            raw = label_before(s, f.start, floor)
            label, concept = _canonical(raw, names)
            if concept is None or (concept.key in V.OPERATING_ITEM_CONCEPTS and operating):
                continue
            if concept.key in V.WITH_CARRYOVER and _lists_carryover(s, f):
                concept = V.CONCEPT_BY_KEY[V.WITH_CARRYOVER[concept.key]]
            own_scope = concept.scope
            st = Stated(s, f, label, concept.key, own_scope or scope, _column_hint(label, kind))
            if f.unit == "元" and has_wan:
                reading.slips.append(st)
                continue
            stated.append(st)
        by_sentence[s.index] = stated
        reading.stated.extend(stated)
    reading.parts.extend(_parts(ss, by_sentence))
    _inherit_scopes(reading)
    reading.shares.extend(_shares(ss, reading))
    reading.changes.extend(_changes(ss, reading, names, kind))
    reading.executions.extend(_executions(ss, names, kind))
    reading.functions.extend(_functions(ss))
    reading.vehicles.extend(_vehicles(ss))
    return reading


_READINGS = DocMemo()


def read(doc: Disclosure) -> Reading:
    """The statements of ``doc``'s 说明 (cached per document, narrative, department name and kind)."""
    names = tuple(n for n in (doc.department.name,) if n)
    stamp = (*narrative_stamp(doc), names, doc.department.kind)
    return _READINGS.get(doc, stamp, lambda: _read(tuple(doc.narrative_lines()), names, doc.department.kind))


# --------------------------------------------------------------------------- parts


def _parts(ss: tuple[Sentence, ...], by_sentence: dict[int, list[Stated]]) -> list[Parts]:
    """Wholes with the parts listed after them (the vocabulary's DECOMPOSITIONS say which parts a
    whole may list and which make a complete list)."""
    out = []
    for s in ss:
        stated = by_sentence.get(s.index, [])
        for i, whole in enumerate(stated):
            if whole.concept not in V.DECOMPOSITIONS:
                continue
            members, required = V.DECOMPOSITIONS[whole.concept]
            after = stated[i + 1:]
            if after:
                if not V.LIST_MARKER_RE.search(s.text[whole.figure.end:after[0].figure.start]):
                    continue  # no 其中/包括/： before the next figure: not a list under this whole
            elif V.LIST_MARKER_RE.search(s.text[whole.figure.end:]):
                # the list goes on in the next sentences, one item each (Jiangsu: 其中：\n（一）人员经费…。)
                after = _list_items(ss, s, by_sentence, members)
            else:
                continue
            parts: list[Stated] = []
            for st in after:
                if st.concept in members:
                    if any(p.concept == st.concept for p in parts):
                        break  # a second list of the same parts: another whole's
                    parts.append(st)
                elif st.concept == whole.concept or st.concept in _siblings(whole.concept):
                    break
            listed, parts = parts, _outermost(parts)
            if not parts:
                continue
            named = {p.concept for p in parts}
            closed, why = False, ""
            if _unnamed_between(s, whole, listed):
                pass  # a figure in the list that is no known part: the list is not read whole
            elif required and set(required) <= named:
                closed, why = True, "所列各项齐全"
            elif named & V.CATCH_ALL_PARTS:
                closed, why = True, "所列各项含“其他”"
            elif len(parts) >= 2 and _shares_complete(s, parts):
                closed, why = True, "所列占比合计为100%"
            out.append(Parts(whole, tuple(parts), closed, why))
    return out


def _lists_carryover(s: Sentence, f: Figure) -> bool:
    """The figure is followed by a list of its parts that names the money carried in
    (``财政拨款收入 337,741.21 万元，其中：一般公共预算拨款收入 …、上年结转 13,102.70 万元``): the
    figure counts it too, whatever its label says."""
    rest = s.text[f.end:].lstrip("，")
    if not V.LIST_MARKER_RE.match(rest):
        return False
    stop = re.search("[，；。]", rest)
    return bool(V.CARRYOVER_PART_RE.search(rest[:stop.start()] if stop else rest))


def _unnamed_between(s: Sentence, whole: Stated, parts: list[Stated]) -> bool:
    """An amount printed among the listed parts that is none of them (``一般公共预算拨款 324,638.50
    万元`` names no known part): the sum of the named parts is not the list's."""
    last = parts[-1]
    if last.sentence is not s:
        return False  # a list of one sentence per item: each item's first figure is its part
    taken = {(p.figure.start, p.figure.end) for p in parts}
    for f in figures(s):
        if whole.figure.end <= f.start < last.figure.end and f.is_amount and not _is_delta(s, f) \
                and (f.start, f.end) not in taken:
            return True
    return False


def _outermost(parts: list[Stated]) -> list[Stated]:
    """The parts without those inside another listed part (财政拨款收入 X（一般公共预算 Y、政府性基金 Z）:
    Y and Z are X's, not the whole's, and counting them again would double the sum)."""
    named = {p.concept for p in parts}
    inner = {m for outer, (members, _) in V.DECOMPOSITIONS.items() if outer in named for m in members}
    inner |= {m for outer, members in V.NESTED_PARTS.items() if outer in named for m in members}
    return [p for p in parts if p.concept not in inner]


def _siblings(concept: str | None) -> set[str]:
    out: set[str] = set()
    for members, _ in V.DECOMPOSITIONS.values():
        if concept in members:
            out |= set(members)
    out.discard(concept or "")
    return out


def _list_items(ss: tuple[Sentence, ...], s: Sentence, by_sentence: dict[int, list[Stated]],
                members: tuple[str, ...]) -> list[Stated]:
    """The parts of a list whose items are sentences of their own, up to the next heading."""
    out: list[Stated] = []
    for t in ss[s.index + 1:]:
        if t.heading:
            break
        if not V.ITEM_START_RE.match(t.text):
            continue
        first = by_sentence.get(t.index, [])
        if not first or first[0].concept not in members:
            break
        out.append(first[0])
    return out


def _shares_complete(s: Sentence, parts: list[Stated]) -> bool:
    """The shares printed right after the parts add up to 100% (within their rounding)."""
    total, radius = Decimal(0), Decimal(0)
    for p in parts:
        if p.sentence is not s:
            return False
        m = V.SHARE_RE.match(s.text, p.figure.end + 1) if s.text[p.figure.end:p.figure.end + 1] == "，" else None
        if m is None or m["whole"]:
            return False
        pct = parse_number(m["num"])
        total += pct
        radius += Figure(pct, "%", 0, 0, "").half
    return abs(total - 100) <= radius


def _inherit_scopes(reading: Reading) -> None:
    """A bare part (基本支出, 人员经费) counts the money of the whole it is listed under."""
    rescoped: dict[int, Stated] = {}
    for p in reading.parts:
        for part in p.parts:
            if V.CONCEPT_BY_KEY[part.concept].scope is None:
                rescoped[id(part)] = Stated(part.sentence, part.figure, part.label, part.concept, p.whole.scope,
                                            part.column_hint)
    if not rescoped:
        return
    reading.stated = [rescoped.get(id(st), st) for st in reading.stated]
    reading.parts = [Parts(p.whole, tuple(rescoped.get(id(x), x) for x in p.parts), p.closed, p.why)
                     for p in reading.parts]


# --------------------------------------------------------------------------- shares


def _shares(ss: tuple[Sentence, ...], reading: Reading) -> list[Share]:
    out = []
    for s in ss:
        if s.heading or s.repeat:
            continue
        if "占" not in s.text:
            continue
        figs = [f for f in figures(s) if f.is_amount]
        matches = list(V.SHARE_RE.finditer(s.text))
        if not matches:
            continue
        implicit: list[tuple[Figure, Figure]] = []
        for m in matches:
            before = [f for f in figs if f.end <= m.start()]
            if not before or s.text[before[-1].end:m.start()] not in ("，", ""):
                continue  # the share does not follow an amount directly
            part = before[-1]
            pct = Figure(parse_number(m["num"]), "%", m.start("num"), m.end(), s.span(m.start("num"), m.end()))
            if m["whole"]:
                label, concept = _canonical(m["whole"], ())
                if concept is None:
                    continue
                whole = _last_stated(reading, concept.key, s)
                out.append(Share(s, part, pct, whole.figure if whole else None,
                                 None if whole else concept.key, whole_label=m["whole"]))
            else:
                implicit.append((part, pct))
        if not implicit:
            continue
        lead = figs[0]
        lead_is_whole = lead is not implicit[0][0] and bool(
            V.LIST_MARKER_RE.search(s.text[lead.end:implicit[0][0].start]))
        total = sum((pct.value for _, pct in implicit), Decimal(0))
        radius = sum((pct.half for _, pct in implicit), Decimal(0))
        adjusted = len(implicit) >= 2 and total == 100
        if lead_is_whole:
            out.extend(Share(s, p, pct, lead, None, whole_label=label_before(s, lead.start), adjusted=adjusted)
                       for p, pct in implicit)
            continue
        if len(implicit) >= 2 and abs(total - 100) <= radius:
            parts = tuple(p for p, _ in implicit)
            out.extend(Share(s, p, pct, None, None, parts, whole_label="所列各项之和", adjusted=adjusted)
                       for p, pct in implicit)
    return out


def _last_stated(reading: Reading, concept: str, upto: Sentence) -> Stated | None:
    found = None
    for st in reading.stated:
        if st.sentence.index > upto.index:
            break
        if st.concept == concept:
            found = st
    return found


# --------------------------------------------------------------------------- changes


def _changes(ss: tuple[Sentence, ...], reading: Reading, names: tuple[str, ...], kind: str | None) -> list[Change]:
    out = []
    for s in ss:
        if s.heading or s.repeat:
            continue
        if "比" not in s.text and "较" not in s.text:
            continue  # no comparison with another year in this sentence
        for m in V.COMPARISON_RE.finditer(s.text):
            rest_end = len(s.text)
            for stop in ("主要原因", "原因是", "原因为"):
                k = s.text.find(stop, m.end())
                if k != -1:
                    rest_end = min(rest_end, k)
            nxt = V.COMPARISON_RE.search(s.text, m.end())
            if nxt is not None:
                rest_end = min(rest_end, nxt.start())
            window = s.text[m.end():rest_end]
            if V.ITEM_CHANGE_RE.match(s.text, m.start() + 1) or "预算执行数" in s.text[m.start():m.end() + 6]:
                continue  # the itemised 预算 form: cross.narrative.percent
            delta_m = V.DELTA_RE.search(window)
            rate_m = V.RATE_RE.search(window, delta_m.end() if delta_m else 0)
            if delta_m is None or delta_m.start() > 24:
                continue  # no amount of change beside the comparison: nothing to compare
            if rate_m is not None and rate_m.start() - delta_m.end() > 6:
                rate_m = None  # a percentage further on is another statement's
            base = m.end()
            delta = Figure(parse_number(delta_m["num"]), delta_m["unit"], base + delta_m.start("num"),
                           base + delta_m.end(), s.span(base + delta_m.start("num"), base + delta_m.end()))
            rate = None if rate_m is None else Figure(
                parse_number(rate_m["num"]), "%", base + rate_m.start("num"), base + rate_m.end(),
                s.span(base + rate_m.start("num"), base + rate_m.end()))
            parts, closed = _change_parts(s, base + delta_m.end(), rest_end, names)
            if rate is None and not parts:
                continue  # one figure only (增加 D 万元): the prior year is not printed, nothing to check
            subject, current, concept, scope, hint = _change_subject(s, m, delta_m.start(), reading, names, kind,
                                                                     ss)
            if current is None and concept is None and not parts:
                continue
            out.append(Change(s, subject, current, concept, scope, hint, delta, delta_m["dir"] in V.UP_WORDS,
                              rate, None if rate_m is None else rate_m["dir"] in V.UP_WORDS, parts, closed))
    return out


def _change_subject(s: Sentence, m: re.Match[str], delta_at: int, reading: Reading, names: tuple[str, ...],
                    kind: str | None, ss: tuple[Sentence, ...]
                    ) -> tuple[str, Figure | None, str | None, str | None, str | None]:
    """What changed: a label right after the comparison (与上年相比，X增加…), a label before it
    (X比上年增加…), an amount printed before it in the sentence, or — for a sentence that opens with the
    comparison — the first amount of the sentence before."""
    listed = _whole_of_list(s, m.start(), names)
    if listed is not None:
        return listed
    after = s.text[m.end():m.end() + delta_at].strip("，")
    before = label_before(s, m.start())
    for raw in (after, before):
        raw = re.sub(r"(?:各|均|分别|共)$", "", raw)
        if not raw:
            continue
        label, concept = _canonical(raw, names)
        if concept is not None:
            scope = concept.scope or section_scope(s.section)
            hint = "total" if kind == "决算" else None
            hint = _column_hint(label, kind) or hint
            stated = _last_stated(reading, concept.key, s)
            current = stated.figure if stated is not None and stated.column_hint == _column_hint(label, kind) \
                else None
            if stated is not None and stated.sentence.section != s.section and current is not None \
                    and stated.sentence.index < s.index - 8:
                current = None  # stated too far away: take the table's figure instead
            return label, current, concept.key, scope, _column_hint(label, kind)
        if raw is after and raw:
            return raw, None, None, None, None  # a subject named but not known: never guess
    figs = [f for f in figures(s) if f.is_amount and f.end <= m.start() and not _is_delta(s, f)]
    if figs:
        f = figs[-1]
        return V.LABEL_SUFFIX_RE.sub("", label_before(s, f.start)), f, None, None, None
    if m.start() <= 1 and s.index > 0:
        prev = ss[s.index - 1]
        if not prev.heading and prev.section == s.section:
            pf = [f for f in figures(prev) if f.is_amount and not _is_delta(prev, f)]
            if pf and not V.COMPARISON_RE.search(prev.text):
                return V.LABEL_SUFFIX_RE.sub("", label_before(prev, pf[0].start)), pf[0], None, None, None
    return "", None, None, None, None


def _whole_of_list(s: Sentence, at: int, names: tuple[str, ...]
                   ) -> tuple[str, Figure, str | None, str | None, str | None] | None:
    """The whole a comparison at ``at`` speaks of when it closes the list of that whole's parts:
    ``收入 X 万元，其中：A a 万元、B b 万元，较上年减少 D 万元`` (several parts joined by 、 and one
    comma before the comparison: the change is X's, not B's)."""
    for f in figures(s):
        if f.end >= at or not f.is_amount or _is_delta(s, f):
            continue
        between = s.text[f.end:at].strip("，")
        if V.LIST_MARKER_RE.match(between) and "、" in between and not re.search("[，；。]", between):
            label, concept = _canonical(label_before(s, f.start), names)
            if concept is None:
                return V.LABEL_SUFFIX_RE.sub("", label_before(s, f.start)), f, None, None, None
            if concept.key in V.WITH_CARRYOVER and _lists_carryover(s, f):
                concept = V.CONCEPT_BY_KEY[V.WITH_CARRYOVER[concept.key]]
            return label, f, concept.key, concept.scope or section_scope(s.section), None
    return None


def _change_parts(s: Sentence, start: int, end: int, names: tuple[str, ...]
                  ) -> tuple[tuple[tuple[str, Figure, bool], ...], bool]:
    """``增加 D 万元，其中：基本支出增加 a 万元…；项目支出增加 b 万元``: the parts of the change."""
    tail = s.text[start:]
    k = tail.find("其中")
    if k == -1 or k > 4:
        return (), False
    out = []
    for dm in V.DELTA_RE.finditer(s.text, start + k):
        raw = label_before(s, dm.start())
        label, concept = _canonical(re.sub(r"(?:安排)$", "", raw), names)
        if concept is None or concept.key not in ("basic", "project", "reserve"):
            continue
        f = Figure(parse_number(dm["num"]), dm["unit"], dm.start("num"), dm.end(), s.span(dm.start("num"), dm.end()))
        out.append((concept.key, f, dm["dir"] in V.UP_WORDS))
    named = {c for c, _, _ in out}
    return tuple(out), {"basic", "project"} <= named and len(named) == len(out)


# --------------------------------------------------------------------------- executions


def _executions(ss: tuple[Sentence, ...], names: tuple[str, ...], kind: str | None) -> list[Execution]:
    if kind != "决算":
        return []
    out = []
    item: tuple[str | None, str, str] | None = None
    for s in ss:
        if s.heading:
            item = None
            continue
        if s.repeat:
            continue
        fm = V.FUNCTION_ITEM_RE.search(s.text) if "（项）" in s.text else None
        if fm and V.ITEM_START_RE.match(s.text):
            item = (fm["c_name"], fm["k_name"], fm["x_name"])
        elif V.ITEM_START_RE.match(s.text):
            item = None
        if "决算" not in s.text:
            continue
        for m in V.EXECUTION_RE.finditer(s.text):
            x = Figure(parse_number(m["x"]), m["xu"], m.start("x"), m.end("xu"), s.span(m.start("x"), m.end("xu")))
            y = Figure(parse_number(m["y"]), m["yu"], m.start("y"), m.end("yu"), s.span(m.start("y"), m.end("yu")))
            subject_raw = label_before(s, m.start())
            label, concept = _canonical(re.sub(r"(?:支出)?$", "", subject_raw) or subject_raw, names)
            if concept is None and subject_raw:
                label, concept = _canonical(subject_raw, names)
            names_ = item if concept is None and not subject_raw.strip("，：") else None
            if concept is None and names_ is None:
                continue  # an execution of something the text does not name
            rate = _find_after(ss, s, m.end(), V.COMPLETION_RE)
            word = _compare_word(ss, s, m.end())
            out.append(Execution(s, subject_raw or "/".join(n for n in (item or ()) if n),
                                 concept.key if concept else None, names_, x, y, rate, word))
        for m in V.PART_EXECUTION_RE.finditer(s.text) if "完成" in s.text else ():
            label, concept = _canonical(m["subject"].lstrip("其中："), names)
            if concept is None or concept.key not in ("abroad", "car", "car_purchase", "car_running", "reception"):
                continue
            y = Figure(parse_number(m["y"]), m["yu"], m.start("y"), m.end("yu"), s.span(m.start("y"), m.end("yu")))
            z = Figure(parse_number(m["num"]), "%", m.start("num"), m.end(), s.span(m.start("num"), m.end()))
            out.append(Execution(s, m["subject"], concept.key, None, None, y, (z, s), None))
    return out


def _find_after(ss: tuple[Sentence, ...], s: Sentence, at: int, rx: re.Pattern[str]
                ) -> tuple[Figure, Sentence] | None:
    m = rx.search(s.text, at)
    if m is not None and not V.EXECUTION_RE.search(s.text, at, m.start()):
        return Figure(parse_number(m["num"]), "%", m.start("num"), m.end(), s.span(m.start("num"), m.end())), s
    if s.index + 1 < len(ss):
        t = ss[s.index + 1]
        m = rx.match(t.text)
        if m is not None:
            return Figure(parse_number(m["num"]), "%", m.start("num"), m.end(), t.span(m.start("num"), m.end())), t
    return None


def _compare_word(ss: tuple[Sentence, ...], s: Sentence, at: int) -> tuple[str, Sentence, int, int] | None:
    """The word comparing 决算 with 预算, in the same sentence or in the one or two after it."""
    candidates = [(s, at)]
    for t in ss[s.index + 1:s.index + 3]:
        if t.heading or V.EXECUTION_RE.search(t.text) or V.ITEM_START_RE.match(t.text):
            break
        candidates.append((t, 0))
    for t, start in candidates:
        if t is not s and not (t.text.startswith("决算") or t.text.startswith("完成")):
            continue
        m = V.COMPARE_WORD_RE.search(t.text, start)
        if m is not None:
            word = m["word"] or ("基本持平" if m["flat"] else "持平")
            return word, t, m.start(), m.end()
    return None


# --------------------------------------------------------------------------- 类 / 项 amounts


def _functions(ss: tuple[Sentence, ...]) -> list[FunctionAmount]:
    """Amounts given for a 类 (``一般公共服务支出（类）2106.66万元``) or a 项 named by 款/项 (Jiangsu:
    ``1．法院（款）行政运行（项）支出 11786.92 万元`` under ``（一）公共安全（类）``)."""
    out = []
    current_class: str | None = None
    for s in ss:
        if s.heading:
            current_class = None
            continue
        if s.repeat:
            continue
        if "（类）" not in s.text and "（项）" not in s.text:
            continue
        only_class = V.CLASS_RE.fullmatch(V.ITEM_START_RE.sub("", s.text).rstrip("。"))
        if only_class:
            current_class = only_class["c_name"]
            continue
        scope = section_scope(s.section)
        for f in figures(s):
            if not f.is_amount or _is_delta(s, f):
                continue
            raw = label_before(s, f.start)
            raw = re.sub(r"^(?:[一二三四五六七八九十]+[、.]|（[一二三四五六七八九十\d]{1,3}）|\d{1,2}[、.](?!\d))", "", raw)
            raw = re.sub(r"(?:支出)?(?:预算|决算)?(?:数)?(?:为)?$", "", raw)
            fm = V.FUNCTION_ITEM_RE.fullmatch(raw)
            if fm:
                c_name = fm["c_name"] or current_class
                out.append(FunctionAmount(s, f, (c_name, fm["k_name"], fm["x_name"]), scope))
                continue
            cm = V.CLASS_RE.fullmatch(raw)
            if cm:
                out.append(FunctionAmount(s, f, (cm["c_name"], None, None), scope))
    return out


# --------------------------------------------------------------------------- vehicles


def _vehicles(ss: tuple[Sentence, ...]) -> list[tuple[Sentence, int, list[tuple[str, int]]]]:
    out = []
    for s in ss:
        if "共有车辆" not in s.text:
            continue
        m = V.VEHICLE_TOTAL_RE.search(s.text)
        if m is None:
            continue
        rest = s.text[m.end():]
        if not rest.startswith("，其中"):
            continue
        stop = rest.find("；")
        stop2 = rest.find("。")
        end = min(x for x in (stop, stop2, len(rest)) if x != -1)
        parts = [(p["kind"].removeprefix("其中：").removeprefix("，其中："), int(p["n"]))
                 for p in V.VEHICLE_PART_RE.finditer(rest[:end])]
        if parts:
            out.append((s, int(m["n"]), parts))
    return out


__all__ = ["Change", "Execution", "FunctionAmount", "Parts", "Reading", "Share", "Stated", "read", "sentences"]
