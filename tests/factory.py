"""Test fixture factory: canonical tables → real XLSX (openpyxl) and PDF (LibreOffice headless).

Round-trip tests need documents made by the tools departments use, laid out like the real ones,
whose every printed value is known.  This module does three things:

* :func:`make_disclosure` builds a canonical :class:`~disclosure.model.Disclosure` from real
  classification codes (``tests/corpus/reference``) with amounts that add up (leaves drawn at random,
  parents and totals summed exactly), in 元 or 万元, at a given printed precision.
* :func:`render_xlsx` writes it as a workbook in a :class:`Layout`: the Shanghai one (title row,
  ``编制部门：… 单位：元``, a merged two-row header with 类/款/项 code columns, totals at the bottom,
  ``#,##0.00`` or ``#,##0``, the 三公 table as one horizontal row) or the Hebei one (序号, one
  narrow 7-digit code column that wraps, 合计 at the top, 万元 with two decimals, 栏次 row,
  wrapped names).  Page setup is A4 landscape fitted to the width, so long tables spill over pages,
  with or without the header repeated (print titles).
* :func:`convert_to_pdf` prints workbooks to PDF with ``soffice --headless`` in ONE call, with a
  fresh user profile per call so parallel test sessions do not collide; each render is cached by
  the workbook's content (:data:`RENDER_CACHE`), so a re-run, or another test printing the same
  workbook, copies it instead of starting LibreOffice.

The expected value of each cell is what the layout prints: an amount written under ``General``
prints without trailing zeros, so :func:`printed_general` gives the canonical value for those.
"""

from __future__ import annotations

import csv
import hashlib
import os
import random
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from disclosure.model import Department, Disclosure, Table
from disclosure.tables import BUDGET_TABLE_KEYS, TABLE_SPECS, TEXT_COLUMNS
from tests import documents

REFERENCE = documents.CORPUS / "reference"

EMPTY_NOTE = "注：本部门{year}年无{what}安排的预算，故本表为空表。"
NARRATIVE = ("{year}年，{name}收入预算{income}{unit}，其中：财政拨款收入{income}{unit}。支出预算{income}{unit}，"
             "主要用于保障机构正常运转和完成年度工作任务。")

# ---------------------------------------------------------------------------------------------
# Printed headers per table, as the real layouts print them (data, not code)

#: Shanghai: (header over the code columns, header over the name, group header over the amounts,
#: [(column key, printed header)]).
SHANGHAI_CODED: dict[str, tuple[str, str, str, list[tuple[str, str]]]] = {
    "income": ("功能分类科目编码", "功能分类科目名称", "收入预算",
               [("total", "合计"), ("fiscal_grant", "财政拨款收入"), ("business", "事业收入"),
                ("operating", "事业单位\n经营收入"), ("other", "其他收入")]),
    "expenditure": ("功能分类科目编码", "功能分类科目名称", "支出预算",
                    [("total", "合计"), ("basic", "基本支出"), ("project", "项目支出")]),
    "general_expenditure": ("功能分类科目编码", "功能分类科目名称", "一般公共预算支出",
                            [("total", "合计"), ("basic", "基本支出"), ("project", "项目支出")]),
    "fund_expenditure": ("功能分类科目编码", "功能分类科目名称", "政府性基金预算支出",
                         [("total", "合计"), ("basic", "基本支出"), ("project", "项目支出")]),
    "capital_expenditure": ("功能分类科目编码", "功能分类科目名称", "国有资本经营预算支出",
                            [("total", "合计"), ("basic", "基本支出"), ("project", "项目支出")]),
    "basic_expenditure": ("部门预算经济分类科目编码", "经济分类科目名称", "一般公共预算基本支出",
                          [("total", "合计"), ("personnel", "人员经费"), ("public", "公用经费")]),
}
SHANGHAI_TITLES: dict[str, str] = {
    "summary": "{year}年部门财务收支预算总表", "income": "{year}年部门收入预算总表",
    "fiscal_summary": "{year}年部门财政拨款收支预算总表",
    "expenditure": "{year}年部门支出预算总表", "general_expenditure": "{year}年部门一般公共预算支出功能分类预算表",
    "fund_expenditure": "{year}年部门政府性基金预算支出功能分类预算表",
    "capital_expenditure": "{year}年部门国有资本经营预算支出功能分类预算表",
    "basic_expenditure": "{year}年部门一般公共预算基本支出部门预算经济分类预算表",
    "three_public": "{year}年部门“三公”经费和机关运行经费预算表",
}
#: Shanghai's horizontal 三公 table: (top header, sub header, canonical item).
SHANGHAI_THREE_PUBLIC: list[tuple[str, str, str]] = [
    ("“三公”经费预算数", "合计", "合计"),
    ("“三公”经费预算数", "因公出国(境)费", "因公出国（境）费"),
    ("“三公”经费预算数", "公务接待费", "公务接待费"),
    ("公务用车购置及运行费", "小计", "公务用车购置及运维费"),
    ("公务用车购置及运行费", "购置费", "其中：公务用车购置费"),
    ("公务用车购置及运行费", "运行费", "公务用车运行维护费"),
    ("机关运行经费预算数", "机关运行经费预算数", "机关运行经费"),
]
HEBEI_CODED: dict[str, tuple[list[tuple[str, str]], list[tuple[str, str]], list[tuple[str, str]]]] = {
    # (columns before the group, columns under the group 本年收入, columns after it)
    "income": ([("total", "合计")], [("subtotal", "小计"), ("fiscal_grant", "财政拨款收入"),
                                      ("special_account", "财政专户收入"), ("business", "事业收入")],
               [("carryover", "上年结转")]),
    "expenditure": ([("total", "合计"), ("basic", "基本支出"), ("project", "项目支出")], [], []),
    "general_expenditure": ([("total", "合计"), ("basic", "基本支出"), ("project", "项目支出")], [], []),
    "fund_expenditure": ([("total", "合计"), ("basic", "基本支出"), ("project", "项目支出")], [], []),
    "capital_expenditure": ([("total", "合计"), ("basic", "基本支出"), ("project", "项目支出")], [], []),
    "basic_expenditure": ([("total", "合计"), ("personnel", "人员经费"), ("public", "公用经费")], [], []),
}
#: The accounting format of Chinese Excel: negatives with ``-``, zero as a dash.
ACCOUNTING_FORMAT = '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ '
HEBEI_TITLES: dict[str, str] = {k: s.title for k, s in TABLE_SPECS.items()}
HEBEI_THREE_PUBLIC_COLUMNS = [("total", "合计"), ("general", "一般公共预算财政拨款"),
                              ("fund", "政府性基金预算拨款"), ("capital", "国有资本经营预算财政拨款")]


