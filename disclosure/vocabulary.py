"""The printed vocabulary of disclosures: the words and shapes every reader and rule recognises.

One place for what a disclosure prints around its figures: total rows (合计, 本年收入合计 …),
numbered items (一、 1. （一） 其中：), notes (注：…), units (单位：万元), preamble lines
(编制部门：…), header roles (类/款/项, 科目编码, 科目名称, 栏次), the lengths of classification
codes, the 三公 items, and the storage prefixes of the upload layout.  A new region's wording is a
change here, not a branch in a reader or a rule.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------- classification codes

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

# ---------------------------------------------------------------- rows

#: Rows that are totals: kept as rows with ``code: None``.
TOTAL_ROW_RE = re.compile(r"^(合计|总计|小计|收入总计|支出总计|本年收入合计|本年支出合计|人员经费合计|公用经费合计"
                          r"|.{0,12}(合计|总计)|.{0,8}(收入|支出)小计)$")
#: A table's grand total row, as printed (the row that totals the whole table).
GRAND_TOTAL_RE = re.compile(r"^(合计|总计|合计数|总计数|全部合计|本年支出合计|本年收入合计|收入总计|支出总计|收入合计|支出合计)[:：]?$")
#: A numbered item of a two-sided summary (``一、一般公共预算财政拨款收入``, ``十一、城乡社区支出``).
ORDINAL_ITEM_RE = re.compile(r"^[一二三四五六七八九十百]+\s*、")
#: A top-level item of an outline (``一、`` ``一.``).
TOP_ITEM_RE = re.compile(r"^[一二三四五六七八九十]+[、.．]")
#: A sub-item of an outline (``1.`` ``（一）`` ``其中：``).
SUB_ITEM_RE = re.compile(r"^(?:\d+[、.．]|[(（][0-9一二三四五六七八九十]+[)）]|其中[:：]?)")
#: Any item start: an ordinal, an arabic number, a bracketed number.
ITEM_START_RE = re.compile(r"^([一二三四五六七八九十]+、|\d+[.．、]|[（(][一二三四五六七八九十\d]+[）)])")
#: Words an item of a summary ends with: a piece after one of these is a new item, not a wrapped end.
ITEM_END_RE = re.compile(r"(支出|收入|拨款|资金|结余|结转|合计|总计|小计|预算|基金|差额|分配|经费)$")
#: Words a layout prints letter-spaced (``合   计``, ``金   额``, ``单 位：``): read as one word.
SPACED_WORDS = frozenset({"合计", "总计", "小计", "金额", "单位", "项目", "科目", "名称", "类别", "备注"})
#: Cells that say "nothing here" in a table body.
EMPTY_BODY_WORDS = frozenset({"无", "本表无数据", "空表"})

# ---------------------------------------------------------------- lines around tables

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

# ---------------------------------------------------------------- header roles

#: 类 / 款 / 项 printed as three code columns, in order.
CODE_PART_HEADERS: dict[str, int] = {"类": 0, "款": 1, "项": 2}
#: A column of budget units' codes (``单位代码``, ``预算单位编码``): 301001 is a unit, not a subject,
#: so the column is a label of the row, never read as 类/款/项.
UNIT_CODE_HEADER_RE = re.compile(r"^(预算)?单位(代码|编码)$")
#: A column of budget units' names (``单位名称``, ``预算单位``): the row's name.
UNIT_NAME_HEADER_RE = re.compile(r"^(预算)?单位名称$|^预算单位$")
#: A column holding whole codes (``功能分类科目编码``, ``科目代码``).
CODE_HEADER_RE = re.compile(r"(科目)?(编码|代码)$")
#: A column holding the subject's or item's name.
NAME_HEADER_RE = re.compile(r"(科目名称|项目名称|^项目$|^名称$)")
#: A column numbering the rows.
ROW_NUMBER_HEADERS = frozenset({"栏次", "行次", "序号", "行号"})
#: Two-sided summary tables: a text column is an item column, every other column holds money.
ITEM_HEADER_RE = re.compile(r"^(项目|收入项目|支出项目|收入|支出|科目|项目名称|功能科目名称)$")
#: A column of words, not figures: names, items, labels (``功能科目名称``, ``项目``, ``经济科目``,
#: ``采购品目大类``, ``采购组织形式``).  ``项目支出`` ends in 支出: money.
TEXT_HEADER_RE = re.compile(r"(名称|项目|科目|大类|类别|形式|方式|用途|说明|备注|^收入$|^支出$)$")
#: A column header that is a total of the columns beside it under the same group.
TOTAL_HEADER_RE = re.compile(r"^(合计|小计|总计|本年收入合计|本年支出合计|收入总计|支出总计)$")
#: A column that is a part of another shown beside it (``其中：政府采购``): not an addend.
OF_WHICH_RE = re.compile(r"^其中")
#: A column about another period, another measure or a comparison (``上年预算数``, ``年初预算数``
#: beside the 决算's 合计, ``比上年增减``): money, and it adds up down the rows, but it is not a part
#: of the 合计 printed beside it.  Money carried into this year is a part: see CARRIED_IN_HEADER_RE.
#: ``上年结转`` is this year's income carried over: a part, so excluded here.
COMPARISON_HEADER_RE = re.compile(r"上年|上一年|去年|增减|增加|减少|增长|下降|变动|差额|同比|预计执行"
                                  r"|年初预算|调整预算|全年预算|预算数|决算数|执行数")
#: A year printed in a column header (``2025年预算数``): of two years, the earlier is a comparison.
HEADER_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
#: A year's figures as a column of their own (``2024年预算数``, ``2023年决算数``): a period, not a part
#: of a 合计 (unlike ``2024年结转``, this year's income carried over).
PERIOD_HEADER_RE = re.compile(r"(?:19|20)\d{2}\s*年度?(?:年初)?(?:预算|决算|预计|执行)")
#: Money carried into this year (上年结转, 上年度财政拨款结转, 使用以前年度结余, 2024年结转, 用事业基金
#: 弥补收支差额): a part of this year's 合计 even though it names another year or a 差额.
CARRIED_IN_HEADER_RE = re.compile(r"结转|结余|弥补")
#: A column of ratios (``增减%``, ``增长率``, ``占比``, ``完成率``): neither money nor additive.
RATIO_HEADER_RE = re.compile(r"[%％‰]|率|比例|比重|占比|幅度|百分比")

# ---------------------------------------------------------------- the 三公 table

#: The 三公 table's items in the contract's order, and how a printed header names each one.
THREE_PUBLIC_ITEMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("合计", re.compile(r"^合计$")),
    ("因公出国（境）费", re.compile(r"因公出国")),
    ("公务用车购置及运维费", re.compile(r"公务用车购置及运行(维护)?费$|^小计$")),
    ("其中：公务用车购置费", re.compile(r"(公务用车)?购置费$")),
    ("公务用车运行维护费", re.compile(r"(公务用车)?运行(维护)?费$")),
    ("公务接待费", re.compile(r"公务接待费")),
    ("机关运行经费", re.compile(r"机关运行经费")),
)
#: Items some provinces print in the same table after the 三公 (Jiangsu: 会议费, 培训费): part of its 合计.
THREE_PUBLIC_EXTRA_ITEMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("会议费", re.compile(r"^会议费$")),
    ("培训费", re.compile(r"^培训费$")),
)
#: The subtotal of the three 三公 items where the table also prints 会议费 / 培训费.
THREE_PUBLIC_SUBTOTAL = "“三公”经费小计"

# ---------------------------------------------------------------- amounts

#: Cells that mean "nothing printed here".
EMPTY_CELLS = frozenset({"", "-", "—", "－", "–", "--", "——", "/", "无", "*"})
#: Units disclosures print amounts in.
UNITS = ("元", "万元", "亿元")
#: A disclosure published in several files: the file of its 说明 alone, the file of its tables alone.
PART_NARRATIVE, PART_TABLES = "说明", "表格"

# ---------------------------------------------------------------- storage layout

#: The upload layout of a store: uploads, reports, the review site.
INCOMING, RESULTS, DOCS = "incoming/", "results/", "docs/"
#: What the service keeps to compare disclosures with each other: the tables as read, and the index
#: of stored disclosures by publisher, year, kind and level (see ``neighbours.index``).
TABLES, INDEX = "tables/", "index/"
