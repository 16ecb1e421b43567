"""The lines of every page → the disclosure: tables, narrative, department, warnings.

Layout rules, in short:

* A **title** is a line :func:`disclosure.tables.classify_title` accepts, not on a
  table-of-contents page.  Titles of non-contract tables (项目经费情况说明, 绩效目标表) end the
  table before them.
* The **header** is the lines between the title (and its ``编制部门：… 单位：元`` line) and the
  first line with a number (in a template printed without figures: the first code row, with a
  bare 合计 just above it, or the first numbered item ``一、…``); see :mod:`.header`.
* A page that starts with body rows **continues** the previous table (header repeated or not).
* ``注：…`` / ``说明：…`` lines after a table are its note; everything outside tables is narrative.
* A table whose codes and amounts cannot be matched (a scrambled text layer) is not passed on as
  read: it is named in ``warnings``, as is every budget table not found (as the table of contents
  names it, when the contents list it but the body never prints its title: a table left out).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from disclosure import errors
from disclosure.amounts import is_amount, normalise
from disclosure.model import Disclosure, Table
from disclosure.tables import (
    ALL_TABLE_SPECS,
    BUDGET_TABLE_KEYS,
    CODED_TABLE_KEYS,
    ONE_LINE_KEYS,
    TABLE_SPECS,
    classify_title,
    detect_unit,
    normalise_header,
)
from disclosure.vocabulary import (
    CODE_LENGTHS,
    CODE_PART_HEADERS,
    CONTINUED_RE,
    HEADER_QUALIFIER_RE,
    NOTE_RE,
    ORDINAL_ITEM_RE,
    OTHER_TABLE_TITLE_RE,
    PART_HEADING_RE,
    PART_NARRATIVE,
    PART_PERFORMANCE,
    PERFORMANCE_TITLE_RE,
    PREPARER_LINE_RE,
    TABLE_LABEL_RE,
    TEXT_HEADER_RE,
    TOC_HEADING_RE,
    TOTAL_ROW_RE,
)

from ..filing import Filed, file_table
from ..grid import build_table
from ..meta import read_meta, read_part
from .body import body_start, fits, grid
from .coverage import account
from .geometry import Line, Segments
from .header import Column, columns_from_header
from .lattice import lattice_columns
from .settings import SETTINGS, PdfSettings

_TOC_LEADER_RE = re.compile(r"[.…·．—\-\d]*$")  # dot leaders and the page number after a contents entry


@dataclass
class _Open:
    """A table being read: its title, header lines, body lines and note, as the pages go by."""

    key: str
    title: str
    page: int
    unit: str | None = None
    header: list[Line] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    note: list[str] = field(default_factory=list)
    columns: list[Column] | None = None
    in_note: bool = False
    note_x0: float = 0.0
    last_bottom: float = 0.0
    page_of_note: int = 0
    body_page: int = 0
    preparer: Line | None = None  # the 编制部门/部门名称/单位 line above the header
    #: lines that fit this table's columns with figures, read as narrative right after it ended on a
    #: line that did not fit: the table was cut short (its rest is not in it)
    rows_after: int = 0
    #: its title was printed again at the top of a page: the repeated header lines come next
    continuing: bool = False


def _is_title_line(line: Line) -> str | None:
    text = line.text
    if "…" in text or "..." in text or len(line.words) > 6:
        return None
    return classify_title(text)


def _is_contents_heading(line: Line) -> bool:
    """``目录`` / ``报表目录`` on a line of its own (a header cell 采购目录 among others is not one)."""
    return len(line.words) <= 2 and bool(TOC_HEADING_RE.match(line.text.replace(" ", "")))


def _continues_contents(lines: list[Line]) -> bool:
    """A page after the contents that goes on listing parts and tables (no figures before the next
    part heading, no unit line under a title): the table of contents continued, not tables.  A
    table's page (``表1`` / its title / ``单位：元`` / its header) is not one, though its label and
    title both end in 表."""
    head = lines[:6]
    if any(any(is_amount(w.text) and "." in w.text for w in line.words) for line in head):
        return False
    if any(detect_unit(line.text) for line in head):
        return False
    entries = sum(1 for line in head if PART_HEADING_RE.match(line.text.replace(" ", ""))
                  or (not _is_label(line) and _TOC_LEADER_RE.sub("", line.text.replace(" ", "")).endswith("表")))
    return entries >= 2


def _is_label(line: Line) -> bool:
    """``公开 01 表`` / ``公开表一`` on a line of its own: a table's label, not a row or a header."""
    return bool(TABLE_LABEL_RE.match(line.text.replace(" ", "")))


