"""Document readers: bytes of an upload → :class:`disclosure.model.Disclosure`.

One entry point, :func:`read_document`; the format is recognised from the content.  Every
failure is a :class:`disclosure.errors.UnreadableDocument` with a sentence a submitter can act on.
"""

from __future__ import annotations

from disclosure import errors
from disclosure.model import Disclosure

from . import limits
from .sniff import sniff


def read_document(data: bytes, source: str) -> Disclosure:
    """Read one disclosure from its bytes.  ``source`` is only recorded (and used in messages)."""
    limits.check_size(len(data))
    fmt = sniff(data)
    limits.check_document(data, fmt)  # before the heavy parse: size, pages, sheets, cells, inflated bytes
    try:
        if fmt == "pdf":
            from .pdf import read_pdf

            doc = read_pdf(data, source)
        elif fmt in ("xlsx", "xls"):
            from .xlsx import read_workbook

            doc = read_workbook(data, source, fmt)
        elif fmt == "pages_json":
            from .text import read_pages_json

            doc = read_pages_json(data, source)
        else:
            from .text import read_text

            doc = read_text(data, source)
    except errors.UnreadableDocument:
        raise
    except Exception as exc:  # a reader bug must still give the submitter a report, not a traceback
        raise errors.UnreadableDocument(
            f"读取文件时出错（{type(exc).__name__}），系统无法自动识别其中的表格，请检查文件是否完整，"
            "或联系财政局审核人员。",
            reason="reader_error",
        ) from exc
    doc.format = doc.format or fmt
    if not doc.tables:
        raise errors.not_disclosure()
    return doc


def read_path(path: str) -> Disclosure:
    """Read a local file."""
    with open(path, "rb") as fh:
        return read_document(fh.read(), path)
