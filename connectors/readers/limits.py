"""What one upload may cost to read: the limits, and the checks made before the heavy parse.

Why: a 2 MB XLSX can decompress to gigabytes (a zip bomb), one cell at XFD1048576 makes the
spreadsheet reader allocate 17 billion cells and abort the process, a 1.5 MB PDF can hold a
content stream of 1.5 GB.  Each of these is a small file that costs more than a machine has.
So before a reader is given the bytes, the cheap facts are checked: the size (of a text upload,
against a lower limit: text is dense), the PDF's page count and the inflated size of its
compressed streams, an XLSX package's declared member sizes, its number of sheets, each sheet's
used range (read from the cell references, the way the reader will allocate it) and the text its
cells expand to (a shared string counted at every cell that uses it: a 65 KB file whose one 2 MB
string fills 20,000 cells is 40 GB to the reader).  Anything over a limit gets an ``unreadable`` report that names the
limit, the value found and the setting that changes it.

Every limit is one field of :class:`Limits`, read from ``BUDGETCHECK_MAX_*`` (README, settings).
The time limit is enforced by whoever runs the reader: the service's worker pool stops a
document that takes longer (``flows.checking``), the CLI stops itself (``flows.cli``).
"""

from __future__ import annotations

import io
import os
import re
import signal
import struct
import threading
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from xml.etree import ElementTree

