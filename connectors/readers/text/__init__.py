"""Extracted-text uploads: plain text (``read_text``) and page-text JSON (``read_pages_json``).

Neither carries cell positions, so blanks between figures are lost; each layout
(:mod:`connectors.readers.text.layouts`) cuts its text into raw records, the figures are placed by
the printed arithmetic (:mod:`connectors.readers.text.build`), and every inference is named in
``warnings``.
"""

from __future__ import annotations

from disclosure import errors
from disclosure.model import Disclosure

from ..encoding import decode
from .figures import repair_figures
from .layouts import layout_for
from .layouts.shanghai_pages import load_pages_json


def read_text(data: bytes, source: str) -> Disclosure:
    """Plain extracted text, pages separated by form feeds (as ``pdftotext`` writes them)."""
    decoded = decode(data)
    if decoded is None:
        raise errors.wrong_type("无法识别的二进制数据")
    warnings = decoded.warnings
    text = decoded.text
    del decoded
    return read_extracted(text, source, "text", warnings)


def read_extracted(text: str, source: str, fmt: str, warnings: list[str] | None = None) -> Disclosure:
    """Extracted text already decoded (a text file, the text a web page shows): figures with
    invisible characters repaired, pages cut at form feeds, read by the layout that knows it."""
    text, said = repair_figures(text)
    pages = list(enumerate(text.split("\f"), start=1))
    del text  # held once, as pages (a large text must not be held several times)
    return _read(pages, source, fmt, (warnings or []) + said)


def read_pages_json(data: bytes, source: str) -> Disclosure:
    """Page text without positions (``[{"page": 1, "text": "…"}, …]``)."""
    pages, warnings = [], []
    for number, text in load_pages_json(data):
        text, said = repair_figures(text, f"第 {number} 页")
        pages.append((number, text))
        warnings += said
    return _read(pages, source, "pages_json", warnings)


def _read(pages: list[tuple[int, str]], source: str, fmt: str, warnings: list[str] | None = None) -> Disclosure:
    layout = layout_for(pages)
    if layout is None:
        raise errors.not_disclosure("文本中没有“部门预算收支总表”等表格标题及其下方的“单位：万元/元”行")
    doc = layout.read(pages, source, fmt)
    doc.warnings.extend(warnings or [])
    return doc