@dataclass(frozen=True)
class Layout:
    """How a disclosure is printed; the round-trip tests vary these."""

    name: str
    region: str = "shanghai"  # shanghai | hebei
    amount_format: str = "#,##0.00"  # the number format of amount cells
    numbers_as_text: bool = False  # amounts typed as text ("1,234.50") rather than numbers
    repeat_header: bool = True  # print titles: the header repeats on every printed page
    one_sheet: bool = False  # the function-classified tables together on one sheet (several tables per sheet)
    narrow_code: bool = True  # hebei: a code column so narrow that 7-digit codes wrap in print
    paper: str = "A4"  # A4 | A3
    orientation: str = "landscape"  # landscape | portrait
    fit_width: bool = True  # scale each sheet to the page width (else print at 100%, columns as set)
    name_width: float | None = None  # hebei: the name column's width (narrow: long names wrap over lines,
    #                                   the code and the figures centred on the middle line)


# ---------------------------------------------------------------------------------------------
# Canonical documents whose sums hold


def _read_codes(name: str) -> list[tuple[str, str]]:
    path = REFERENCE / name
    with path.open(encoding="utf-8") as fh:
        return [(r["code"], r["name"]) for r in csv.DictReader(fh)]


def function_codes() -> list[tuple[str, str]]:
    return _read_codes("function_codes_observed.csv")


def econ_codes() -> list[tuple[str, str]]:
    return _read_codes("dept_econ_codes_observed.csv")


def printed_general(value: Decimal) -> Decimal:
    """What an amount written as a number under the ``General`` format prints: no trailing zeros."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return Decimal(format(value.normalize(), "f"))


@dataclass
class _Draw:
    rng: random.Random
    places: int
    low: int
    high: int

    def amount(self) -> Decimal:
        cents = self.rng.randint(self.low, self.high)
        return Decimal(cents).scaleb(-self.places) if self.places else Decimal(cents)

    def zero(self) -> Decimal:
        return Decimal(0).quantize(Decimal(1).scaleb(-self.places))


def _coded_rows(codes: list[tuple[str, str]], leaf_columns: dict[str, Any], total_of: list[str],
                totals_first: bool) -> list[dict[str, Any]]:
    """Rows for ``codes`` (parents before children): leaves get amounts from ``leaf_columns``
    (column → callable returning an amount), ``total`` = Σ ``total_of``, parents sum their
    children, and a 合计 row sums the 类 rows."""
    parents = {c for c, _ in codes for p in codes if p[0] != c and p[0].startswith(c)}
    rows: list[dict[str, Any]] = []
    for code, name in codes:
        row: dict[str, Any] = {"code": code, "name": name}
        if code not in parents:
            for col, draw in leaf_columns.items():
                row[col] = draw()
            row["total"] = sum((row[c] for c in total_of), start=Decimal(0))
        rows.append(row)
    amount_cols = ["total", *leaf_columns]
    for row in sorted(rows, key=lambda r: -len(r["code"])):  # 项 before 款 before 类
        if row["code"] in parents:
            kids = [r for r in rows if r["code"] != row["code"] and r["code"].startswith(row["code"])
                    and len(r["code"]) == len(row["code"]) + 2]
            for col in amount_cols:
                row[col] = sum((k[col] for k in kids), start=Decimal(0))
    classes = [r for r in rows if len(r["code"]) == 3]
    total = {"code": None, "name": "合计", **{c: sum((r[c] for r in classes), start=Decimal(0)) for c in amount_cols}}
    rows = [total, *rows] if totals_first else [*rows, total]
    return [{"row": i, **r} for i, r in enumerate(rows, start=1)]


def _pick_codes(all_codes: list[tuple[str, str]], n_classes: int, rng: random.Random,
                max_children: int) -> list[tuple[str, str]]:
    """A consistent subset: some 类, some of their 款, some of those 款's 项 (each 款 keeps ≥ 1)."""
    classes = [c for c in all_codes if len(c[0]) == 3]
    chosen = sorted(rng.sample(classes, min(n_classes, len(classes))))
    out: list[tuple[str, str]] = []
    for cls in chosen:
        out.append(cls)
        subs = [c for c in all_codes if len(c[0]) == 5 and c[0].startswith(cls[0])]
        for sub in sorted(rng.sample(subs, min(len(subs), max_children))):
            out.append(sub)
            items = [c for c in all_codes if len(c[0]) == 7 and c[0].startswith(sub[0])]
            out.extend(sorted(rng.sample(items, min(len(items), max_children))))
    return out


