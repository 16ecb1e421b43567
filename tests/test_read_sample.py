"""The Hebei sample text read through ``read_document`` equals the tables written by hand.

``tests/data/quyang_expected.json`` was written by reading the sample, not by running the reader:
every printed value in the column where it was printed.  The comparison is cell by cell and the
failure message lists every differing cell.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from decimal import Decimal
from pathlib import Path

import pytest

from connectors.readers import read_document
from disclosure.tables import TABLE_SPECS, TEXT_COLUMNS
from tests import documents

SAMPLE = documents.SAMPLE
EXPECTED = Path(__file__).parent / "data" / "quyang_expected.json"


@pytest.fixture(scope="module")
def doc():
    return read_document(SAMPLE.read_bytes(), str(SAMPLE))


@pytest.fixture(scope="module")
def expected():
    return json.loads(EXPECTED.read_text(encoding="utf-8"))


def _same(want, got) -> bool:
    if want is None or got is None:
        return want is None and got is None
    if isinstance(got, Decimal):
        # equal value AND the printed digits kept ("20.00" stays "20.00")
        return isinstance(want, str) and Decimal(want) == got and format(got, "f") == want
    return want == got


def test_department(doc):
    d = doc.department
    assert (d.code, d.name, d.year, d.unit, d.kind, d.level) == (
        "316", "曲阳县人力资源和社会保障局", 2022, "万元", "预算", "部门"
    )


@pytest.mark.parametrize("key", list(TABLE_SPECS))
def test_table_cell_by_cell(doc, expected, key):
    want = expected["tables"][key]
    assert key in doc.tables, f"table {key} ({want['title']}) not read"
    got = doc.tables[key]
    problems: list[str] = []
    for attr in ("title", "unit", "note"):
        if getattr(got, attr) != want[attr]:
            problems.append(f"{attr}: expected {want[attr]!r}, read {getattr(got, attr)!r}")
    if list(got.columns) != list(TABLE_SPECS[key].columns):
        problems.append(f"columns: {got.columns}")
    if len(got.rows) != len(want["rows"]):
        problems.append(f"row count: expected {len(want['rows'])}, read {len(got.rows)}")
    for n, (w, g) in enumerate(zip(want["rows"], got.rows, strict=False), start=1):
        for col in TABLE_SPECS[key].columns:
            if not _same(w.get(col), g.get(col)):
                problems.append(f"row {n} ({w.get('code') or w.get('name') or w.get('item') or ''}) "
                                f"{col}: expected {w.get(col)!r}, read {g.get(col)!r}")
    assert not problems, f"{key}: {len(problems)} differences\n" + "\n".join(problems)


def test_procurement_funding_left_unplaced_and_said(doc, expected):
    """The text cannot say which funding column a procurement figure was printed in."""
    said = [w for w in doc.warnings if w.startswith("部门政府采购预算") and "无法确定" in w]
    assert len(said) == 1
    for col in ("一般公共预算财政拨款", "财政拨款结转", "单位资金"):
        assert col in said[0]
    for w in expected["tables"]["procurement"]["rows"]:
        for figure in w["_unplaced"]:
            assert f"的 {figure}" in said[0]


def test_every_contract_table_present(doc):
    missing = [k for k in TABLE_SPECS if k not in doc.tables]
    assert not missing


def test_empty_tables_keep_their_note(doc):
    for key in ("fund_expenditure", "capital_expenditure"):
        t = doc.tables[key]
        assert t.rows == [] and "空表列示" in (t.note or "")


def test_rounding_differences_kept_as_printed(doc):
    rows = doc.tables["expenditure"].rows_by_code()
    assert format(rows["20801"]["total"], "f") == "824.44"
    assert format(rows["20801"]["project"], "f") == "184.18"
    kids = [r for c, r in rows.items() if c.startswith("20801") and len(c) == 7]
    assert sum(r["total"] for r in kids) == Decimal("824.45")


def test_page_split_row_rejoined(doc):
    row = doc.tables["income"].rows[20]
    assert (row["row"], row["code"], row["name"]) == (21, "2080506", "机关事业单位职业年金缴费支出")
    assert format(row["total"], "f") == "12.06"


def test_narrative_kept_whole(doc):
    text = doc.narrative
    assert "曲阳县人力资源和社会保障局 2022 年部门预算信息公开情况说明" in text
    # the document's own slip ("2.8" + line break + "元") is kept as printed, not corrected
    assert "公务用车购置及运维费 2.8\n\n元（其中：公务用车购置费为 0万元" in text
    assert "我部门无其他需要说明的事项。" in text
    assert "惠普金融发展项目县级绩效目标表" in text  # 绩效目标 parts are narrative
    # table material is not narrative
    assert "栏次" not in text and "2080506" not in text and "空表列示" not in text


def test_inferred_placements_are_warned(doc):
    warnings = "\n".join(doc.warnings)
    general = [w for w in doc.warnings if w.startswith("部门预算一般公共预算财政拨款支出表")]
    assert general and "2080102" in general[0] and "唯一推定" in general[0]
    spending = [w for w in doc.warnings if w.startswith("部门预算支出总表")]
    assert spending and "第1行（合计）" in spending[0] and "一般公共预算财政拨款支出表中同样印出" in spending[0]
    income = [w for w in doc.warnings if w.startswith("部门预算收入总表")]
    assert income and "收支总表" in income[0]
    assert "三公" in warnings and "政府基金" in warnings


def test_json_keeps_printed_digits(doc):
    text = doc.to_json()
    assert '"total": 2.80' in text and '"total": 20.00' in text


HEADER = "316 测试局 预算年度：2022 单位：万元"


def test_ambiguous_placement_is_not_guessed():
    text = "\n".join([
        " 部门预算一般公共预算财政拨款支出表", HEADER, "", "序号", "合计 基本支出 项目支出", "栏次 1 2 3 4 5", "",
        "1 合计 10.00 10.00", "", "2 205 教育支出 10.00 10.00", "", "3 20502 普通教育 10.00 10.00",
    ])
    doc = read_document(text.encode(), "t.txt")
    rows = doc.tables["general_expenditure"].rows
    assert all(r["total"] == Decimal("10.00") for r in rows)
    assert all(r["basic"] is None and r["project"] is None for r in rows)
    said = [w for w in doc.warnings if "无法确定" in w]
    assert len(said) == 1 and "“基本支出”、“项目支出”" in said[0]
    assert all(f"第{n}行" in said[0] for n in (1, 2, 3))


def test_unique_placement_from_children():
    text = "\n".join([
        " 部门预算一般公共预算财政拨款支出表", HEADER, "栏次 1 2 3 4 5",
        "1 合计 30.00 10.00 20.00", "2 205 教育支出 30.00 10.00 20.00",
        "3 20502 普通教育 10.00 10.00", "4 20503 职业教育 20.00 20.00",
    ])
    doc = read_document(text.encode(), "t.txt")
    rows = doc.tables["general_expenditure"].rows
    assert (rows[2]["basic"], rows[2]["project"]) == (Decimal("10.00"), None)
    assert (rows[3]["basic"], rows[3]["project"]) == (None, Decimal("20.00"))
    assert any("第3行（20502）" in w and "唯一推定" in w for w in doc.warnings)


def test_reading_is_fast():
    data = SAMPLE.read_bytes()
    times = []
    for _ in range(5):
        start = time.perf_counter()
        read_document(data, "sample.txt")
        times.append(time.perf_counter() - start)
    # measured median ≈ 0.05 s; the bound only catches a search that has gone exponential
    assert statistics.median(times) < 1.0


# -- page-text JSON (Shanghai layout, pdfplumber text without positions) -------------------------
PAGES = documents.PAGES_JSON


@pytest.fixture(scope="module")
def pages_doc():
    return read_document(PAGES.read_bytes(), str(PAGES))


def test_pages_json_department(pages_doc):
    d = pages_doc.department
    assert (d.name, d.year, d.kind, d.level, d.unit) == (
        "上海市普陀区人民政府石泉路街道办事处（本级）", 2026, "预算", "单位", "元"
    )
    assert pages_doc.format == "pages_json"


def test_pages_json_tables_found_by_title(pages_doc):
    budget = ["summary", "income", "expenditure", "fiscal_summary", "general_expenditure", "fund_expenditure",
              "capital_expenditure", "basic_expenditure", "three_public"]
    assert [k for k in budget if k not in pages_doc.tables] == []
    assert pages_doc.tables["general_expenditure"].page == 24
    cap = pages_doc.tables["capital_expenditure"]
    assert cap.rows == [] and "空表" in cap.note
    assert "上海市普陀区人民政府石泉路街道办事处（本级）主要职能" in pages_doc.narrative
    assert "2026年“三公”经费预算数为8.53万元" in pages_doc.narrative
    assert "2010506统计管理" not in pages_doc.narrative


def _cells(table, code):
    row = next(r for r in table.rows if (r["code"] or r["name"]) == code)
    return {k: format(v, "f") for k, v in row.items() if isinstance(v, Decimal)}


def test_pages_json_code_rows_as_printed(pages_doc):
    t = pages_doc.tables
    # lines printed with as many figures as the table has columns: no inference needed
    assert _cells(t["expenditure"], "2080505") == {"total": "1736800", "basic": "1641800", "project": "95000"}
    assert _cells(t["general_expenditure"], "合计") == {"total": "72626134", "basic": "26917990",
                                                         "project": "45708144"}
    assert _cells(t["basic_expenditure"], "合计") == {"total": "26917990", "personnel": "23057828",
                                                       "public": "3860162"}
    # split economic codes are joined: "301 01基本工资"
    assert _cells(t["basic_expenditure"], "30101") == {"total": "2724912", "personnel": "2724912"}
    # Shanghai 收入总表 has no 小计: its columns are read from the header
    assert t["income"].column_titles["operating"] == "事业单位经营收入"
    assert _cells(t["income"], "合计") == {"total": "76306134", "fiscal_grant": "76306134"}


def test_pages_json_sums_hold_after_reading(pages_doc):
    for key in ("expenditure", "general_expenditure"):
        rows = pages_doc.tables[key].rows_by_code()
        for code, row in rows.items():
            kids = [r for c, r in rows.items() if c.startswith(code) and len(c) == len(code) + 2]
            if not kids:
                continue
            for col in ("total", "basic", "project"):
                assert (row[col] or 0) == sum((k[col] or 0) for k in kids), (key, code, col)


def test_pages_json_fund_table_from_cross_table_arithmetic(pages_doc):
    # 212 3,380,000 could be 基本 or 项目 by the fund table alone; 支出总表 − 一般公共预算表 says 项目,
    # and the document's spending is all 财政拨款 (支出总计 = 支出总表 合计), which the warning states
    assert _cells(pages_doc.tables["fund_expenditure"], "212") == {"total": "3380000", "project": "3380000"}
    said = [w for w in pages_doc.warnings if w.startswith("2026年预算单位政府性基金")]
    assert said and "减去" in said[0] and "全部支出均为财政拨款" in said[0]


def test_pages_json_three_public_across(pages_doc):
    """``8.53 1.53 7 7 386.02`` under 合计/因公出国/公务接待/购置及运行费(小计/购置/运行)/机关运行经费:
    the sums alone cannot tell 因公出国 from 公务接待 (or 购置 from 运行); the 基本支出表's 30217 公务接待费
    15,250 元 and 30231 公务用车运行维护费 70,000 元 can, and the warning says that they were used."""
    three = {r["item"]: r["total"] for r in pages_doc.tables["three_public"].rows}
    assert three == {"合计": Decimal("8.53"), "一、因公出国（境）费": None, "二、公务用车购置及运维费": Decimal("7"),
                     "其中：公务用车购置费": None, "公务用车运行维护费": Decimal("7"),
                     "三、公务接待费": Decimal("1.53"), "机关运行经费": Decimal("386.02")}
    said = [w for w in pages_doc.warnings if "8.53 1.53 7 7 386.02" in w]
    assert said and "公务接待费、公务用车运行维护费" in said[0]


# -- bad input ----------------------------------------------------------------------------------
def test_text_without_tables_is_refused_in_chinese():
    from disclosure.errors import UnreadableDocument

    with pytest.raises(UnreadableDocument) as err:
        read_document("这是一封普通的信，没有任何表格。\n谢谢。".encode(), "letter.txt")
    assert "没有找到" in err.value.message


def test_pages_json_of_wrong_shape_is_refused():
    from disclosure.errors import UnreadableDocument

    with pytest.raises(UnreadableDocument) as err:
        read_document(b'[{"page": "x", "words": 1}]', "p.json")
    assert "JSON" in err.value.message


def test_misprinted_rollup_is_named_not_guessed():
    text = "\n".join([
        " 部门预算一般公共预算财政拨款支出表", HEADER, "栏次 1 2 3 4 5",
        "1 合计 30.00 10.00 20.00", "2 205 教育支出 31.00 31.00",
    ])
    doc = read_document(text.encode(), "t.txt")
    row = doc.tables["general_expenditure"].rows[1]
    assert row["total"] == Decimal("31.00") and row["basic"] is None and row["project"] is None
    assert any("汇总对不上" in w and "第2行（205）" in w for w in doc.warnings)


def test_one_slip_leaves_the_rest_of_the_table_placed():
    """A row whose figures break its own identity wherever they go (20.60 ≠ 20.00) is a printed
    slip: its roll-up is matched on the other columns, so its neighbours and it are still placed,
    named in a warning, and the slip is left for the rules to find."""
    text = "\n".join([
        " 部门预算一般公共预算财政拨款支出表", HEADER, "栏次 1 2 3 4 5",
        "1 合计 30.00 10.00 20.00", "2 205 教育支出 30.00 10.00 20.00",
        "3 20502 普通教育 10.00 10.00", "4 20503 职业教育 20.60 20.00",
    ])
    doc = read_document(text.encode(), "t.txt")
    rows = doc.tables["general_expenditure"].rows
    assert (rows[2]["total"], rows[2]["basic"], rows[2]["project"]) == (Decimal("10.00"), Decimal("10.00"), None)
    assert (rows[3]["total"], rows[3]["basic"], rows[3]["project"]) == (Decimal("20.60"), None, Decimal("20.00"))
    said = [w for w in doc.warnings if "印刷错误" in w]
    assert len(said) == 1 and "第4行（20503）" in said[0] and "请核对" in said[0]


def test_a_table_that_adds_up_names_no_slip():
    text = "\n".join([
        " 部门预算一般公共预算财政拨款支出表", HEADER, "栏次 1 2 3 4 5",
        "1 合计 30.00 10.00 20.00", "2 205 教育支出 30.00 10.00 20.00",
        "3 20502 普通教育 10.00 10.00", "4 20503 职业教育 20.00 20.00",
    ])
    doc = read_document(text.encode(), "t.txt")
    assert not any("印刷错误" in w for w in doc.warnings)


def test_continued_title_continues_the_table():
    text = "\n".join([
        " 部门预算一般公共预算财政拨款支出表", HEADER, "栏次 1 2 3 4 5",
        "1 合计 30.00 10.00 20.00", "2 205 教育支出 30.00 10.00 20.00",
        " 部门预算一般公共预算财政拨款支出表（续）", HEADER, "栏次 1 2 3 4 5",
        "3 20502 普通教育 10.00 10.00", "4 20503 职业教育 20.00 20.00",
    ])
    doc = read_document(text.encode(), "t.txt")
    rows = doc.tables["general_expenditure"].rows
    assert [r["code"] for r in rows] == [None, "205", "20502", "20503"]
    assert not any("不止一次" in w for w in doc.warnings)


def test_gb18030_and_crlf_read_the_same(doc):
    text = SAMPLE.read_text(encoding="utf-8").replace("\n", "\r\n")
    other = read_document(text.encode("gb18030"), "sample-gbk.txt")
    assert other.department.to_dict() == doc.department.to_dict()
    for key, table in doc.tables.items():
        assert other.tables[key].rows == table.rows, key


# Where each table's print ends in the sample (the next title, or the narrative that follows it).
_SECTION_END = {"three_public": "第一部分", "procurement": "注：同一采购目录", "assets": "八、名词解释"}
_DECIMAL = re.compile(r"(?<![\d.])\d+\.\d{2}(?![\d.])")


def _printed_order(key: str, row: dict) -> list[str]:
    """An expected row's figures in the order the sample prints them."""
    if key == "procurement":
        cols = ["project_budget", "price", "total", "_unplaced", "sme_reserved"]
    else:
        cols = [c for c in TABLE_SPECS[key].columns if c not in TEXT_COLUMNS]
    out: list[str] = []
    for c in cols:
        value = row.get(c)
        out.extend(value if isinstance(value, list) else [value] if value else [])
    return out