from connectors.readers import package
from disclosure import errors

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The limits on one document; each field is set by the environment variable in its metadata."""

    #: Bytes of the upload itself.  Disclosures are 0.1–5 MB; a scanned one a few tens of MB.
    max_bytes: int = 64 * MIB
    #: Pages of a PDF.  A department's disclosure has 20–80 pages.
    max_pages: int = 500
    #: Sheets of a workbook (visible or not).  A disclosure workbook has 10–20.
    max_sheets: int = 100
    #: Cells of all visible sheets' used ranges (rows × columns from A1 to the farthest cell):
    #: what the spreadsheet reader allocates, empty cells included.  A disclosure uses ~20,000.
    max_cells: int = 2_000_000
    #: Bytes once decompressed: an XLSX package's members, or a PDF's compressed streams.
    #: Disclosures inflate to 1–10 MB.
    max_decompressed_bytes: int = 100 * MIB
    #: Seconds to read and check one document (the service stops a worker that takes longer).
    max_seconds: float = 120.0
    #: Bytes of a text upload (extracted text, page-text JSON, a saved HTML page).  Text is dense:
    #: a 64 MB PDF holds about 1 MB of text, a 64 MB text file 64 MB of it, and reading and checking
    #: text costs ~25 bytes of memory per byte at worst (one 60 MB line: 1.6 GB).  A disclosure's
    #: text is 0.1–1 MB; at this limit the worst text peaks under 500 MB (issue 17, item 14).
    max_text_bytes: int = 8 * MIB
    #: Bytes of text in a workbook's cells once each shared string is counted at every cell that
    #: uses it: one 2 MB string in 20,000 cells is 40 GB of text to the reader (issue 17, item 6).
    #: A disclosure workbook holds well under 1 MB.
    max_cell_text_bytes: int = 32 * MIB

    @classmethod
    def from_env(cls, environ: dict[str, str] | os._Environ = os.environ) -> Limits:
        """The limits as the environment sets them (``BUDGETCHECK_MAX_BYTES`` …); a value that is
        not a number is ignored (the default stays), so a typo cannot switch a limit off."""
        values = {}
        for f in fields(cls):
            raw = environ.get(ENV_VARS[f.name])
            if raw is None:
                continue
            try:
                value = float(raw) if f.type in (float, "float") else int(raw)
            except ValueError:
                continue
            if value > 0:
                values[f.name] = value
        return cls(**values)


#: The environment variable of each limit (README's settings table lists them).
ENV_VARS: dict[str, str] = {
    "max_bytes": "BUDGETCHECK_MAX_BYTES",
    "max_pages": "BUDGETCHECK_MAX_PAGES",
    "max_sheets": "BUDGETCHECK_MAX_SHEETS",
    "max_cells": "BUDGETCHECK_MAX_CELLS",
    "max_decompressed_bytes": "BUDGETCHECK_MAX_DECOMPRESSED_BYTES",
    "max_seconds": "BUDGETCHECK_MAX_SECONDS",
    "max_text_bytes": "BUDGETCHECK_MAX_TEXT_BYTES",
    "max_cell_text_bytes": "BUDGETCHECK_MAX_CELL_TEXT_BYTES",
}
#: Formats whose upload is text: held and parsed as text, under ``max_text_bytes``.
TEXT_FORMATS = frozenset({"text", "pages_json", "html"})


def current() -> Limits:
    """The limits in force now (read from the environment each time: cheap, and a worker process
    started with other settings sees its own)."""
    return Limits.from_env()


# ---------------------------------------------------------------------------------------------
# The time limit


class OutOfTime(BaseException):
    """The document took longer than ``max_seconds``.  A BaseException, like KeyboardInterrupt, so
    that no reader's ``except Exception`` mistakes it for a problem with the file."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`OutOfTime` in the work inside after ``seconds`` (SIGALRM).  Only the main
    thread can take signals: elsewhere (the service's in-process checking with no workers) the
    block runs unlimited.  Code stuck inside a C library notices when it returns to Python; the
    service's pool also stops a worker that does not come back at all (``flows.checking``)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum, _frame):
        raise OutOfTime()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def too_slow_error(limits: Limits | None = None) -> errors.UnreadableDocument:
    limits = limits or current()
    return errors.too_slow(limits.max_seconds, ENV_VARS["max_seconds"])


# ---------------------------------------------------------------------------------------------
# The checks


def check_size(size: int, limits: Limits | None = None) -> None:
    """The upload's size against ``max_bytes``."""
    limits = limits or current()
    if size > limits.max_bytes:
        raise too_large(size, limits.max_bytes)


def too_large(size: int, limit: int) -> errors.UnreadableDocument:
    """The sentence for an upload over ``max_bytes`` (also used where it is found before reading)."""
    return errors.over_limit(f"文件大小 {human_size(size)}", human_size(limit), ENV_VARS["max_bytes"])


def check_document(data: bytes, fmt: str, limits: Limits | None = None) -> None:
    """Everything that can be known cheaply about the document's cost, before it is parsed."""
    limits = limits or current()
    check_size(len(data), limits)
    if fmt in TEXT_FORMATS and len(data) > limits.max_text_bytes:
        raise errors.over_limit(f"文本文件大小 {human_size(len(data))}", human_size(limits.max_text_bytes),
                                ENV_VARS["max_text_bytes"],
                                hint="一份部门预算/决算公开的文字通常不到 1 MB（文本比 PDF 紧凑得多），"
                                     "请确认上传的是公开文件本身，或上传 PDF 原件")
    if fmt == "pdf":
        check_pdf(data, limits)
    elif fmt == "xlsx":
        check_xlsx(data, limits)
    elif fmt == "xls":
        check_xls(data, limits)


def check_pdf(data: bytes, limits: Limits) -> None:
    """Page count (pypdfium2 reads only the page tree) and the inflated size of every stream."""
    inflated = inflated_pdf_streams(data, limits.max_decompressed_bytes)
    if inflated > limits.max_decompressed_bytes:
        raise errors.over_limit(f"PDF 中压缩内容解压后超过 {human_size(inflated)}", human_size(limits.max_decompressed_bytes),
                                ENV_VARS["max_decompressed_bytes"], hint="文件可能被恶意构造（压缩炸弹）")
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return  # damaged or encrypted: the PDF reader says which, in its own words
    try:
        pages = len(pdf)
    finally:
        pdf.close()
    if pages > limits.max_pages:
        raise errors.over_limit(f"PDF 共 {pages:,} 页", f"{limits.max_pages:,} 页", ENV_VARS["max_pages"],
                                hint="请只上传部门预算/决算公开文件本身")


_STREAM_RE = re.compile(rb"stream\r?\n")
_ZLIB_HEADERS = (b"\x78\x01", b"\x78\x5e", b"\x78\x9c", b"\x78\xda")
_CHUNK = 1 << 20


def inflated_pdf_streams(data: bytes, cap: int) -> int:
    """Bytes the PDF's zlib (``FlateDecode``) streams inflate to, counted without keeping them;
    stops counting once past ``cap``.  A stream compressed twice (``[/FlateDecode /FlateDecode]``)
    is counted at its innermost size.  Streams that are not zlib (images, fonts in other filters)
    count as nothing: they do not expand much.  About 3 ms per real disclosure."""
    total = 0
    for m in _STREAM_RE.finditer(data):
        if data[m.end():m.end() + 2] not in _ZLIB_HEADERS:
            continue
        total += _inflated(memoryview(data)[m.end():], cap - total)
        if total > cap:
            break
    return total


def _inflated(compressed: memoryview, budget: int, depth: int = 0) -> int:
    """Size of one zlib stream once inflated (of its inner stream, when it holds another)."""
    d = zlib.decompressobj()
    inner: zlib._Decompress | None = None
    size = 0
    pos = 0
    first = True
    try:
        while not d.eof and size <= budget:
            if d.unconsumed_tail:
                out = d.decompress(d.unconsumed_tail, _CHUNK)
            elif pos < len(compressed):
                out = d.decompress(compressed[pos:pos + _CHUNK], _CHUNK)
                pos += _CHUNK
            else:
                break
            if first and out:
                first = False
                if depth < 2 and out[:2] in _ZLIB_HEADERS:
                    inner = zlib.decompressobj()
            if inner is not None:
                size += _feed(inner, out, budget - size)
            else:
                size += len(out)
            if not out and not d.unconsumed_tail and pos >= len(compressed):
                break
    except zlib.error:
        pass  # not zlib after all, or damaged: the reader will say so
    return size


def _feed(d: zlib._Decompress, data: bytes, budget: int) -> int:
    """Inflate ``data`` through ``d`` (an inner stream), counting the output up to ``budget``."""
    size = 0
    try:
        out = d.decompress(data, _CHUNK)
        size += len(out)
        while d.unconsumed_tail and size <= budget:
            out = d.decompress(d.unconsumed_tail, _CHUNK)
            if not out:
                break
            size += len(out)
    except zlib.error:
        pass
    return size


# ---------------------------------------------------------------------------------------------
# XLSX: the package's declared sizes, its sheets, each sheet's used range

#: ``<row r="12">`` and ``<c r="B12" …>`` (any namespace prefix): what a sheet's range is built from.
_ROW_OR_CELL_RE = re.compile(rb"<(?:\w+:)?(row|c)\b([^>]*)>")
_REF_ATTR_RE = re.compile(rb'\br="([A-Z]*)(\d*)"')


def check_xlsx(data: bytes, limits: Limits) -> None:
    """Declared decompressed size, number of sheets, and the used range of every visible sheet."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError):
        return  # the reader reports the damage
    declared = sum(i.file_size for i in infos)
    if declared > limits.max_decompressed_bytes:
        raise errors.over_limit(f"Excel 文件解压后共 {human_size(declared)}", human_size(limits.max_decompressed_bytes),
                                ENV_VARS["max_decompressed_bytes"], hint="文件可能被恶意构造（压缩炸弹）")
    sheets = _sheets(zf)
    if len(sheets) > limits.max_sheets:
        _check_sheets_and_cells([(name, False, 0, 0) for name, _, _ in sheets], limits)
    names = set(zf.namelist())
    measured = []
    shared: list[int] | None = None
    text = 0
    for name, path, visible in sheets:
        xml = _read_member(zf, path, limits) if visible and path in names else b""
        rows, cols = used_range(xml)
        measured.append((name, visible, rows, cols))
        _check_sheets_and_cells(measured, limits)  # stop at the first sheet over the limit
        if b't="s"' in xml:
            shared = _shared_string_sizes(zf, limits) if shared is None else shared
            text += cell_text_bytes(xml, shared)
            if text > limits.max_cell_text_bytes:
                raise errors.over_limit(
                    f"工作表的单元格共引用 {human_size(text)} 文字（共享字符串在每个引用它的单元格各算一次），"
                    f"读到工作表“{name}”时已超过", human_size(limits.max_cell_text_bytes),
                    ENV_VARS["max_cell_text_bytes"], hint="文件可能被恶意构造（一个很长的字符串被大量单元格引用）")


#: A cell whose value is an index into the shared strings: ``<c r="A1" t="s"><v>3</v></c>``.
_SHARED_CELL_RE = re.compile(rb"<(?:\w+:)?c\b([^>]*)>\s*<(?:\w+:)?v>\s*(\d+)\s*</(?:\w+:)?v>")
_SHARED_TYPE_RE = re.compile(rb'\bt="s"')
_SHARED_ITEM_RE = re.compile(rb"<(?:\w+:)?si\b(?:[^>]*/>|.*?</(?:\w+:)?si>)", re.S)


def _shared_string_sizes(zf: zipfile.ZipFile, limits: Limits) -> list[int]:
    """Bytes of each shared string (its ``<si>`` element: an upper bound of its text), in order."""
    path = next((n for n in zf.namelist() if n.lower() == "xl/sharedstrings.xml"), None)
    if path is None:
        return []
    return [m.end() - m.start() for m in _SHARED_ITEM_RE.finditer(_read_member(zf, path, limits))]


def cell_text_bytes(xml: bytes, shared: list[int]) -> int:
    """Bytes of shared-string text a sheet's cells expand to: each shared string counted once per
    cell that refers to it (what the reader materialises), the strings written in the sheet
    itself being counted in the sheet's own size already."""
    refs: dict[int, int] = {}
    for m in _SHARED_CELL_RE.finditer(xml):
        if _SHARED_TYPE_RE.search(m.group(1)):
            index = int(m.group(2))
            refs[index] = refs.get(index, 0) + 1
    return sum(shared[i] * n for i, n in refs.items() if i < len(shared))


def _check_sheets_and_cells(sheets: list[tuple[str, bool, int, int]], limits: Limits) -> None:
    """(name, visible, rows, columns) of every sheet against ``max_sheets`` and ``max_cells``."""
    if len(sheets) > limits.max_sheets:
        raise errors.over_limit(f"工作簿有 {len(sheets):,} 个工作表", f"{limits.max_sheets:,} 个",
                                ENV_VARS["max_sheets"])
    cells = 0
    for name, visible, rows, cols in sheets:
        if not visible:
            continue
        cells += rows * cols
        if cells > limits.max_cells:
            so_far = f"，工作簿各表合计 {cells:,} 个单元格" if cells > rows * cols else ""
            raise errors.over_limit(
                f"工作表“{name}”的使用区域为 {rows:,} 行 × {cols:,} 列（A1:{column_letters(cols)}{rows}，"
                f"共 {rows * cols:,} 个单元格）{so_far}", f"{limits.max_cells:,} 个单元格", ENV_VARS["max_cells"],
                hint="请删除表格以外远处的单元格或空白行列后重新保存")


def _read_member(zf: zipfile.ZipFile, path: str, limits: Limits) -> bytes:
    """One package member, read no further than the limit (a member may declare less than it holds:
    zipfile stops at the declared size and the CRC check then fails, which the reader reports)."""
    with zf.open(path) as fh:
        data = fh.read(limits.max_decompressed_bytes + 1)
    if len(data) > limits.max_decompressed_bytes:
        raise errors.over_limit(f"Excel 文件中的 {path} 解压后超过 {human_size(len(data))}",
                                human_size(limits.max_decompressed_bytes), ENV_VARS["max_decompressed_bytes"],
                                hint="文件可能被恶意构造（压缩炸弹）")
    return data


def _sheets(zf: zipfile.ZipFile) -> list[tuple[str, str, bool]]:
    """(name, package path, visible) of every sheet the workbook lists, in order."""
    try:
        return [(p.name, p.path, p.visible) for p in package.sheet_parts(zf)]
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, ValueError):
        return []  # not a workbook the reader can open: it says so