#: A printed amount (143.75, 1,234): a line holding one is a table row, never part of a title.
_FIGURE_RE = re.compile(r"\d\.\d|\d,\d{3}")


def _row_like(line: Line) -> bool:
    """A line printed like a table row: two or more figures as tables print them (131.50, 1,234), no
    sentence punctuation (a 说明 sentence citing 2017 and 28849.38 is not a row)."""
    figures = [w for w in line.words if is_amount(w.text) and _FIGURE_RE.search(w.text)]
    return len(figures) >= 2 and not any(ch in line.text for ch in "，。；：、;")


def join_split_lines(lines: list[Line], s: PdfSettings = SETTINGS) -> list[Line]:
    """Repair lines the baselines cut apart: quote marks set a little higher than their title
    (``“三公”`` on a baseline of their own), and a title wrapped onto a second line
    (``…会议费、培训费支出预`` / ``算表``): joined when together they make a title and apart they do not."""
    out: list[Line] = []
    for line in lines:
        if out and all(ch in "“”\"'‘’「」" for ch in line.text.replace(" ", "")) \
                and abs(line.cy - out[-1].cy) < s.same_line_quotes * line.height:
            out[-1] = Line(sorted(out[-1].words + line.words, key=lambda w: w.x0), line.page)
            continue
        out.append(line)
    joined: list[Line] = []
    i = 0
    while i < len(out):
        line = out[i]
        if joined and _is_title_line(joined[-1]) and HEADER_QUALIFIER_RE.fullmatch(line.text.replace(" ", "")) \
                and line.top - joined[-1].bottom < s.title_wrap_gap * 2 * line.height:
            # the title's qualifier on a line of its own (（按支出功能分类科目-不含上年结转）): part of the title
            joined[-1] = Line(joined[-1].words + line.words, line.page)
            i += 1
            continue
        if i + 1 < len(out) and _is_title_line(line) is None and len(line.words) <= 6 \
                and not _FIGURE_RE.search(line.text):  # a row of figures is no title's first half
            nxt = out[i + 1]
            gap = nxt.top - line.bottom
            if gap < s.title_wrap_gap * line.height and len(nxt.words) <= 2 and classify_title(line.text + nxt.text):
                joined.append(Line(line.words + nxt.words, line.page))
                i += 2
                continue
        joined.append(line)
        i += 1
    return joined


def _is_other_table_title(line: Line) -> bool:
    """项目经费情况说明, 绩效目标表 …: a table that is not a contract table (it ends the one before)."""
    text = line.text.replace(" ", "")
    core = HEADER_QUALIFIER_RE.sub("", text)  # 项目支出绩效目标表（含转移支付项目）
    return (len(line.words) <= 3 and len(text) < 40 and bool(OTHER_TABLE_TITLE_RE.search(text))
            and core.endswith(("表", "说明")) and not ORDINAL_ITEM_RE.match(text) and not text.startswith("详见"))


