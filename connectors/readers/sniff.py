"""Recognise an upload's format from its bytes, not its name (names lie)."""

from __future__ import annotations

import io
import zipfile

from disclosure import errors

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
    """Return ``pdf``, ``xlsx``, ``xls``, ``pages_json`` or ``text``; raise UnreadableDocument otherwise."""
    if not data or not data.strip():
        raise errors.empty_file()
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
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
    text = decode_text(data)
    if text is None:
        raise errors.wrong_type("无法识别的二进制数据")
    if text.lstrip().startswith("[") and '"page"' in text[:2000]:
        return "pages_json"
    return "text"


def decode_text(data: bytes) -> str | None:
    """Decode text uploads (UTF-8 with or without BOM, or GB18030); ``None`` if it is binary."""
    if b"\x00" in data[:4096]:
        return None
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return None
