"""XLSX / XLS workbooks → the canonical disclosure.

A department often submits the workbook its disclosure was printed from (the Putuo templates are
such workbooks).  Values come from python-calamine, which reads both XLSX and the old BIFF ``.xls``
fast and also gives the merged ranges.  What calamine does not give is a number cell's *format*,
and the format is what says how many decimals were printed (``#,##0.00`` → ``6,440.00``, not
``6440.0``), which the rounding tolerance depends on.  For XLSX we read the formats straight from
the package XML (styles + the cells' style index); for BIFF ``.xls`` they are not available, so
the decimals of a number cell are inferred from its column and the document says so in a warning.

Every cell is turned into the text it would print; from there a table is the same thing as in a
PDF: a title, a preamble (编制部门 / 单位), header rows and body rows, handed to
:func:`connectors.readers.grid.build_table`, which maps headers to contract columns and parses the
amounts exactly.  Sheets (or parts of sheets) that are not tables are the narrative.
"""

from __future__ import annotations

import functools
import io
import math
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from xml.etree import ElementTree

from connectors.readers import package
from disclosure import errors
from disclosure.amounts import (
    FIGURE_RUN_RE,
    INVISIBLE,
    SPECIAL_RE,
    Figure,
    figure_warning,
    is_amount,
    read_figure,
)
from disclosure.amounts import decimals as printed_decimals
from disclosure.model import Department, Disclosure
from disclosure.tables import classify_title, detect_unit, normalise_header
from disclosure.vocabulary import (
    CODE_COLUMN_RE,
    COLUMN_NUMBER_ROW_RE,
    EMPTY_MARKERS,
    ENUM_RE,
    NOTE_RE,
    PREAMBLE_RE,
    TABLE_NUMBER_RE,
    TOTAL_ROW_RE,
)

# ---------------------------------------------------------------------------------------------
# Layout vocabulary (declared as data)

#: Placeholder cells of templates (``…``, ``XX``): a row made only of these carries no data.
PLACEHOLDERS = frozenset({"…", "……", "...", "......", "XX", "xx", "×", "x"})
#: A classification code or one of its 类/款/项 parts.
CODE_RE = re.compile(r"^\d{2,7}$")
#: Rows a title must be followed by, within this many rows, to be a table title (a table of
#: contents line that names a table is followed by more single-cell lines, not by a header).
HEADER_LOOKAHEAD = 6

#: Built-in number formats (ECMA-376 §18.8.30) that a disclosure may use.
BUILTIN_FORMATS: dict[int, str] = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00",
    41: '_(* #,##0_);_(* \\(#,##0\\);_(* "-"_);_(@_)', 43: '_(* #,##0.00_);_(* \\(#,##0.00\\);_(* "-"??_);_(@_)',
    37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)",
    49: "@",
}

_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_NS = {"m": package.SPREADSHEET_NS}
_CELL_TAG_RE = re.compile(rb"<(?:\w+:)?c\s([^>]*?)/?>")
_ATTR_R_RE = re.compile(rb'\br="([A-Z]+)(\d+)"')
_ATTR_S_RE = re.compile(rb'\bs="(\d+)"')
_FAST_CELL_RE = re.compile(rb'<(?:\w+:)?c r="([A-Z]+)(\d+)" s="(\d+)"')
#: ``<col min="3" max="3" hidden="1"/>`` and ``<row r="7" hidden="1">``: what the sheet hides.
_COL_TAG_RE = re.compile(rb"<(?:\w+:)?col\s([^>]*?)/?>")
_ROW_TAG_RE = re.compile(rb"<(?:\w+:)?row\s([^>]*?)/?>")
_HIDDEN_RE = re.compile(rb'(?:^|\s)hidden="(?:1|true)"')
_ATTR_MIN_RE = re.compile(rb'\bmin="(\d+)"')
_ATTR_MAX_RE = re.compile(rb'\bmax="(\d+)"')
_ATTR_ROW_RE = re.compile(rb'\br="(\d+)"')
_MAX_COLUMNS = 16384
#: A whole cell element, for the cells whose value cannot be read (formulas saved without their
#: result, error values, number cells holding something that is no number).
_CELL_ELEMENT_RE = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_ATTR_T_RE = re.compile(rb'\bt="(\w+)"')
_VALUE_RE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_FORMULA_RE = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>([^<]*)</(?:\w+:)?f>)")
#: Excel keeps 15 significant digits: a number cell at or beyond 10**15 (or NaN, infinity) cannot
#: hold the figure that was typed, so it is not read as an amount.
EXCEL_DIGITS = 15
#: How many cell references one warning lists before "等 N 个单元格".
CELLS_NAMED = 8