def used_range(xml: bytes) -> tuple[int, int]:
    """(rows, columns) from A1 to the farthest cell of a worksheet's XML, as the reader will size it.

    Cell references (``r="XFD1048576"``) give it; a ``<row>`` or ``<c>`` without one follows the
    previous (as the format says).  The ``<dimension>`` element is not trusted: the reader does not
    trust it either."""
    max_row = max_col = 0
    row = col = 0
    for m in _ROW_OR_CELL_RE.finditer(xml):
        ref = _REF_ATTR_RE.search(m.group(2))
        if m.group(1) == b"row":
            row = int(ref.group(2)) if ref and ref.group(2) else row + 1
            col = 0
        else:
            if ref and ref.group(1):
                col = column_index(ref.group(1))
                if ref.group(2):
                    row = int(ref.group(2))
            else:
                col += 1
            max_col = max(max_col, col)
        max_row = max(max_row, row)
    return max_row, max_col


def column_index(letters: bytes | str) -> int:
    """``A`` → 1, ``XFD`` → 16384."""
    n = 0
    for ch in letters.encode() if isinstance(letters, str) else letters:
        n = n * 26 + (ch - 64)
    return n


def column_letters(index: int) -> str:
    """1 → ``A``, 16384 → ``XFD``."""
    out = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out or "A"


