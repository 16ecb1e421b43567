"""Text uploads → text, honestly: what encoding it is in, and, when it is damaged, what and where.

Why a module of its own: "binary data" was the one answer for every text that did not decode as a
whole, so a submitter whose upload was cut mid-character, who pasted one GBK line into a UTF-8 file,
or whose file has one stray byte was told their text was not text.  Here:

* UTF-8 (with or without a BOM), GBK/GB18030, UTF-16 and UTF-32 (with a byte-order mark, or
  without one when the zero bytes show it) are read as what they are;
* a UTF-8 text with a few lines in GBK (copied in from another file) is read, each such line
  decoded as GBK and named in a warning;
* a UTF-8 text cut in the middle of its last character (an interrupted upload), or holding bytes
  that are neither (a stray ``0xFF``), is not read: the sentence says what is wrong and where
  (line, byte in the line, byte in the file);
* what is not text at all stays "binary" (:func:`decode` returns None).

A text is a UTF-8 text when, of its lines with non-ASCII bytes, those that are valid UTF-8 hold more
characters than the others hold bytes: a GBK file has almost no line that happens to be valid UTF-8.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from disclosure import errors

#: Lines named in one warning or error before "等 N 行".
LINES_NAMED = 5
#: Damaged lines looked at before the file is given up on as not a UTF-8 text with a few bad lines.
MAX_BAD_LINES = 200
#: Share of the first characters that must be ordinary text (CJK, ASCII, punctuation, spaces)
#: for bytes without a byte-order mark to be taken as UTF-16 or UTF-32.
PLAUSIBLE_SHARE = 0.95
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Decoded:
    """The text, the encoding it was read in, and what the reader must tell the submitter."""

    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def decode(data: bytes) -> Decoded | None:
    """The text of ``data``; None when it is not text; :class:`errors.UnreadableDocument` naming the
    place when it is text that cannot be read honestly (see the module docstring)."""
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                return None
            return Decoded(text, enc.upper()) if is_text(text) else None
    if b"\x00" in data[:4096]:
        return _wide_without_bom(data)
    body = data[3:] if data.startswith(codecs.BOM_UTF8) else data
    try:
        return Decoded(body.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError:
        pass
    return _damaged_or_other(body)


def is_text(text: str) -> bool:
    """No control characters other than tab, line breaks and form feed (page breaks)."""
    return not any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in text[:4096])


def _plausible(text: str) -> bool:
    """Mostly characters a disclosure is written in."""
    if not text:
        return False
    ordinary = sum(1 for ch in text if ch.isascii() or "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"
                   or "\u2000" <= ch <= "\u206f")
    return ordinary >= len(text) * PLAUSIBLE_SHARE


def _wide_without_bom(data: bytes) -> Decoded | None:
    """UTF-32 or UTF-16 in the byte order whose decoding reads as text, or None (binary)."""
    candidates = []
    if len(data) % 4 == 0:
        candidates += ["utf-32-le", "utf-32-be"]
    if len(data) % 2 == 0:
        candidates += ["utf-16-le", "utf-16-be"]
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if is_text(text) and _plausible(text[:4096]):
            return Decoded(text, enc.upper())
    return None


@dataclass
class _BadLine:
    number: int  # 1-based
    start: int  # byte offset of the line in the file
    error_at: int  # byte offset of the first undecodable byte
    raw: bytes
    truncated: bool  # the file ends inside this line's last character


def _damaged_or_other(data: bytes) -> Decoded | None:
    """``data`` did not decode as UTF-8 as a whole: a UTF-8 text with damaged or GBK lines, a GBK
    text, a damaged GBK text, or no text (None)."""
    pieces, bad, utf8_chars = _utf8_pieces(data)
    if bad is not None and utf8_chars >= 8:
        bad_bytes = sum(sum(1 for b in line.raw if b >= 0x80) for line in bad)
        if utf8_chars >= bad_bytes:
            return _utf8_with_bad_lines(data, pieces, bad)
    del pieces
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        return _damaged_gbk(data, exc)
    return Decoded(text, "GBK") if is_text(text) else None


def _utf8_pieces(data: bytes) -> tuple[list[str | _BadLine], list[_BadLine] | None, int]:
    """The text cut into runs that decode as UTF-8 and lines that do not (None when there are more
    than :data:`MAX_BAD_LINES` of those), and how many non-ASCII characters the good runs hold."""
    pieces: list[str | _BadLine] = []
    bad: list[_BadLine] = []
    utf8_chars = 0
    pos = 0
    line_number = 1
    while pos <= len(data):
        try:
            good = data[pos:].decode("utf-8")
        except UnicodeDecodeError as exc:
            at = pos + exc.start
            start = data.rfind(b"\n", 0, at) + 1
            end = data.find(b"\n", at)
            end = len(data) if end < 0 else end
            good = data[pos:start].decode("utf-8")
            pieces.append(good)
            utf8_chars += len(good) - len(good.encode("ascii", "ignore"))
            line_number += good.count("\n")
            truncated = end == len(data) and exc.reason == "unexpected end of data" and exc.end == len(data) - pos
            line = _BadLine(line_number, start, at, data[start:end], truncated)
            pieces.append(line)
            bad.append(line)
            if len(bad) > MAX_BAD_LINES:
                return pieces, None, utf8_chars
            pos = end
            continue
        pieces.append(good)
        utf8_chars += len(good) - len(good.encode("ascii", "ignore"))
        break
    return pieces, bad, utf8_chars


def _utf8_with_bad_lines(data: bytes, pieces: list[str | _BadLine], bad: list[_BadLine]) -> Decoded:
    """A UTF-8 text with some lines that are not: GBK lines are read as GBK (named in a warning); a
    cut last character or a byte that is neither makes the file unreadable, the place named."""
    cut = [b for b in bad if b.truncated]
    if cut:
        line = cut[0]
        raise errors.UnreadableDocument(
            f"文件在末尾（第 {line.number:,} 行第 {line.error_at - line.start + 1:,} 字节，全文第 {line.error_at + 1:,} 字节）"
            "截断在一个字符的中间：最后一个字符不完整，文件可能在上传中被截断。请重新上传完整的文件。", reason="corrupt")
    gbk: dict[int, str] = {}
    stray: list[_BadLine] = []
    for line in bad:
        try:
            text = line.raw.decode("gb18030")
        except UnicodeDecodeError:
            stray.append(line)
            continue
        if _CJK.search(text) and is_text(text):
            gbk[line.number] = text
        else:
            stray.append(line)
    if stray:
        first = stray[0]
        byte = data[first.error_at]
        more = f"，另有 {len(stray) - 1:,} 行也有这样的字节" if len(stray) > 1 else ""
        raise errors.UnreadableDocument(
            f"文件是 UTF-8 文本，但第 {first.number:,} 行第 {first.error_at - first.start + 1:,} 字节"
            f"（全文第 {first.error_at + 1:,} 字节）是无法识别的字节 0x{byte:02X}{more}，文件可能已损坏。"
            "请检查该处，重新另存为 UTF-8 文本后上传。", reason="corrupt")
    text = "".join(p if isinstance(p, str) else gbk[p.number] for p in pieces)
    numbers = sorted(gbk)
    named = "、".join(f"第 {n:,} 行" for n in numbers[:LINES_NAMED]) + (f" 等 {len(numbers):,} 行" if len(numbers) > LINES_NAMED else "")
    warning = (f"文件是 UTF-8 文本，但{named}是 GBK（GB18030）编码（可能是从另一个文件复制进来的），已按 GBK 读取这些行，"
               "请核对；建议将整个文件另存为 UTF-8 后重新上传。")
    return Decoded(text, "UTF-8", [warning])


def _damaged_gbk(data: bytes, exc: UnicodeDecodeError) -> Decoded | None:
    """Neither UTF-8 nor GBK as a whole.  Text that reads as GBK but for a few bytes is named as a
    damaged GBK text with the place; anything else is not text (None)."""
    text = data.decode("gb18030", errors="replace")
    if not is_text(text) or text.count("\ufffd") * 100 > len(text) or not _CJK.search(text[:20000]):
        return None
    at = exc.start
    start = data.rfind(b"\n", 0, at) + 1
    number = data.count(b"\n", 0, at) + 1
    raise errors.UnreadableDocument(
        f"文件既不是 UTF-8 文本，也不是完整的 GBK 文本：第 {number:,} 行第 {at - start + 1:,} 字节（全文第 {at + 1:,} 字节）"
        f"起的字节 0x{data[at]:02X} 无法识别，文件可能已损坏或被截断。请重新另存为 UTF-8 文本后上传。", reason="corrupt")