def make_disclosure(*, region: str = "shanghai", seed: int = 1, unit: str | None = None, places: int = 2,
                    n_classes: int = 4, max_children: int = 3, year: int = 2026,
                    name: str | None = None, negative: bool = False) -> Disclosure:
    """A complete budget disclosure whose printed sums hold, in ``unit`` at ``places`` decimals.
    With ``negative``, one 项目支出 is a reduction (printed negative); the sums still hold."""
    rng = random.Random(seed)
    name = name or ("上海市普陀区司法局" if region == "shanghai" else "曲阳县人力资源和社会保障局")
    unit = unit or ("元" if region == "shanghai" else "万元")
    if unit == "元":
        draw = _Draw(rng, places, 10_000 * 10**places, 30_000_000 * 10**places)
    else:
        draw = _Draw(rng, places, 10**places // 10 or 1, 3_000 * 10**places)
    totals_first = region == "hebei"
    fcodes = _pick_codes(function_codes(), n_classes, rng, max_children)
    ecodes = _pick_codes(econ_codes(), 4, rng, max_children + 2)

    def basic() -> Decimal:
        return draw.amount() if rng.random() < 0.7 else draw.zero()

    negatives = [negative]

    def project() -> Decimal:
        if negatives[0]:
            negatives[0] = False
            return -draw.amount()
        return draw.amount() if rng.random() < 0.5 else draw.zero()

    exp_rows = _coded_rows(fcodes, {"basic": basic, "project": project}, ["basic", "project"], totals_first)
    tables: dict[str, Table] = {}
    spec = TABLE_SPECS
    tables["expenditure"] = Table("expenditure", "", list(spec["expenditure"].columns), exp_rows, unit)
    tables["general_expenditure"] = Table(
        "general_expenditure", "", list(spec["general_expenditure"].columns),
        [{k: v for k, v in r.items()} for r in exp_rows], unit)
    inc_rows = []
    for r in exp_rows:
        if region == "shanghai":
            inc_rows.append({"row": r["row"], "code": r["code"], "name": r["name"], "total": r["total"],
                             "fiscal_grant": r["total"], "business": draw.zero(), "operating": draw.zero(),
                             "other": draw.zero()})
        else:
            inc_rows.append({"row": r["row"], "code": r["code"], "name": r["name"], "total": r["total"],
                             "subtotal": r["total"], "fiscal_grant": r["total"]})
    tables["income"] = Table("income", "", list(spec["income"].columns), inc_rows, unit)

    personnel_classes = {"301", "303"}
    basic_rows = _coded_rows(
        ecodes,
        {"personnel": lambda: draw.amount(), "public": lambda: draw.zero()},
        ["personnel", "public"], totals_first)
    for r in basic_rows:  # 301/303 are 人员经费, 302/310 公用经费: move the money accordingly
        if r["code"] and r["code"][:3] not in personnel_classes:
            r["public"], r["personnel"] = r["personnel"], r["public"]
    total_row = next(r for r in basic_rows if r["code"] is None)
    classes = [r for r in basic_rows if r["code"] and len(r["code"]) == 3]
    for col in ("total", "personnel", "public"):
        total_row[col] = sum((r[col] for r in classes), start=Decimal(0))
    tables["basic_expenditure"] = Table("basic_expenditure", "", list(spec["basic_expenditure"].columns),
                                        basic_rows, unit)
    what = {"fund_expenditure": "政府性基金预算财政拨款", "capital_expenditure": "国有资本经营预算财政拨款"}
    for key in ("fund_expenditure", "capital_expenditure"):
        tables[key] = Table(key, "", list(spec[key].columns), [], unit,
                            note=EMPTY_NOTE.format(year=year, what=what[key]))
    tables["three_public"] = _three_public(rng, region)
    tables["summary"] = _summary(exp_rows, unit, region, draw)
    tables["fiscal_summary"] = _fiscal_summary(exp_rows, unit, draw)
    for key, t in tables.items():
        titles = SHANGHAI_TITLES if region == "shanghai" else HEBEI_TITLES
        t.title = titles.get(key, TABLE_SPECS[key].title).format(year=year)
    total = next(r["total"] for r in exp_rows if r["code"] is None)
    dep = Department(name=name, year=year, unit=unit, kind="预算", level="部门",
                     code="316" if region == "hebei" else None)
    return Disclosure(source=f"factory:{region}:{seed}", department=dep, tables=tables,
                      narrative=NARRATIVE.format(year=year, name=name, income=f"{total:,f}", unit=unit))


def _three_public(rng: random.Random, region: str) -> Table:
    """三公 in 万元: 合计 = 出国 + 用车(购置 + 运维) + 接待; printed as General in Shanghai."""
    def v(zero_chance: float) -> Decimal:
        return Decimal(0) if rng.random() < zero_chance else Decimal(rng.randint(1, 5000)).scaleb(-2)

    abroad, buy, run, host, office = v(0.5), v(0.6), v(0.1), v(0.2), v(0.0) * 40
    car = buy + run
    values = {"合计": abroad + car + host, "因公出国（境）费": abroad, "公务用车购置及运维费": car,
              "其中：公务用车购置费": buy, "公务用车运行维护费": run, "公务接待费": host, "机关运行经费": office}
    cols = list(TABLE_SPECS["three_public"].columns)
    rows: list[dict[str, Any]] = []
    for i, (item, value) in enumerate(values.items(), start=1):
        if region == "shanghai":
            rows.append({"row": i, "item": item, "total": printed_general(value)})
        else:
            if item == "机关运行经费":
                continue
            q = value.quantize(Decimal("0.01"))
            rows.append({"row": i, "item": item, "total": q, "general": q})
    return Table("three_public", "", cols, rows, "万元")


def _summary(exp_rows: list[dict[str, Any]], unit: str, region: str, draw: _Draw) -> Table:
    """收支总表: income items left, one line per expenditure class right, totals that agree."""
    classes = [r for r in exp_rows if r["code"] and len(r["code"]) == 3]
    total = next(r["total"] for r in exp_rows if r["code"] is None)
    zero = draw.zero()
    numerals = "一二三四五六七八九十"
    left = [("一、财政拨款收入", total), ("1. 一般公共预算", total), ("2. 政府性基金预算", zero),
            ("3. 国有资本经营预算", zero), ("二、事业收入", zero), ("三、事业单位经营收入", zero), ("四、其他收入", zero)]
    right = [(f"{numerals[i]}、{r['name']}", r["total"]) for i, r in enumerate(classes)]
    rows: list[dict[str, Any]] = []
    for i in range(max(len(left), len(right))):
        li = left[i] if i < len(left) else (None, None)
        ri = right[i] if i < len(right) else (None, None)
        rows.append({"income_item": li[0], "income_amount": li[1], "expenditure_item": ri[0],
                     "expenditure_amount": ri[1]})
    rows.append({"income_item": "收入总计", "income_amount": total, "expenditure_item": "支出总计",
                 "expenditure_amount": total})
    rows = [{"row": i, **r} for i, r in enumerate(rows, start=1)]
    return Table("summary", "", list(TABLE_SPECS["summary"].columns), rows, unit)


def _fiscal_summary(exp_rows: list[dict[str, Any]], unit: str, draw: _Draw) -> Table:
    """财政拨款收支总表: all money is general budget; fund and capital columns are printed blank."""
    classes = [r for r in exp_rows if r["code"] and len(r["code"]) == 3]
    total = next(r["total"] for r in exp_rows if r["code"] is None)
    numerals = "一二三四五六七八九十"
    left = [("一、一般公共预算", total), ("二、政府性基金预算", draw.zero()), ("三、国有资本经营预算", draw.zero())]
    rows: list[dict[str, Any]] = []
    for i in range(max(len(left), len(classes))):
        row: dict[str, Any] = {"income_item": None, "income_amount": None}
        if i < len(left):
            row["income_item"], row["income_amount"] = left[i]
        if i < len(classes):
            c = classes[i]
            row.update(expenditure_item=f"{numerals[i]}、{c['name']}", expenditure_total=c["total"],
                       expenditure_general=c["total"])
        rows.append(row)
    rows.append({"income_item": "收入总计", "income_amount": total, "expenditure_item": "支出总计",
                 "expenditure_total": total, "expenditure_general": total})
    rows = [{"row": i, **r} for i, r in enumerate(rows, start=1)]
    return Table("fiscal_summary", "", list(TABLE_SPECS["fiscal_summary"].columns), rows, unit)


def sample_disclosure() -> Disclosure:
    """The Hebei sample's hand-checked tables (``tests/data/quyang_expected.json``, read off the sample by
    hand), the nine standard tables a workbook layout prints."""
    import json

    data = json.loads((Path(__file__).parent / "data" / "quyang_expected.json").read_text(encoding="utf-8"))
    doc = Disclosure(source="quyang-hrss-2022-budget", department=Department(**data["department"]),
                     narrative="曲阳县人力资源和社会保障局2022年部门预算。")
    for key, t in data["tables"].items():
        if key not in BUDGET_TABLE_KEYS:
            continue
        spec = TABLE_SPECS[key]
        rows = [{k: (Decimal(v) if isinstance(v, str) and k not in TEXT_COLUMNS else v)
                 for k, v in r.items() if not k.startswith("_")} for r in t["rows"]]
        doc.tables[key] = Table(key, t.get("title") or spec.title, list(spec.columns), rows, t.get("unit") or "万元",
                                note=t.get("note"))
    return doc


def long_disclosure(rows: int, *, seed: int = 7, unit: str = "元") -> Disclosure:
    """A disclosure whose 支出总表 has about ``rows`` code rows: the reference codes over and over,
    each pass with its 类 renumbered (``100``…``999``) so that codes stay unique and roll up.
    For tables that spill over pages and for timing."""
    base = function_codes()
    codes: list[tuple[str, str]] = []
    serial = 0
    while len(codes) < rows:
        prefix = ""
        for code, name in base:
            if len(code) == 3:
                prefix = f"{100 + serial % 900:03d}"
                serial += 1
            codes.append((prefix + code[3:], name))
    while codes and len(codes[-1][0]) != 7:  # end on a complete 类
        codes.pop()
    doc = make_disclosure(seed=seed, unit=unit)
    draw = _Draw(random.Random(seed), 2, 100_000, 3_000_000_000)
    exp_rows = _coded_rows(codes[:rows], {"basic": draw.amount, "project": draw.amount}, ["basic", "project"],
                           False)
    doc.tables["expenditure"].rows = exp_rows
    return doc


# ---------------------------------------------------------------------------------------------
# XLSX

_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="center")
_FONT = Font(name="Noto Sans CJK SC", size=10)
_TITLE_FONT = Font(name="Noto Sans CJK SC", size=16)

