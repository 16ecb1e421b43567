"""Recognise an upload's format from its bytes, not its name (names lie)."""

from __future__ import annotations

import io
import zipfile

from disclosure import errors

from . import encoding, package
from .html import looks_like_html

_MAGIC: list[tuple[bytes, str]] = [
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"),
    (b"II*\x00", "TIFF 图片"),
    (b"MM\x00*", "TIFF 图片"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf", "7z 压缩包"),
    (b"\x1f\x8b", "gzip 压缩包"),
    (b"{\\rtf", "RTF 文档"),
]


def sniff(data: bytes) -> str:
    """Return ``pdf``, ``xlsx``, ``xls``, ``pages_json``, ``html`` or ``text``; raise UnreadableDocument
    otherwise."""
    if not data:
        raise errors.empty_file()
    if data.isspace():  # (not ``strip()``: that copies a 60 MB upload to find it is not blank)
        raise errors.blank_file(len(data))
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if package.is_cfb(data):
        return "xls"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile as exc:
            raise errors.corrupt("Excel") from exc
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        if any(n.startswith("word/") for n in names):
            raise errors.wrong_type("Word 文档（DOCX）")
        raise errors.wrong_type("ZIP 压缩包")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise errors.wrong_type(what)
    decoded = encoding.decode(text_prefix(data))
    if decoded is None:
        raise errors.wrong_type("无法识别的二进制数据")
    text = decoded.text
    if not text.strip():  # full-width spaces, or UTF-16 blanks
        raise errors.blank_file(len(data))
    if text.lstrip().startswith("[") and '"page"' in text[:2000]:
        return "pages_json"
    if looks_like_html(text):  # a saved web page, whatever its name says
        return "html"
    return "text"


#: Bytes of a large text that tell text from binary (the whole is decoded once, by its reader).
SNIFF_BYTES = 1 << 20


def text_prefix(data: bytes) -> bytes:
    """The part of ``data`` to recognise text by: the whole, or for a large UTF-8/GBK file its first
    lines up to :data:`SNIFF_BYTES` (cut after a line break, never inside a character), so that a
    60 MB text is not decoded twice."""
    if len(data) <= SNIFF_BYTES or b"\x00" in data[:4096]:
        return data
    cut = data.rfind(b"\n", 0, SNIFF_BYTES)
    return data[:cut + 1] if cut > 0 else data


def decode_text(data: bytes) -> str | None:
    """The text of a text upload (see :mod:`.encoding`); ``None`` if it is binary.  Raises
    :class:`disclosure.errors.UnreadableDocument` for text that is damaged (the place named)."""
    decoded = encoding.decode(data)
    return decoded.text if decoded is not None else None
