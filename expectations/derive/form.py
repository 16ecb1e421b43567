"""What the bureau's review checklist asks that the figures do not (issue 18): the parts of the text
are there and not empty, the 目录 and the tables agree, no page is blank, the text displays, quotes
and brackets pair, no sentence stops short.

All warnings: each rests on reading the text layer, where a heading printed as an image or a
paragraph wrapped oddly could mislead.  Findings about the text carry the page and, where there is
one, the sentence (``quote``), so the review page marks it and the checklist files it under its row.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

from disclosure.model import Disclosure
from disclosure.sections import Outline, Section, heading_key, outline
from disclosure.tables import BUDGET_TABLE_KEYS, TABLE_SPECS, normalise_header, title_core
from disclosure.vocabulary import PART_NARRATIVE
from disclosure.vocabulary.cells import PART_TABLES
from disclosure.vocabulary.narrative import ITEM_START_RE, PAGE_NUMBER_LINES_RE
from disclosure.vocabulary.sections import (
    BRACKET_PAIRS,
    CONTENTS,
    COVER,
    ITEM_HEADING_MAX,
    NOT_SHORT_END,
    OPTIONAL_SECTIONS,
    PARAGRAPH_END_RE,
    PREDICATE_RE,
    SECTION_LABELS,
    SECTIONS_REQUIRED_IN,
    SENTENCE_MARKS_RE,
    STOPS_SHORT_RE,
    TABLES,
    UNDISPLAYABLE_CHARS,
)
from expectations.frames import Check, flag_check

NARRATIVE = "narrative"
#: A part holding fewer characters than this (its heading aside) is printed empty.
MIN_SECTION_TEXT = 10
#: Lines repeated at the top of the next page: at least this many, of at least this many characters.
REPEAT_LINES, REPEAT_CHARS = 2, 8
#: At most this many findings of one kind per document (a scrambled font makes every line odd).
MAX_FINDINGS = 20
#: Parts whose text is not prose (the cover, the 目录, the tables' part): no sentence rules there.
NOT_PROSE = frozenset({COVER, CONTENTS, TABLES})


def _fact(rule: str, ok: bool, message: str, *, column: str, page: int | None = None, quote: str | None = "",
          table: str = NARRATIVE, subject: str = "", row: int | None = None) -> Check:
    """A yes/no fact about the text: a ``quote`` (possibly empty) gives the finding its page."""
    c = flag_check(rule, ok=ok, table=table, row=row, column=column, subject=subject, message=message)
    if quote is not None:
        c.page, c.quote = page, quote
    return c


def _label(doc: Disclosure, key: str) -> str:
    return SECTION_LABELS["决算" if doc.department.kind == "决算" else "预算"].get(key, key)


def _has_text(doc: Disclosure) -> bool:
    """A document with a 说明 to look at (a tables-only file or workbook has none)."""
    return doc.part != PART_TABLES and bool((doc.narrative or "").strip())


# ------------------------------------------------------------------ the parts are there


def _template_asks_every_part(doc: Disclosure) -> bool:
    """Whether the publisher's template prints every part the checklist asks for (Shanghai's does);
    elsewhere a part is asked for only where the document's own 目录 lists it."""
    return (doc.department.name or "").startswith(SECTIONS_REQUIRED_IN)


def section_present(doc: Disclosure, rule: Any) -> list[Check]:
    """The part ``rule.params["section"]`` is printed and holds text.  其他相关说明 and 项目经费情况说明
    (预算绩效管理情况 in a 决算) are asked for only where the document's own 目录 lists them (a 单位预算
    prints no 项目经费; Guangzhou's template no 其他相关说明)."""
    if not _has_text(doc):
        return []
    key = rule.params["section"]
    o = outline(doc)
    if not any(s.key not in (COVER,) for s in o.sections):
        return []  # no part recognised at all: not a text whose parts can be told apart
    label = _label(doc, key)
    found = o.all(key)
    if not found:
        if (key in OPTIONAL_SECTIONS or not _template_asks_every_part(doc)) and key not in o.listed:
            return [_fact(rule.id, True, "", column=key, subject=f"{label}（目录未列）")]
        listed = "目录列有该部分，但" if key in o.listed else ""
        return [_fact(rule.id, False, f"{listed}未找到“{label}”部分，请补充", column=key, subject=label)]
    best = max(found, key=lambda s: len(s.text))
    ok = len(best.text) >= MIN_SECTION_TEXT
    return [_fact(rule.id, ok, f"第{best.page}页“{best.heading}”下没有内容，请补充{label}", column=key,
                  page=best.page, quote=best.heading, subject=label)]


