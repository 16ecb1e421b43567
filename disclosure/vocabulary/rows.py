"""Row labels tables print: totals (合计, 本年收入合计 …), numbered items (一、 1. （一） 其中：), empty-body words."""

from __future__ import annotations

import re

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
SPACED_WORDS = frozenset({"合计", "总计", "小计", "金额", "单位", "项目", "科目", "名称", "类别", "备注", "收入", "支出",
                          "收入总计", "支出总计"})
#: Cells that say "nothing here" in a table body.
EMPTY_BODY_WORDS = frozenset({"无", "本表无数据", "空表"})
#: The 品目大类 of 政府采购 (政府采购品目分类目录: A 货物, B 工程, C 服务): in a 政府采购 tree, a row
#: labelled in that column with anything else is a budget unit's subtotal between a 品目大类 and its items.
PROCUREMENT_CATEGORY_RE = re.compile(r"^(?:[一二三四][、.．])?\s*(?:[A-Ca-c]\s*)?(货物|工程|服务)(类|采购)?(?:\s*[A-Ca-c])?$")
#: The numbering before an item's words (``一、`` ``1、`` ``(1)`` ``（一）``): not part of its name.
ITEM_MARKER_RE = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]|[(（][0-9一二三四五六七八九十]+[)）])\s*")
#: A summary's line of last year's money carried over (上年结转, 上年结转结余, 年初结转和结余), as 收入总表's
#: 上年结转 column prints it; not 上年实户资金余额 or 使用非财政拨款结余, which have columns of their own.
CARRYOVER_LINE_RE = re.compile(r"^(上年结转|年初(财政拨款)?结转)(结余|和结余)?(资金)?$")
#: 收支总表 income items → 收入总表 columns, with a rank (as the reader of lost blank cells uses them): an
#: item ``财政拨款收入`` stands for its three sources (一般公共预算, 政府性基金, 国有资本经营), added up only
#: where it is not printed; 财政专户, 经营收入, 事业收入, 上级补助, 附属单位, 其他收入, 本年收入合计, 上年结转,
#: 收入总计 (Shanghai and Jiangsu 收支总表).
SUMMARY_TO_INCOME: tuple[tuple[re.Pattern[str], str, int], ...] = (
    (re.compile(r"^\S{0,4}财政拨款(收入)?$"), "fiscal_grant", 0),
    (re.compile(r"一般公共预算|政府性基金|国有资本经营"), "fiscal_grant", 1),
    (re.compile(r"财政专户"), "special_account", 0),
    (re.compile(r"经营收入"), "operating", 0),
    (re.compile(r"事业收入"), "business", 0),
    (re.compile(r"上级补助"), "superior_grant", 0),
    (re.compile(r"附属单位"), "affiliated", 0),
    (re.compile(r"其他收入"), "other", 0),
    (re.compile(r"本年收入合计"), "subtotal", 0),
    (re.compile(r"上年结转"), "carryover", 0),
    (re.compile(r"收入总计"), "total", 0),
)
#: 收支总表 income lines → 收入总表 columns, by the words in the printed item (财政拨款 and its three sources,
#: 财政专户, 经营收入, 事业收入, 上级补助, 附属单位, 事业基金, 其他收入), as the cross-table rule reads them.
SUMMARY_INCOME_COLUMNS: list[tuple[str, re.Pattern[str]]] = [
    ("fiscal_grant", re.compile(r"财政拨款|一般公共预算|政府性基金|国有资本经营")),
    ("special_account", re.compile(r"财政专户")),
    ("operating", re.compile(r"经营收入")),
    ("business", re.compile(r"事业收入")),
    ("superior_grant", re.compile(r"上级补助")),
    ("affiliated", re.compile(r"附属单位")),
    ("business_fund", re.compile(r"事业基金")),
    ("other", re.compile(r"其他收入")),
]
#: This year's total of a two-sided summary's side: 本年收入合计 (Shanghai), 当年收入小计 (Jiangsu), a bare 本年收入;
#: likewise 本年支出合计 / 当年支出小计 / 本年支出.
THIS_YEAR_TOTAL_RES = {"income": re.compile(r"(本年|当年)收入(合计|小计)?$"), "expenditure": re.compile(r"(本年|当年)支出(合计|小计)?$")}
#: A two-sided summary side's grand total: 收入总计 / 支出总计, or 收入合计 / 支出合计 where no 总计 is printed.
SIDE_GRAND_TOTAL_RES = {"income": re.compile(r"^收入(总计|合计)$"), "expenditure": re.compile(r"^支出(总计|合计)$")}
#: Ranks of item numbering below 一、: ``1、`` above ``(1)`` / ``（一）``.
SUB_ITEM_RANKS = (re.compile(r"^\d+[、.．]"), re.compile(r"^[(（][0-9一二三四五六七八九十]+[)）]"))
#: The last header row of layouts that number their columns (Hebei workbooks: ``栏次 1 2 3 …``, or 行次).
COLUMN_NUMBER_ROW_RE = re.compile(r"^(栏次|行次)$")
#: A workbook body row's first cell: an enumerated item (``一、财政拨款收入``, ``1. 一般公共预算``).
ENUM_RE = re.compile(r"^([一二三四五六七八九十]+[、.．]|\d{1,2}\s*[、.．]\s*\D)")
#: The items of a spending list by use (基本支出, 项目支出, 单位预留机动经费, 事业单位经营支出, 上缴上级支出,
#: 对附属单位补助支出, 人员经费, 公用经费), numbered 一、 or not (Xi'an summaries).
USE_ITEM_RE = re.compile(r"^([一二三四五六七八九十]+、)?(基本支出|项目支出|单位预留机动经费|预留机动经费|事业单位经营支出"
                         r"|上缴上级支出|对附属单位补助支出|人员经费|公用经费)$")
