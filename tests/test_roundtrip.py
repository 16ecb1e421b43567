"""Round trips on real tools: canonical tables → XLSX (openpyxl) / PDF / XLS (LibreOffice) → reader.

Each layout imitates a real one (see tests/factory.py).  Every cell is compared: code, name,
each amount exactly *with its printed precision* (``Decimal('6440.00')`` is not ``6440``), totals
rows, the note of an empty table, the unit.  Tests are per layout × table so a failure names the
layout and the table; reading is done once per layout and format.

LibreOffice runs twice per session (one call converts every workbook to PDF, one to XLS).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from connectors.readers import read_document
from disclosure.model import Disclosure
from tests import factory
from tests.factory import Layout

# (layout, how to build its document)
LAYOUTS: dict[str, tuple[Layout, dict[str, Any]]] = {
    "shanghai-yuan-sep2": (Layout("shanghai-yuan-sep2"), {"seed": 1}),
    "shanghai-yuan-int": (Layout("shanghai-yuan-int", amount_format="#,##0"), {"seed": 2, "places": 0}),
    "shanghai-yuan-plain2": (Layout("shanghai-yuan-plain2", amount_format="0.00"), {"seed": 3}),
    "shanghai-text-cells": (Layout("shanghai-text-cells", numbers_as_text=True), {"seed": 4}),
    "shanghai-one-sheet": (Layout("shanghai-one-sheet", one_sheet=True), {"seed": 5}),
    "shanghai-accounting-dash": (Layout("shanghai-accounting-dash", amount_format=factory.ACCOUNTING_FORMAT),
                                 {"seed": 8, "negative": True}),
    "hebei-wan-narrow-code": (Layout("hebei-wan-narrow-code", region="hebei", amount_format="0.00"),
                              {"seed": 6, "region": "hebei"}),
    "shanghai-long-repeat": (Layout("shanghai-long-repeat"), {"long": 90}),
    "shanghai-long-no-repeat": (Layout("shanghai-long-no-repeat", repeat_header=False), {"long": 90}),
    # The sample's own hand-checked tables printed A4 portrait, the title and header repeated on every
    # page (print titles), names in a narrow column wrapping above and below the line that carries
    # the code and the figures (cells centred vertically).
    "hebei-sample-a4-portrait": (Layout("hebei-sample-a4-portrait", region="hebei", amount_format="0.00",
                                        orientation="portrait", name_width=7), {"sample": True}),
    # Long tables on A3 landscape sheets, issued as portrait pages turned a quarter with /Rotate 90.
    "shanghai-a3-rotated": (Layout("shanghai-a3-rotated", paper="A3"), {"long": 70, "rotate": True}),
    "shanghai-a4-portrait-repeat": (Layout("shanghai-a4-portrait-repeat", orientation="portrait"), {"long": 70}),
}
#: Not the accounting layout: BIFF keeps no formats here, so its zero-as-dash cannot be known.
XLS_LAYOUTS = ("shanghai-yuan-sep2", "hebei-wan-narrow-code", "shanghai-yuan-int")

#: Differences that are understood and owned elsewhere; strict so that a fix is noticed.
KNOWN_GAPS: dict[tuple[str, str], str] = {}


def _document(name: str) -> Disclosure:
    _, spec = LAYOUTS[name]
    if spec.get("sample"):
        return factory.sample_disclosure()
    if "long" in spec:
        return factory.long_disclosure(spec["long"])
    return factory.make_disclosure(**spec)


def _cases(formats: tuple[str, ...], names: tuple[str, ...] | None = None) -> list[Any]:
    cases = []
    for fmt in formats:
        for name in names or tuple(LAYOUTS):
            layout, _ = LAYOUTS[name]
            for key in factory.expected(_document(name), layout).tables:
                marks = []
                gap = KNOWN_GAPS.get((name, key))
                if gap:
                    marks.append(pytest.mark.xfail(reason=gap, strict=True))
                cases.append(pytest.param(fmt, name, key, id=f"{fmt}-{name}-{key}", marks=marks))
    return cases


@pytest.fixture(scope="session")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Disclosure]]:
    """Every layout rendered to XLSX once: name → (path, expected canonical document)."""
    out = tmp_path_factory.mktemp("xlsx")
    books = {}
    for name, (layout, _) in LAYOUTS.items():
        doc = _document(name)
        books[name] = (factory.render_xlsx(doc, layout, out / f"{name}.xlsx"), factory.expected(doc, layout))
    return books


def _convert(workbooks: dict[str, tuple[Path, Disclosure]], tmp_path_factory: pytest.TempPathFactory,
             target: str, names: tuple[str, ...]) -> dict[str, Path]:
    if factory.soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed; scripts/bootstrap.sh installs it")
    out = tmp_path_factory.mktemp(target)
    paths = [workbooks[n][0] for n in names]
    converted = factory.convert_to_pdf(paths, out) if target == "pdf" else factory.convert_to_xls(paths, out)
    result = {n: converted[workbooks[n][0]] for n in names}
    for n in names:
        if target == "pdf" and LAYOUTS[n][1].get("rotate"):
            result[n] = factory.rotate_pages(result[n], out / f"{n}-rotated.pdf")
    return result


@pytest.fixture(scope="session")
def pdfs(workbooks, tmp_path_factory) -> dict[str, Path]:
    return _convert(workbooks, tmp_path_factory, "pdf", tuple(LAYOUTS))


@pytest.fixture(scope="session")
def xls_books(workbooks, tmp_path_factory) -> dict[str, Path]:
    return _convert(workbooks, tmp_path_factory, "xls", XLS_LAYOUTS)


_READ: dict[tuple[str, str], Disclosure] = {}


def _read_back(fmt: str, name: str, path: Path) -> Disclosure:
    if (fmt, name) not in _READ:
        _READ[(fmt, name)] = read_document(path.read_bytes(), str(path))
    return _READ[(fmt, name)]


# ---------------------------------------------------------------------------------------------
# Comparison


def _cell(v: Any) -> Any:
    """Exact comparison value: a Decimal by its printed digits (``2.80`` ≠ ``2.8``)."""
    return format(v, "f") if isinstance(v, Decimal) else v


def table_differences(expected: Disclosure, got: Disclosure, key: str, *, exact_precision: bool = True) -> list[str]:
    """Every difference between the expected and the read table, one sentence each."""
    exp = expected.tables[key]
    if key not in got.tables:
        return [f"{key}: table not found (found: {sorted(got.tables)})"]
    act = got.tables[key]
    diffs = []
    if exp.unit != act.unit:
        diffs.append(f"{key}: unit {exp.unit!r} read as {act.unit!r}")
    if (exp.note or None) != (act.note or None):
        diffs.append(f"{key}: note {exp.note!r} read as {act.note!r}")
    if len(exp.rows) != len(act.rows):
        diffs.append(f"{key}: {len(exp.rows)} rows expected, {len(act.rows)} read")
    for i, (e, a) in enumerate(zip(exp.rows, act.rows, strict=False)):
        for col in sorted(set(e) | set(a), key=lambda c: (c not in exp.columns, c)):
            ev, av = e.get(col), a.get(col)
            same = _cell(ev) == _cell(av) if exact_precision else ev == av
            if not same:
                label = e.get("code") or e.get("name") or e.get("item") or e.get("income_item")
                diffs.append(f"{key} row {i + 1} ({label}) {col}: expected {_cell(ev)!r}, read {_cell(av)!r}")
    if len(exp.rows) != len(act.rows):
        extra = act.rows[len(exp.rows):] or exp.rows[len(act.rows):]
        diffs.append(f"{key}: first unmatched row {extra[0] if extra else None}")
    return diffs


def _assert_same(expected: Disclosure, got: Disclosure, key: str, **kw: Any) -> None:
    diffs = table_differences(expected, got, key, **kw)
    assert not diffs, "\n".join(diffs[:25]) + (f"\n… {len(diffs) - 25} more" if len(diffs) > 25 else "")


# ---------------------------------------------------------------------------------------------
# XLSX


@pytest.mark.parametrize(("fmt", "name", "key"), _cases(("xlsx",)))
def test_xlsx_roundtrip(workbooks, fmt: str, name: str, key: str) -> None:
    path, expected = workbooks[name]
    _assert_same(expected, _read_back(fmt, name, path), key)


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_xlsx_document_facts(workbooks, name: str) -> None:
    path, expected = workbooks[name]
    got = _read_back("xlsx", name, path)
    assert got.format == "xlsx"
    assert got.department.name == expected.department.name
    assert got.department.year == expected.department.year
    assert got.department.kind == "预算"
    assert expected.narrative in got.narrative
    assert set(got.tables) == set(expected.tables)
    assert got.warnings == []


# ---------------------------------------------------------------------------------------------
# XLS (BIFF, written by LibreOffice): number formats are not readable, decimals are inferred


@pytest.mark.slow
@pytest.mark.parametrize(("fmt", "name", "key"), _cases(("xls",), XLS_LAYOUTS))
def test_xls_roundtrip_values(workbooks, xls_books, fmt: str, name: str, key: str) -> None:
    """Every value exact, and its printed precision too where the layout prints a column at one
    precision; the Shanghai 三公 row is printed as General (``0`` next to ``10.81``), which BIFF
    cannot tell from ``0.00``, so there only the values are compared."""
    _, expected = workbooks[name]
    got = _read_back(fmt, name, xls_books[name])
    _assert_same(expected, got, key, exact_precision=key != "three_public")
    assert any("XLS" in w for w in got.warnings)


# ---------------------------------------------------------------------------------------------
# PDF (LibreOffice prints the workbook; the PDF reader reads it back)


@pytest.mark.slow
@pytest.mark.parametrize(("fmt", "name", "key"), _cases(("pdf",)))
def test_pdf_roundtrip(workbooks, pdfs, fmt: str, name: str, key: str) -> None:
    _, expected = workbooks[name]
    _assert_same(expected, _read_back(fmt, name, pdfs[name]), key)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(LAYOUTS))
def test_pdf_document_facts(workbooks, pdfs, name: str) -> None:
    _, expected = workbooks[name]
    got = _read_back("pdf", name, pdfs[name])
    assert got.format == "pdf"
    assert got.department.name == expected.department.name
    assert got.department.year == expected.department.year
    squeeze = str.maketrans("", "", " \n\t")
    assert expected.narrative.translate(squeeze) in got.narrative.translate(squeeze)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(LAYOUTS))
def test_pdf_clean_document_reads_without_warnings(workbooks, pdfs, name: str) -> None:
    """A correct document read correctly has nothing to warn a reviewer about."""
    got = _read_back("pdf", name, pdfs[name])
    assert got.warnings == []


# ---------------------------------------------------------------------------------------------
# The factory itself: the documents it makes add up (otherwise the round trips prove little)


@pytest.mark.slow  # LibreOffice
def test_rotated_layout_really_is_rotated(pdfs) -> None:
    """The A3 file is what a reader that ignores /Rotate cannot read: every page turned a quarter."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(pdfs["shanghai-a3-rotated"]))
    assert {pdf[i].get_rotation() for i in range(1, len(pdf))} == {90}
    assert pdf[1].get_width() > 1100  # A3 landscape as displayed


