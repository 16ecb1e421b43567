"""Every real PDF of the corpus reads into the tables it prints.

The expected figures are not written by hand and not taken from our reader: they come from
``pdftotext -layout`` (poppler), a different text extractor, read line by line here.  For each
code row printed in a table, the numbers on the line that carries the code must be the row's
amounts in the reader's table, in order and to the printed digit.  Where a sum holds in print
(合计 = Σ 类 rows) it must hold in the reader's table too.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import NamedTuple

import pytest

from connectors.readers.pdf import read_pdf
from disclosure.amounts import parse_amount
from disclosure.model import Disclosure
from disclosure.tables import BUDGET_TABLE_KEYS, CODED_TABLE_KEYS, classify_title
from disclosure.vocabulary import OTHER_TABLE_TITLE_RE
from tests import documents

CORPUS = documents.REAL
REAL_PDFS = documents.real_pdfs()
#: The README says this document's text layer scrambles some numbers: pdftotext puts some of a
#: row's amounts on the line above the code, so only "the code line's numbers appear in the row" holds.
SCRAMBLED = {"shanghai-putuo_caizhengju_2024_juesuan-dept.pdf"}

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

_AMOUNT = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_DIGITS = re.compile(r"^\d+$")


@cache
def read(path: Path) -> Disclosure:
    return read_pdf(path.read_bytes(), str(path))


@cache
def layout_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


class Printed(NamedTuple):
    """A code row as pdftotext prints it: the code, the numbers on its line, the code's character column."""

    code: str
    amounts: list[str]
    column: int


def printed_code_rows(path: Path) -> dict[str, list[Printed]]:
    """Table key → the code rows in printed order, from pdftotext."""
    out: dict[str, list[Printed]] = {}
    two_sided = "juesuan" in path.name  # 决算 基本支出表 prints two code columns side by side
    key = None  # a table continued on the next page keeps its key
    for page in layout_text(path).split("\f"):
        if re.search(r"目\s*录", page[:400]):
            continue
        lines = page.splitlines()
        for i, line in enumerate(lines):
            text = line.strip()
            if not text:
                continue
            title = classify_title(text) if "…" not in text else None
            if title:
                key = title
                continue
            if OTHER_TABLE_TITLE_RE.search(text) and len(text) < 40:
                key = None
                continue
            if key is None:
                continue
            for code, amounts, column in _parse_code_line(line, key if two_sided else None):
                if not amounts and i + 1 < len(lines):
                    nxt = lines[i + 1].split()
                    if nxt and not _DIGITS.match(nxt[0]) and "合计" not in lines[i + 1]:
                        # code alone on its line, amounts on the next (not the totals line below a blank row)
                        amounts = [t for t in nxt if _AMOUNT.match(t)]
                out.setdefault(key, []).append(Printed(code, amounts, column))
    return out


def _parse_code_line(line: str, key: str | None) -> list[tuple[str, list[str], int]]:
    """``201   05   07   专项普查活动  438,300 …`` → [("2010507", ["438,300", …], 0)].

    Code parts are the leading digit tokens before the name; a 决算 基本支出表 prints two
    (code, name, amount) triples on one line, so a new code after the amounts starts a new entry.
    The third element is the character column where the code starts (left or right half).
    """
    tokens = [(m.group(), m.start()) for m in re.finditer(r"\S+", line)]
    if not tokens or not _DIGITS.match(tokens[0][0]) or len(tokens[0][0]) > 7:
        return []
    entries: list[tuple[str, list[str], int]] = []
    code_parts: list[str] = []
    amounts: list[str] = []
    named = False
    start = tokens[0][1]
    for j, (tok, pos) in enumerate(tokens):
        nxt_is_name = j + 1 == len(tokens) or not _AMOUNT.match(tokens[j + 1][0])
        if _DIGITS.match(tok) and not named and len(code_parts) < 3:
            code_parts.append(tok)
        elif _DIGITS.match(tok) and named and len(tok) >= 3 and key == "basic_expenditure" and (
                nxt_is_name or re.fullmatch(r"\d\d", tokens[j + 1][0])):  # the right half's 类 (款 next)
            entries.append(("".join(code_parts), amounts, start))
            code_parts, amounts, named, start = [tok], [], False, pos
        elif _AMOUNT.match(tok) and (named or code_parts):
            amounts.append(tok)
            named = True
        else:
            if amounts:  # text after amounts: not a code row we can read from this line
                break
            if not named and tok.startswith("年"):
                return []  # "2024 年度…": a year in the narrative, not a code
            named = True
    if code_parts:
        entries.append(("".join(code_parts), amounts, start))
    return entries


