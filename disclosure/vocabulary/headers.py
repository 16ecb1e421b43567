"""Header roles: what a printed column header says a column holds (类/款/项, 科目编码, 名称, 栏次, 合计,
其中…, another period or a comparison, a ratio)."""

from __future__ import annotations

import re

#: 类 / 款 / 项 printed as three code columns, in order.
CODE_PART_HEADERS: dict[str, int] = {"类": 0, "款": 1, "项": 2}
#: A column of budget units' codes (``单位代码``, ``预算单位编码``): 301001 is a unit, not a subject,
#: so the column is a label of the row, never read as 类/款/项.
UNIT_CODE_HEADER_RE = re.compile(r"^(预算)?(单位|部门|部门\(单位\)|部门（单位）)(代码|编码)$")
#: A column of budget units' names (``单位名称``, ``预算单位``): the row's name.
UNIT_NAME_HEADER_RE = re.compile(r"^(预算)?(单位|部门|部门\(单位\)|部门（单位）)名称$|^预算单位$")
#: A column holding whole codes (``功能分类科目编码``, ``科目代码``).
CODE_HEADER_RE = re.compile(r"(科目)?(编码|代码)$")
#: A column holding the subject's or item's name.
NAME_HEADER_RE = re.compile(r"(科目名称|项目名称|^项目$|^名称$|(经济|功能)(分类)?科目$)")
#: A column numbering the rows.
ROW_NUMBER_HEADERS = frozenset({"栏次", "行次", "序号", "行号"})
#: The label of the line that numbers a table's columns (栏次 1 2 3 …): furniture, not a row.
COLUMN_NUMBER_LABELS = frozenset({"栏次", "行次"})
#: Two-sided summary tables: a text column is an item column, every other column holds money.
ITEM_HEADER_RE = re.compile(r"^(项目|收入项目|支出项目|收入|支出|科目|项目名称|功能科目名称|\S{0,14}(分类|分|经济|功能)科目"
                            r"|\S{0,14}(经济|功能)分类)$")  # 支出功能分类科目（按大类）, 部门预算支出经济分类
#: A column of words, not figures: names, items, labels (``功能科目名称``, ``项目``, ``经济科目``,
#: ``采购品目大类``, ``采购组织形式``).  ``项目支出`` ends in 支出: money.
TEXT_HEADER_RE = re.compile(r"(名称|项目|科目|大类|类别|(经济|功能)分类|形式|方式|用途|说明|备注|目标|内容|依据|^收入$|^支出$)$")
#: A column header that is a total of the columns beside it under the same group.
TOTAL_HEADER_RE = re.compile(r"^(合计|小计|总计|本年收入合计|本年支出合计|收入总计|支出总计)$")
#: A column that is a part of another shown beside it (``其中：政府采购``): not an addend.
OF_WHICH_RE = re.compile(r"^其中")
#: ``其中：`` before a header's own words (``其中：基本支出``): the words after it say what the column is.
OF_WHICH_PREFIX_RE = re.compile(r"^其中[:：]?")
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
CARRIED_IN_HEADER_RE = re.compile(r"结转|结余|弥补|余额")  # 上年实户资金余额 (Xi'an): money carried in
#: A column of ratios (``增减%``, ``增长率``, ``占比``, ``完成率``): neither money nor additive.
RATIO_HEADER_RE = re.compile(r"[%％‰]|率|比例|比重|占比|幅度|百分比")

#: A header's bracketed qualifier (``支出项目类别（资金使用单位）``, ``金额(万元)``): the words before it say
#: what the column is.
HEADER_QUALIFIER_RE = re.compile(r"[(（][^()（）]*[)）]$")


def header_core(text: str) -> str:
    """A header without its trailing bracketed qualifier (``支出项目类别（资金使用单位）`` → ``支出项目类别``)."""
    core = HEADER_QUALIFIER_RE.sub("", text)
    return core or text
#: A heading over a block of another period's figures or of the change (上年, 增减变化情况): unlike
#: COMPARISON_HEADER_RE, a bare 预算数 is not one (it is this year's figure in a 预算).
OTHER_PERIOD_RE = re.compile(r"上年|上一年|去年|增减|变动|变化|差额|同比")
#: Workbook headers of columns that hold codes or row numbers, not amounts (类 / 款 / 项, 编码, 代码, 序号, 栏次,
#: 行次).
CODE_COLUMN_RE = re.compile(r"^(类|款|项)$|编码|代码|序号|栏次|行次")
#: A group header saying its spending list is by use (支出用途, 按用途, 支出性质, 按支出类型; Xi'an summaries).
USE_GROUP_HEADER_RE = re.compile(r"支出用途|按用途|支出性质|按支出类型")