class _Assembler:
    """Walks the lines of every page once, cutting them into tables and narrative."""

    def __init__(self, doc: Disclosure, segments: dict[int, Segments], s: PdfSettings) -> None:
        self.doc = doc
        self.segments = segments
        self.s = s
        self.narrative: list[str] = []
        self.narrative_pages: list[int] = []
        self.tables: list[_Open] = []
        self.current: _Open | None = None
        self.toc_titles: dict[str, str] = {}  # contract key → the title as the table of contents lists it
        self.toc_before = False  # the page before was (part of) the table of contents
        self.page_start = True
        self.cut: tuple[_Open, int] | None = None  # a table that ended on a line it could not place, lines left to watch
        self.stray: list[Line] = []  # lines printed like table rows that went to the narrative
        #: under the title of a table of words (绩效目标表): its rows are that table's, read as text
        self.in_text_table = False

    def close(self) -> None:
        if self.current is not None:
            self.tables.append(self.current)
        self.current = None

    def to_narrative(self, line: Line) -> None:
        self.narrative.append(line.text)
        self.narrative_pages.append(line.page)
        if _row_like(line) and not self.in_text_table:
            self.stray.append(line)
        cut = self.cut
        if cut is not None:  # the few lines after a table that ended on a line it could not place
            table, left = cut
            if _row_like(line) and fits(line, table.columns or [], self.s):
                table.rows_after += 1
            self.cut = (table, left - 1) if left > 1 else None

    def cut_short(self, line: Line) -> None:
        """The open table ends on ``line``, which does not fit it: watch the next lines."""
        table = self.current
        self.close()
        self.to_narrative(line)
        self.cut = (table, self.s.cut_watch) if table is not None else None

    def page(self, lines: list[Line]) -> None:
        lines = join_split_lines(lines, self.s)
        toc = any(_is_contents_heading(line) for line in lines[:3]) or (
            self.toc_before and _continues_contents(lines))
        self.toc_before = toc
        self.page_start = True
        for line in lines:
            if toc:  # contents entries name tables, they do not start them
                _note_toc_title(line, self.toc_titles)
                self.in_table(line)
            else:
                self.line(line)

    def line(self, line: Line) -> None:
        if _is_label(line):
            if self.current is None or self.current.columns is not None:
                self.close()  # the label of the next table: the one before has ended
            return
        key = _is_title_line(line)
        if key is None and _is_other_table_title(line):
            self.close()
            self.in_text_table = True
            self.to_narrative(line)
            title = line.text.replace(" ", "")
            self.doc.other_tables[title] = Table(key=title, title=title, columns=[], page=line.page)
            self.page_start = False
        elif key:
            title = line.text.replace(" ", "")
            previous = self.current or (self.tables[-1] if self.tables else None)
            if previous is not None and self.page_start and _continues(previous, key, title, line.page):
                # the title printed again at the top of the next page: the same table goes on
                if previous is not self.current:
                    self.tables.remove(previous)
                    self.current = previous
                previous.continuing = True
                return
            self.close()
            self.cut = None
            self.in_text_table = False
            self.current = _Open(key, title, line.page)
            self.page_start = False
        else:
            self.in_table(line)

    def in_table(self, line: Line) -> None:
        if self.current is None:
            self.on_outside(line)
        elif self.current.in_note:
            self.on_note(line, self.current)
        elif NOTE_RE.match(line.text):
            self.start_note(line, self.current)
        elif self.current.columns is None:
            self.on_header(line, self.current)
            self.page_start = False
        else:
            self.on_body(line, self.current)

    def on_outside(self, line: Line) -> None:
        self.to_narrative(line)

    def start_note(self, line: Line, t: _Open) -> None:
        t.in_note = True
        t.page_of_note = line.page
        t.note_x0 = line.words[0].x0
        t.note.append(line.text.replace(" ", ""))
        t.last_bottom = line.bottom

    def on_note(self, line: Line, t: _Open) -> None:
        """A note's wrapped line, another note, or the end of the table."""
        if line.page == t.page_of_note and line.words[0].x0 <= t.note_x0 + self.s.note_indent \
                and line.top - t.last_bottom < self.s.note_line_gap * line.height:
            t.note[-1] += line.text.replace(" ", "")
            t.last_bottom = line.bottom
        elif NOTE_RE.match(line.text):
            t.note.append(line.text.replace(" ", ""))
            t.last_bottom = line.bottom
        else:
            self.close()
            self.to_narrative(line)

    def on_header(self, line: Line, t: _Open) -> None:
        """Lines before the first body line: the preparer line, then the header."""
        text = line.text
        if PREPARER_LINE_RE.search(text) or "预算年度" in text:  # 编制部门：… 单位：元 (not a header)
            t.unit = t.unit or detect_unit(text)
            t.preparer = t.preparer or line
            return
        if t.preparer is not None and not t.header and len(line.words) == 1 \
                and abs(line.x0 - t.preparer.x0) <= line.words[0].em \
                and line.top - t.preparer.bottom < 3 * line.height and not TEXT_HEADER_RE.search(text):
            return  # the department's name wrapped under 部门名称： (``江苏省人大`` / ``常委会办公厅``)
        parts = [w for w in line.words if w.text in CODE_PART_HEADERS]
        if parts and len(parts) < len(line.words) and any(is_amount(w.text) for w in line.words):
            # 类/款/项 sharing a baseline with the first row's shifted numbers: split them apart
            t.header.append(Line(parts, line.page))
            line = Line([w for w in line.words if w not in parts], line.page)
        t.header.append(line)
        start = body_start(t.header)
        if start is not None:
            _start_body(t, start, self.segments, self.s)

    def inside_ruling(self, line: Line, t: _Open) -> bool:
        """A ruled table's rows lie between its cell borders: a line no vertical border of the table
        passes (a note printed without 注, the narrative after the table) is not a row, whatever its
        words."""
        if not t.columns or not t.columns[0].exact or line.page not in self.segments:
            return True
        left, right, reach = t.columns[0].x0, t.columns[-1].x1, self.s.cell_slack
        return any(left - reach <= x <= right + reach and y0 - reach <= line.cy <= y1 + reach
                   for x, y0, y1 in self.segments[line.page].grid.v)

    def on_body(self, line: Line, t: _Open) -> None:
        assert t.columns is not None
        if t.continuing and line.page != t.body_page:
            # under a repeated title: its preparer line and header are printed again, then the rows
            if PREPARER_LINE_RE.search(line.text) or "预算年度" in line.text or _is_repeated_header(line, t) \
                    or not any(is_amount(w.text) for w in line.words) and not fits(line, t.columns, self.s):
                return
            t.continuing = False
            t.body_page = line.page
            self.page_start = False
        if not self.inside_ruling(line, t):
            self.cut_short(line)
            return
        if self.page_start and line.page != t.body_page:
            # A new page: a repeated header is skipped, body rows continue, anything else ends it.
            if _is_repeated_header(line, t):
                return
            if not fits(line, t.columns, self.s):
                self.close()
                self.to_narrative(line)
                self.page_start = False
                return
            t.body_page = line.page
        self.page_start = False
        if fits(line, t.columns, self.s):
            t.body.append(line)
        else:
            self.cut_short(line)