@pytest.mark.slow  # LibreOffice
def test_portrait_sample_wraps_names_over_several_lines(pdfs) -> None:
    """The narrow name column does wrap: pdftotext shows a long name cut over lines around its code."""
    import subprocess

    text = subprocess.run(["pdftotext", "-layout", str(pdfs["hebei-sample-a4-portrait"]), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "人力资源和社会保障管理事务" not in text.replace(" ", "")  # never on one line
    assert text.count("\f") > 10  # several pages per table: the print titles repeat


@pytest.mark.parametrize("name", [n for n in LAYOUTS if not LAYOUTS[n][1].get("sample")])
def test_factory_documents_add_up(name: str) -> None:
    doc = _document(name)
    for key in ("expenditure", "general_expenditure", "basic_expenditure", "income"):
        rows = doc.tables[key].rows
        by_code = {r["code"]: r for r in rows if r["code"]}
        total = next(r for r in rows if r["code"] is None)
        amount_cols = [c for c in doc.tables[key].amount_columns if c in total]
        for col in amount_cols:
            assert total[col] == sum(r[col] for c, r in by_code.items() if len(c) == 3), (key, col)
            for code, r in by_code.items():
                kids = [k for c, k in by_code.items() if c.startswith(code) and len(c) == len(code) + 2]
                if kids:
                    assert r[col] == sum(k[col] for k in kids), (key, code, col)
    tp = {r["item"]: r["total"] for r in doc.tables["three_public"].rows}
    assert tp["合计"] == tp["因公出国（境）费"] + tp["公务用车购置及运维费"] + tp["公务接待费"]
    assert tp["公务用车购置及运维费"] == tp["其中：公务用车购置费"] + tp["公务用车运行维护费"]


@pytest.mark.slow
def test_one_figure_defects_in_the_printed_sample_are_all_found(tmp_path) -> None:
    """Four single figures changed in the sample's printed tables (A4 portrait, print titles, wrapped
    names): each is read where it is printed and caught by an error rule naming its table."""
    from tests.reports import judged

    layout, _ = LAYOUTS["hebei-sample-a4-portrait"]
    doc = factory.sample_disclosure()
    defects = [("expenditure", "2080101", "basic"), ("general_expenditure", "2080109", "project"),
               ("basic_expenditure", "30102", "personnel"), ("income", "2080105", "fiscal_grant")]
    for key, code, column in defects:
        row = next(r for r in doc.tables[key].rows if r.get("code") == code)
        row[column] = (row.get(column) or Decimal(0)) + Decimal("1.00")
    book = factory.render_xlsx(doc, layout, tmp_path / "defects.xlsx")
    pdf = factory.convert_to_pdf([book], tmp_path)[book]
    got = read_document(pdf.read_bytes(), str(pdf))
    for key, code, column in defects:
        read_row = next(r for r in got.tables[key].rows if r.get("code") == code)
        assert read_row[column] == next(r for r in doc.tables[key].rows if r.get("code") == code)[column]
    report = judged(got)
    assert report["status"] == "failed"
    errors = [f for r in report["results"] if r["severity"] == "error" for f in r["failures"]]
    for key, code, _ in defects:
        related = {code, code[:5], code[:3]}
        assert any(f["table"] == key and (f["code"] in related or f["code"] is None) for f in errors), (key, code)


@pytest.mark.slow
def test_a_document_read_in_part_is_partial_with_its_tables_named(tmp_path) -> None:
    """One figure of the 支出总表 printed as a word (``1O7.65``, a letter O): that table is not read
    with confidence, so the report is ``partial``, names it with its page and what was not read, and
    a difference in it is listed as unconfirmed, not as an error.  A difference in a table read in
    full is still an error."""
    import json
    import subprocess
    import sys

    from tests.reports import judged

    layout, _ = LAYOUTS["hebei-sample-a4-portrait"]
    doc = factory.sample_disclosure()
    rows = {r.get("code"): r for r in doc.tables["expenditure"].rows}
    rows["2080105"]["total"] = "1O7.65"  # printed as text: not a figure
    rows["2080106"]["basic"] += Decimal("1.00")  # and a real difference in the same table
    book = factory.render_xlsx(doc, layout, tmp_path / "partial.xlsx")
    pdf = factory.convert_to_pdf([book], tmp_path)[book]
    report = judged(read_document(pdf.read_bytes(), str(pdf)))
    assert report["status"] == "partial"
    [unread] = report["unread"]
    assert unread["table"] == "expenditure" and unread["page"] and "1O7.65" in unread["problems"][0]
    unconfirmed = [f for r in report["results"] for f in r.get("unconfirmed", [])]
    assert any(f["table"] == "expenditure" and f["code"] in ("2080106", "20801") for f in unconfirmed)
    assert report["summary"]["failed_errors"] == 0
    cli = subprocess.run([sys.executable, "-m", "flows.cli", "validate", str(pdf)], capture_output=True, text=True)
    assert cli.returncode == 3 and json.loads(cli.stdout)["status"] == "partial"

    rows = {r.get("code"): r for r in doc.tables["basic_expenditure"].rows}
    rows["30102"]["personnel"] += Decimal("1.00")  # a difference in a table read in full
    book = factory.render_xlsx(doc, layout, tmp_path / "partial-and-failed.xlsx")
    pdf = factory.convert_to_pdf([book], tmp_path)[book]
    report = judged(read_document(pdf.read_bytes(), str(pdf)))
    assert report["status"] == "failed"
    errors = [f for r in report["results"] if r["severity"] == "error" for f in r["failures"]]
    assert errors and {f["table"] for f in errors} == {"basic_expenditure"}