# ---------------------------------------------------------------------------------------------
# Workbook → sheets of printed text


@dataclass
class Sheet:
    """One visible sheet as printed text, with its merged ranges (row0, col0, row1, col1)."""

    name: str
    rows: list[list[str]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    #: Number cells whose format is unknown (BIFF .xls): their decimals are inferred per column.
    unformatted: dict[tuple[int, int], float] = field(default_factory=dict)
    #: Cells whose value could not be read, left blank: (row0, col0) → (kind, what was there).
    troubles: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)
    #: Text cells whose figure was read once invisible characters or typeset spaces were taken out
    #: of it (issue 17, item 3): (row0, col0) → (the cell as it was, what was made of it).
    repaired: dict[tuple[int, int], tuple[str, Figure]] = field(default_factory=dict)

    def text(self, r: int) -> list[str]:
        """The non-empty cells of row ``r``."""
        return [c for c in self.rows[r] if c]


@dataclass
class SheetTable:
    """A table found in a sheet, before its headers are mapped: what :func:`build_table` takes."""

    key: str
    title: str
    sheet: str
    preamble: list[str]
    header_rows: list[list[str]]
    body_rows: list[list[str]]
    unit: str | None
    note: str | None = None


def load_sheets(data: bytes, fmt: str) -> tuple[list[Sheet], list[str]]:
    """Read every visible sheet; returns the sheets and the reader's warnings."""
    from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

    warnings: list[str] = []
    if package.is_cfb(data) and _ENCRYPTED_PACKAGE in data:
        raise _encrypted()  # an XLSX with an open password is stored inside an OLE container
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError as exc:
        raise _encrypted() from exc
    except Exception as exc:  # calamine raises several error types for damaged packages
        raise errors.corrupt("Excel") from exc
    formats = _xlsx_formats(data) if fmt == "xlsx" else {}
    troubles, hidden_lines = _sheet_facts(data) if fmt == "xlsx" else ({}, {})
    sheets: list[Sheet] = []
    hidden: list[str] = []
    for meta in wb.sheets_metadata:
        if meta.typ != SheetTypeEnum.WorkSheet:
            continue  # chart sheets, macro sheets: no cells
        if meta.visible != SheetVisibleEnum.Visible:
            hidden.append(meta.name)
            continue
        try:
            cs = wb.get_sheet_by_name(meta.name)
            values = cs.to_python(skip_empty_area=False)
            merges = [(a[0], a[1], b[0], b[1]) for a, b in (cs.merged_cell_ranges or [])]
        except Exception as exc:
            raise errors.corrupt("Excel") from exc
        sheet_formats = formats.get(meta.name)
        sheet_troubles = troubles.get(meta.name, {})
        sheet = _printed_sheet(meta.name, values, merges, sheet_formats, sheet_troubles)
        if meta.name in hidden_lines:
            sheet = _visible_part(sheet, *hidden_lines[meta.name], warnings)
        sheets.append(sheet)
        warnings.extend(trouble_warnings(meta.name, sheet.troubles))
        warnings.extend(figure_warning(f"工作表“{meta.name}”单元格 {_col_letters(c)}{r + 1} ", printed, figure)
                        for (r, c), (printed, figure) in sorted(sheet.repaired.items()))
    if hidden:
        warnings.append(f"工作簿中的隐藏工作表未读取（不属于公开内容）：{'、'.join(hidden)}。")
    return sheets, warnings


def _hidden_in(xml: bytes) -> tuple[frozenset[int], frozenset[int]] | None:
    """(hidden rows, hidden columns), 0-based, of one sheet's XML: what the printed document does
    not show (a working column, a stale row), so what a reviewer never saw; None when nothing is."""
    if b"hidden=" not in xml:
        return None
    cols: set[int] = set()
    for m in _COL_TAG_RE.finditer(xml):
        attrs = m.group(1)
        lo, hi = _ATTR_MIN_RE.search(attrs), _ATTR_MAX_RE.search(attrs)
        if _HIDDEN_RE.search(attrs) and lo and hi:
            cols.update(range(int(lo.group(1)) - 1, min(int(hi.group(1)), _MAX_COLUMNS)))
    rows = {int(r.group(1)) - 1 for m in _ROW_TAG_RE.finditer(xml)
            if _HIDDEN_RE.search(m.group(1)) and (r := _ATTR_ROW_RE.search(m.group(1)))}
    return (frozenset(rows), frozenset(cols)) if rows or cols else None