def read_lines(pages: list[list[Line]], source: str, rules: dict[int, Segments] | None = None,
               images: set[int] | None = None, s: PdfSettings = SETTINGS) -> Disclosure:
    """Lines of every page → the disclosure.  ``images``: pages with no text but a picture (scans)."""
    if not pages:
        raise errors.corrupt()
    empty = sorted(images or ())  # a blank page is no loss; a page that is only a picture is
    if all(not p for p in pages):
        raise errors.scanned(empty[0] if empty else 1)
    pages = drop_running_heads(pages, s)
    full_text = "\n".join(line.text for p in pages for line in p)
    doc = Disclosure(source=source, format="pdf", pages=len(pages))
    doc.department = read_meta(full_text)
    cut = _Assembler(doc, rules or {}, s)
    for page_lines in pages:
        cut.page(page_lines)
    cut.close()
    doc.contents = list(cut.toc_titles)
    doc.narrative = "\n".join(cut.narrative)
    doc.narrative_pages = list(cut.narrative_pages)
    warnings = doc.warnings
    kept: dict[int, tuple[Table, list[Line]]] = {}  # id of the table kept → (table, its body lines)
    stray = list(cut.stray)
    for t in cut.tables:
        table = _finish(t, doc, rules or {}, warnings, s)
        if table is None:
            stray.extend(t.body)
            continue
        first = doc.shelf(table.key).get(table.key)
        filed = file_table(doc, table)
        if filed is Filed.DUPLICATE:
            assert first is not None
            warnings.append(f"第{t.page}页又出现“{t.title}”，与第{first.page}页的表同类，只保留第一张。")
            stray.extend(t.body)
            continue
        if filed is Filed.REPLACED and first is not None:
            kept.pop(id(first), None)
        kept[id(table)] = (table, t.body)
    doc.coverage = [c.to_dict() for c in account(list(kept.values()), stray)]
    if empty and doc.tables:
        if len(empty) > len(pages) / 2:
            raise errors.scanned(empty[0])
        warnings.append("第" + "、".join(str(n) for n in empty) + "页没有文字层（可能是扫描页或空白页），"
                        "其中的内容未能读取，请人工核对。")
    doc.part = read_part(full_text, bool(doc.tables), doc.narrative)
    if not doc.tables:
        if empty:
            raise errors.scanned(empty[0])
        if doc.part != PART_NARRATIVE and any(PERFORMANCE_TITLE_RE.search(t) for t in doc.other_tables):
            # only the 绩效目标表: a published part of the disclosure, with no figures to add up
            doc.part = PART_PERFORMANCE
            warnings.append(f"本文件只有{_name_of(doc)}的绩效目标表，没有预算收支表格：其中的绩效目标和指标不作金额核对，"
                            "预算表应在同一部门同一年度的公开文件中，请一并上传。")
            return doc
        if doc.part != PART_NARRATIVE:
            raise errors.not_disclosure()
        warnings.append(f"本文件只有{_name_of(doc)}的说明部分，没有预算表；预算表应在同一部门同一年度的表格文件中，"
                        "请一并上传，表中数字将与说明相互核对。")
        return doc
    warnings.extend(_missing_tables(doc, cut.tables, cut.toc_titles))
    if not any(isinstance(v, Decimal) for t in doc.tables.values() for r in t.rows for v in r.values()):
        warnings.append("所有表格都没有填列金额，这似乎是空白模板；请上传填好数据的公开文件。")
    if doc.department.unit is None:
        units = [t.unit for t in doc.tables.values()]
        doc.department.unit = max(set(units), key=units.count) if units else None
    return doc


