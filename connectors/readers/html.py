"""A saved web page holding the disclosure (issue 17, item 4), whatever its name says (``x.pdf``).

Bureaus publish disclosures as web pages, and a submitter saving one gets HTML, often named after
the PDF it stands for.  Read as plain text, its markup sticks to the first words of each line
(``<h3>部门预算收支总表</h3>``), so a table's title is not recognised and the report says the
table is missing although it is there.  Here the page is turned into the text it shows: markup,
scripts and styles dropped, entities resolved, each block (heading, paragraph, list item, line
break) on its own line, each table row on one line with its cells in order, a ``<pre>`` kept as
printed.  That text is then read like any extracted text (:mod:`connectors.readers.text`), so
the layouts, the placement of figures and the warnings are the same.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from disclosure import errors
from disclosure.model import Disclosure

from .encoding import decode

#: Elements whose content is not shown (or not the document's).
HIDDEN = frozenset({"script", "style", "head", "title", "noscript", "template", "svg", "object"})
#: Elements that start a new line.
BLOCKS = frozenset({"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table", "tr",
                    "thead", "tbody", "tfoot", "caption", "section", "article", "header", "footer", "blockquote",
                    "hr", "dt", "dd", "dl", "form", "center", "body", "html", "pre", "nav", "main", "figure"})
CELLS = frozenset({"td", "th"})
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
#: ``&nbsp;`` as web pages use it, for spacing: a plain space.  Between two digits it may be a
#: thousands separator and is left for :mod:`connectors.readers.text.figures` to judge.
_LOOSE_NBSP = re.compile(r"(?<!\d)\u00a0|\u00a0(?!\d)")
#: What marks bytes as an HTML page rather than text (looked for at the start, case-insensitive).
HTML_START_RE = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|table)\b",
                           re.I | re.S)


def looks_like_html(text: str) -> bool:
    """Whether decoded text is an HTML page (it starts with a doctype or an html/head/body tag)."""
    return bool(HTML_START_RE.match(text[:4096]))


class _Text(HTMLParser):
    """Collects the shown text line by line (see the module docstring)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.line: list[str] = []  # pieces of the current line; cells joined by one space
        self.cell: list[str] | None = None
        self.hidden = 0
        self.pre = 0

    def _flush(self) -> None:
        self._end_cell()
        text = _LOOSE_NBSP.sub(" ", " ".join(p for p in self.line if p)).strip()
        if text:
            self.lines.append(text)
        self.line = []

    def _end_cell(self) -> None:
        if self.cell is not None:
            self.line.append(_SPACES.sub(" ", "".join(self.cell)).strip(" \u00a0"))
            self.cell = None

    def _in_cell(self, tag: str) -> bool:
        """A block inside a cell (``<td>事业单位<br>经营收入</td>``) wraps the cell's text, it does
        not end the row: the wrapped parts are joined as a printed cell's lines are."""
        return self.cell is not None and tag not in ("tr", "table", "thead", "tbody", "tfoot")

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in HIDDEN:
            self.hidden += 1
        elif tag in CELLS:
            self._end_cell()
            self.cell = []
        elif tag in BLOCKS and not self._in_cell(tag):
            self._flush()
            if tag == "pre":
                self.pre += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in CELLS:
            self._end_cell()
        elif tag in BLOCKS and not self._in_cell(tag):
            self._flush()
            if tag == "pre":
                self.pre = max(0, self.pre - 1)

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in BLOCKS and not self._in_cell(tag):
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif self.pre:
            *done, last = data.split("\n")
            for piece in done:
                self.line.append(piece.rstrip())
                self._flush()
            self.line.append(last)
        else:
            self.line.append(_SPACES.sub(" ", data).strip(" "))


def html_to_text(html: str) -> str:
    """The text an HTML page shows, one line per block and per table row."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    parser._flush()
    return "\n".join(parser.lines) + "\n"


def read_html(data: bytes, source: str) -> Disclosure:
    """Read a saved web page as the extracted text it shows."""
    from .text import read_extracted

    decoded = decode(data)
    if decoded is None:
        raise errors.wrong_type("无法识别的二进制数据")
    text = html_to_text(decoded.text)
    warnings = decoded.warnings + ["文件是网页（HTML），不是 PDF 或 Excel：已去除网页标记，按网页显示的文字读取，请核对。"]
    del decoded
    doc = read_extracted(text, source, "html", warnings)
    return doc
