"""The parts of a disclosure's text (封面, 目录, 主要职能 … 项目经费情况说明), found in its 说明.

The reader gives the 说明 line by line with the page of each line
(:meth:`disclosure.model.Disclosure.narrative_lines`).  A part starts at its heading (words in
:mod:`disclosure.vocabulary.sections`) and runs to the next part's heading.  The table of contents
lists the parts too; its lines are the 目录's own, never headings: the 目录 runs from its heading
over the next pages until a page opens with a part's heading.  What comes before the 目录 (or the
first heading) on the first page is the cover.

Used by the completeness rules (a part present and not empty) and by the bureau's checklist (which
row a finding about a sentence belongs to).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from disclosure.vocabulary.narrative import LEADERS_RE
from disclosure.vocabulary.sections import (
    CONTENTS,
    COVER,
    HEADING_MAX,
    HEADING_NUMBER_RE,
    HEADING_WRAP_MAX,
    NOT_PROJECTS_RE,
    PROJECTS,
    SECTION_HEADINGS,
    SENTENCE_MARKS_RE,
    TABLES,
)


@dataclass(frozen=True)
class Section:
    """One part of the text: its key, its heading as printed, and its lines ``[start, end)`` of the
    narrative with their pages."""

    key: str
    heading: str
    start: int
    end: int
    pages: tuple[int | None, ...]
    body: tuple[str, ...]  # the lines after the heading (the heading's wrapped tail included)

    @property
    def page(self) -> int | None:
        return self.pages[0] if self.pages else None

    @property
    def text(self) -> str:
        """What the part says, without whitespace (empty when only its heading is printed)."""
        return "".join("".join(line.split()) for line in self.body)


@dataclass(frozen=True)
class Outline:
    """The parts of one disclosure's text in printed order, and what its table of contents lists."""

    sections: tuple[Section, ...]
    listed: frozenset[str]  # part keys the 目录 lists
    lines: tuple[tuple[int | None, str], ...]

    def first(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def all(self, key: str) -> list[Section]:
        return [s for s in self.sections if s.key == key]

    def at_line(self, index: int) -> Section | None:
        return next((s for s in self.sections if s.start <= index < s.end), None)

    def at_page(self, page: int | None) -> Section | None:
        """The part printed on ``page`` (its first line there); a page without text belongs to the
        part before it (a blank page after the 目录 is the 目录's)."""
        if page is None:
            return None
        best = None
        for s in self.sections:
            if page in s.pages:
                return s
            known = [p for p in s.pages if p is not None]
            if known and min(known) < page:
                best = s
        return best

    def at_quote(self, quote: str | None, page: int | None = None) -> Section | None:
        """The part holding a quoted sentence (whitespace removed), else the part on ``page``."""
        if quote:
            squeezed, owner = [], []
            for i, (_, line) in enumerate(self.lines):
                flat = "".join(line.split())
                squeezed.append(flat)
                owner.extend([i] * len(flat))
            at = "".join(squeezed).find("".join(quote.split()))
            if at >= 0:
                found = self.at_line(owner[at])
                if found is not None:
                    return found
        return self.at_page(page)


def heading_key(text: str) -> str | None:
    """The part a line opens, when it is a heading (short, no sentence marks), else None."""
    flat = LEADERS_RE.sub("", "".join(text.split()))
    if not flat or len(flat) > HEADING_MAX or SENTENCE_MARKS_RE.search(flat):
        return None
    bare = HEADING_NUMBER_RE.sub("", flat)
    for key, pattern in SECTION_HEADINGS:
        if pattern.search(flat) or (bare != flat and pattern.search(bare)):
            if key == PROJECTS and NOT_PROJECTS_RE.search(flat):
                continue
            return key
    return None


def _heading_at(lines: list[tuple[int | None, str]], i: int) -> tuple[str | None, int]:
    """(key, lines the heading takes) at line ``i``: one line, or two when it wrapped (``…决算情况`` / ``说明``)."""
    key = heading_key(lines[i][1])
    if key is not None:
        return key, 1
    if i + 1 < len(lines) and lines[i + 1][0] == lines[i][0]:
        tail = "".join(lines[i + 1][1].split())
        if 0 < len(tail) <= HEADING_WRAP_MAX:
            key = heading_key(lines[i][1] + tail)
            if key is not None:
                return key, 2
    return None, 1


#: A contents entry is short and has no sentence marks; a line with them longer than this is prose.
PROSE_MIN = 15


def _prose(text: str) -> bool:
    """A line of running text (sentence marks, or longer than a contents entry): no contents entry."""
    flat = "".join(text.split())
    return bool(SENTENCE_MARKS_RE.search(flat)) and len(flat) > PROSE_MIN


def outline_of_lines(lines: list[tuple[int | None, str]]) -> Outline:
    """The parts of a text given line by line with pages (see the module's docstring)."""
    marks: list[tuple[int, str, int]] = []  # (line index, key, heading lines)
    listed: set[str] = set()
    in_contents = False
    contents_pages: set[int | None] = set()
    repeated: int | None = None  # in the contents, the first heading listed a second time: the body's start
    i = 0
    while i < len(lines):
        page, text = lines[i]
        key, span = _heading_at(lines, i)
        if in_contents:
            new_page = page not in contents_pages and (i == 0 or lines[i - 1][0] != page)
            if new_page and key is not None and key != CONTENTS:
                in_contents = False  # a page opening with a part's heading: the body has begun
            elif _prose(text):
                in_contents = False  # running text: the body began at the first heading listed again
                if repeated is not None:
                    i = repeated
                    continue
            else:
                if new_page:
                    contents_pages.add(page)
                if key is not None:
                    if key in listed and key != TABLES and repeated is None:
                        repeated = i
                    listed.add(key)
                i += 1
                continue
        if key == CONTENTS:
            in_contents = True
            contents_pages = {page}
            repeated = None
        if key is not None:
            marks.append((i, key, span))
        i += span
    sections: list[Section] = []
    first = marks[0][0] if marks else len(lines)
    if first > 0:
        sections.append(_section(lines, COVER, "", 0, first, 0))
    for n, (start, key, span) in enumerate(marks):
        end = marks[n + 1][0] if n + 1 < len(marks) else len(lines)
        heading = "".join("".join(lines[j][1].split()) for j in range(start, start + span))
        sections.append(_section(lines, key, heading, start, end, span))
    return Outline(tuple(sections), frozenset(listed), tuple(lines))


def _section(lines: list[tuple[int | None, str]], key: str, heading: str, start: int, end: int,
             span: int) -> Section:
    return Section(key=key, heading=heading, start=start, end=end,
                   pages=tuple(p for p, _ in lines[start:end]),
                   body=tuple(text for _, text in lines[start + span:end]))


@lru_cache(maxsize=8)
def _cached(text: str, pages: tuple[int | None, ...]) -> Outline:
    lines = text.split("\n") if text else []
    page_list = list(pages) if len(pages) == len(lines) else [None] * len(lines)
    return outline_of_lines(list(zip(page_list, lines, strict=True)))


def outline(doc: Any) -> Outline:
    """The parts of ``doc``'s 说明 (a :class:`disclosure.model.Disclosure`); computed once per text."""
    return _cached(doc.narrative or "", tuple(doc.narrative_pages or ()))