def drop_running_heads(pages: list[list[Line]], s: PdfSettings = SETTINGS) -> list[list[Line]]:
    """Lines printed at the top (or foot) of many pages alike (``苏州市XX局 2026 年度部门预算公开``): page
    furniture, not a line of the page's content.  Left in, a running head is the first line of every
    continuation page, and a table would end at each page break.  Never a title or a row of figures."""
    counts: dict[str, int] = {}
    for lines in pages:
        for line in {id(x): x for x in (lines[:1] + lines[-1:])}.values():
            text = line.text.replace(" ", "")
            counts[text] = counts.get(text, 0) + 1
    heads = {text for text, n in counts.items()
             if n >= s.running_head_pages and not _FIGURE_RE.search(text) and classify_title(text) is None
             and sum(c.isalpha() for c in text) >= s.running_head_letters
             and not _is_label_text(text) and not OTHER_TABLE_TITLE_RE.search(text)}
    if not heads:
        return pages
    out = []
    for lines in pages:
        edges = {id(x) for x in (lines[:1] + lines[-1:])}
        out.append([x for x in lines if not (id(x) in edges and x.text.replace(" ", "") in heads)])
    return out


def _is_label_text(text: str) -> bool:
    return bool(TABLE_LABEL_RE.match(text))


def _name_of(doc: Disclosure) -> str:
    d = doc.department
    return "".join(str(x) for x in (d.name or "", f"{d.year}年" if d.year else "", d.kind or "")) or "本部门"