# ------------------------------------------------------------------ 目录 and tables agree


def contents_listed(doc: Disclosure, rule: Any) -> list[Check]:
    """Each table the 目录 lists is printed."""
    if doc.part == PART_NARRATIVE or not doc.contents:
        return []
    return [flag_check(rule.id, ok=key in doc.tables, table=key, subject=TABLE_SPECS[key].label,
                       message=f"目录列有《{TABLE_SPECS[key].label}》，但正文中未找到该表")
            for key in doc.contents if key in TABLE_SPECS]


def contents_unlisted(doc: Disclosure, rule: Any) -> list[Check]:
    """Each standard table printed is listed in the 目录 (when the document has one)."""
    if doc.part == PART_NARRATIVE or not doc.contents:
        return []
    listed = set(doc.contents)
    printed = [key for key in BUDGET_TABLE_KEYS if key in doc.tables]
    if len(listed & set(printed)) * 2 < len(printed):
        return []  # the 目录 names the tables as one entry (部门预算表) or was read in part: nothing to compare
    o = outline(doc)
    contents = o.first(CONTENTS)
    # an entry wrapped over two lines of the 目录 (…会议费、培训费支 / 出预算表) is listed all the same
    joined = normalise_header(contents.text) if contents else ""
    listed |= {key for key in printed if title_core(doc.tables[key].title or "") in joined}
    return [_fact(rule.id, key in listed, f"第{doc.tables[key].page or '?'}页《{doc.tables[key].title or TABLE_SPECS[key].label}》"
                  "已刊印，但目录中未列出", column="contents", table=key, subject=TABLE_SPECS[key].label,
                  page=contents.page if contents else None, quote=None)
            for key in BUDGET_TABLE_KEYS if key in doc.tables]


def blank_pages(doc: Disclosure, rule: Any) -> list[Check]:
    """No page is left blank: a PDF page without text, table or figure right after a page of text
    (the sifaju 2026 部门预算's page after its 目录).  A page after a table's page is not judged: it
    may carry the table over (a text-only table such as a 绩效目标表 holds no figures)."""
    if doc.format != "pdf" or not doc.pages:
        return []
    text_pages = {p for p in doc.narrative_pages if p is not None}
    table_pages = {t.page for t in doc.all_tables() if t.page is not None}
    table_pages |= {c.get("page") for c in doc.coverage if c.get("page") is not None}
    content = text_pages | table_pages
    if not text_pages:
        return []
    o = outline(doc)
    out = []
    for page in range(1, doc.pages + 1):
        if page in content:
            continue
        before = max((p for p in content if p < page), default=None)
        if before is None or before not in text_pages or before in table_pages:
            continue
        if not any(p > page for p in content):
            continue  # a blank page at the end: nothing follows it, the document reads the same
        part = o.at_page(before)
        where = f"（{_label(doc, part.key)}之后）" if part is not None and part.key != COVER else ""
        out.append(_fact(rule.id, False, f"第{page}页为空白页{where}，建议删除", column="pages", page=page,
                         subject=f"第{page}页"))
    return out[:MAX_FINDINGS] or [_fact(rule.id, True, "", column="pages", subject="空白页")]


# ------------------------------------------------------------------ text that does not display


def _odd(ch: str) -> bool:
    return ch in UNDISPLAYABLE_CHARS or unicodedata.category(ch) in ("Co", "Cn")


def _odd_chars(text: str) -> list[str]:
    return sorted({f"U+{ord(ch):04X}" for ch in text if _odd(ch)})


def _lines_by_page(doc: Disclosure) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for page, line in doc.narrative_lines():
        flat = "".join(line.split())
        if page is not None and flat and not PAGE_NUMBER_LINES_RE.fullmatch(flat):
            out.setdefault(page, []).append(flat)
    return out


