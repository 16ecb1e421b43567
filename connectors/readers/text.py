"""Extracted text uploads: Hebei-layout text (``read_text``) and page-text JSON (``read_pages_json``).

Both carry no cell positions, so blanks between figures are lost; the figures are placed by the
printed arithmetic (:mod:`connectors.readers.text_build`) and every inference is named in
``warnings``.
"""

from __future__ import annotations

import re

from disclosure import errors
from disclosure.model import Department, Disclosure

from .meta import read_kind_level
from .sniff import decode_text
from .text_build import build
from .text_hebei import split


def read_text(data: bytes, source: str) -> Disclosure:
    """Read Hebei-layout extracted text (title, ``316 名称 预算年度：2022 单位：万元``, 栏次, rows)."""
    text = decode_text(data)
    if text is None:
        raise errors.wrong_type("无法识别的二进制数据")
    parsed = split(text)
    if not parsed.tables:
        # not the Hebei layout: page text in the Shanghai layout (e.g. ``pdftotext`` output, pages
        # separated by form feeds) is read like page-text JSON
        from .text_pages import read_page_texts

        try:
            doc = read_page_texts(list(enumerate(text.split("\f"), start=1)), source, "text")
        except errors.UnreadableDocument:
            raise errors.not_disclosure(
                "文本中没有“部门预算收支总表”等表格标题及其下方的“单位：万元/元”行"
            ) from None
        if doc.department.kind == "决算":
            # 决算 tables print classes side by side; without positions they cannot be told apart
            raise errors.UnreadableDocument(
                "这是决算公开的纯文本，文字中并排的表格无法可靠地分开，请上传决算公开的PDF原件或Excel文件。",
                reason="unsupported_text",
            )
        doc.warnings.insert(0, "本文件是不带单元格位置的页面文字（上海格式），按文字顺序读取：空白单元格已丢失，"
                               "各数所在栏按表内算术推定（见下列说明），请以PDF原件为准。")
        return doc
    doc = Disclosure(source=source, format="text", narrative=parsed.narrative)
    raws = {t.key: t for t in parsed.tables}
    for raw in parsed.tables:
        if raw.key in doc.tables:
            doc.warnings.append(f"“{raw.title}”出现了不止一次，只读取了第一张。")
            continue
        doc.tables[raw.key] = build(raw, raws, doc.warnings, doc.tables)
    doc.department = _department(parsed.header, text)
    return doc


def _department(header: re.Match[str] | None, text: str) -> Department:
    """Code, name, year and unit from the Hebei header line the tables were split on; kind and level
    as :func:`~connectors.readers.meta.read_kind_level` reads them for every format."""
    dep = Department()
    if header is not None:
        dep.code, dep.name = header["code"], header["name"]
        dep.year = int(header["year"]) if header["year"] else None
        dep.unit = header["unit"]
    dep.kind, dep.level = read_kind_level(text)
    return dep


def read_pages_json(data: bytes, source: str) -> Disclosure:
    """Page text without positions (``[{"page": 1, "text": "…"}, …]``), Shanghai layout."""
    from .text_pages import read_pages

    return read_pages(data, source)