def _note_toc_title(line: Line, toc_titles: dict[str, str]) -> None:
    """A table-of-contents entry (``三、支出决算表 …… 12``) that names a contract table."""
    text = _TOC_LEADER_RE.sub("", line.text.replace(" ", ""))
    key = classify_title(text)
    if key and key not in toc_titles:
        toc_titles[key] = text


def _missing_tables(doc: Disclosure, tables: list[_Open], toc_titles: dict[str, str]) -> list[str]:
    """Warnings for budget tables not read, worded for the submitter.

    A table the contents list names but the body never prints (no title line at all) is most
    likely left out of the document: say so with the title as the document itself calls it.  A
    table whose title was found but could not be read already has its own warning.
    """
    out: list[str] = []
    seen = {t.key for t in tables}
    absent = [k for k in BUDGET_TABLE_KEYS if k not in doc.tables and k not in seen]
    listed = [k for k in absent if k in toc_titles]
    if listed:
        out.append("目录列有" + "、".join(f"“{toc_titles[k]}”" for k in listed)
                   + "，但正文中找不到该表的表题，可能漏印了该表，请补充后重新上传。")
    unlisted = [TABLE_SPECS[k].label for k in absent if k not in toc_titles]
    if unlisted:
        out.append("未能读出以下表格：" + "、".join(unlisted) + "（未找到表题或版式不能识别）。")
    return out


def _header_columns(header: list[Line], first_body: Line, segments: dict[int, Segments],
                    s: PdfSettings) -> list[Column]:
    """Columns from the cell borders where the header is ruled on one page, else from the header's text."""
    if header and all(line.page == first_body.page for line in header) and first_body.page in segments:
        ruled = lattice_columns(header, segments[first_body.page], first_body.top, s)
        if ruled is not None:
            return ruled
    return columns_from_header(header, s) if header else []


def _start_body(t: _Open, start: int, segments: dict[int, Segments], s: PdfSettings) -> None:
    """The header is the lines before ``start``; lines just above it that are name pieces go to the body."""
    lines = t.header
    k = start
    while k > 1:
        prev, cur = lines[k - 1], lines[k]
        gap_down = cur.cy - prev.cy
        gap_up = prev.cy - lines[k - 2].cy
        if t.key not in ONE_LINE_KEYS and gap_down < gap_up and gap_down < s.name_above_gap * cur.height \
                and not any(is_amount(w.text) or w.text in CODE_PART_HEADERS for w in prev.words):
            k -= 1
        else:
            break
    header, body = lines[:k], lines[k:]
    t.header = header
    t.columns = _header_columns(header, body[0], segments, s)
    if t.columns and k < start:
        # the moved lines must be text in a text column, else they were header after all
        if not all(fits(line, t.columns, s) for line in body[: start - k]):
            header, body = lines[:start], lines[start:]
            t.header = header
            t.columns = _header_columns(header, body[0], segments, s)
    t.body = body
    t.body_page = body[0].page


def _continues(t: _Open, key: str, title: str, page: int) -> bool:
    """A title at the top of a page that is the title of the table read up to the page before
    (printed again, or marked （续）): that table goes on, it is not a second table of its kind."""
    if t.key != key or t.columns is None or not t.body:
        return False
    last = max(line.page for line in t.body)
    same = _same_title(CONTINUED_RE.sub("", title), CONTINUED_RE.sub("", t.title)) or bool(CONTINUED_RE.search(title))
    return same and last < page <= last + 1


def _same_title(a: str, b: str) -> bool:
    """The same title, one of them perhaps with its table label run into it (``表5`` + ``2022年…``:
    the label joined on the first page, dropped as furniture on the next)."""
    if a == b:
        return True
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return bool(shorter) and longer.endswith(shorter) and _is_label_text(longer[: len(longer) - len(shorter)])