def _visible_part(sheet: Sheet, rows: frozenset[int], cols: frozenset[int], warnings: list[str]) -> Sheet:
    """The sheet without its hidden rows and columns, as it prints; the ones that held something
    are named in a warning (they are not part of what is published)."""
    def filled(r: int, c: int) -> bool:
        return r < len(sheet.rows) and c < len(sheet.rows[r]) and bool(sheet.rows[r][c])

    width = max((len(r) for r in sheet.rows), default=0)
    gone_rows = sorted(r for r in rows if any(filled(r, c) for c in range(width)))
    gone_cols = sorted(c for c in cols if c < width and any(filled(r, c) for r in range(len(sheet.rows))))
    if gone_rows or gone_cols:
        named = [f"第{r + 1}行" for r in gone_rows[:5]] + [f"第{_col_letters(c)}列" for c in gone_cols[:5]]
        warnings.append(f"工作表“{sheet.name}”中隐藏的{'、'.join(named)}{'等' if len(gone_rows) + len(gone_cols) > 10 else ''}"
                        "未读取（打印时不显示，不属于公开内容）。")
    keep_rows = [r for r in range(len(sheet.rows)) if r not in rows]
    keep_cols = [c for c in range(width) if c not in cols]
    row_at = {r: i for i, r in enumerate(keep_rows)}
    col_at = {c: i for i, c in enumerate(keep_cols)}

    def moved(cells: dict[tuple[int, int], Any]) -> dict[tuple[int, int], Any]:
        return {(row_at[r], col_at[c]): v for (r, c), v in cells.items() if r in row_at and c in col_at}

    def span(lo: int, hi: int, at: dict[int, int]) -> tuple[int, int] | None:
        inside = [at[i] for i in range(lo, hi + 1) if i in at]
        return (min(inside), max(inside)) if inside else None

    merges = []
    for r0, c0, r1, c1 in sheet.merges:
        rs, cs = span(r0, r1, row_at), span(c0, c1, col_at)
        if rs and cs:
            merges.append((rs[0], cs[0], rs[1], cs[1]))
    printed = [[row[c] for c in keep_cols if c < len(row)] for r, row in enumerate(sheet.rows) if r in row_at]
    return Sheet(name=sheet.name, rows=printed, merges=merges, unformatted=moved(sheet.unformatted),
                 troubles=moved(sheet.troubles), repaired=moved(sheet.repaired))


def _col_letters(c: int) -> str:
    out = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        out = chr(65 + rem) + out
    return out


def _encrypted() -> errors.UnreadableDocument:
    return errors.UnreadableDocument("Excel 文件设有打开密码，无法读取，请取消密码后重新上传。", reason="encrypted")


def _printed_sheet(
    name: str, values: list[list[Any]], merges: list[tuple[int, int, int, int]],
    formats: dict[tuple[int, int], str] | None, troubles: dict[tuple[int, int], tuple[str, str]] | None = None,
) -> Sheet:
    """The sheet as printed text.  Cells in ``troubles`` (and numbers that cannot be an exact figure,
    added to it here) are left blank: each is named in a warning instead of guessed at."""
    troubles = {} if troubles is None else troubles
    rows: list[list[str]] = []
    unformatted: dict[tuple[int, int], float] = {}
    repaired: dict[tuple[int, int], tuple[str, Figure]] = {}
    for r, row in enumerate(values):
        out: list[str] = []
        for c, v in enumerate(row):
            if (r, c) in troubles:
                out.append("")
                continue
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                text = _clean_text(v)
                if SPECIAL_RE.search(text):
                    text = _text_figure(text, (r, c), troubles, repaired)
                out.append(text)
                continue
            if not _exact_number(v):
                troubles[(r, c)] = ("not_exact", _number_repr(v))
                out.append("")
                continue
            if formats is None:
                unformatted[(r, c)] = float(v)
                out.append(number_text(v, None))
            else:
                out.append(number_text(v, formats.get((r, c))))
        rows.append(out)
    return Sheet(name=name, rows=rows, merges=merges, unformatted=unformatted, troubles=troubles, repaired=repaired)


