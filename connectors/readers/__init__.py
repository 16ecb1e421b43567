"""Document readers: bytes of an upload → :class:`disclosure.model.Disclosure`.

One entry point, :func:`read_document`; the format is recognised from the content (:mod:`.sniff`)
and read by the reader registered for it in :data:`READERS` (PDF, workbook, text layouts).  Every
failure is a :class:`disclosure.errors.UnreadableDocument` with a sentence a submitter can act on.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from disclosure import errors
from disclosure.model import Disclosure
from disclosure.vocabulary import PART_NARRATIVE, PART_PERFORMANCE

from . import limits
from .sniff import sniff


def _pdf(data: bytes, source: str, fmt: str) -> Disclosure:
    from .pdf import read_pdf

    return read_pdf(data, source)


def _workbook(data: bytes, source: str, fmt: str) -> Disclosure:
    from .xlsx import read_workbook

    return read_workbook(data, source, fmt)


def _pages_json(data: bytes, source: str, fmt: str) -> Disclosure:
    from .text import read_pages_json

    return read_pages_json(data, source)


def _text(data: bytes, source: str, fmt: str) -> Disclosure:
    from .text import read_text

    return read_text(data, source)


def _html(data: bytes, source: str, fmt: str) -> Disclosure:
    from .html import read_html

    return read_html(data, source)


#: Format (as :func:`.sniff.sniff` names it) → reader.  A new format is one entry here.
READERS: dict[str, Callable[[bytes, str, str], Disclosure]] = {
    "pdf": _pdf,
    "xlsx": _workbook,
    "xls": _workbook,
    "pages_json": _pages_json,
    "html": _html,
    "text": _text,
}


def read_document(data: bytes, source: str) -> Disclosure:
    """Read one disclosure from its bytes.  ``source`` is only recorded (and used in messages)."""
    limits.check_size(len(data))
    fmt = sniff(data)
    limits.check_document(data, fmt)  # before the heavy parse: size, pages, sheets, cells, inflated bytes
    try:
        doc = READERS[fmt](data, source, fmt)
    except errors.UnreadableDocument:
        raise
    except Exception as exc:  # a reader bug must still give the submitter a report, not a traceback
        raise errors.UnreadableDocument(
            f"读取文件时出错（{type(exc).__name__}），系统无法自动识别其中的表格，请检查文件是否完整，"
            "或联系财政局审核人员。",
            reason="reader_error",
        ) from exc
    doc.format = doc.format or fmt
    if not doc.tables and doc.part not in (PART_NARRATIVE, PART_PERFORMANCE):
        raise errors.not_disclosure()
    return doc


def read_path(path: str | os.PathLike[str]) -> Disclosure:
    """Read a local file (its path, as text, is the disclosure's source)."""
    with open(path, "rb") as fh:
        return read_document(fh.read(), os.fspath(path))