@pytest.mark.parametrize("key", [k for k in TABLE_SPECS if k not in ("fund_expenditure", "capital_expenditure")])
def test_expected_file_has_every_printed_figure_in_order(expected, key):
    """Guards the hand-written expected file: its figures, in print order, are exactly the decimals
    printed in that table's part of the sample (so no figure was mistyped, dropped or invented)."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    titles = [t["title"] for t in expected["tables"].values()]
    want_title = expected["tables"][key]["title"]
    start = next(i for i, s in enumerate(lines) if s.strip() == want_title)
    end = next(i for i in range(start + 1, len(lines))
               if lines[i].strip() in titles or lines[i].strip().startswith(_SECTION_END.get(key, "\x00")))
    printed = _DECIMAL.findall("\n".join(lines[start:end]))
    written = [f for row in expected["tables"][key]["rows"] for f in _printed_order(key, row)]
    assert written == printed


# -- Shanghai page text from pdftotext (a .txt upload that is not the Hebei layout) ---------------


def _pdftotext(name: str) -> bytes:
    import shutil
    import subprocess

    pdf = documents.real(name)
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is installed by scripts/bootstrap.sh"
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True).stdout


def test_shanghai_budget_page_text_is_read_with_a_caveat():
    doc = read_document(_pdftotext("shanghai-putuo_sifaju_2026_yusuan-unit.pdf"), "sifaju.txt")
    assert doc.format == "text" and doc.department.name == "上海市普陀区司法局"
    assert len([k for k in TABLE_SPECS if k in doc.tables]) == 9
    assert "不带单元格位置" in doc.warnings[0]
    # the README's known defect stays as printed: 行政运行 合计 = 基本支出, yet 项目支出 also printed
    assert _cells(doc.tables["expenditure"], "2040601") == {
        "total": "14348853.34", "basic": "14348853.34", "project": "64840547.00"}


def test_final_accounts_page_text_is_refused():
    from disclosure.errors import UnreadableDocument

    with pytest.raises(UnreadableDocument) as err:
        read_document(_pdftotext("shanghai-putuo_caizhengju_2024_juesuan-dept.pdf"), "juesuan.txt")
    assert "PDF原件" in err.value.message


# -- shared patterns: the text readers use disclosure.tables.NOTE_RE and meta.read_meta ----------
def test_note_written_as_shuoming_is_a_note_in_text(doc):
    """``说明：…`` under a table ends it like ``注：…`` (the one NOTE_RE every reader uses)."""
    text = SAMPLE.read_text(encoding="utf-8").replace("注：无政府基金预算", "说明：无政府基金预算", 1)
    other = read_document(text.encode("utf-8"), "shuoming.txt")
    note = other.tables["fund_expenditure"].note
    assert note == "说明：无政府基金预算财政拨款预算，空表列示。"
    assert other.tables["fund_expenditure"].rows == doc.tables["fund_expenditure"].rows == []


def test_page_text_department_name_kept_as_printed():
    """meta.read_meta matches on NFKC text; page text keeps the full-width brackets it prints."""
    from connectors.readers.text.layouts.shanghai_pages import _as_printed, _department

    text = "编制单位：上海市普陀区甲街道（本级） 单位：元\n2026年单位预算"
    assert _department(text).name == "上海市普陀区甲街道（本级）"
    assert _as_printed(text, "上海市普陀区甲街道(本级)") == "上海市普陀区甲街道（本级）"
    assert _as_printed(text, "不在文中") == "不在文中"