def text_displays(doc: Disclosure, rule: Any) -> list[Check]:
    """Text that a reader of the published file does not see: characters the text layer cannot show
    (U+FFFD, private-use and unassigned code points: glyphs the font maps to no character), in the
    说明 and in table cells; and a page whose text layer runs past its bottom edge: the next page's
    text (up to its next part) is all there already, so the lines between show on neither page in
    full (the sifaju 2026 部门预算's 主要职能, page 4)."""
    out: list[Check] = []
    o = outline(doc)
    for page, line in doc.narrative_lines():
        odd = _odd_chars(line)
        if odd and len(out) < MAX_FINDINGS:
            part = o.at_quote("".join(line.split()), page)
            where = _label(doc, part.key) if part is not None else "说明"
            flat = "".join(line.split())
            out.append(_fact(rule.id, False, f"第{page}页{where}中有不能正常显示的字符（{'、'.join(odd)}），"
                             f"原文：“{flat[:40]}”", column="characters", page=page, quote=flat,
                             subject=where))
    for table in doc.all_tables():
        texts = [table.title, *table.column_titles.values()]
        for row in table.rows:
            texts += [v for v in row.values() if isinstance(v, str)]
        odd = sorted({c for t in texts if t for c in _odd_chars(t)})
        if odd and len(out) < MAX_FINDINGS:
            out.append(_fact(rule.id, False, f"第{table.page or '?'}页《{table.title}》中有不能正常显示的字符"
                             f"（{'、'.join(odd)}）", column="characters", table=table.key, quote=None,
                             subject=table.title))
    by_page = _lines_by_page(doc)
    for page in sorted(by_page):
        nxt = by_page.get(page + 1)
        if not nxt:
            continue
        here = set(by_page[page])
        same_part = []
        for line in nxt:
            if heading_key(line):
                break
            same_part.append(line)
        run = 0
        for line in same_part:
            if line in here and (len(line) >= REPEAT_CHARS or run):
                run += 1
            else:
                break
        # the whole of the next page's text (up to its next part) is already on this page: this page's
        # text layer runs past its bottom edge.  A repeat followed by new text is a clipped copy at the
        # top of the next page, which shows nothing twice (and loses nothing).
        if run >= REPEAT_LINES and run == len(same_part):
            first = nxt[0]
            part = o.at_quote(first, page)
            where = _label(doc, part.key) if part is not None else "说明"
            out.append(_fact(rule.id, False, f"第{page}页{where}的文字排到了页面以外：第{page + 1}页开头{run}行"
                             f"（“{first[:24]}…”）在第{page}页已出现，第{page}页底部可能有文字被截断、未正常显示，请核对",
                             column="overflow", page=page, quote=first, subject=where))
    if not out and (doc.narrative or doc.tables):
        out.append(_fact(rule.id, True, "", column="characters", subject="文字显示"))
    return out


# ------------------------------------------------------------------ paragraphs of prose


def _item_heading(text: str) -> bool:
    """A numbered line without sentence marks, short: an item's heading (``六、年度预算安排``)."""
    return bool(ITEM_START_RE.match(text)) and len(text) <= ITEM_HEADING_MAX and not SENTENCE_MARKS_RE.search(text)


Paragraph = tuple[int | None, str, tuple[tuple[int, int | None], ...]]


def page_at(paragraph: Paragraph, offset: int) -> int | None:
    """The page of the line holding character ``offset`` of a paragraph."""
    page = paragraph[0]
    for start, p in paragraph[2]:
        if start > offset:
            break
        page = p
    return page


def _prose(o: Outline) -> Iterable[tuple[Section, list[Paragraph]]]:
    """Each part of prose with its paragraphs (see :func:`_paragraphs`)."""
    for s in o.sections:
        if s.key not in NOT_PROSE:
            lines = [(p, "".join(t.split())) for p, t in o.lines[s.start:s.end]]
            yield s, _paragraphs([(p, t) for p, t in lines if t and not PAGE_NUMBER_LINES_RE.fullmatch(t)])


def _paragraphs(lines: list[tuple[int | None, str]]) -> list[Paragraph]:
    """(page of the first line, text without whitespace, where each line starts) of each paragraph.
    A paragraph ends at a line ending a sentence (no bracket left open), before a numbered item or a
    heading, and at the part's end; a heading is a paragraph of its own, marked with a leading NUL
    (never judged as a sentence)."""
    paragraphs: list[Paragraph] = []
    current: list[str] = []
    starts: list[tuple[int, int | None]] = []
    page: int | None = None
    for n, (p, t) in enumerate(lines):
        heading = bool(heading_key(t)) or _item_heading(t) or n == 0
        if current and (ITEM_START_RE.match(t) or heading):
            paragraphs.append((page, "".join(current), tuple(starts)))
            current, starts = [], []
        if not current:
            page = p
        starts.append((sum(len(c) for c in current), p))
        current.append(t)
        follows = lines[n + 1][1][0] if n + 1 < len(lines) else ""
        ends = PARAGRAPH_END_RE.search(t) and follows not in "。，；、”’）" and not _open("".join(current))
        if heading or ends:
            paragraphs.append((page, ("\x00" if heading else "") + "".join(current), tuple(starts)))
            current, starts = [], []
    if current:
        paragraphs.append((page, "".join(current), tuple(starts)))
    return paragraphs


