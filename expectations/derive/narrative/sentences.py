"""The 说明 cut into sentences, each knowing its page and the heading it sits under.

Why a module of its own: every narrative check quotes a sentence and names its page, and every
pattern is matched against the same normalised text.  A sentence keeps two texts of the same length,
character for character: ``quote`` as printed (whitespace removed, so wrapped lines and letter-spaced
PDF text re-join: ``本 年 收 入 合 计`` → ``本年收入合计``) and ``text``, normalised for matching
(:func:`normalise`).  A span found in ``text`` is the same span in ``quote``.

Cut where the text ends a sentence (。！？), and before a line that starts a new item or part
(``一、`` ``（二）`` ``3、`` ``第三部分``) or is a heading, so a heading never runs into the sentence
after it.  Lines that are only page numbers are dropped first.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from disclosure.model import Disclosure
from disclosure.vocabulary import narrative as V

#: ASCII punctuation written the Chinese way, so that one pattern matches both.
_TO_CHINESE = {"(": "（", ")": "）", ":": "：", ";": "；", "!": "！", "?": "？"}


@dataclass(eq=False)  # compared by identity; built by the thousand, so no frozen-init cost
class Sentence:
    """One sentence (or heading) of the 说明."""

    index: int
    text: str  # normalised for matching
    quote: str  # as printed, whitespace removed; same length as ``text``
    page: int | None  # the page its first character is printed on
    heading: bool  # a heading line (第三部分…说明, 一、收入决算情况说明), not running text
    section: str  # the last heading above it (normalised), "" before the first
    repeat: bool = False  # the same sentence was printed before (a block printed twice): checked once

    def span(self, start: int, end: int) -> str:
        """The printed text of ``text[start:end]``."""
        return self.quote[start:end]


def _table() -> dict[int, str]:
    """One character for one character: full-width digits, letters, ``．`` ``％`` to ASCII (NFKC);
    ASCII brackets, colons, semicolons, ``!`` ``?`` to Chinese; commas to ``，`` (a comma inside a
    number is put back by :func:`normalise`)."""
    table: dict[int, str] = {}
    for code in range(0xFF01, 0xFF5F):
        ch = chr(code)
        if ch in "（）：；，！？":
            continue
        n = unicodedata.normalize("NFKC", ch)
        if len(n) == 1:
            table[code] = n
    for a, b in _TO_CHINESE.items():
        table[ord(a)] = b
    table[ord(",")] = "，"
    return table


_TABLE = _table()
#: A character :data:`_TABLE` changes (most text has few: each is replaced alone, not the whole text).
_NEEDS = re.compile("[" + re.escape("".join(chr(c) for c in _TABLE)) + "]")


def normalise(quote: str) -> str:
    """A string as the patterns expect it, one character for one (spans stay aligned).

    Full-width digits, letters, ``．`` and ``％`` become ASCII; ASCII brackets, colons and semicolons
    become Chinese; an ASCII comma stays ``,`` only between digits (``2,940.05``); a Chinese comma
    is always ``，``.
    """
    if not _NEEDS.search(quote):
        return quote

    def one(m: re.Match[str]) -> str:
        i = m.start()
        if m.group() == "," and 0 < i < len(quote) - 1 and quote[i - 1].isdigit() and quote[i + 1].isdigit():
            return ","
        return _TABLE[ord(m.group())]

    return _NEEDS.sub(one, quote)


def _is_heading(text: str) -> bool:
    return (len(text) <= 56 and text.rstrip("。").endswith(V.HEADING_ENDINGS) and bool(V.HEADING_RE.match(text))
            and not V.FIGURE_RE.search(text))


#: A sentence's end: its end marks and the closing marks after them (``。”``, ``。。``).
_END_RUN = re.compile(f"[{V.SENTENCE_END}]+[{V.CLOSERS}]*")


_SPACES = re.compile(r"[^\S\n]+")


_ITEM_LINE = re.compile(V.ITEM_START_RE.pattern.replace("^", "(?m)^", 1))
_HEADING_LINE = re.compile("(?m)" + V.HEADING_RE.pattern.replace("[^，。；：！？]", "[^，。；：！？\n]"))
_NEWLINE = re.compile("\n")
_BREAK_PUNCT = frozenset("，。；：,:;")


@lru_cache(maxsize=16)
def split(lines: tuple[tuple[int | None, str], ...]) -> tuple[Sentence, ...]:
    """Sentences from the 说明's (page, line) pairs (see the module docstring).

    The work is done by regular expressions over the whole text (one pass each), not line by line:
    the 说明 of a large disclosure has hundreds of lines and this runs for every upload.  Positions in
    the text (one line per ``\n``) map to the joined text without newlines by counting newlines."""
    text = "\n".join(line for _, line in lines)
    text = V.LEADERS_RE.sub("", V.PAGE_NUMBER_LINES_RE.sub("", _SPACES.sub("", text)))
    newlines = [m.start() for m in _NEWLINE.finditer(text)]
    flat = text.replace("\n", "")
    if not flat:
        return ()
    norm = normalise(text)

    def to_flat(pos: int) -> int:
        return pos - bisect.bisect_left(newlines, pos)

    breaks = {0, len(flat)}
    heading_spans: dict[int, int] = {}  # a heading's start → its end, in ``flat``
    consumed = -1  # the end of a line joined to the heading before it
    for m in _HEADING_LINE.finditer(norm):
        if m.start() < consumed or V.FIGURE_RE.search(m.group()):
            continue
        head_start, end = to_flat(m.start()), m.end()
        nxt = end
        while nxt < len(text) and text[nxt] == "\n":
            nxt += 1
        stop = text.find("\n", nxt)
        follow = text[nxt:stop if stop != -1 else len(text)]
        if follow and len(follow) <= 4 and not any(c.isdigit() or c in _BREAK_PUNCT for c in follow):
            end = consumed = nxt + len(follow)  # the end of a heading wrapped onto a line of its own (…情况 / 说明)
        heading_spans[head_start] = to_flat(end)
        breaks.update((head_start, to_flat(end)))
    for m in _ITEM_LINE.finditer(norm):
        breaks.add(to_flat(m.start()))
    norm_flat = norm.replace("\n", "")
    for m in _END_RUN.finditer(flat):
        breaks.add(m.end())
    pages = [page for page, _ in lines]
    line_starts = [0] + [pos + 1 - i for i, pos in enumerate(newlines, 1)]  # each line's start in ``flat``
    out: list[Sentence] = []
    section = ""
    seen: set[str] = set()
    cuts = sorted(breaks)
    for a, b in zip(cuts, cuts[1:], strict=False):
        quote = flat[a:b]
        body = norm_flat[a:b]
        heading = heading_spans.get(a) == b or _is_heading(body)
        repeat = len(quote) >= 12 and quote in seen
        seen.add(quote)
        page = pages[bisect.bisect_right(line_starts, a) - 1]  # ties: empty lines give way to the next
        out.append(Sentence(len(out), body, quote, page, heading, section, repeat))
        if heading:
            section = body
    return tuple(out)


@dataclass(frozen=True)
class Joined:
    """All sentences' texts in one string (``\x00`` between two), to search the whole 说明 with one call
    of a pattern instead of one per sentence."""

    sentences: tuple[Sentence, ...]
    text: str
    starts: tuple[int, ...]

    def find(self, rx: re.Pattern[str], *, skip_repeats: bool = True) -> list[tuple[Sentence, re.Match[str], int]]:
        """(sentence, match, offset of the sentence in the text) for every match inside one sentence."""
        out = []
        for m in rx.finditer(self.text):
            if "\x00" in m.group():
                continue
            i = bisect.bisect_right(self.starts, m.start()) - 1
            s = self.sentences[i]
            if skip_repeats and s.repeat:
                continue
            out.append((s, m, self.starts[i]))
        return out


@lru_cache(maxsize=16)
def joined(ss: tuple[Sentence, ...]) -> Joined:
    starts, at = [], 0
    for s in ss:
        starts.append(at)
        at += len(s.text) + 1
    return Joined(ss, "\x00".join(s.text for s in ss), tuple(starts))


class DocMemo:
    """One value per live document, recomputed when its 说明 changes: every narrative rule asks for the
    same sentences and statements, and building the key of an ``lru_cache`` (the 说明 line by line)
    costs as much as a small rule.  Held by weak reference: a document gone takes its entry along."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[weakref.ref, tuple, Any]] = {}

    def clear(self) -> None:
        self._memo.clear()

    def get(self, doc: Disclosure, stamp: tuple, make: Callable[[], Any]) -> Any:
        key = id(doc)
        hit = self._memo.get(key)
        if hit is not None and hit[0]() is doc and len(hit[1]) == len(stamp) \
                and all(a is b or a == b for a, b in zip(hit[1], stamp, strict=True)):
            return hit[2]
        value = make()
        memo = self._memo
        self._memo[key] = (weakref.ref(doc, lambda _ref: memo.pop(key, None)), stamp, value)
        return value


def narrative_stamp(doc: Disclosure) -> tuple:
    """What the sentences depend on: the narrative text and its pages (by identity, cheap)."""
    return (doc.narrative, doc.narrative_pages, len(doc.narrative_pages))


_SENTENCES = DocMemo()


def sentences(doc: Disclosure) -> tuple[Sentence, ...]:
    """The 说明's sentences in printed order (cached per document and per narrative text)."""
    return _SENTENCES.get(doc, narrative_stamp(doc), lambda: split(tuple(doc.narrative_lines())))
