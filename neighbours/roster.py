"""Which budget units a department's consolidated disclosure covers, as its 说明 states it.

A 部门 disclosure is the sum of its 单位 disclosures only when every unit it covers is known.  The
说明 says which they are, in one of two printed forms:

* a count and a numbered list: ``…部门预算是包括区司法局本部以及下属1家预算单位的综合收支计划。
  … 具体包括：1. 普陀区司法局本部 2. 普陀区法律援助中心`` (a listed body that ``不单列预算`` /
  ``并入本部`` has no budget of its own and is not a unit);
* a count and a list in one sentence: ``纳入本部门2019年度部门汇总预算编制范围的预算单位共2家，
  具体包括：江苏省高级人民法院机关（本级）、徐州铁路运输法院。``

The roster is only returned when the count and the list agree; otherwise the department's units
are not known for sure and nothing is compared against them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from disclosure.model import Disclosure
from disclosure.vocabulary import (
    CHINESE_DIGITS,
    NOT_A_UNIT_RE,
    OWN_AND_MORE_RE,
    OWN_UNIT_RE,
    ROSTER_LIST_START_RE,
    ROSTER_SCOPE_RE,
    ROSTER_SECTION_END_RE,
)

_ITEM_RE = re.compile(r"^\s*(\d+)\s*[.．、]\s*(.+)$")


@dataclass(frozen=True)
class Unit:
    """One budget unit of the roster: its name as the 说明 prints it; ``own`` for the body itself
    (``…本部`` / ``…机关（本级）``), whose 单位 disclosure carries the department's own name."""

    name: str
    own: bool


@dataclass(frozen=True)
class Roster:
    units: tuple[Unit, ...]
    page: int | None
    sentence: str


def _count(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + CHINESE_DIGITS[text[1]]
    if len(text) == 2 and text[1] == "十":
        return CHINESE_DIGITS[text[0]] * 10
    if len(text) == 3 and text[1] == "十":
        return CHINESE_DIGITS[text[0]] * 10 + CHINESE_DIGITS[text[2]]
    return CHINESE_DIGITS.get(text, -1)


def _unit(text: str) -> Unit | None:
    name = re.sub(r"[。；;，,\s]+$", "", re.sub(r"\s+", "", text))
    name = re.sub(r"^下属(?:事业|行政|预算)?单位", "", name)
    if not name or NOT_A_UNIT_RE.search(name):
        return None
    name = re.split(r"[，,]", name)[0]  # 1. 商务委本部，上海市普陀区商务委员会机关设9个内设机构…
    return Unit(name=name, own=bool(OWN_UNIT_RE.search(name)))


def _numbered(lines: list[tuple[int | None, str]], start: int) -> list[str]:
    """The numbered items after ``具体包括：``, wrapped lines joined, up to the next section."""
    items: list[str] = []
    head = ROSTER_LIST_START_RE.split(lines[start][1], maxsplit=1)
    tail = head[1] if len(head) > 1 else ""
    stream = ([tail] if tail.strip() else []) + [text for _, text in lines[start + 1:start + 40]]
    for text in stream:
        if ROSTER_SECTION_END_RE.match(text) and items:
            break
        m = _ITEM_RE.match(text)
        if m and int(m.group(1)) == len(items) + 1:
            items.append(m.group(2))
        elif items and text.strip() and not m:
            items[-1] += text.strip()
        elif not items and text.strip() and not m:
            break
    return items


def read_roster(doc: Disclosure) -> Roster | None:
    """The units the department's disclosure covers, or None when the 说明 does not say for sure."""
    lines = doc.narrative_lines()
    pieces = [re.sub(r"\s+", "", text) for _, text in lines]
    joined = "".join(pieces)
    m = ROSTER_SCOPE_RE.search(joined)
    if m:
        units = [u for u in (_unit(t) for t in re.split(r"[、；;]", m.group("list"))) if u]
        if len(units) == _count(m.group(1)) and units:
            return Roster(tuple(units), _page_at(lines, pieces, m.start()), m.group(0))
        return None
    for i, (page, text) in enumerate(lines):
        m = OWN_AND_MORE_RE.search(re.sub(r"\s+", "", text))
        if not m:
            continue
        stated = 1 + _count(m.group(2))
        for j in range(i, min(i + 4, len(lines))):
            if ROSTER_LIST_START_RE.search(lines[j][1]):
                listed = _numbered(lines, j)
                break
        else:
            return None
        merged = sum(1 for t in listed if NOT_A_UNIT_RE.search(t))
        units = [u for u in (_unit(t) for t in listed) if u]
        if len(listed) != stated or len(units) != stated - merged or not units:
            return None
        return Roster(tuple(units), page, re.sub(r"\s+", "", text))
    return None


def _page_at(lines: list[tuple[int | None, str]], pieces: list[str], offset: int) -> int | None:
    """The page of the line holding character ``offset`` of the joined narrative."""
    for (page, _), piece in zip(lines, pieces, strict=True):
        if offset < len(piece):
            return page
        offset -= len(piece)
    return None