def _text_figure(text: str, where: tuple[int, int], troubles: dict[tuple[int, int], tuple[str, str]],
                 repaired: dict[tuple[int, int], tuple[str, Figure]]) -> str:
    """A text cell holding invisible characters or typeset spaces (issue 17, item 3).  A cell that
    is one figure is read when :func:`read_figure` finds it unambiguous (named in a warning), else
    left blank as a trouble (named too); in other text the invisible characters are dropped."""
    m = FIGURE_RUN_RE.fullmatch(text)
    figure = read_figure(text) if m else None
    if figure is None or figure.how == "separate":
        return "".join(ch for ch in text if ch not in INVISIBLE)
    if figure.how == "unclear":
        troubles[where] = ("invisible", "".join("▯" if ch in INVISIBLE else "␣" if SPECIAL_RE.match(ch) else ch
                                                for ch in text))
        return ""
    repaired[where] = (text, figure)
    return figure.text or ""


def _clean_text(v: Any) -> str:
    if v is None or v == "":
        return ""
    text = str(v).replace("\r", "").replace("\u3000", " ")
    return text.strip()


def _exact_number(v: float | int) -> bool:
    """Finite and below 10**15: a number Excel stored as typed (see ``EXCEL_DIGITS``)."""
    return math.isfinite(v) and abs(v) < 10**EXCEL_DIGITS


def _number_repr(v: float | int) -> str:
    return {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}.get(repr(v), f"{v:.15g}")


def _sheet_facts(data: bytes) -> tuple[dict[str, dict[tuple[int, int], tuple[str, str]]],
                                      dict[str, tuple[frozenset[int], frozenset[int]]]]:
    """From each sheet's XML, read once: the cells whose value the package does not give (sheet name
    → {(row0, col0): (kind, what)}: ``formula`` saved without its result, ``error`` such as
    ``#DIV/0!``, ``not_number`` such as ``--5``) and the hidden rows and columns (see
    :func:`_hidden_in`)."""
    troubles: dict[str, dict[tuple[int, int], tuple[str, str]]] = {}
    hidden: dict[str, tuple[frozenset[int], frozenset[int]]] = {}
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = set(zf.namelist())
        for name, path in _sheet_paths(zf).items():
            if path not in names:
                continue
            xml = zf.read(path)
            if found := _troubles_in(xml):
                troubles[name] = found
            if lines := _hidden_in(xml):
                hidden[name] = lines
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, ValueError):
        return {}, {}
    return troubles, hidden


def _troubles_in(xml: bytes) -> dict[tuple[int, int], tuple[str, str]]:
    found: dict[tuple[int, int], tuple[str, str]] = {}
    if b"<f" not in xml and b't="e"' not in xml and b"<v>" not in xml:
        return found
    for m in _CELL_ELEMENT_RE.finditer(xml):
        ref = _ATTR_R_RE.search(m.group(1))
        if not ref:
            continue
        where = (int(ref.group(2)) - 1, _col_index(ref.group(1)))
        body = m.group(2) or b""
        kind = _ATTR_T_RE.search(m.group(1))
        cell_type = kind.group(1) if kind else b"n"
        value = _VALUE_RE.search(body)
        formula = _FORMULA_RE.search(body)
        if cell_type == b"e":
            found[where] = ("error", (value.group(1) if value else b"").decode("utf-8", "replace"))
        elif formula is not None and value is None:
            found[where] = ("formula", (formula.group(1) or b"").decode("utf-8", "replace"))
        elif cell_type == b"n" and value is not None:
            text = value.group(1).decode("utf-8", "replace").strip()
            try:
                float(text)
            except ValueError:
                found[where] = ("not_number", text)
    return found


#: What is wrong with each kind of unreadable cell, and what the submitter can do.
_TROUBLE_SENTENCES: dict[str, tuple[str, str]] = {
    "formula": ("是公式，但文件中没有保存计算结果（写出文件的程序未计算公式）",
                "请在 Excel 或 WPS 中打开、重新计算并保存后上传"),
    "error": ("是错误值{what}", "请改正公式后重新上传"),
    "not_number": ("标为数字但内容{what}不是数字", "请核对原表"),
    "not_exact": ("的数值{what}不是可读的金额（不是有限的数，或超过 Excel 能精确保存的 15 位有效数字）", "请核对原表"),
    "invisible": ("中夹有看不见的字符或排版空格{what}（▯、␣处），无法确定是一个金额还是几个（或是否为负数）",
                  "请删除这些字符后重新上传"),
}


