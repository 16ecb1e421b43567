"""The unit a table prints, in the words other provinces use (千元, 人民币万元, 百万元, 计量单位):
read as printed, never replaced by "元" with a warning that no unit was given (which made every
comparison with another table wrong by the factor)."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import load_workbook

from connectors.readers import read_path
from disclosure.amounts import UNIT_TO_YUAN
from disclosure.tables import detect_unit
from tests import comparison_workbook as cw


@pytest.mark.parametrize(("printed", "unit"), [
    ("单位：元", "元"), ("单位:万元", "万元"), ("金额单位：万元", "万元"), ("（单位：万元）", "万元"),
    ("计量单位：万元", "万元"), ("单位：人民币万元", "万元"), ("单位：千元", "千元"), ("单位：百万元", "百万元"),
    ("单位：亿元", "亿元"),
])
def test_the_printed_unit_is_read(printed: str, unit: str) -> None:
    assert detect_unit(printed) == unit
    assert unit in UNIT_TO_YUAN


@pytest.mark.parametrize(("printed", "unit", "yuan"), [("单位：千元", "千元", D("100000.00")),
                                                       ("单位：人民币万元", "万元", D("1000000.00"))])
def test_a_table_in_thousands_is_read_in_thousands(tmp_path: Path, printed: str, unit: str, yuan: D) -> None:
    path = cw.workbook(tmp_path / "t.xlsx", header=cw.HEADER[:5])
    book = load_workbook(path)
    book.active["E2"] = printed  # where the unit is printed, right above the last column
    book.save(path)
    doc = read_path(path)
    table = doc.tables["general_expenditure"]
    assert table.unit == unit and not any("未标明金额单位" in w for w in doc.warnings)
    assert table.rows_by_code()["2010101"]["total"] * UNIT_TO_YUAN[table.unit] == yuan