def row_amounts(row: dict, columns: list[str]) -> list[Decimal]:
    return [row[c] for c in columns if isinstance(row.get(c), Decimal)]


def _ids(paths: list[Path]) -> list[str]:
    return [p.name.removesuffix(".pdf") for p in paths]


@pytest.mark.parametrize("path", REAL_PDFS, ids=_ids(REAL_PDFS))
def test_every_budget_table_found_and_document_recognised(path: Path) -> None:
    doc = read(path)
    missing = [k for k in BUDGET_TABLE_KEYS if k not in doc.tables]
    assert not missing, f"tables not found: {missing}"
    name = path.name
    assert doc.department.kind == ("决算" if "juesuan" in name else "预算")
    assert doc.department.level == ("单位" if "-unit" in name else "部门")
    assert doc.department.year == int(re.search(r"_(20\d\d)_", name).group(1))
    assert doc.department.name and doc.department.name.startswith(("上海市", "中共上海市"))
    assert doc.narrative.strip(), "narrative text kept"
    for key, table in doc.tables.items():
        assert table.unit in ("元", "万元"), key
    if "juesuan" not in name:
        assert doc.tables["three_public"].unit == "万元"
        assert doc.tables["income"].unit == "元"
    for key in ("summary", "fiscal_summary"):  # an item never swallows the amount printed beside it
        for r in doc.tables[key].rows:
            for side in ("income_item", "expenditure_item"):
                assert not re.search(r"\d[\d,]*\.\d\d|\d{1,3}(,\d{3})+", r.get(side) or ""), (key, r)
        assert any(isinstance(r.get("income_amount"), Decimal) for r in doc.tables[key].rows), key


@needs_pdftotext
@pytest.mark.parametrize("path", REAL_PDFS, ids=_ids(REAL_PDFS))
def test_code_rows_equal_pdftotext(path: Path) -> None:
    doc = read(path)
    printed = printed_code_rows(path)
    checked = 0
    problems = []
    for key, rows in printed.items():
        if key not in doc.tables or key not in CODED_TABLE_KEYS:
            continue
        if path.name in SCRAMBLED and key == "basic_expenditure":
            continue  # pdftotext cannot place this table's numbers at all (see SCRAMBLED)
        table = doc.tables[key]
        by_code: dict[str, list[dict]] = {}
        for r in table.rows:
            if r.get("code"):
                by_code.setdefault(r["code"], []).append(r)
        seen: dict[str, int] = {}
        for code, amounts, _ in rows:
            n = seen.get(code, 0)
            seen[code] = n + 1
            candidates = by_code.get(code, [])
            if n >= len(candidates):
                problems.append(f"{key}: code {code} printed but not read")
                continue
            # the 决算 基本支出表's half columns (人员经费 / 公用经费) repeat 决算数: tests/test_read_juesuan.py
            columns = ["total"] if key == "basic_expenditure" and "juesuan" in path.name else table.columns
            got = [str(v) for v in row_amounts(candidates[n], columns)]
            want = [str(parse_amount(a)) for a in amounts]
            checked += 1
            if path.name in SCRAMBLED:
                missing = [w for w in want if w not in got]
                if missing:
                    problems.append(f"{key} {code}: printed {want} not all in {got}")
            elif got != want:
                problems.append(f"{key} {code}: read {got}, pdftotext shows {want}")
    assert checked >= 20, f"only {checked} code rows compared"
    assert not problems, "\n".join(problems[:30])


