"""Extracted text uploads: Hebei-layout text (``read_text``) and page-text JSON (``read_pages_json``).

Both carry no cell positions, so blanks between figures are lost; the figures are placed by the
printed arithmetic (:mod:`connectors.readers.text_build`) and every inference is named in
``warnings``.
"""

from __future__ import annotations

import re

from disclosure import errors
from disclosure.model import Department, Disclosure

from .sniff import decode_text
from .text_build import build
from .text_hebei import split

_KIND = re.compile(r"(预算|决算)")
_LEVEL = re.compile(r"^(部门|单位)")


def read_text(data: bytes, source: str) -> Disclosure:
    """Read Hebei-layout extracted text (title, ``316 名称 预算年度：2022 单位：万元``, 栏次, rows)."""
    text = decode_text(data)
    if text is None:
        raise errors.wrong_type("无法识别的二进制数据")
    parsed = split(text)
    if not parsed.tables:
        raise errors.not_disclosure("文本中没有“部门预算收支总表”等表格标题及其下方的单位、预算年度行")
    doc = Disclosure(source=source, format="text", narrative=parsed.narrative)
    raws = {t.key: t for t in parsed.tables}
    for raw in parsed.tables:
        if raw.key in doc.tables:
            doc.warnings.append(f"“{raw.title}”出现了不止一次，只读取了第一张。")
            continue
        doc.tables[raw.key] = build(raw, raws, doc.warnings)
    doc.department = _department(parsed.header, parsed.titles, text)
    return doc


def _department(header: re.Match[str] | None, titles: list[str], text: str) -> Department:
    dep = Department()
    if header is not None:
        dep.code, dep.name = header["code"], header["name"]
        dep.year = int(header["year"]) if header["year"] else None
        dep.unit = header["unit"]
    kinds = [m[1] for t in titles if (m := _KIND.search(t))]
    if kinds:
        dep.kind = max(set(kinds), key=kinds.count)
    levels = [m[1] for t in titles if (m := _LEVEL.match(t))]
    if levels:
        dep.level = max(set(levels), key=levels.count)
    return dep


def read_pages_json(data: bytes, source: str) -> Disclosure:
    """Page text without positions (``[{"page": 1, "text": "…"}, …]``), Shanghai layout."""
    from .text_pages import read_pages

    return read_pages(data, source)
