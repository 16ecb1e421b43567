"""The Hebei sample text read through ``read_document`` equals the tables written by hand.

``tests/data/quyang_expected.json`` was written by reading the sample, not by running the reader:
every printed value in the column where it was printed.  The comparison is cell by cell and the
failure message lists every differing cell.
"""

from __future__ import annotations

import json
import statistics
import time
from decimal import Decimal
from pathlib import Path

import pytest

from connectors.readers import read_document
from disclosure.tables import TABLE_SPECS

SAMPLE = Path("/work/shared/samples/quyang-hrss-2022-budget.txt")
if not SAMPLE.exists():  # the repository copy, where the shared folder is not mounted
    SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "quyang-hrss-2022-budget.txt"
EXPECTED = Path(__file__).parent / "data" / "quyang_expected.json"

pytestmark = pytest.mark.skipif(not SAMPLE.exists(), reason="sample text not available")


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
    assert spending and "第1行（合计）" in spending[0] and "一般公共预算财政拨款支出表" in spending[0]
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