@needs_pdftotext
@pytest.mark.parametrize("path", REAL_PDFS, ids=_ids(REAL_PDFS))
def test_sums_that_hold_in_print_hold_after_reading(path: Path) -> None:
    doc = read(path)
    printed = printed_code_rows(path)
    text = layout_text(path)
    checked = 0
    for key in CODED_TABLE_KEYS:
        table = doc.tables.get(key)
        if table is None or not table.rows or key not in printed:
            continue
        class_totals = [parse_amount(a[0]) for code, a, _ in printed[key] if len(code) == 3 and a]
        totals = [r for r in table.rows if r.get("code") is None and r.get("name") == "合计"]
        if not totals or not class_totals:
            continue
        printed_total = totals[0]["total"]
        if key == "basic_expenditure" and "juesuan" in path.name:
            # 决算: only 人员经费合计 and 公用经费合计 are printed; 合计 is their sum (test_read_juesuan.py)
            for label, col in (("人员经费合计", "personnel"), ("公用经费合计", "public")):
                figure = totals[0][col]
                shown = [re.escape(f"{figure:,f}"), re.escape(f"{figure:f}")]
                # a scrambled layer prints the figures on the line above the labels
                around = [label + r"\s+" + f for f in shown] + \
                    ([f + r"[^\n]*\n[^\n]*" + label for f in shown] if path.name in SCRAMBLED else [])
                assert any(re.search(a, text) for a in around), (key, label, figure)
            continue
        # the same 合计 figure must be printed somewhere on a 合计 line of pdftotext's text
        assert re.search(r"合\s*计\s+" + re.escape(f"{printed_total:,f}"), text) or \
            re.search(r"合\s*计\s+" + re.escape(f"{printed_total:f}"), text), (key, printed_total)
        read_classes = [r["total"] for r in table.rows if r.get("code") and len(r["code"]) == 3]
        if sum(class_totals) == printed_total:
            assert sum(v for v in read_classes if v is not None) == printed_total, key
            checked += 1
    for key, amount_cols in (("summary", ("income_amount", "expenditure_amount")),
                             ("fiscal_summary", ("income_amount", "expenditure_total"))):
        rows = doc.tables[key].rows
        grand = [r for r in rows if (r.get("income_item") or "").replace(" ", "") in ("收入总计", "总计")]
        assert grand, f"{key}: 收入总计 row"
        a, b = (grand[-1][c] for c in amount_cols)
        assert a is not None and a == b, (key, a, b)
        checked += 1
    assert checked >= 2  # the two summary tables at least; code tables where their sum holds in print


@needs_pdftotext
@pytest.mark.parametrize("path", [p for p in REAL_PDFS if "yusuan" in p.name],
                         ids=_ids([p for p in REAL_PDFS if "yusuan" in p.name]))
def test_three_public_items_equal_the_printed_row(path: Path) -> None:
    """Shanghai prints 三公 as one row: 合计, 出国, 接待, 小计, 购置, 运行, 机关运行经费."""
    text = layout_text(path)
    section = text[text.index("机关运行经费预算表", text.index("目") + 300):]
    numbers = next(line.split() for line in section.splitlines()[1:]
                   if line.split() and all(_AMOUNT.match(t) for t in line.split()))
    items = {r["item"]: r["total"] for r in read(path).tables["three_public"].rows}
    assert set(items) >= {"合计", "因公出国（境）费", "公务接待费", "公务用车购置及运维费", "其中：公务用车购置费",
                          "公务用车运行维护费", "机关运行经费"}
    # blank cells print nothing, so compare the printed figures as a multiset, then the identities
    assert sorted(str(v) for v in items.values() if v is not None) == sorted(str(parse_amount(n)) for n in numbers)
    if len(numbers) == 7:
        order = ["合计", "因公出国（境）费", "公务接待费", "公务用车购置及运维费", "其中：公务用车购置费",
                 "公务用车运行维护费", "机关运行经费"]
        assert [str(items[i]) for i in order] == [str(parse_amount(n)) for n in numbers]

    def v(item: str) -> Decimal:
        return items[item] or Decimal(0)

    assert v("合计") == v("因公出国（境）费") + v("公务用车购置及运维费") + v("公务接待费")


@needs_pdftotext
@pytest.mark.parametrize("path", REAL_PDFS, ids=_ids(REAL_PDFS))
def test_empty_tables_are_present_with_their_note(path: Path) -> None:
    """A table printed with no figures is present with rows [] and the note printed under it."""
    doc = read(path)
    printed = printed_code_rows(path)
    text = re.sub(r"\s+", "", layout_text(path))
    for key in ("fund_expenditure", "capital_expenditure"):
        table = doc.tables[key]
        if printed.get(key):
            assert table.rows, f"{key}: printed with code rows but read empty"
            continue
        assert table.rows == [], key
        if table.note:
            assert re.sub(r"\s+", "", table.note) in text  # the note is the printed one
            assert re.search(r"空表|无数据|没有|无", table.note)
        else:  # then the document printed no note under it (a defect the rules report)
            title = re.sub(r"\s+", "", table.title)
            after = text[text.rindex(title) + len(title):][:120]
            assert not re.search(r"注[:：].{0,40}(空表|无数据)", after), after


def test_known_printing_defects_are_kept_as_printed() -> None:
    wanli = read(CORPUS / "shanghai-putuo_wanli-jiedao_2024_yusuan-dept.pdf")
    codes = [r["code"] for r in wanli.tables["basic_expenditure"].rows]
    assert "3012" in codes and "3017" in codes
    assert any("301 2" in w for w in wanli.warnings)
    sifaju = read(CORPUS / "shanghai-putuo_sifaju_2026_yusuan-unit.pdf")
    for key in ("expenditure", "general_expenditure"):
        row = next(r for r in sifaju.tables[key].rows if r.get("name") == "行政运行")
        assert row["total"] == Decimal("14348853.34") and row["basic"] == Decimal("14348853.34")
        assert row["project"] == Decimal("64840547.00")
        assert str(row["project"]) == "64840547.00"