#: The line numbering a Hebei table's columns in extracted text, letter-spaced or not (``栏 次 1 2 3``).
SPACED_COLUMN_NUMBER_RE = re.compile(r"^栏\s*次")
#: A row of the Hebei fixed-assets table: the total (资产总额, 合 计, 总 计), a numbered class, or a 其中 breakdown.
ASSET_ROW_RE = re.compile(r"^(资产总额|合\s*计|总\s*计|\d+\s*[、.．]|其中\s*[:：])")
#: A line starting with 合计, letter-spaced or not (``合 计 12.00``; Hebei lists in extracted text).
SPACED_TOTAL_START_RE = re.compile(r"^合\s*计")
#: A 合计 row, letter-spaced or not, that is not a title's words (``合计…表``, ``…费``; Shanghai pages in
#: extracted text).
TOTAL_ROW_NOT_TITLE_RE = re.compile(r"^合\s*计(?!\S*[表费])")
#: A line of a Shanghai 财务收支预算总表 in extracted text: a numbered item (一、, 1、), 收入总计 / 支出总计,
#: 本年收入合计 / 本年支出合计, 上年结转, 年初…, 年末…, 年终….
SUMMARY_ITEM_ROW_RE = re.compile(
    r"^([一二三四五六七八九十]+、|\d+、|收入总计|支出总计|本年收入合计|本年支出合计|上年结转|年初|年末|年终)"
)
#: A total row's whole label in extracted text, letter-spaced or not: 合 计, 总 计, 资产总额 (Hebei, Shanghai).
SPACED_TOTAL_NAME_RE = re.compile(r"^(合\s*计|总\s*计|资产总额)$")
#: A printed ordinal before an item (``1.`` / ``1、`` / ``（一）``): numbering, not the item's name (units' lists).
ORDINAL_PREFIX_RE = re.compile(r"^(?:[（(][0-9一二三四五六七八九十]+[)）]|[0-9一二三四五六七八九十]+[、.．])")
#: Numbering printed before a name (``2．``, ``（一）``): not part of it (last year's items).  Unlike
#: ORDINAL_PREFIX_RE its digits are ``\d`` (any digit), kept as it was.
NUMBERING_PREFIX_RE = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十\d]+[、.．])")
#: A bare grand total's name in a 决算 基本支出表 printed in two halves side by side (合计, 总计).
BARE_GRAND_TOTAL_NAMES = frozenset({"合计", "总计"})
#: A workbook body row printed in an empty table instead of data (无, （无）, (无)).
EMPTY_MARKERS = frozenset({"无", "（无）", "(无)"})
