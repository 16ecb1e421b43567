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

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from disclosure import narrative_vocabulary as V
from disclosure.model import Disclosure

#: ASCII punctuation written the Chinese way, so that one pattern matches both.
_TO_CHINESE = {"(": "（", ")": "）", ":": "：", ";": "；", "!": "！", "?": "？"}


@dataclass(frozen=True)
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


def normalise_char(ch: str, before: str, after: str) -> str:
    """One character as the patterns expect it (always one character, so spans stay aligned).

    Full-width digits, letters, ``．`` and ``％`` become ASCII (NFKC); ASCII brackets, colons and
    semicolons become Chinese; an ASCII or Chinese comma stays ``,`` only between digits
    (``2,940.05``) and is ``，`` everywhere else.
    """
    if ch in ",，":
        return "," if before.isdigit() and after.isdigit() and ch == "," else "，"
    if ch in _TO_CHINESE:
        return _TO_CHINESE[ch]
    if "\uff01" <= ch <= "\uff5e" and ch not in "（）：；，！？":
        n = unicodedata.normalize("NFKC", ch)
        return n if len(n) == 1 else ch
    return ch


def normalise(quote: str) -> str:
    """A whitespace-free string normalised character by character (see :func:`normalise_char`)."""
    out = []
    for i, ch in enumerate(quote):
        before = quote[i - 1] if i else ""
        after = quote[i + 1] if i + 1 < len(quote) else ""
        out.append(normalise_char(ch, before, after))
    return "".join(out)


def _squeeze(line: str) -> str:
    return "".join(line.split())


def _is_heading(text: str) -> bool:
    return bool(V.HEADING_RE.match(text)) and not V.FIGURE_RE.search(text)


@lru_cache(maxsize=16)
def split(lines: tuple[tuple[int | None, str], ...]) -> tuple[Sentence, ...]:
    chars: list[str] = []  # the current sentence, printed
    pages: list[int | None] = []
    out: list[Sentence] = []
    section = ""
    ended = False  # the current sentence has ended; it is flushed when the next one starts
    seen: set[str] = set()

    def flush(heading: bool = False) -> None:
        nonlocal section
        quote = "".join(chars).strip()
        if quote:
            text = normalise(quote)
            is_heading = heading or _is_heading(text)
            repeat = len(quote) >= 12 and quote in seen
            seen.add(quote)
            out.append(Sentence(len(out), text, quote, pages[0] if pages else None, is_heading, section, repeat))
            if is_heading:
                section = text
        chars.clear()
        pages.clear()

    for page, raw in lines:
        line = V.LEADER_RE.sub("", raw.strip())
        if not line or V.PAGE_NUMBER_LINE_RE.match(line):
            continue
        squeezed = _squeeze(line)
        norm = normalise(squeezed)
        if out and out[-1].heading and not chars and not ended and len(norm) <= 4 and not any(c.isdigit() for c in norm) \
                and not any(p in norm for p in "，。；："):
            # the end of a heading wrapped onto a line of its own (…部门决算情况 / 说明)
            last = out.pop()
            text = normalise(last.quote + squeezed)
            out.append(Sentence(last.index, text, last.quote + squeezed, last.page, True, last.section, last.repeat))
            section = text
            continue
        starts = bool(V.ITEM_START_RE.match(norm)) or _is_heading(norm)
        if starts or (ended and norm[:1] not in V.SENTENCE_END + V.CLOSERS):
            flush()
            ended = False
        heading_line = _is_heading(norm)
        for ch in squeezed:
            if ended and ch not in V.SENTENCE_END and ch not in V.CLOSERS:
                flush()  # the sentence ended: its last marks (。。 ”) stay with it
            ended = False
            chars.append(ch)
            pages.append(page)
            if ch in V.SENTENCE_END or (ch in V.CLOSERS and len(chars) > 1 and chars[-2] in V.SENTENCE_END):
                ended = True
        if heading_line:
            flush(heading=True)
            ended = False
    flush()
    return tuple(out)


def sentences(doc: Disclosure) -> tuple[Sentence, ...]:
    """The 说明's sentences in printed order (cached per narrative text)."""
    return split(tuple(doc.narrative_lines()))
