"""The containers spreadsheets come in, parsed in one place: OOXML and CFB.

An ``.xlsx`` is an OOXML package (a zip of XML parts: ``xl/workbook.xml`` lists the sheets,
``xl/_rels/workbook.xml.rels`` says which part holds each); an ``.xls``, and an ``.xlsx`` with an
open password, is an OLE compound file (CFB: sectors, a FAT, a directory of streams).  The limit
checks (:mod:`connectors.readers.limits`, before reading), the format sniffer and the XLSX reader
all ask this module, so they agree on which sheets a workbook has and what its parts are.
"""

from __future__ import annotations

import posixpath
import struct
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

#: The first 8 bytes of every OLE compound file.
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
SPREADSHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_M = {"m": SPREADSHEET_NS}
_REL_ID = f"{{{RELATIONSHIP_NS}}}id"


def is_cfb(data: bytes) -> bool:
    return data.startswith(CFB_MAGIC)


def parse_part(data: bytes) -> ElementTree.Element:
    """An OOXML part's XML.  OOXML parts never declare a DTD; one that does (entity expansion,
    external entities) is refused with ``ValueError``."""
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:4096]:
        raise ValueError("XML with a DTD")
    return ElementTree.fromstring(data)


@dataclass(frozen=True)
class SheetPart:
    """A sheet as the workbook lists it: its name, the package path of its XML, whether shown."""

    name: str
    path: str
    visible: bool


def sheet_parts(zf: zipfile.ZipFile) -> list[SheetPart]:
    """Every sheet the workbook lists, in order.  Raises ``KeyError`` (a part missing),
    ``ElementTree.ParseError`` or ``ValueError`` (a part that is not plain XML)."""
    wb = parse_part(zf.read("xl/workbook.xml"))
    rels = parse_part(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = []
    for s in wb.iterfind("m:sheets/m:sheet", _M):
        target = targets.get(s.get(_REL_ID), "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        out.append(SheetPart(s.get("name", ""), path, s.get("state", "visible") == "visible"))
    return out


def cfb_stream(data: bytes, names: tuple[str, ...]) -> bytes | None:
    """The first stream of an OLE compound file with one of ``names`` (None when there is none).

    Only what is needed to find and read one stream: the FAT (from the header's DIFAT and its
    DIFAT sectors), the directory, the mini FAT and mini stream for small streams.  Chains are
    followed at most as many steps as there are sectors, so a looping chain ends."""
    if not is_cfb(data) or len(data) < 512:
        return None
    sector = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    mini = 1 << struct.unpack_from("<H", data, 0x20)[0]
    n_fat, first_dir, cutoff, first_minifat, n_minifat, first_difat, n_difat = struct.unpack_from(
        "<I I 4x I I I I I", data, 0x2C)
    if sector not in (512, 4096):
        raise ValueError("sector size")
    max_sectors = len(data) // sector + 1

    def read_sector(n: int) -> bytes:
        start = (n + 1) * sector
        return data[start:start + sector]

    difat = [v for v in struct.unpack_from("<109I", data, 0x4C) if v < _END_OF_CHAIN]
    nxt, steps = first_difat, 0
    while nxt < _END_OF_CHAIN and steps < max(n_difat, 0) + 1 and steps < max_sectors:
        block = read_sector(nxt)
        entries = struct.unpack_from(f"<{sector // 4}I", block)
        difat += [v for v in entries[:-1] if v < _END_OF_CHAIN]
        nxt, steps = entries[-1], steps + 1
    fat: list[int] = []
    for n in difat[:n_fat]:
        fat += struct.unpack_from(f"<{sector // 4}I", read_sector(n))

    def chain(start: int, table: list[int]) -> list[int]:
        out, n = [], start
        while n < _END_OF_CHAIN and n < len(table) and len(out) < len(table):
            out.append(n)
            n = table[n]
        return out

    def read_chain(start: int, size: int) -> bytes:
        return b"".join(read_sector(n) for n in chain(start, fat))[:size]

    directory = read_chain(first_dir, max_sectors * sector)
    root_start = root_size = None
    found: tuple[int, int] | None = None
    for off in range(0, len(directory) - 127, 128):
        entry = directory[off:off + 128]
        name_len = struct.unpack_from("<H", entry, 64)[0]
        name = entry[:max(0, name_len - 2)].decode("utf-16-le", "replace")
        kind = entry[66]
        start, size = struct.unpack_from("<IQ", entry, 116)
        size &= 0xFFFFFFFF if sector == 512 else size
        if kind == 5:
            root_start, root_size = start, size
        elif kind == 2 and name in names and found is None:
            found = (start, size)
    if found is None:
        return None
    start, size = found
    if size >= cutoff or root_start is None:
        return read_chain(start, size)
    minifat: list[int] = []
    for n in chain(first_minifat, fat)[:n_minifat]:
        minifat += struct.unpack_from(f"<{sector // 4}I", read_sector(n))
    mini_stream = read_chain(root_start, root_size or 0)
    return b"".join(mini_stream[n * mini:(n + 1) * mini] for n in chain(start, minifat))[:size]