def _is_repeated_header(line: Line, t: _Open) -> bool:
    words = {normalise_header(w.text) for w in line.words}
    known = {normalise_header(w.text) for h in t.header for w in h.words}
    return bool(words) and words <= known and not any(is_amount(w.text) for w in line.words)


def _finish(t: _Open, doc: Disclosure, rules: dict[int, Segments], warnings: list[str],
            s: PdfSettings) -> Table | None:
    unit = t.unit or doc.department.unit or "元"
    note = "\n".join(t.note) if t.note else None
    if t.columns is None:
        # No body line with numbers: an empty table (header, maybe a bare 合计 row, and a note).
        # A 合计 that starts the last header line, left of every other word, is that bare row.
        body: list[Line] = []
        if t.header:
            last = t.header[-1]
            first = min(last.words, key=lambda w: w.x0)
            if TOTAL_ROW_RE.match(normalise(first.text)) and len(t.header) > 1:
                body = [Line([first], last.page)]
                rest = [w for w in last.words if w is not first]
                t.header = t.header[:-1] + ([Line(rest, last.page)] if rest else [])
        t.columns = columns_from_header(t.header, s) if t.header else []
        t.body = body
    if not t.columns:
        warnings.append(f"第{t.page}页“{t.title}”未能识别表头（栏目），未读出，请人工核对。")
        return _unread(t, unit, "未能识别表头（栏目），表中数字未读出")
    header_rows, body_rows, joined = grid(t.columns, t.body, rules, t.key, s)
    own: list[str] = []  # this table's warnings, kept only if the table is
    try:
        table = build_table(t.key, t.title, header_rows, body_rows, unit, page=t.page, warnings=own, note=note,
                            joined=joined)
    except Exception as exc:  # one unreadable table must not hide the others
        warnings.append(f"第{t.page}页“{t.title}”未能读出（{type(exc).__name__}），请人工核对。")
        return _unread(t, unit, f"读取时出错（{type(exc).__name__}），表中数字未读出")
    if t.rows_after >= s.cut_rows:
        table.problems.append(f"表格读到第{len(table.rows)}行后中断，其后仍有{t.rows_after}行数字未能读入表内")
        warnings.append(f"第{t.page}页“{t.title}”读到第{len(table.rows)}行后中断，其后的行未能读入，请人工核对。")
    problem = _implausible(table)
    if problem:
        warnings.append(f"第{t.page}页“{t.title}”{problem}，可能是PDF文字层错位，未能可靠读出，请人工核对"
                        "或上传由原始表格直接导出的PDF。")
        return _unread(t, unit, f"{problem}（PDF文字层可能错位），表中数字未读出")
    warnings.extend(own)
    return table


def _unread(t: _Open, unit: str, problem: str) -> Table:
    """A table whose title was found but whose figures could not be read: kept, empty, with its
    problem, so the report names it (a table read in part is not a table missing)."""
    return Table(key=t.key, title=t.title, columns=list(ALL_TABLE_SPECS[t.key].columns), unit=unit, page=t.page,
                 problems=[problem])


def _implausible(table: Table) -> str | None:
    """Why a read table cannot be trusted (codes that are not codes, amounts with no row), else None.

    A few odd codes are kept and warned about (a printing defect the rules report); when a quarter
    of the rows are broken, the text layer is scrambled and the table is not passed on as read.
    """
    if not table.rows or table.key not in CODED_TABLE_KEYS:
        return None
    broken = 0
    for r in table.rows:
        code, name = r.get("code"), r.get("name")
        if code is not None and len(code) not in CODE_LENGTHS:
            broken += 1
        elif code is None and not name and any(isinstance(v, Decimal) for v in r.values()):
            broken += 1
    if len(table.rows) >= 4 and broken * 4 > len(table.rows):
        return f"有{broken}行科目编码或金额无法对应（共{len(table.rows)}行）"
    return None