def trouble_warnings(sheet: str, troubles: dict[tuple[int, int], tuple[str, str]], *,
                     blanked: bool = True) -> list[str]:
    """One sentence per kind of unreadable cell in a sheet, naming the sheet and the cells (as a
    warning: the cells were read as blank; with ``blanked`` False, as the reason nothing was read)."""
    from connectors.readers.limits import column_letters

    by_kind: dict[str, list[tuple[tuple[int, int], str]]] = {}
    for where, (kind, what) in sorted(troubles.items()):
        by_kind.setdefault(kind, []).append((where, what))
    out = []
    for kind, cells in by_kind.items():
        refs = "、".join(f"{column_letters(c + 1)}{r + 1}" for (r, c), _ in cells[:CELLS_NAMED])
        if len(cells) > CELLS_NAMED:
            refs += f" 等 {len(cells)} 个单元格"
        whats = list(dict.fromkeys(w for _, w in cells if w))[:3]
        what = f"（{'、'.join(f'“{w}”' for w in whats)}）" if whats else ""
        problem, advice = _TROUBLE_SENTENCES[kind]
        middle = "，按空白处理；" if blanked else "；"
        out.append(f"工作表“{sheet}”单元格 {refs} {problem.format(what=what)}{middle}{advice}。")
    return out


def number_text(value: float | int, fmt: str | None) -> str:
    """The text a number cell prints under its format (``#,##0.00`` → ``6,440.00``).

    Floats go through their shortest repr (15 significant digits, as Excel stores them) into a
    Decimal before rounding to the format's decimals, so no binary noise reaches an amount.
    A format's sections are honoured: negatives print with ``-`` whatever the negative section
    decorates them with (parentheses, red), and a zero section that prints a dash (the accounting
    format ``_ * "-"??_ ``) prints ``-``, which readers take as an empty cell.
    """
    dec = Decimal(f"{value:.15g}") if isinstance(value, float) else Decimal(value)
    if not fmt or fmt in ("General", "@"):
        return _general(dec)
    sections = _sections(fmt)
    sign, zero = "", dec == 0 and len(sections) >= 3
    if dec < 0 and len(sections) >= 2:
        section, sign, dec = sections[1], "-", -dec
    else:
        section = sections[2] if zero else sections[0]
    spec = _format_spec(section, zero)
    if spec is None:
        return sign + _general(dec)
    if isinstance(spec, str):
        return spec
    places, thousands = spec
    q = dec.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return sign + (f"{q:,f}" if thousands else format(q, "f"))


def _general(dec: Decimal) -> str:
    """``General``: the value as typed (no trailing zeros, no exponent)."""
    if dec == dec.to_integral_value():
        return str(int(dec))
    return format(dec.normalize(), "f")


_FMT_NOISE_RE = re.compile(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]')
_FMT_LITERAL_RE = re.compile(r'"([^"]*)"|\\(.)|_.|\*.|\[[^\]]*\]|([0#?,.])')


@functools.lru_cache(maxsize=256)
def _sections(fmt: str) -> tuple[str, ...]:
    """A number format's ``;``-separated sections (positive; negative; zero; text)."""
    return tuple(re.split(r';(?=(?:[^"]*"[^"]*")*[^"]*$)', fmt))


@functools.lru_cache(maxsize=256)
def _format_spec(section: str, zero_section: bool = False) -> tuple[int, bool] | str | None:
    """(decimals, thousands separator) of one format section; for a zero section that prints no
    ``0`` digit, its literal text (``"-"??`` → ``-``); ``None`` for General/text/percent/dates."""
    bare = _FMT_NOISE_RE.sub("", section)
    if "%" in bare or re.search(r"0E[+-]", bare, re.I) or re.search(r"[ymdhs]", bare, re.I) or "@" in bare:
        return None  # percentages, scientific, dates and text are not amounts: print them as typed
    if zero_section and "0" not in bare:
        return "".join(m.group(1) or m.group(2) or "" for m in _FMT_LITERAL_RE.finditer(section)).strip()
    if not re.search(r"[0#?]", bare):
        return None
    places = 0
    if "." in bare:
        places = len(re.match(r"[0#?]*", bare.split(".", 1)[1]).group(0))
    return places, "," in bare.split(".")[0]


