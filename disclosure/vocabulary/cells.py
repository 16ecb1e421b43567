"""Cells: what 'nothing printed here' looks like, the units amounts are printed in, the parts of a
disclosure published in several files."""

from __future__ import annotations

#: Cells that mean "nothing printed here".
EMPTY_CELLS = frozenset({"", "-", "—", "－", "–", "--", "——", "/", "无", "*"})
#: Units disclosures print amounts in.
UNITS = ("元", "万元", "亿元")
#: A disclosure published in several files: the file of its 说明 alone, the file of its tables alone.
PART_NARRATIVE, PART_TABLES = "说明", "表格"
#: A file holding only the 绩效目标表 of a disclosure (Guangzhou publishes them apart).
PART_PERFORMANCE = "绩效目标表"
