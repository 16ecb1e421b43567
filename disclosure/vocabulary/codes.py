"""Classification codes as printed: 支出功能分类 类/款/项 and 经济分类 类/款 lengths, parents."""

from __future__ import annotations

import re

#: 支出功能分类: 类 3, 款 5, 项 7 digits (``208`` → ``20805`` → ``2080505``).
FUNCTION_CODE_LENGTHS: tuple[int, ...] = (3, 5, 7)
#: 部门预算支出经济分类: 类 3, 款 5 digits (``301`` → ``30101``).
ECONOMIC_CODE_LENGTHS: tuple[int, ...] = (3, 5)
#: Any classification code's valid lengths; another length is a wrapped piece or a misprint.
CODE_LENGTHS = frozenset(FUNCTION_CODE_LENGTHS)
#: The parent of a code drops its last two digits (``2080505`` → ``20805`` → ``208``).
CODE_STEP = 2
#: 经济分类 classes (部门预算经济分类 30x, 政府预算经济分类 50x): a table of these codes is economic.
ECONOMIC_CLASS_RE = re.compile(r"^(30\d|31\d|50\d|51\d)")
#: 功能分类 classes renamed over the years, by their former names (the 2019 catalogue renamed these):
#: a table still printing the old name means the same class.
FORMER_CLASS_NAMES: dict[str, str] = {
    "医疗卫生与计划生育支出": "210",
    "文化体育与传媒支出": "207",
    "资源勘探信息等支出": "215",
    "国土海洋气象等支出": "220",
    "粮油物资储备支出": "222",
}
