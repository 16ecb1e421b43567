"""Names of departments, regions and budget units as printed: the region before a body's name, the
brackets after it (（本级）), placeholders (上海市XX局), and the 说明's roster of the units a budget covers."""

from __future__ import annotations

import re

#: The district in a department's name (``上海市普陀区财政局`` → 普陀区, ``…曲阳县…`` → 曲阳县), for the checklist form.
FORM_DISTRICT_RE = re.compile(r"^(?:.{2,4}?(?:省|自治区))?(?:.{2,4}?市)?(?P<district>.{1,4}?(?:区|县))")
#: The city (or province) a department's name starts with (``上海市…``, ``江苏省…``), for the checklist form.
FORM_CITY_RE = re.compile(r"^(?P<city>.{2,4}?(?:市|省|自治区))")
#: Brackets after a body's name that say which part of it a document covers, not who it is: （本级）, （本部）,
#: （部门）, （机关）, （本部门）.
OWN_PART_RE = re.compile(r"[（(](本级|本部|部门|机关|本部门)[)）]$")
#: A region printed before a body's name: 江苏省, 上海市, 普陀区, 曲阳县, 内蒙古自治区, 海淀区 …
REGION_PREFIX_RE = re.compile(r"^(?:[\u4e00-\u9fff]{1,8}?(?:自治区|自治州|自治县|特别行政区|省|市|区|县|旗|盟|州))")
#: Printed spellings of a body's name that mean the same words (中国共产党 = 中共).
SAME_NAME_WORDS = (("中国共产党", "中共"),)
#: A template's placeholder publisher (上海市XX局, ××局, 某某单位): never paired with anything.
PLACEHOLDER_NAME_RE = re.compile(r"X{2,}|×{2,}|某某")
#: A body's name at the start of a 说明's label, up to what bodies end with (局, 委员会, 办公室, 法院, 中心, 街道 …)
#: and a bracketed part (（本级）): not part of the label.
BODY_NAME_PREFIX_RE = re.compile(r"^.*?(?:局|委员会|办公室|办事处|法院|检察院|办公厅|工作部|中心|福利院|街道)(?:（[^）]{0,8}）)?")
#: Chinese numerals as the 说明 counts units (``下属三家``, ``两个``).
CHINESE_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
                  "十": 10}
#: A count of units, in digits or Chinese numerals: a piece of the roster patterns below.
UNIT_COUNT = r"(\d+|[零一二两三四五六七八九十]+)"
#: ``包括X本部以及下属N家预算单位`` (the 本部 counts as one more unit).
OWN_AND_MORE_RE = re.compile(r"部门预算(?:是)?包括(?P<own>.{1,40}?(?:本部|本级|机关))(?:以及|和|及)下属\s*"
                             + UNIT_COUNT + r"\s*[家个](?:预算|事业|行政)?单位")
#: ``纳入…编制范围的预算单位共N家，具体包括：A、B。``
ROSTER_SCOPE_RE = re.compile(r"编制范围的(?:预算)?单位(?:共)?\s*" + UNIT_COUNT + r"\s*[家个]，?(?:具体)?包括[：:](?P<list>[^。]+)")
#: ``具体包括：`` (or ``具体包括以下单位：``) before a roster's list of units.
ROSTER_LIST_START_RE = re.compile(r"具体包括[^：:]{0,20}[：:]")
#: A listed unit that is not one of its own (不单列预算, 并入本部, 并入本级, 不单独编制).
NOT_A_UNIT_RE = re.compile(r"不单列预算|并入本部|并入本级|不单独编制")
#: A listed unit that is the body itself (``…本部``, ``…本级``, ``…机关``, ``（本级）``).
OWN_UNIT_RE = re.compile(r"[（(]?(本部|本级|机关)[)）]?(?:[（(]本级[)）])?$")
#: Where a roster's list ends: 名词解释, the next numbered item (二、) or part (第二部分).
ROSTER_SECTION_END_RE = re.compile(r"^\s*(名词解释|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)")