#: Two-sided tables: (left group, right group, left columns, right columns) as Shanghai prints them.
TWO_SIDED: dict[str, tuple[str, str, list[tuple[str, str]], list[tuple[str, str]]]] = {
    "summary": ("本年收入", "本年支出", [("income_item", "项目"), ("income_amount", "预算数")],
                [("expenditure_item", "项目"), ("expenditure_amount", "预算数")]),
    "fiscal_summary": ("财政拨款收入", "财政拨款支出", [("income_item", "项目"), ("income_amount", "预算数")],
                       [("expenditure_item", "项目"), ("expenditure_total", "合计"),
                        ("expenditure_general", "一般公共预算"), ("expenditure_fund", "政府性基金预算"),
                        ("expenditure_capital", "国有资本经营预算")]),
}
#: Tables with the same columns (类/款/项, name, amounts): the one-sheet layout stacks them on one sheet.
FUNCTION_TABLES = frozenset({"income", "expenditure", "general_expenditure", "fund_expenditure",
                             "capital_expenditure"})
SHANGHAI_ORDER = ("summary", "income", "expenditure", "fiscal_summary", "general_expenditure", "fund_expenditure",
                  "capital_expenditure", "basic_expenditure", "three_public")


@dataclass
class _Writer:
    """Writes tables into a sheet from row ``r``; remembers the header rows for print titles."""

    ws: Any
    layout: Layout
    r: int = 1
    header_rows: list[tuple[int, int]] = field(default_factory=list)
    widths_set: set[str] = field(default_factory=set)

    def cell(self, row: int, col: int, value: Any = None, *, align: Alignment = _LEFT, border: bool = True,
             fmt: str | None = None, font: Font = _FONT) -> Any:
        c = self.ws.cell(row=row, column=col, value=value)
        c.alignment = align
        c.font = font
        if border:
            c.border = _BOX
        if fmt:
            c.number_format = fmt
        return c

    def merge(self, r0: int, c0: int, r1: int, c1: int, value: Any, align: Alignment = _CENTER) -> None:
        for rr in range(r0, r1 + 1):
            for cc in range(c0, c1 + 1):
                self.cell(rr, cc, value if (rr, cc) == (r0, c0) else None, align=align)
        if (r0, c0) != (r1, c1):
            self.ws.merge_cells(start_row=r0, start_column=c0, end_row=r1, end_column=c1)

    def amount(self, row: int, col: int, value: Decimal | None, fmt: str | None = None) -> None:
        fmt = fmt or self.layout.amount_format
        if value is None:
            self.cell(row, col, None)
        elif isinstance(value, str):  # a figure mistyped as words: printed as typed
            self.cell(row, col, value, align=_RIGHT, fmt="@")
        elif self.layout.numbers_as_text:
            places = _format_places(fmt)
            q = value.quantize(Decimal(1).scaleb(-places)) if places is not None else value
            text = f"{q:,f}" if "," in fmt else format(q, "f")
            self.cell(row, col, text, align=_RIGHT, fmt="@")
        else:
            self.cell(row, col, int(value) if value == value.to_integral_value() and "." not in fmt
                      else float(value), align=_RIGHT, fmt=fmt)

    def title(self, text: str, width: int) -> None:
        self.merge(self.r, 1, self.r, width, text)
        self.ws.cell(row=self.r, column=1).font = _TITLE_FONT
        for cc in range(1, width + 1):
            self.ws.cell(row=self.r, column=cc).border = Border()
        self.ws.row_dimensions[self.r].height = 30
        self.r += 1

    def preamble(self, left: str, right: str, width: int) -> None:
        """``编制部门：…`` merged over all but the last column (as the templates do), unit at the right."""
        self.cell(self.r, 1, left, border=False, align=Alignment(horizontal="left", vertical="center"))
        if width > 2:
            self.ws.merge_cells(start_row=self.r, start_column=1, end_row=self.r, end_column=width - 1)
        self.cell(self.r, width, right, border=False, align=Alignment(horizontal="right", vertical="center"))
        self.r += 1

    def width(self, letter: str, chars: float) -> None:
        """Column width; on a sheet holding several tables the first table's widths stay."""
        if letter not in self.widths_set:
            self.ws.column_dimensions[letter].width = chars
            self.widths_set.add(letter)

    def note(self, text: str, width: int) -> None:
        """``注：…`` under the table, merged over its width on one line (as the real ones print)."""
        self.cell(self.r, 1, text, border=False, align=Alignment(horizontal="left", vertical="center"))
        self.ws.merge_cells(start_row=self.r, start_column=1, end_row=self.r, end_column=width)
        self.r += 1

    def fit_height(self, row: int, *texts_and_widths: tuple[str | None, float]) -> None:
        """Row height for wrapped cells: LibreOffice keeps openpyxl's default height otherwise, and the
        wrapped lines would overprint the next row.  CJK characters are about two digits wide."""
        lines = 1
        for text, width in texts_and_widths:
            if text:
                units = sum(2 if ord(ch) > 0x2E80 else 1.15 for ch in text)
                lines = max(lines, -(-int(units) // max(int(width) - 1, 1)))
        if lines > 1:
            self.ws.row_dimensions[row].height = 14 * lines


def _format_places(fmt: str) -> int | None:
    """Decimals the format's first section prints (``None`` for General)."""
    if fmt == "General":
        return None
    first = fmt.split(";")[0]
    return len(first.split(".", 1)[1].split("_")[0].rstrip()) if "." in first else 0


def _zero_prints_dash(fmt: str) -> bool:
    """True for formats whose zero section prints a dash (the accounting format): zero reads as blank."""
    sections = fmt.split(";")
    return len(sections) >= 3 and "0" not in sections[2].replace('"-"', "")


def _expected_amount(value: Decimal | None, fmt: str) -> Decimal | None:
    """The canonical value of an amount printed under ``fmt`` (a dash for zero is an empty cell)."""
    if value is None or (value == 0 and _zero_prints_dash(fmt)):
        return None
    places = _format_places(fmt)
    return printed_general(value) if places is None else value.quantize(Decimal(1).scaleb(-places))


def expected(doc: Disclosure, layout: Layout) -> Disclosure:
    """The disclosure as ``layout`` prints it: amounts at the printed precision of their format."""
    out = Disclosure(source=doc.source, department=replace(doc.department), narrative=doc.narrative)
    for key, t in doc.tables.items():
        fmt = "General" if key == "three_public" and layout.region == "shanghai" else layout.amount_format
        if key == "three_public" and layout.region == "hebei":
            fmt = "0.00"
        rows = [{k: (_expected_amount(v, fmt) if isinstance(v, Decimal) else v) for k, v in r.items()}
                for r in t.rows]
        out.tables[key] = Table(key, t.title, list(t.columns), rows, t.unit, note=t.note)
    return out


def render_xlsx(doc: Disclosure, layout: Layout, path: Path) -> Path:
    """Write ``doc`` as a workbook in ``layout``; returns ``path``."""
    wb = Workbook()
    cover = wb.active
    cover.title = "封面"
    if layout.region == "shanghai":
        cover["A3"] = f"上海市普陀区{doc.department.year}年区级部门预算"
        cover["A9"] = f"预算主管部门：{doc.department.name}"
    else:
        cover["A3"] = f"{doc.department.name}{doc.department.year}年部门预算"
    cover.column_dimensions["A"].width = 60
    text = wb.create_sheet("部门编制说明")
    text["A1"] = f"{doc.department.year}年部门预算编制说明"
    text["A3"] = doc.narrative
    text["A3"].alignment = Alignment(wrap_text=True, vertical="top")
    text.column_dimensions["A"].width = 90 if layout.orientation == "landscape" else 60
    text.row_dimensions[3].height = 80
    _page_setup(text, layout)
    writer: _Writer | None = None
    order = [k for k in SHANGHAI_ORDER if k in doc.tables] + [k for k in doc.tables if k not in SHANGHAI_ORDER]
    sheet_name = ""
    for key in order:
        table = doc.tables[key]
        name = "功能分类预算表" if layout.one_sheet and key in FUNCTION_TABLES else TABLE_SPECS[key].label
        if writer is None or name != sheet_name:
            ws = wb.create_sheet(name)
            _page_setup(ws, layout)
            writer = _Writer(ws, layout)
            sheet_name = name
        else:  # the next table on the same sheet starts a new printed page
            writer.ws.row_breaks.append(Break(id=writer.r - 1))
        if layout.region == "shanghai":
            _shanghai_table(writer, doc, table)
        else:
            _hebei_table(writer, doc, table)
        if layout.repeat_header and not layout.one_sheet and writer.header_rows:
            h0, h1 = writer.header_rows[-1]
            writer.ws.print_title_rows = f"{h0}:{h1}"
        writer.r += 2
    wb.save(path)
    return path


def _page_setup(ws: Any, layout: Layout = Layout("default")) -> None:
    ws.page_setup.orientation = layout.orientation
    ws.page_setup.paperSize = ws.PAPERSIZE_A3 if layout.paper == "A3" else ws.PAPERSIZE_A4
    if layout.fit_width:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True


def _shanghai_table(w: _Writer, doc: Disclosure, t: Table) -> None:
    dept = f"编制部门：{doc.department.name}"
    if t.key in SHANGHAI_CODED:
        code_hdr, name_hdr, group, cols = SHANGHAI_CODED[t.key]
        nparts = 2 if t.key == "basic_expenditure" else 3
        width = nparts + 1 + len(cols)
        for c in range(1, nparts + 1):
            w.width(get_column_letter(c), 5.5)
        w.width(get_column_letter(nparts + 1), 34)
        for c in range(nparts + 2, width + 1):
            w.width(get_column_letter(c), 16)
        w.title(t.title, width)
        w.preamble(dept, f"单位：{t.unit}", width)
        h0 = w.r
        w.merge(h0, 1, h0, nparts + 1, "项目")
        w.merge(h0, nparts + 2, h0, width, group)
        w.merge(h0 + 1, 1, h0 + 1, nparts, code_hdr)
        w.merge(h0 + 1, nparts + 1, h0 + 2, nparts + 1, name_hdr)
        for i, (_, hdr) in enumerate(cols):
            w.merge(h0 + 1, nparts + 2 + i, h0 + 2, nparts + 2 + i, hdr)
        for i, part in enumerate("类款项"[:nparts]):
            w.cell(h0 + 2, 1 + i, part, align=_CENTER)
        w.header_rows.append((h0, h0 + 2))
        w.r = h0 + 3
        for row in t.rows:
            code = row.get("code")
            if code is None:
                w.merge(w.r, 1, w.r, nparts + 1, row.get("name"))
            else:
                parts = [code[:3], code[3:5], code[5:7]][:nparts]
                for i, p in enumerate(parts):
                    # 类 as a number (as the templates store it), 款/项 as text to keep the zero
                    w.cell(w.r, 1 + i, (int(p) if i == 0 else p) or None, align=_LEFT)
                w.cell(w.r, nparts + 1, row.get("name"))
            for i, (col, _) in enumerate(cols):
                w.amount(w.r, nparts + 2 + i, row.get(col))
            w.r += 1
        if not t.rows:
            w.merge(w.r, 1, w.r, nparts + 1, "合计")
            for i in range(len(cols)):
                w.cell(w.r, nparts + 2 + i, None)
            w.r += 1
        if t.note:
            w.note(t.note, width)
    elif t.key == "three_public":
        width = len(SHANGHAI_THREE_PUBLIC)
        for c in range(1, width + 1):
            w.width(get_column_letter(c), 15)
        w.title(t.title, width)
        w.preamble(dept, f"单位:{t.unit}", width)
        h0 = w.r
        w.merge(h0, 1, h0, 6, "“三公”经费预算数")
        w.merge(h0, 7, h0 + 2, 7, "机关运行经费预算数")
        w.merge(h0 + 1, 1, h0 + 2, 1, "合计")
        w.merge(h0 + 1, 2, h0 + 2, 2, "因公出国(境)费")
        w.merge(h0 + 1, 3, h0 + 2, 3, "公务接待费")
        w.merge(h0 + 1, 4, h0 + 1, 6, "公务用车购置及运行费")
        for i, sub in enumerate(("小计", "购置费", "运行费")):
            w.cell(h0 + 2, 4 + i, sub, align=_CENTER)
        w.header_rows.append((h0, h0 + 2))
        w.r = h0 + 3
        by_item = {r["item"]: r.get("total") for r in t.rows}
        for i, (_, _, item) in enumerate(SHANGHAI_THREE_PUBLIC):
            w.amount(w.r, 1 + i, by_item.get(item), fmt="General")
        w.r += 1
    elif t.key in TWO_SIDED:
        _two_sided(w, t, dept, numbered=False)
    else:  # pragma: no cover - the factory renders only the tables it makes
        raise ValueError(f"no Shanghai layout for {t.key}")


def _hebei_table(w: _Writer, doc: Disclosure, t: Table) -> None:
    dept = f"{doc.department.code} {doc.department.name} 预算年度：{doc.department.year}"
    if t.key in HEBEI_CODED:
        plain, grouped, after = HEBEI_CODED[t.key]
        cols = plain + grouped + after
        width = 3 + len(cols)
        w.width("A", 5)
        w.width("B", 5.2 if w.layout.narrow_code else 10)
        w.width("C", w.layout.name_width or 12)
        for c in range(4, width + 1):
            w.width(get_column_letter(c), 10)
        w.title(t.title, width)
        w.preamble(dept, f"单位：{t.unit}", width)
        h0 = w.r
        w.merge(h0, 1, h0 + 1, 1, "序号")
        w.merge(h0, 2, h0, 3, "经济分类科目" if t.key == "basic_expenditure" else "功能分类科目")
        w.cell(h0 + 1, 2, "编码", align=_CENTER)
        w.cell(h0 + 1, 3, "科目名称", align=_CENTER)
        for i, (_, hdr) in enumerate(plain):
            w.merge(h0, 4 + i, h0 + 1, 4 + i, hdr)
        if grouped:
            g0 = 4 + len(plain)
            w.merge(h0, g0, h0, g0 + len(grouped) - 1, "本年收入")
            for i, (_, hdr) in enumerate(grouped):
                w.cell(h0 + 1, g0 + i, hdr, align=_CENTER)
        for i, (_, hdr) in enumerate(after):
            a0 = 4 + len(plain) + len(grouped)
            w.merge(h0, a0 + i, h0 + 1, a0 + i, hdr)
        w.cell(h0 + 2, 1, "栏次", align=_CENTER)
        w.cell(h0 + 2, 2, None)
        w.cell(h0 + 2, 3, None)
        for i in range(len(cols)):
            w.cell(h0 + 2, 4 + i, i + 1, align=_CENTER)
        w.header_rows.append((h0, h0 + 2))
        w.r = h0 + 3
        for row in t.rows:
            w.cell(w.r, 1, row["row"], align=_CENTER)
            w.cell(w.r, 2, row.get("code"), align=_LEFT)  # codes typed as text: 7 digits wrap in print
            w.cell(w.r, 3, row.get("name"))
            for i, (col, _) in enumerate(cols):
                w.amount(w.r, 4 + i, row.get(col))
            w.fit_height(w.r, (row.get("code"), w.ws.column_dimensions["B"].width),
                         (row.get("name"), w.ws.column_dimensions["C"].width))
            w.r += 1
        if not t.rows:
            w.cell(w.r, 1, None)
            w.cell(w.r, 2, None)
            w.cell(w.r, 3, "合计")
            for i in range(len(cols)):
                w.cell(w.r, 4 + i, None)
            w.r += 1
        if t.note:
            w.note(t.note, width)
    elif t.key == "three_public":
        width = 2 + len(HEBEI_THREE_PUBLIC_COLUMNS)
        w.width("A", 5)
        w.width("B", 24)
        for c in range(3, width + 1):
            w.width(get_column_letter(c), 14)
        w.title(t.title, width)
        w.preamble(dept, f"单位：{t.unit}", width)
        h0 = w.r
        w.cell(h0, 1, "序号", align=_CENTER)
        w.cell(h0, 2, "项目", align=_CENTER)
        for i, (_, hdr) in enumerate(HEBEI_THREE_PUBLIC_COLUMNS):
            w.cell(h0, 3 + i, hdr, align=_CENTER)
        w.header_rows.append((h0, h0))
        w.r = h0 + 1
        for row in t.rows:
            w.cell(w.r, 1, row["row"], align=_CENTER)
            w.cell(w.r, 2, row["item"])
            for i, (col, _) in enumerate(HEBEI_THREE_PUBLIC_COLUMNS):
                w.amount(w.r, 3 + i, row.get(col), fmt="0.00")
            w.r += 1
    elif t.key in TWO_SIDED:
        _two_sided(w, t, dept, numbered=True)


def _two_sided(w: _Writer, t: Table, dept: str, *, numbered: bool) -> None:
    """收支总表 / 财政拨款收支总表: income items and amounts left, expenditure right, groups above.
    Hebei (``numbered``) adds a 序号 column and names the groups 收入/支出."""
    left_group, right_group, left, right = TWO_SIDED[t.key]
    if numbered:
        left_group, right_group = left_group.replace("本年", ""), right_group.replace("本年", "")
    cols = [*left, *right]
    first = 2 if numbered else 1
    width = first - 1 + len(cols)
    if numbered:
        w.width("A", 5)
    for i, (col, _) in enumerate(cols):
        w.width(get_column_letter(first + i), 28 if col.endswith("item") else 15)
    w.title(t.title, width)
    w.preamble(dept, f"单位：{t.unit}", width)
    h0 = w.r
    if numbered:
        w.merge(h0, 1, h0 + 1, 1, "序号")
    w.merge(h0, first, h0, first + len(left) - 1, left_group)
    w.merge(h0, first + len(left), h0, width, right_group)
    for i, (_, hdr) in enumerate(cols):
        w.cell(h0 + 1, first + i, hdr, align=_CENTER)
    w.header_rows.append((h0, h0 + 1))
    w.r = h0 + 2
    for row in t.rows:
        if numbered:
            w.cell(w.r, 1, row["row"], align=_CENTER)
        centre = row.get("income_item") == "收入总计" and not numbered
        for i, (col, _) in enumerate(cols):
            if col.endswith("item"):
                w.cell(w.r, first + i, row.get(col), align=_CENTER if centre else _LEFT)
            else:
                w.amount(w.r, first + i, row.get(col))
        w.r += 1


# ---------------------------------------------------------------------------------------------
# PDF through LibreOffice


def rotate_pages(src: Path, dst: Path) -> Path:
    """Re-issue each page of ``src`` the way some producers (Acrobat Distiller from an A3 landscape
    sheet) do: a portrait page whose content is drawn turned a quarter, with ``/Rotate 90`` so that
    viewers show it upright again.  Readers that ignore the rotation see every line as a column."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    source = pdfium.PdfDocument(str(src))
    out = pdfium.PdfDocument.new()
    for i in range(len(source)):
        page = source[i]
        width, height = page.get_width(), page.get_height()
        xobject = source.page_as_xobject(i, out)
        new = out.new_page(height, width)  # portrait: the landscape sheet's height becomes the width
        placed = xobject.as_pageobject()
        # turn the sheet 90° counter-clockwise into the portrait page: (x, y) → (height - y, x)
        placed.transform(pdfium.PdfMatrix(0, 1, -1, 0, height, 0))
        new.insert_obj(placed)
        new.gen_content()
        pdfium_c.FPDFPage_SetRotation(new.raw, 1)  # /Rotate 90: shown upright
        new.close()
        page.close()
    out.save(str(dst))
    out.close()
    source.close()
    return dst


def soffice() -> str | None:
    """Path of the LibreOffice binary, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(paths: list[Path], outdir: Path, timeout: int = 300) -> dict[Path, Path]:
    """Print workbooks to PDF in one ``soffice --headless`` call; input → PDF path."""
    return convert(paths, outdir, "pdf", "pdf", timeout=timeout)


def convert_to_xls(paths: list[Path], outdir: Path, timeout: int = 300) -> dict[Path, Path]:
    """Save workbooks as BIFF8 ``.xls`` (Excel 97) in one ``soffice --headless`` call."""
    return convert(paths, outdir, "xls:MS Excel 97", "xls", timeout=timeout)


#: Renders of workbooks by LibreOffice, kept by content: a workbook printed once is copied from
#: here by every later test and every later run (``var/`` is not committed; a clean clone renders
#: once).  ``BUDGETCHECK_RENDER_CACHE`` moves it; an empty value turns it off.
RENDER_CACHE = Path(__file__).resolve().parents[1] / "var" / "test-cache" / "renders"
#: Bumped when what a render depends on changes in a way the key does not see.
RENDER_CACHE_VERSION = "1"
#: The parts of an openpyxl package that change with the clock, not with the workbook.
_PACKAGE_TIMES = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")


def render_cache() -> Path | None:
    where = os.environ.get("BUDGETCHECK_RENDER_CACHE")
    if where is None:
        return RENDER_CACHE
    return Path(where) if where else None


def content_key(path: Path, target: str, binary: str, extra: tuple[str, ...] = ()) -> str:
    """What a render depends on: the workbook's content (a zip package by its members' names and
    bytes, without the times openpyxl stamps; any other file by its bytes), the export filter, the
    other options and the LibreOffice installed (its path and modification time)."""
    h = hashlib.sha256("\0".join([RENDER_CACHE_VERSION, target, *extra, binary,
                                   str(os.stat(binary).st_mtime_ns), ""]).encode())
    h.update(path.suffix.lower().encode() + b"\0")
    data = path.read_bytes()
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            for name in sorted(z.namelist()):
                h.update(name.encode() + b"\0" + _PACKAGE_TIMES.sub(b"", z.read(name)) + b"\0")
    else:
        h.update(data)
    return h.hexdigest()


def _store(cache: Path, key: str, suffix: str, made: Path) -> None:
    """Put a render in the cache atomically (another test worker may be writing the same one)."""
    cache.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=cache, prefix=".tmp-")
    os.close(fd)
    shutil.copyfile(made, tmp)
    os.replace(tmp, cache / f"{key}.{suffix}")


def convert(paths: list[Path], outdir: Path, target: str, suffix: str, *, extra: tuple[str, ...] = (),
            timeout: int = 300) -> dict[Path, Path]:
    """``soffice --convert-to TARGET`` of ``paths`` (``extra``: options such as ``--infilter``): each
    from the cache when made before, the rest in ONE soffice call; input → output path."""
    binary = soffice()
    if binary is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    outdir.mkdir(parents=True, exist_ok=True)
    out = {p: outdir / f"{p.stem}.{suffix}" for p in paths}
    cache = render_cache()
    keys = {p: content_key(p, target, binary, extra) for p in paths} if cache is not None else {}
    todo = []
    for p in paths:
        hit = cache / f"{keys[p]}.{suffix}" if cache is not None else None
        if hit is not None and hit.is_file():
            shutil.copyfile(hit, out[p])
        else:
            todo.append(p)
    if todo:
        _soffice_convert(binary, todo, outdir, target, suffix, extra, timeout)
        if cache is not None:
            for p in todo:
                _store(cache, keys[p], suffix, out[p])
    return out


def _soffice_convert(binary: str, paths: list[Path], outdir: Path, target: str, suffix: str,
                     extra: tuple[str, ...], timeout: int) -> None:
    """One soffice call with a fresh user profile, so that parallel sessions do not share (and lock) one."""
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        cmd = [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", *extra,
               "--convert-to", target, "--outdir", str(outdir), *[str(p) for p in paths]]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    missing = [str(p) for p in paths if not (outdir / f"{p.stem}.{suffix}").exists()]
    if missing:
        raise RuntimeError(f"soffice did not convert {missing}: {proc.stdout} {proc.stderr}")
