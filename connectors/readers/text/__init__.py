"""Extracted-text uploads: plain text (``read_text``) and page-text JSON (``read_pages_json``).

Neither carries cell positions, so blanks between figures are lost; each layout
(:mod:`connectors.readers.text.layouts`) cuts its text into raw records, the figures are placed by
the printed arithmetic (:mod:`connectors.readers.text.build`), and every inference is named in
``warnings``.
"""

from __future__ import annotations

from disclosure import errors
from disclosure.model import Disclosure

from ..sniff import decode_text
from .layouts import layout_for
from .layouts.shanghai_pages import load_pages_json


def read_text(data: bytes, source: str) -> Disclosure:
    """Plain extracted text, pages separated by form feeds (as ``pdftotext`` writes them)."""
    text = decode_text(data)
    if text is None:
        raise errors.wrong_type("无法识别的二进制数据")
    return _read(list(enumerate(text.split("\f"), start=1)), source, "text")


def read_pages_json(data: bytes, source: str) -> Disclosure:
    """Page text without positions (``[{"page": 1, "text": "…"}, …]``)."""
    return _read(load_pages_json(data), source, "pages_json")


def _read(pages: list[tuple[int, str]], source: str, fmt: str) -> Disclosure:
    layout = layout_for(pages)
    if layout is None:
        raise errors.not_disclosure("文本中没有“部门预算收支总表”等表格标题及其下方的“单位：万元/元”行")
    return layout.read(pages, source, fmt)