def _xlsx_formats(data: bytes) -> dict[str, dict[tuple[int, int], str]]:
    """Sheet name → {(row0, col0): number format} for every styled cell of an XLSX package."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        styles = _cell_xf_formats(zf.read("xl/styles.xml")) if "xl/styles.xml" in zf.namelist() else []
        paths = _sheet_paths(zf)
        out: dict[str, dict[tuple[int, int], str]] = {}
        for name, path in paths.items():
            cells: dict[tuple[int, int], str] = {}
            if path in zf.namelist():
                for col, row, style in _styled_cells(zf.read(path)):
                    fmt = styles[style] if style < len(styles) else "General"
                    if fmt != "General":
                        cells[(row - 1, _col_index(col))] = fmt
            out[name] = cells
        return out
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, ValueError):
        return {}


def _styled_cells(xml: bytes) -> list[tuple[bytes, int, int]]:
    """(column letters, row number, style index) of every styled cell.

    Excel, WPS, LibreOffice and openpyxl all write ``<c r="B3" s="5" …>``: one regex finds those
    fast; a writer with another attribute order falls back to reading each tag's attributes.
    """
    fast = [(m.group(1), int(m.group(2)), int(m.group(3))) for m in _FAST_CELL_RE.finditer(xml)]
    if fast or b' s="' not in xml:
        return fast
    out = []
    for m in _CELL_TAG_RE.finditer(xml):
        s = _ATTR_S_RE.search(m.group(1))
        r = _ATTR_R_RE.search(m.group(1))
        if s and r:
            out.append((r.group(1), int(r.group(2)), int(s.group(1))))
    return out


def _cell_xf_formats(xml: bytes) -> list[str]:
    root = ElementTree.fromstring(xml)
    custom = {
        int(n.get("numFmtId", "0")): n.get("formatCode", "General")
        for n in root.iterfind("m:numFmts/m:numFmt", _NS)
    }
    out = []
    for xf in root.iterfind("m:cellXfs/m:xf", _NS):
        fid = int(xf.get("numFmtId", "0"))
        out.append(custom.get(fid) or BUILTIN_FORMATS.get(fid, "General"))
    return out


def _sheet_paths(zf: zipfile.ZipFile) -> dict[str, str]:
    return {p.name: p.path for p in package.sheet_parts(zf)}


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


# ---------------------------------------------------------------------------------------------
# Sheets → tables (title, preamble, header rows, body rows, note) and narrative


def find_tables(sheet: Sheet) -> tuple[list[SheetTable], list[str]]:
    """Split one sheet into its disclosure tables and the lines of text around them."""
    tables: list[SheetTable] = []
    text_lines: list[str] = []
    n = len(sheet.rows)
    r = 0
    while r < n:
        title, key = _title_at(sheet, r)
        if key is None:
            line = " ".join(sheet.text(r))
            if line:
                text_lines.append(line)
            r += 1
            continue
        table, r = _read_table(sheet, r, key, title)
        tables.append(table)
    return tables, text_lines


def _title_at(sheet: Sheet, r: int) -> tuple[str, str | None]:
    """(title, contract key) when row ``r`` is a table title: one text cell (plus, at most, a
    table number such as ``公开01表``) that :func:`classify_title` accepts, followed by a header."""
    cells = sheet.text(r)
    titles = [_one_line(c) for c in cells if not TABLE_NUMBER_RE.match(c)]
    if len(titles) != 1 or len(cells) > 2:
        return "", None
    key = classify_title(titles[0])
    if key is None:
        return titles[0], None
    # a title is followed by a header: a row of two or more cells, soon
    for k in range(r + 1, min(r + 1 + HEADER_LOOKAHEAD, len(sheet.rows))):
        if len(sheet.text(k)) >= 2 and not PREAMBLE_RE.search(" ".join(sheet.text(k))):
            return titles[0], key
    return titles[0], None


def _read_table(sheet: Sheet, start: int, key: str, title: str) -> tuple[SheetTable, int]:
    n = len(sheet.rows)
    r = start + 1
    preamble: list[str] = []
    while r < n and (not sheet.text(r) or PREAMBLE_RE.search(" ".join(sheet.text(r)))):
        if sheet.text(r):
            preamble.append(" ".join(sheet.text(r)))
        r += 1
    header_start = r
    while r < n and sheet.text(r) and not _is_body_row(sheet, r) and _title_at(sheet, r)[1] is None:
        if NOTE_RE.match(sheet.text(r)[0]):
            break
        r += 1
    header_end = r
    body: list[int] = []
    note: str | None = None
    while r < n:
        cells = sheet.text(r)
        if not cells:
            r += 1
            continue
        if _title_at(sheet, r)[1] is not None:
            break
        if NOTE_RE.match(cells[0]):
            note = " ".join(cells)
            r += 1
            break
        if len(cells) == 1 and not _is_body_row(sheet, r):
            break  # a line of text under the table: narrative
        if not all(c in PLACEHOLDERS for c in cells) and not (len(cells) == 1 and cells[0] in EMPTY_MARKERS):
            body.append(r)
        r += 1
    header_rows = _filled_header(sheet, header_start, header_end)
    body_rows = _body_rows(sheet, body, header_rows)
    unit = detect_unit(" ".join(preamble)) or detect_unit(" ".join(" ".join(h) for h in header_rows))
    table = SheetTable(key=key, title=title, sheet=sheet.name, preamble=preamble, header_rows=header_rows,
                       body_rows=body_rows, unit=unit, note=note)
    return table, r


def _is_body_row(sheet: Sheet, r: int) -> bool:
    cells = sheet.text(r)
    first = cells[0]
    if COLUMN_NUMBER_ROW_RE.match(first):
        return False
    if any((r, c) in sheet.unformatted for c, v in enumerate(sheet.rows[r]) if v):
        return True
    if any(is_amount(c) for c in cells):
        return True
    if CODE_RE.match(first) or ENUM_RE.match(first) or first in PLACEHOLDERS or first in EMPTY_MARKERS:
        return True
    return bool(TOTAL_ROW_RE.match(first) and all(TOTAL_ROW_RE.match(c) or is_amount(c) for c in cells))


def _filled_header(sheet: Sheet, r0: int, r1: int) -> list[list[str]]:
    """Header rows with each merged range's text copied into every cell it covers.

    A header ``功能分类科目编码`` merged over three columns and ``类 款 项`` under it then reads as
    one stack of titles per column, which is what header mapping needs.
    """
    rows = [[_one_line(c) for c in sheet.rows[r]] for r in range(r0, r1)]
    for mr0, mc0, mr1, mc1 in sheet.merges:
        if mr1 < r0 or mr0 >= r1:
            continue
        text = _one_line(sheet.rows[mr0][mc0]) if mr0 < len(sheet.rows) and mc0 < len(sheet.rows[mr0]) else ""
        for rr in range(max(mr0, r0), min(mr1, r1 - 1) + 1):
            for cc in range(mc0, mc1 + 1):
                if cc < len(rows[rr - r0]) and not rows[rr - r0][cc]:
                    rows[rr - r0][cc] = text
    return rows


def _one_line(text: str) -> str:
    """A cell's text with its manual line breaks removed (``事业单位\\n经营收入``): CJK needs no space."""
    return re.sub(r"\s*\n\s*", "", text) if "\n" in text else text