def test_template_reads_without_crashing() -> None:
    doc = read(CORPUS / "TEMPLATE_national_2024_juesuan-dept-template.pdf")
    assert doc.department.kind == "决算"
    assert "summary" in doc.tables


# ---------------------------------------------------------------- the shared grid → table builder


def test_grid_codes_names_totals_and_exact_amounts() -> None:
    from connectors.readers.grid import build_table

    warnings: list[str] = []
    table = build_table(
        "income", "2025年部门收入预算总表",
        [["项目", None, None, None, "收入预算", None, None],
         ["功能分类科目编码", None, None, "功能分类科目名称", "合计", "财政拨款收入", "事业单位经营收入"],
         ["类", "款", "项", None, None, None, None]],
        [["201", "13", "01", "行政运行", "371,514,655.00", "22,118,861", "-"],
         ["208", "05", "05", "机关事业单位基本养老保", "-1,234.50", "", "0"],
         [None, None, None, "险缴费支出", None, None, None],
         ["301", "2", None, "津贴补贴", "1", "1", None],
         [None, None, None, "合计", "371,513,421.50", "22,118,861", "0"]],
        "元", warnings=warnings, page=3)
    rows = table.rows
    assert [r["code"] for r in rows] == ["2011301", "2080505", "3012", None]
    assert rows[1]["name"] == "机关事业单位基本养老保险缴费支出"
    assert str(rows[0]["total"]) == "371514655.00" and str(rows[0]["fiscal_grant"]) == "22118861"
    assert rows[0]["operating"] is None and rows[1]["fiscal_grant"] is None
    assert rows[1]["total"] == Decimal("-1234.50")
    assert rows[3]["name"] == "合计" and rows[3]["code"] is None
    assert [r["row"] for r in rows] == [1, 2, 3, 4]
    assert table.column_titles["operating"] == "事业单位经营收入" and table.page == 3
    assert any("301 2" in w and "3012" in w for w in warnings)


def test_grid_three_public_horizontal_row_becomes_item_rows() -> None:
    from connectors.readers.grid import build_table

    table = build_table(
        "three_public", "2025年部门“三公”经费和机关运行经费预算表",
        [["“三公”经费预算数", None, None, None, None, None, "机关运行经费预算数"],
         [None, None, None, "公务用车购置及运行费", None, None, None],
         ["合计", "因公出国(境)费", "公务接待费", "小计", "购置费", "运行费", None]],
        [["37.91", "0", "1.35", "36.56", "15", "21.56", "464.64"]], "万元")
    items = {r["item"]: str(r["total"]) for r in table.rows}
    assert items == {"合计": "37.91", "因公出国（境）费": "0", "公务用车购置及运维费": "36.56",
                     "其中：公务用车购置费": "15", "公务用车运行维护费": "21.56", "公务接待费": "1.35",
                     "机关运行经费": "464.64"}
    assert [r["item"] for r in table.rows][:3] == ["合计", "因公出国（境）费", "公务用车购置及运维费"]


def test_grid_two_sided_summary_with_row_numbers_and_an_empty_table() -> None:
    from connectors.readers.grid import build_table

    table = build_table(
        "summary", "部门预算收支总表",
        [["序号", "收入", None, "支出", None], [None, "项 目", "预算数", "项 目", "预算数"],
         ["栏次", "1", "2", "3", "4"]],
        [["1", "一、一般公共预算拨款收入", "2591.22", "一、一般公共服务支出", None],
         ["2", "二、政府性基金预算拨款收入", None, "五、教育支出", "92.82"]], "万元")
    assert table.rows[0] == {"row": 1, "income_item": "一、一般公共预算拨款收入", "income_amount": Decimal("2591.22"),
                             "expenditure_item": "一、一般公共服务支出", "expenditure_amount": None}
    assert table.rows[1]["expenditure_amount"] == Decimal("92.82")
    empty = build_table("fund_expenditure", "政府性基金预算支出功能分类预算表",
                        [["功能分类科目编码", None, None, "功能分类科目名称", "合计", "基本支出", "项目支出"],
                         ["类", "款", "项", None, None, None, None]],
                        [[None, None, None, "合计", None, None, None],
                         ["注：本部门无政府性基金预算财政拨款安排的预算，故本表为空表。"]], "元")
    assert empty.rows == [] and empty.note.startswith("注：本部门无政府性基金")
