"""Recognise an upload's format from its bytes, not its name (names lie)."""

from __future__ import annotations

import codecs
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
    if not data:
        raise errors.empty_file()
    if not data.strip():
        raise errors.blank_file(len(data))
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
    if not text.strip():  # full-width spaces, or UTF-16 blanks
        raise errors.blank_file(len(data))
    if text.lstrip().startswith("[") and '"page"' in text[:2000]:
        return "pages_json"
    return "text"


#: Share of the first characters that must be ordinary text (CJK, ASCII, punctuation, spaces)
#: for bytes without a byte-order mark to be taken as UTF-16: binary data decoded as UTF-16, or
#: UTF-16 decoded with the wrong byte order, gives control characters and unassigned code points.
UTF16_PLAUSIBLE_SHARE = 0.95


def decode_text(data: bytes) -> str | None:
    """Decode text uploads: UTF-8 (with or without BOM), UTF-16 (with a BOM, or without one when
    zero bytes show it and the text reads as text: Windows "Unicode" text), or GB18030; ``None``
    if it is binary."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return None
        return text if _is_text(text) else None
    if b"\x00" in data[:4096]:
        return _utf16_without_bom(data)
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 in the byte order whose decoding reads as text, or None (binary)."""
    if len(data) % 2:
        return None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _is_text(text) and _plausible(text[:4096]):
            return text
    return None


def _is_text(text: str) -> bool:
    """No control characters other than tab, line breaks and form feed (page breaks)."""
    return not any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in text[:4096])


def _plausible(text: str) -> bool:
    """Mostly characters a disclosure is written in."""
    if not text:
        return False
    ordinary = sum(1 for ch in text if ch.isascii() or "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"
                   or "\u2000" <= ch <= "\u206f")
    return ordinary >= len(text) * UTF16_PLAUSIBLE_SHARE