def _body_rows(sheet: Sheet, rows: list[int], header_rows: list[list[str]]) -> list[list[str]]:
    """Body rows as printed text; numbers of unknown format get their column's decimals.

    A cell merged across columns (``合计`` over 类/款/项 and 科目名称) prints centred over its
    span; its text is given to the span's last column, where the name column is, so that the
    label is not read as a code part.
    """
    out = [[_one_line(c) for c in sheet.rows[r]] for r in rows]
    index = {r: i for i, r in enumerate(rows)}
    for mr0, mc0, _mr1, mc1 in sheet.merges:
        i = index.get(mr0)
        if i is not None and mc1 > mc0 and mc1 < len(out[i]) and not out[i][mc1]:
            out[i][mc1], out[i][mc0] = out[i][mc0], ""
    if sheet.unformatted:
        _infer_decimals(sheet, rows, out, header_rows)
    return out


def _infer_decimals(sheet: Sheet, rows: list[int], out: list[list[str]], header_rows: list[list[str]]) -> None:
    """Decimals for numbers whose format is unknown (BIFF .xls): a table prints its amounts at one
    precision, so every amount column gets the table's most precise value's decimals
    (``2087959`` beside ``16726725.44`` prints ``2087959.00``).  Columns headed as codes or row
    numbers (类/款/项, 编码, 序号, 栏次) keep their integers."""
    code_cols = {c for c in range(max((len(h) for h in header_rows), default=0))
                 if any(c < len(h) and CODE_COLUMN_RE.search(normalise_header(h[c])) for h in header_rows)}
    widest = 0
    for r in rows:
        for c, text in enumerate(sheet.rows[r]):
            if (r, c) in sheet.unformatted and c not in code_cols:
                widest = max(widest, printed_decimals(Decimal(text)))
    if not widest:
        return
    unit = Decimal(1).scaleb(-widest)
    for i, r in enumerate(rows):
        for c, text in enumerate(sheet.rows[r]):
            if (r, c) in sheet.unformatted and c not in code_cols:
                out[i][c] = format(Decimal(text).quantize(unit), "f")