def human_size(n: int | float) -> str:
    """A byte count as people read it (MB, GB; bytes below a megabyte)."""
    if n >= 1024 * MIB:
        return f"{n / (1024 * MIB):.1f} GB"
    if n >= MIB:
        return f"{n / MIB:.1f} MB"
    return f"{int(n):,} 字节"


# ---------------------------------------------------------------------------------------------
# XLS (BIFF8 in an OLE compound file): the sheets and the cells each one holds

#: BIFF records that put a value in a cell: (row, column) are their first two 16-bit fields.
_CELL_RECORDS = {0x0006, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E, 0x00D6}
_MULTI_CELL_RECORDS = {0x00BD, 0x00BE}  # MULRK, MULBLANK: row, first column, …, last column
_BOF, _EOF, _BOUNDSHEET = 0x0809, 0x000A, 0x0085


def check_xls(data: bytes, limits: Limits) -> None:
    """Sheets and used ranges of a BIFF workbook, from its cell records (what the reader sizes its
    ranges by; a 6 KB file with one cell at IV65536 costs it 1.5 GB otherwise)."""
    try:
        stream = package.cfb_stream(data, ("Workbook", "Book"))
    except (ValueError, IndexError, struct.error):
        return  # not a compound file the reader can open either: it says so
    if stream is None:
        return
    _check_sheets_and_cells(biff_sheets(stream), limits)