def _sentences(text: str) -> list[str]:
    """A paragraph cut after each 。！？ (a closing quote or bracket right after stays with it)."""
    out, start, i = [], 0, 0
    while i < len(text):
        if text[i] in "。！？":
            j = i + 1
            while j < len(text) and text[j] in "”’）)":
                j += 1
            out.append(text[start:j])
            start = i = j
            continue
        i += 1
    if start < len(text):
        out.append(text[start:])
    return out


def _open(text: str) -> bool:
    """A bracket or quote opened in ``text`` and not closed yet (a sentence inside it ended)."""
    return any(sum(text.count(c) for c in opens) > sum(text.count(c) for c in closes)
               for opens, closes, _ in BRACKET_PAIRS)


def _unbalanced(text: str) -> list[str]:
    """The pairs (双引号, 括号 …) that do not close in order in ``text``."""
    bad = []
    for opens, closes, name in BRACKET_PAIRS:
        depth = 0
        for ch in text:
            if ch in opens:
                depth += 1
            elif ch in closes:
                depth -= 1
                if depth < 0:
                    break
        if depth != 0:
            bad.append(name)
    return bad


def brackets_pair(doc: Disclosure, rule: Any) -> list[Check]:
    """Quotes, brackets and book-title marks open and close in order within each paragraph of the
    说明 (a quote may hold several sentences: a paragraph that balances is fine)."""
    if not _has_text(doc):
        return []
    out: list[Check] = []
    for section, paragraphs in _prose(outline(doc)):
        for para in paragraphs:
            text = para[1].lstrip("\x00")
            shift = len(para[1]) - len(text)
            bad = _unbalanced(text)
            if not bad:
                continue
            at = 0
            sentence = text
            for piece in _sentences(text):
                if _unbalanced(piece) or _open(piece):
                    sentence = piece
                    break
                at += len(piece)
            page = page_at(para, at + shift)
            where = _label(doc, section.key)
            out.append(_fact(rule.id, False, f"第{page}页{where}：“{_excerpt(sentence)}”中{'、'.join(bad)}不成对",
                             column=section.key, page=page, quote=sentence, subject=where))
    return out[:MAX_FINDINGS] or [_fact(rule.id, True, "", column="brackets", subject="引号括号")]


def _excerpt(sentence: str, width: int = 60) -> str:
    """The sentence, or its part around the first bracket when it is long."""
    if len(sentence) <= width:
        return sentence
    marks = [i for i, ch in enumerate(sentence) if any(ch in o or ch in c for o, c, _ in BRACKET_PAIRS)]
    start = max(0, (marks[0] if marks else 0) - 20)
    return ("…" if start else "") + sentence[start:start + width] + "…"


def sentences_complete(doc: Disclosure, rule: Any) -> list[Check]:
    """No sentence stops short: none ends right after words that need what follows (``用于。``,
    ``包括：。``, ``，。``), and no paragraph saying something (原因是, 增加, 持平 …) ends without its
    full stop before the next item or heading."""
    if not _has_text(doc):
        return []
    out: list[Check] = []
    for section, paragraphs in _prose(outline(doc)):
        where = _label(doc, section.key)
        for para in paragraphs:
            text = para[1]
            if text.startswith("\x00"):
                continue  # a heading
            at = 0
            for sentence in _sentences(text):
                m = STOPS_SHORT_RE.search(sentence)
                if m:
                    page = page_at(para, at)
                    out.append(_fact(rule.id, False, f"第{page}页{where}：“{sentence[-60:]}”句子不完整，"
                                     f"“{m.group(0)}”前缺少内容", column=section.key, page=page, quote=sentence,
                                     subject=where))
                at += len(sentence)
            if text[-1] in NOT_SHORT_END:
                continue
            tail = _sentences(text)[-1]
            clause = tail.rsplit("：", 1)[-1]
            if len(clause) >= 6 and PREDICATE_RE.search(clause) and not heading_key(clause):
                page = page_at(para, len(text) - len(clause))
                out.append(_fact(rule.id, False, f"第{page}页{where}：“{clause[-40:]}”后缺少句号", column=section.key,
                                 page=page, quote=clause, subject=where))
    return out[:MAX_FINDINGS] or [_fact(rule.id, True, "", column="sentences", subject="句子完整")]