# ---------------------------------------------------------------------------------------------
# Entry point


def read_workbook(data: bytes, source: str, fmt: str) -> Disclosure:
    """Read a disclosure workbook (``fmt`` is ``xlsx`` or ``xls``) into the canonical model."""
    sheets, warnings = load_sheets(data, fmt)
    found: list[SheetTable] = []
    narrative: list[str] = []
    for sheet in sheets:
        tables, lines = find_tables(sheet)
        found.extend(tables)
        if lines:
            narrative.append("\n".join(lines))
    if not found:
        names = "、".join(f"“{s.name.strip()}”" for s in sheets) or "（无可见工作表）"
        raise errors.not_disclosure(f"工作表{names}中没有预算表标题")
    if any(s.unformatted for s in sheets):
        warnings.append(f"{fmt.upper()} 文件中数字单元格的显示格式无法读取，金额的小数位按同一张表中最多的小数位推定，请核对。")

    department = _department(sheets, found)
    doc = Disclosure(source=source, department=department, narrative="\n\n".join(narrative),
                     warnings=warnings, format=fmt)
    _build_tables(doc, found)
    unreadable = [w for s in sheets for w in trouble_warnings(s.name, s.troubles, blanked=False)]
    if unreadable and not any(isinstance(v, Decimal) for t in doc.tables.values() for r in t.rows for v in r.values()):
        raise errors.UnreadableDocument(f"工作簿中没有一个金额可以读取：{unreadable[0]}", reason="no_values")
    return doc


def _build_tables(doc: Disclosure, found: list[SheetTable]) -> None:
    from connectors.readers.filing import Filed, file_table
    from connectors.readers.grid import build_table

    default_unit = doc.department.unit or _most_common([t.unit for t in found if t.unit]) or "元"
    for st in found:
        unit = st.unit
        if unit is None:
            unit = default_unit
            doc.warnings.append(f"工作表“{st.sheet}”的{st.title}未标明金额单位，按{unit}读取。")
        table = build_table(st.key, st.title, st.header_rows, st.body_rows, unit, page=None,
                            warnings=doc.warnings, note=st.note)
        shelf = doc.shelf(st.key)
        prev = shelf.get(st.key)
        if prev is not None and "续" in st.title and prev.columns == table.columns:
            if all(r.get("row") == i for i, r in enumerate(table.rows, start=1)):  # numbered by position
                for i, r in enumerate(table.rows, start=len(prev.rows) + 1):
                    r["row"] = i
            prev.rows.extend(table.rows)
            continue
        if file_table(doc, table) is Filed.DUPLICATE:
            doc.warnings.append(f"工作表“{st.sheet}”中再次出现{st.title}，只读取了第一张。")
    if doc.department.unit is None:
        doc.department.unit = _most_common([t.unit for t in doc.tables.values()])


def _department(sheets: list[Sheet], found: list[SheetTable]) -> Department:
    """Department, year and kind from the cover, the titles and the 编制部门 lines."""
    lines: list[str] = []
    for sheet in sheets[:2]:  # cover and contents come first
        lines.extend(" ".join(sheet.text(r)) for r in range(len(sheet.rows)) if sheet.text(r))
    for st in found:
        lines.append(st.title)
        lines.extend(st.preamble)
    from connectors.readers.meta import read_meta

    return read_meta("\n".join(lines))


def _most_common(values: list[str | None]) -> str | None:
    """The most frequent value; on a tie the first printed (deterministic, unlike a set)."""
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None
