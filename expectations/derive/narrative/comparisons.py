"""What the 说明 says about last year: ``X比上年（预算）增加 D 万元，增长 Y%``, ``与上年持平``.

Unlike :class:`.statements.Change` (a change checked against this year's figure alone, which needs
both D and Y), a comparison here is kept with whatever it prints, D, Y or "持平", because last year's
disclosure supplies the figure it was compared with (``neighbour.last_year``).  Only comparisons
whose base is a figure last year's disclosure of the same kind prints are kept: ``比上年预算`` in a
预算, ``比上年决算`` in a 决算, or ``与上年相比`` (the same kind, as every template means it);
``预算执行数`` (printed nowhere) and a year other than the year before are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from disclosure.model import Disclosure
from disclosure.vocabulary import narrative as V
from disclosure.vocabulary.narrative import FLAT_PHRASE_RE, FLAT_RE, REASON_STOPS, TEMPLATE_ZERO_RE

from .figures import Figure, parse_number
from .sentences import DocMemo, Sentence, narrative_stamp
from .statements import _canonical, _change_subject, read


@dataclass(frozen=True)
class Comparison:
    """A figure of this year compared with last year's, as the 说明 prints it."""

    sentence: Sentence
    subject: str  # what is compared, as the text names it
    current: Figure | None  # this year's figure as printed beside it
    concept: str | None  # what the label names (a table cell in both years' disclosures)
    scope: str | None
    column_hint: str | None
    delta: Figure | None  # the change as printed (增加/减少 D 万元)
    delta_up: bool | None
    rate: Figure | None  # the change in per cent
    rate_up: bool | None
    flat: bool  # 持平 / 相等 / 一致: no change

    @property
    def signed_delta(self):
        return None if self.delta is None else (self.delta.value if self.delta_up else -self.delta.value)


def _base_ok(text: str, year_group: str | None, doc: Disclosure) -> bool:
    """The comparison's base is last year's figure of the same kind as this disclosure."""
    if year_group and doc.department.year and int(year_group) != doc.department.year - 1:
        return False
    if "执行" in text:
        return False
    kind = doc.department.kind
    if "预算" in text and kind == "决算":
        return False
    return not ("决算" in text and kind == "预算")


_MEMO = DocMemo()


def comparisons(doc: Disclosure) -> list[Comparison]:
    """Every comparison with last year the 说明 prints with a figure or "持平" (read once per document)."""
    stamp = (*narrative_stamp(doc), doc.department.name, doc.department.year, doc.department.kind)
    return list(_MEMO.get(doc, stamp, lambda: tuple(_read(doc))))


def _read(doc: Disclosure) -> list[Comparison]:
    reading = read(doc)
    names = tuple(n for n in (doc.department.name,) if n)
    kind = doc.department.kind
    out: list[Comparison] = []
    for s in reading.sentences:
        if s.heading or s.repeat:
            continue
        found = [(m, m["y1"] or m["y2"]) for m in V.COMPARISON_RE.finditer(s.text)]
        found += [(m, m["y"]) for m in FLAT_PHRASE_RE.finditer(s.text)
                  if not any(c.start() <= m.start() < c.end() for c, _ in found)]
        found.sort(key=lambda f: f[0].start())
        for i, (m, year) in enumerate(found):
            if not _base_ok(m.group(0) + s.text[m.end():m.end() + 6], year, doc):
                continue
            end = found[i + 1][0].start() if i + 1 < len(found) else len(s.text)
            for stop in REASON_STOPS:
                k = s.text.find(stop, m.end())
                if k != -1:
                    end = min(end, k)
            window = s.text[m.end():end]
            flat = m.re is FLAT_PHRASE_RE or bool(FLAT_RE.match(window) or TEMPLATE_ZERO_RE.match(window))
            delta_m = None if flat else V.DELTA_RE.search(window)
            if delta_m is not None and delta_m.start() > 24:
                delta_m = None
            rate_m = None if flat else V.RATE_RE.search(window, delta_m.end() if delta_m else 0)
            if rate_m is not None and rate_m.start() - (delta_m.end() if delta_m else 0) > (6 if delta_m else 24):
                rate_m = None
            if not flat and delta_m is None and rate_m is None:
                continue
            subject, current, concept, scope, hint = _change_subject(
                s, m, delta_m.start() if delta_m else (rate_m.start() if rate_m else 0), reading, names, kind,
                reading.sentences)
            if concept is None and subject:
                # ``…一般公共预算拨款安排的会议费预算支出``: the label is what follows the last 的
                for raw in dict.fromkeys((subject, subject.rsplit("的", 1)[-1])):
                    _, c = _canonical(raw, names)
                    if c is not None:
                        concept, scope = c.key, c.scope
                        break
            base = m.end()

            def fig(match: re.Match[str] | None, unit: str | None = None, *, _base: int = base,
                    _s: Sentence = s) -> Figure | None:
                if match is None:
                    return None
                return Figure(parse_number(match["num"]), unit or match["unit"], _base + match.start("num"),
                              _base + match.end(), _s.span(_base + match.start("num"), _base + match.end()))

            out.append(Comparison(
                s, subject, current, concept, scope, hint,
                fig(delta_m), None if delta_m is None else delta_m["dir"] in V.UP_WORDS,
                fig(rate_m, "%"), None if rate_m is None else rate_m["dir"] in V.UP_WORDS, flat))
    return out

