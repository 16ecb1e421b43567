"""PDF disclosures with a text layer → canonical tables, from character positions.

Why positions and not extracted text: a disclosure table's meaning is in its columns, and text
extraction loses empty cells and scrambles wrapped cells (``pdftotext -layout`` puts a wrapped
code's other cells on the middle piece's line).  The reader works in stages, one module each:

* :mod:`.lines`: each page upright (rotated pages too), characters → words → lines, and rules;
* :mod:`.header`: a table's header → leaf columns with their printed header stacks;
* :mod:`.body`: body lines → printed rows of cells on the column grid;
* :mod:`.document`: the pages cut into tables and narrative, tables finished by
  :func:`connectors.readers.grid.build_table`, which knows the contract.

Every tolerance is named in :mod:`.settings`.
"""

from __future__ import annotations

from disclosure import errors
from disclosure.model import Disclosure

from .document import read_lines
from .geometry import Line, Segments
from .lines import has_image, read_page


def read_pdf(data: bytes, source: str) -> Disclosure:
    """Read a text PDF disclosure; raise :class:`UnreadableDocument` for anything a submitter must fix."""
    import pypdfium2 as pdfium

    if not data:
        raise errors.empty_file()
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg or "security" in msg:
            raise errors.encrypted() from exc
        raise errors.corrupt() from exc
    try:
        pages: list[list[Line]] = []
        rules: dict[int, Segments] = {}
        images: set[int] = set()
        for i in range(len(pdf)):
            try:
                page = pdf[i]
            except pdfium.PdfiumError as exc:  # a broken page tree: say which page, not a reader error
                raise errors.corrupt_page(i + 1) from exc
            lines, rules[i + 1] = read_page(page, i + 1)
            pages.append(lines)
            if not lines and has_image(page):
                images.add(i + 1)
    finally:
        pdf.close()
    return read_lines(pages, source, rules, images)