def biff_sheets(stream: bytes) -> list[tuple[str, bool, int, int]]:
    """(name, visible, rows, columns) of each sheet of a BIFF8 workbook stream: the globals list
    the sheets (BOUNDSHEET: where each sheet's records start, its state, its type); a worksheet's
    range is the farthest cell among its records."""
    listed = []
    for rtype, body in _records(stream, 0):
        if rtype == _EOF:
            break  # the end of the globals
        if rtype == _BOUNDSHEET and len(body) >= 8:
            offset = struct.unpack_from("<I", body, 0)[0]
            listed.append((_biff_name(body[6:]), body[4] & 0x03 == 0, offset, body[5]))
    out = []
    for name, visible, offset, kind in listed:
        rows, cols = _biff_range(stream, offset) if kind == 0 else (0, 0)  # 0: a worksheet
        out.append((name, visible, rows, cols))
    return out


def _records(stream: bytes, pos: int):
    """(type, body) of each BIFF record from ``pos`` on."""
    while pos + 4 <= len(stream):
        rtype, size = struct.unpack_from("<HH", stream, pos)
        yield rtype, stream[pos + 4:pos + 4 + size]
        pos += 4 + size


def _biff_range(stream: bytes, pos: int) -> tuple[int, int]:
    """(rows, columns) to the farthest cell of the sheet whose BOF is at ``pos`` (cells of charts
    embedded in it, one BOF deeper, do not count)."""
    rows = cols = depth = 0
    for rtype, body in _records(stream, pos):
        if rtype == _BOF:
            depth += 1
        elif rtype == _EOF:
            depth -= 1
            if depth <= 0:
                break
        elif depth == 1 and len(body) >= 4 and (rtype in _CELL_RECORDS or rtype in _MULTI_CELL_RECORDS):
            row, col = struct.unpack_from("<HH", body, 0)
            if rtype in _MULTI_CELL_RECORDS and len(body) >= 6:
                col = struct.unpack_from("<H", body, len(body) - 2)[0]
            rows, cols = max(rows, row + 1), max(cols, col + 1)
    return rows, cols


def _biff_name(body: bytes) -> str:
    """A sheet name of a BOUNDSHEET record (ShortXLUnicodeString)."""
    if len(body) < 2:
        return ""
    length, flags = body[0], body[1]
    raw = body[2:2 + length * (2 if flags & 1 else 1)]
    return raw.decode("utf-16-le" if flags & 1 else "latin-1", "replace")
