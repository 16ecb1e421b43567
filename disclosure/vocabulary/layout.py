"""Lines around a table: notes (注：…), units (单位：万元), preamble (编制部门：…), table numbers and labels,
the titles of tables that are not contract tables, ``（续）``."""

from __future__ import annotations

import re

#: A table's note line (``注：…``, ``说明：…``, ``注1：…``): the note, not a row.
NOTE_RE = re.compile(r"^\s*(注|说明|备注)\s*\d?\s*[:：]")
#: ``单位：万元`` / ``单位:元`` / ``金额单位：万元``: the unit a table (or document) prints.
UNIT_RE = re.compile(r"单位\s*[:：]\s*(?:人民币)?\s*(百万元|千元|万元|亿元|元)")
#: Lines between a table's title and its header: who compiled it, the unit, the year
#: (``编制单位：… 单位：元``, ``316 曲阳县… 预算年度：2022 单位：万元``, ``部门名称：…``).
PREAMBLE_RE = re.compile(r"编制(部门|单位)|部门(名称)?\s*[:：]|单位\s*[:：]|预算年度|金额单位")
#: The Hebei department line under every title and at the top of every page of a table
#: (``316 曲阳县人力资源和社会保障局 预算年度：2022 单位：万元``).
DEPARTMENT_LINE_RE = re.compile(
    r"^\s*(?P<code>\d{3,12})\s+(?P<name>\S+)\s+"
    r"(?:预算年度\s*[:：]\s*(?P<year>\d{4})\s*)?"
    r"(?:单位\s*[:：]\s*(?P<unit>万元|亿元|元)|截止时间\s*[:：]\s*(?P<asof>\S+))"
)
#: An item of a two-sided summary table belongs to the expenditure side when it says so.
EXPENDITURE_SIDE_RE = re.compile(r"支出|预备费|年终结转|年末.*结转")
#: A table's printed number (``公开01表``, ``表一``, ``附表3``, ``表3-1``) before or above its title.
TABLE_NUMBER_RE = re.compile(r"^(附件|附表|公开|预算|决算)?\s*表?\s*[0-9一二三四五六七八九十]+(-[0-9]+)?\s*表?$")
#: Titles of tables a disclosure prints that are not contract tables: they end the table before them.
OTHER_TABLE_TITLE_RE = re.compile(r"(项目经费(情况)?说明|绩效目标|项目支出绩效|整体支出绩效|政府采购预算(情况)?表"
                                  r"|国有资产占用情况)")
#: A table's label printed on a line of its own, above or below its title (``公开 01 表``, ``公开表十二``,
#: ``附表3``, ``表一``): furniture, never a row.
TABLE_LABEL_RE = re.compile(r"^((附件|附表|公开)表?[0-9一二三四五六七八九十]+(-\d+)?表?|表[0-9一二三四五六七八九十]+(-\d+)?)[:：]?$")
#: ``（续）`` after a title: the table continues from the previous page.
CONTINUED_RE = re.compile(r"[(（]续[)）]$")
#: The heading of a table of contents, on a line of its own (``目录``, ``目 录``, ``报表目录``, ``公开报表目录``).
TOC_HEADING_RE = re.compile(r"^[^\d，。；]{0,8}目\s*录[:：]?$")
#: The title of a table of performance targets (部门整体支出绩效目标表, 项目支出绩效目标表).
PERFORMANCE_TITLE_RE = re.compile(r"绩效目标")
#: The 编制单位：… / 单位：万元 / 部门名称： line of a PDF table's header.  Stricter than PREAMBLE_RE on purpose:
#: a PDF header cell may contain 单位 or 编制 without being that line, so a colon and a word boundary
#: are required here.
PREPARER_LINE_RE = re.compile(r"(编制(部门|单位)\s*[:：])|(^|\s)(金额)?单位\s*[:：]|^部门(名称)?\s*[:：]")
#: A part's heading (``第一部分``, ``第三部分 …``) in a PDF's text: not a table title.
PART_HEADING_RE = re.compile(r"^第[一二三四五六七八九十]+部分")
#: A page number as printed at the foot or the head of a PDF page: ``12``, ``- 12 -``, ``─ 6 ─``, ``第 3 页``,
#: ``第 3 页 共 20 页``.
PAGE_NUMBER_RE = re.compile(r"^([-─—–]\s*)?\d{1,3}(\s*[-─—–])?$|^第\s*\d{1,3}\s*页(\s*共\s*\d+\s*页)?$")
