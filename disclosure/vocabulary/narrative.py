"""The vocabulary of the 说明 (narrative): the words and shapes the narrative checks recognise.

One place for how a disclosure's explanations name their figures (收入支出总计, 本年收入合计, 基本支出,
“三公”经费 …), how they state a change (比上年增加 X 万元，增长 Y%), an execution (年初预算为 X 万元，支出
决算为 Y 万元，完成年初预算的 Z%), a share (占 P%), the lists that add up to a whole (其中：…), and what
a submitter must not leave in the text (XX, 【】, 下降（增长）, 。。, 、等).  A new region's wording is
a change here, not a branch in a rule (``expectations/derive/narrative/``).

Every pattern is written against the *normalised* sentence text of
:mod:`expectations.derive.narrative.sentences`: whitespace removed, full-width digits, letters, ``．``
and ``％`` made ASCII, ASCII brackets and punctuation made Chinese (``(`` → ``（``, ``:`` → ``：``),
and a comma kept as ``,`` only inside a number (``2,940.05``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# ---------------------------------------------------------------- text shape

#: A line that is only a page number (``25``, ``-3-``, ``第3页``, ``第3页共20页``; spaces already removed, the
#: 说明's lines joined by newlines): dropped before sentences are cut, or it would glue itself to the
#: figure it interrupts (``2.8`` ``25`` ``万元``).
PAGE_NUMBER_LINES_RE = re.compile(r"(?m)^(?:[-—–－]?\d{1,3}[-—–－]?|第\d{1,3}页(?:[/，,]?共\d{1,3}页)?)$")
#: Leader dots (and the page number after them) at the end of a line of a table of contents.
LEADERS_RE = re.compile(r"(?m)[.…·．]{3,}\d*$")
#: A line that starts a new item or part: it starts a new sentence even without a 。 before it.
ITEM_START_RE = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.]|（[一二三四五六七八九十\d]{1,3}）"
    r"|\d{1,2}[、.](?!\d))"
)
#: An item of the 说明 about one classification subject, its code in brackets after its name
#: (``②机关商品和服务支出（502）996.33万元…``, ``（5）机构运行（2060401）支出…``, ``1.其他支出（类）…
#: （款）…（项）。本年支出决算…``): the figures
#: of the item and of the sentences after it, up to the next item, are that subject's breakdown
#: (``日常公用经费 109.15 万元`` is the 局机关's part of 502, not the department's 公用经费).
CODED_ITEM_RE = re.compile(
    r"^(?:[①-⑳]|（\d{1,2}）|\d{1,2}[、.](?!\d)|[一二三四五六七八九十]+[、.]|（[一二三四五六七八九十]{1,3}）)?"
    r"[^，。；：\d]{2,30}?（(?:\d{3}(?:\d{2}){0,2}|类|款|项)）"
)
#: A sentence that leaves the item before it (``此外，基本支出预算数为…``: the department's again).
LEAVES_ITEM_RE = re.compile(r"^(?:此外|另外|除此之外|除上述)")
#: A sentence that starts a new item of a list, numbered with a circled digit (②).
CIRCLED_ITEM_RE = re.compile(r"^[①-⑳]")
#: A heading: numbered or not, short, no sentence punctuation, ending with what headings end with.
HEADING_ENDINGS = ("说明", "情况", "概况", "解释", "职能", "构成", "设置", "目录", "预算表", "决算表", "部门预算",
                   "部门决算", "单位预算", "单位决算")
HEADING_RE = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.]|（[一二三四五六七八九十]{1,3}）)?"
    rf"[^，。；：！？]{{0,44}}(?:{'|'.join(HEADING_ENDINGS)})。?$"  # 3.一般公共预算当年拨款具体使用情况。
)
#: Characters that end a sentence.
SENTENCE_END = "。！？"
#: Closing marks that belong to the sentence they follow (``…增加。”``).
CLOSERS = "”’）」』"

# ---------------------------------------------------------------- figures

#: A printed amount or percentage with its unit.  ``万元`` before ``元``; a bare ``万`` is not a unit
#: (``0.39 万（含外宾…`` is not read: never guess).
FIGURE_RE = re.compile(r"(?<![\d.,])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<unit>万元|亿元|元|%)")

# ---------------------------------------------------------------- labels: what a figure is

#: Words before a figure that belong to no label: list markers, fillers, connectors.
LABEL_PREFIX_RE = re.compile(
    r"^(?:(?:其中|此外|另外|包括|主要包括|主要用于以下方面|主要用于|具体情况如下|具体为|分别为|合计|以及|和|及)[：，]?"
    r"|第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.]|（[一二三四五六七八九十\d]{1,3}）|\d{1,2}[、.](?!\d)"
    r"|本部门|我部门|本单位|我单位|我局|本局|全年|年度|当年)+"
)
#: Words after a label, before its figure (``…总计为``, ``…预算数为``, ``…共计安排``).
LABEL_SUFFIX_RE = re.compile(r"(?:为|是|达|共计|安排|合计为|总额为)+$")
#: Names of funds that contain 预算 without meaning a 预算数 (一般公共预算财政拨款支出 is a 决算 figure).
FUND_NAME_RE = re.compile(r"一般公共预算|政府性基金预算|国有资本经营预算")
#: A label naming a change, not a figure of the year: the figure after it is a difference.
CHANGE_WORD_RE = re.compile(r"增加|减少|增长|下降|上升|降低|增减|节约|压减|持平|零增长")


@dataclass(frozen=True)
class Concept:
    """A figure the 说明 names, and where the tables print it.

    ``key`` names the figure; ``pattern`` must match the whole canonical label (department name, year
    and list markers removed); ``scope``: the money the label counts (``all``: every source; ``fiscal``:
    财政拨款; ``general``: 一般公共预算), so that a bare part (基本支出) after a whole inherits it.
    """

    key: str
    pattern: re.Pattern[str]
    scope: str | None = None


def _c(key: str, pattern: str, scope: str | None = None) -> Concept:
    return Concept(key, re.compile(pattern), scope)


_Y = r"(?:预算|决算)?(?:数)?"
#: Labels in order: the first whose pattern matches the whole label wins (specific before general).
CONCEPTS: tuple[Concept, ...] = (
    _c("fiscal_grand", r"财政拨款(?:收入支出|收支|收、支|收入、支出)(?:预算|决算)?(?:总计|总预算|合计)"
                       r"|财政拨款收入(?:预算|决算)?总计", "fiscal"),  # 收入总计: this year's and carried in
    _c("grand", r"(?:收入支出|收支|收、支|收入、支出)(?:预算|决算)?(?:总计|合计)|预算收支安排|收支预算(?:总计)?", "all"),
    # 收入总计 / 支出总计 are the totals of the section's table: 收支总表, or 财政拨款收支总表 under a
    # 财政拨款收支情况 heading (Xi'an 人社局 2020: 支出预算总计 181807.13 万元 there)
    _c("grand_income", r"收入(?:预算|决算)?总计"),
    _c("grand_expenditure", r"支出(?:预算|决算)?总计"),
    _c("income_this_year", r"本年(?:度)?收入(?:预算|决算)?(?:合计)?", "all"),
    _c("expenditure_this_year", r"本年(?:度)?支出(?:预算|决算)?(?:合计)?", "all"),
    _c("income_budget", r"(?:部门)?(?:收入预算|预算收入)", "all"),
    _c("expenditure_budget", r"(?:部门)?(?:支出预算|预算支出)", "all"),
    _c("general_basic", r"一般公共预算(?:财政)?拨款基本支出" + _Y, "general"),
    _c("general_expenditure", r"一般公共预算(?:财政)?(?:拨款)?(?:预算)?支出" + _Y + r"|一般公共预算财政拨款支出决算", "general"),
    _c("general_income", r"一般公共预算(?:财政)?(?:拨款)?收入" + _Y, "general"),
    _c("fund_income", r"政府性基金(?:预算)?(?:财政)?(?:拨款)?收入" + _Y, "fund"),
    _c("capital_income", r"国有资本经营(?:预算)?(?:财政)?(?:拨款)?收入" + _Y, "capital"),
    _c("fund_expenditure", r"政府性基金(?:预算)?(?:财政)?(?:拨款)?(?:预算)?支出" + _Y + r"(?:支出)?", "fund"),
    _c("capital_expenditure", r"国有资本经营(?:预算)?(?:财政)?(?:拨款)?(?:预算)?支出" + _Y, "capital"),
    _c("fiscal_basic", r"财政拨款基本支出" + _Y, "fiscal"),
    _c("fiscal_expenditure", r"财政拨款(?:预算)?支出" + _Y, "fiscal"),
    _c("fiscal_income", r"财政拨款收入" + _Y, "fiscal"),
    _c("basic", r"基本支出" + _Y),
    _c("project", r"项目支出" + _Y),
    _c("reserve", r"(?:单位)?预留机动经费" + _Y),
    _c("personnel", r"人员经费(?:支出)?"),
    _c("public", r"(?:日常)?公用经费(?:支出)?"),
    _c("business_income", r"事业收入" + _Y),
    _c("operating_income", r"(?:事业单位)?经营收入" + _Y),
    _c("other_income", r"其他收入" + _Y),
    _c("superior_income", r"上级补助收入"),
    _c("affiliated_income", r"对?附属单位上缴收入"),  # 对附属单位上缴收入: Xi'an's wording
    _c("business_fund_income", r"(?:部门预算)?用事业基金弥补收支差额"),
    _c("balance_income", r"上年实户资金余额"),  # Xi'an: money of the units' own accounts carried in
    _c("carryover", r"上年结转(?:结余)?|年初结转和结余"),
    _c("three_public", r"(?:财政拨款)?“三公”经费(?:财政拨款)?(?:支出)?(?:预算|决算)?(?:数|安排)?(?:支出)?"),
    _c("abroad", r"因公出国（境）费(?:用)?(?:支出)?(?:预算|决算)?(?:支出)?"),
    _c("car", r"公务(?:用)?车(?:辆)?购置及运(?:行|维)(?:维护)?费(?:支出)?(?:预算|决算)?(?:支出)?"),
    _c("car_purchase", r"(?:其中：)?公务用车购置(?:费)?(?:支出)?(?:预算|决算)?(?:支出)?"),
    _c("car_running", r"(?:其中：)?公务(?:用)?车(?:用车)?运(?:行|维)(?:维护)?(?:费)?(?:支出)?(?:预算|决算)?(?:支出)?"),
    _c("reception", r"(?:国内)?公务接待(?:费)?(?:支出)?(?:预算|决算)?(?:支出)?"),
    _c("meeting", r"会议费(?:预算)?(?:支出)?"),
    _c("training", r"培训费(?:预算)?(?:支出)?"),
    _c("office", r"(?:一般公共预算)?(?:财政拨款的)?机关运行经费(?:预算)?(?:支出)?(?:预算)?"),
    _c("procurement", r"政府采购(?:预算)?(?:总)?(?:金额)?(?:（以合同签订为准）)?"),
    _c("procurement_goods", r"(?:政府采购)?货物(?:采购)?(?:预算)?(?:金额)?|拟购买货物"),
    _c("procurement_works", r"(?:政府采购)?工程(?:采购)?(?:预算)?(?:金额)?|拟购买工程"),
    _c("procurement_services", r"(?:政府采购)?服务(?:采购)?(?:预算)?(?:金额)?|拟购买服务"),
    _c("vehicles", r"(?:部门（单位）)?共有车辆"),
    _c("assets", r"(?:上年末)?固定资产(?:金额|总额)"),
)
CONCEPT_BY_KEY: dict[str, Concept] = {c.key: c for c in CONCEPTS}
#: A section about 机关运行经费 (and not the 三公) lists that money's economic items: a 会议费 or 公务接待费
#: there is the part of 机关运行经费 spent so (Xi'an 生态环境局 2022: 会议费 7.61 万元), not the 三公
#: table's 会议费 of all the department's money.
OPERATING_SECTION_RE = re.compile(r"机关运行(?:经)?费")
#: The 三公 named in a heading or a sentence: then its 会议费 … are the 三公 table's.
THREE_PUBLIC_WORD_RE = re.compile(r"三公")
OPERATING_ITEM_CONCEPTS = frozenset({"abroad", "car", "car_purchase", "car_running", "reception", "meeting",
                                     "training"})
#: All concepts in one pattern, in order (group ``c<i>`` is ``CONCEPTS[i]``): one match finds the first.
ANY_CONCEPT_RE = re.compile("|".join(f"(?P<c{i}>{c.pattern.pattern})" for i, c in enumerate(CONCEPTS)))

#: Wholes and their parts, when a sentence lists them after the whole (``X，其中：A …；B …``).
#: ``required``: the parts a complete list names (then the parts must add up to the whole exactly);
#: a list naming fewer is checked as "at most the whole" unless its shares add up to 100% or it ends
#: with a catch-all part (其他收入, 其他用车).
#: What a year's income may be listed as (Xi'an lists every column of its 收入总表, zeros included).
_INCOME_PARTS = ("fiscal_income", "general_income", "fund_income", "capital_income", "business_income",
                 "operating_income", "other_income", "superior_income", "affiliated_income", "business_fund_income")
DECOMPOSITIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # whole: (parts it may list, parts a complete list names)
    "grand": (("income_this_year", "expenditure_this_year", "carryover"), ()),
    "income_this_year": (_INCOME_PARTS, ()),
    "income_budget": ((*_INCOME_PARTS, "carryover", "balance_income"), ()),
    "expenditure_this_year": (("basic", "project", "reserve"), ("basic", "project")),
    "expenditure_budget": (("basic", "project", "reserve", "fiscal_expenditure"), ()),
    "fiscal_expenditure": (("general_expenditure", "fund_expenditure", "capital_expenditure"),
                           ("general_expenditure", "fund_expenditure", "capital_expenditure")),
    "general_basic": (("personnel", "public"), ("personnel", "public")),
    "fiscal_basic": (("personnel", "public"), ("personnel", "public")),
    "basic": (("personnel", "public"), ("personnel", "public")),
    "three_public": (("abroad", "car", "reception"), ("abroad", "car", "reception")),
    "car": (("car_purchase", "car_running"), ("car_purchase", "car_running")),
    "procurement": (("procurement_goods", "procurement_works", "procurement_services"),
                    ("procurement_goods", "procurement_works", "procurement_services")),
}
#: A figure whose list of parts names the money carried in is the total with it, whatever its label
#: says (Xi'an: ``当年财政拨款收入 337,741.21 万元，其中：一般公共预算拨款收入 …、上年结转 …``).
WITH_CARRYOVER: dict[str, str] = {"fiscal_income": "fiscal_grand", "income_this_year": "grand_income"}
CARRYOVER_PART_RE = re.compile(r"上年结转|年初结转")
#: Parts that are inside another part when both are listed (not wholes checked on their own).
NESTED_PARTS: dict[str, tuple[str, ...]] = {
    "fiscal_income": ("general_income", "fund_income", "capital_income"),
}
#: Parts that close a list: a list ending with one of these names every part.
CATCH_ALL_PARTS = frozenset({"other_income"})
#: Words between a whole and its list of parts.
LIST_MARKER_RE = re.compile(r"其中|包括|主要用于以下方面|分别为|具体为|构成为|：")

#: Vehicle counts: ``共有车辆 N 辆，其中：部级领导干部用车 0 辆、…、其他用车 0 辆``.
VEHICLE_TOTAL_RE = re.compile(r"共有车辆(?P<n>\d+)辆")
VEHICLE_PART_RE = re.compile(r"(?P<kind>[^，、；：。]{2,12}用车)(?P<n>\d+)辆")
#: The catch-all vehicle kind: a list that names it names every kind.
VEHICLE_CATCH_ALL = "其他用车"

# ---------------------------------------------------------------- shares, changes, executions

#: ``占 P%`` / ``占本年支出合计的 P%`` / ``占“三公”经费的 P%``: P is a share of a whole.
SHARE_RE = re.compile(r"占(?:(?P<whole>[^，。；：%\d]{2,24}?)的)?(?P<num>\d+(?:\.\d+)?)%")
#: A comparison with another year: what follows it is a change.
COMPARISON_RE = re.compile(
    r"(?:与|和|同)(?P<ref>上年度?|上一年度?|(?P<y1>\d{4})年度?)(?:预算|决算)?(?:数)?(?:相比|比较|对比)"
    r"|(?:比|较)(?P<ref2>上年度?|上一年度?|(?P<y2>\d{4})年度?)(?:（上一年度）)?(?:预算|决算)?(?:数)?"
)
#: The items form ``比 2025 年预算执行数增加 P%`` is the itemised-spending rule's (cross.narrative.percent).
ITEM_CHANGE_RE = re.compile(r"预算执行数")
#: A change in an amount: ``增加 D 万元``, ``减少 D 万元``.
DELTA_RE = re.compile(r"(?P<dir>增加|减少|增长|下降|上升|降低)了?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
                      r"(?P<unit>万元|亿元|元)")
#: A change in per cent: ``增长 Y%``, ``下降 Y%``, ``减少 Y%``, ``下降（增长）Y%`` (the template's choice left in).
RATE_RE = re.compile(r"(?P<dir>增长|下降|增加|减少|上升|降低)了?(?:（(?:增长|下降|增加|减少)）)?"
                     r"(?P<num>\d+(?:\.\d+)?)%")
UP_WORDS = frozenset({"增加", "增长", "上升"})
#: 决算 execution: ``年初预算为 X 万元，支出决算为 Y 万元，完成年初预算的 Z%``.
EXECUTION_RE = re.compile(
    r"(?:年初)?预算(?:数)?为(?P<x>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<xu>万元|元)"
    r"[，,]?(?:支出)?决算(?:数)?为(?P<y>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<yu>万元|元)"
)
#: ``完成(年初)预算的 Z%``.
COMPLETION_RE = re.compile(r"完成(?:年初)?预算(?:数)?的(?P<num>\d+(?:\.\d+)?)%")
#: ``…决算为 Y 万元，完成预算的 Z%`` (a 三公 part whose budget the text does not give).
PART_EXECUTION_RE = re.compile(
    r"(?P<subject>[^。；，：]{2,30}?)(?:支出)?决算(?:数)?为(?P<y>\d+(?:\.\d+)?)(?P<yu>万元|元)[，,]完成(?:年初)?预算(?:数)?的"
    r"(?P<num>\d+(?:\.\d+)?)%"
)
#: How the 说明 compares 决算 with 预算: ``决算数大于预算数``, ``决算数与预算数持平``.
COMPARE_WORD_RE = re.compile(
    r"决算数?(?:(?P<word>大于|小于|等于|高于|低于|超过|少于)预算数?|(?:与|同|和)预算数?(?P<flat>基本)?(?:持平|一致|相等|相同))"
)
GREATER_WORDS = frozenset({"大于", "高于", "超过"})
LESS_WORDS = frozenset({"小于", "低于", "少于"})
#: A subject of an execution statement named by its 类/款/项.
FUNCTION_ITEM_RE = re.compile(
    r"(?:(?P<c_name>[^（、。；，：]{2,30})（类）)?(?:(?P<k_name>[^（、。；，：]{1,40})（款）)(?P<x_name>[^（、。；，：]{1,40})（项）"
)
#: A 类 named alone (``一般公共服务支出（类）2106.66万元``, ``（一）公共安全（类）``).
CLASS_RE = re.compile(r"(?P<c_name>[^（、。；，：]{2,30})（类）")

# ---------------------------------------------------------------- the itemised spending of a 预算

_NUM = r"[0-9][0-9,]*(?:\.[0-9]+)?"
#: The forms an item of 财政拨款支出主要内容 takes (``cross.narrative.*``, ``code.narrative_name``):
#: A ``1、公共安全支出（204类）司法（06款）行政运行（01项）1434.89万元``;
#: B ``1.“一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”科目43.83万元``;
#: C ``“社会保障和就业支出（类）-就业补助（款）-公益性岗位补贴（项）”2026年度预算199万元``.
ITEM_FORMS: tuple[re.Pattern[str], ...] = (
    re.compile(
        rf"(?:^|[。；;：:])(?P<n>\d{{1,2}})[、.．](?P<c_name>[^（(、。]{{2,30}})[（(](?P<c>\d{{3}})类[）)]"
        rf"(?P<k_name>[^（(、。]{{1,40}})[（(](?P<k>\d{{2}})款[）)](?P<x_name>[^（(、。]{{1,40}})[（(](?P<x>\d{{2}})项[）)]"
        rf"[”\"]?(?:科目)?(?P<amount>{_NUM})万元"
    ),
    re.compile(
        rf"(?:^|[。；;：:])(?P<n>\d{{1,2}})[、.．][“\"](?P<c_name>[^（(、。”]{{2,30}})[（(]类[）)]"
        rf"(?P<k_name>[^（(、。”]{{1,40}})[（(]款[）)](?P<x_name>[^（(、。”]{{1,40}})[（(]项[）)][”\"]"
        rf"(?:科目)?(?P<amount>{_NUM})万元"
    ),
    re.compile(
        rf"(?:^|[。；;：:])(?:(?P<n>\d{{1,2}})[、.．])?[“\"](?P<c_name>[^（(、。”-]{{2,30}})[（(]类[）)]-?"
        rf"(?P<k_name>[^（(、。”-]{{1,40}})[（(]款[）)]-?(?P<x_name>[^（(、。”-]{{1,40}})[（(]项[）)][”\"]"
        rf"(?:\d{{4}}年度?)?预算(?P<amount>{_NUM})万元"
    ),
)
#: An item's change: ``2025年当年预算执行数为A万元，2026年预算安排B万元，比2025年预算执行数增加P%``.
ITEM_CHANGE_FORM_RE = re.compile(
    rf"(?P<y0>\d{{4}})年(?:当年)?预算执行数为(?P<a>{_NUM})万元[，,](?P<y1>\d{{4}})年预算安排(?P<b>{_NUM})万元[，,]"
    rf"比(?P=y0)年(?:当年)?预算执行数(?:(?P<dir>增加|减少|增长|下降)(?P<p>{_NUM})%|(?P<flat>持平))"
)

# ---------------------------------------------------------------- years

#: Headings that carry the disclosure's year (``…2024年度部门决算情况说明``, ``2026年部门预算编制说明``,
#: ``2018年度江苏省高级人民法院财政拨款支出预算表``); a heading about a budget's execution may name another.
HEADING_YEAR_RE = re.compile(r"(?P<year>(?:19|20)\d{2})年度?(?:[^，。；\d执]{0,24}?)(?:预算|决算)(?!执行)")
#: ``截至 YYYY 年 M 月 D 日``: 决算 count assets at the end of their year, 预算 at a date of the year before.
AS_OF_RE = re.compile(r"截[至止](?P<year>(?:19|20)\d{2})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日")
#: A comparison with a named year: the year before the disclosure's.
PRIOR_YEAR_RE = re.compile(r"(?:与|和|同)(?P<y1>(?:19|20)\d{2})年度?(?:预算|决算)?(?:数)?(?:相比|持平|一致|基本持平)"
                           r"|(?:比|较)(?P<y2>(?:19|20)\d{2})年度?(?:预算|决算)?(?:数)?(?:（上一年度）)?"
                           r"(?:增加|减少|增长|下降|持平|一致)")
#: The itemised form: ``YYYY年当年预算执行数`` (the year before), ``YYYY年预算安排`` (this year).
EXECUTED_YEAR_RE = re.compile(r"(?P<year>(?:19|20)\d{2})年当年预算执行数")
PLANNED_YEAR_RE = re.compile(r"(?P<year>(?:19|20)\d{2})年预算安排")

# ---------------------------------------------------------------- names and placeholders

#: Placeholders a template leaves for the submitter to fill in (``【2016】`` in a document number is not one).
PLACEHOLDER_RE = re.compile(r"X{2,}|x{2,}|×{2,}|Ｘ{2,}|○{2,}|【[^】\d]{0,10}】|\[\s*\]|（(?:单位|部门)名称）|（填写[^）]*）|＊{2,}")
#: The same, by the plain string each kind of placeholder contains: a pattern runs over the whole
#: 说明 only when its string is printed somewhere (most documents print none).
PLACEHOLDER_PARTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("XX", re.compile(r"X{2,}")), ("xx", re.compile(r"x{2,}")), ("××", re.compile(r"×{2,}")),
    ("ＸＸ", re.compile(r"Ｘ{2,}")), ("○○", re.compile(r"○{2,}")), ("【", re.compile(r"【[^】\d]{0,10}】")),
    ("[", re.compile(r"\[\s*\]")), ("名称）", re.compile(r"（(?:单位|部门)名称）")), ("（填写", re.compile(r"（填写[^）]*）")),
    ("＊＊", re.compile(r"＊{2,}")),
)
#: Words the text uses for the level of the document: a 单位 document speaking of 部门预算 (or the reverse).
LEVEL_WORDS: dict[str, re.Pattern[str]] = {
    "单位": re.compile(r"部门预算安排"),
    "部门": re.compile(r"单位预算安排"),
}
#: Connectives a name may have misspelt (规划与自然资源局 for 规划和自然资源局): the only characters whose
#: change makes a misnaming rather than another body's name.
NAME_CONNECTIVES = frozenset("和与及暨、")
#: Name endings of a Chinese government body: the department's core name is what precedes them.
BODY_SUFFIX_RE = re.compile(r"(局|委员会|办公室|办事处|委|院|厅|部|中心|所|站|馆|会|处|队)$")

# ---------------------------------------------------------------- wording

@dataclass(frozen=True)
class Wording:
    """A wording slip: its pattern, the sentence a submitter acts on, and the plain strings one of
    which any match contains (a cheap test before the pattern runs over the whole 说明)."""

    key: str
    pattern: re.Pattern[str]
    message: str
    triggers: tuple[str, ...]


WORDINGS: tuple[Wording, ...] = (
    Wording("double_punct", re.compile(r"。。|，，|；；|、、|：：|！！|？？"), "标点重复（“{m}”）",
            ("。。", "，，", "；；", "、、", "：：", "！！", "？？")),
    Wording("stray_dun", re.compile(r"、(?:等|，|。|；)"), "顿号后直接接“{after}”，多了一个顿号（“{m}”）",
            ("、等", "、，", "、。", "、；")),
    Wording("empty_reason", re.compile(r"(?:主要)?原因(?:是|为|主要是)?[：]?[。；]"), "“主要原因”后没有写明原因（“{m}”）",
            ("原因",)),
    Wording("template_choice", re.compile(r"(?:增加|减少|增长|下降|上升|降低)（(?:增加|减少|增长|下降|上升|降低)）"
                                          r"|(?:大于|小于|等于)（(?:大于|小于|等于)）|（增加/减少）|（增长/下降）"),
            "模板中的备选用语未删除（“{m}”），请按实际情况保留其一", ("（增", "（减", "（下", "（上", "（降", "（大", "（小", "（等")),
    Wording("percent_sign", re.compile(r"(?:增长|下降|减少|增加)了?(?P<num>\d+\.\d+)(?=[。；，])(?![%万元])"),
            "变动幅度“{m}”缺少百分号“%”", ("增长", "下降", "减少", "增加")),
)


# ---------------------------------------------------------------- an empty table's reason, said in the 说明

#: The words a 说明 names an empty table's money by.
EMPTY_SCOPE_WORDS: dict[str, str] = {
    "fund_expenditure": "政府性基金", "capital_expenditure": "国有资本经营", "three_public": "三公",
}
#: ``无`` before it (本部门无政府性基金预算…, 没有使用…) or after it (…收支，无, …不涉及): a reason said.  A
#: bare amount of 0 (…支出0万元) says what the table shows, not why.
NONE_BEFORE_RE = re.compile(r"(无|没有|未安排|不涉及|未使用)[^，。；]{0,12}$")
NONE_AFTER_RE = re.compile(r"^[^，。；]{0,24}(无|没有|不涉及|未安排)")
#: ``持平`` and its synonyms right after the comparison: no change (``基本持平`` is not exact: left out).
FLAT_RE = re.compile(r"^[，,]?(?:持平|相等|一致|相同|不变|无变化)")
#: ``与上年一致`` / ``与2023年预算持平``: the comparison and its "no change" in one phrase.
FLAT_PHRASE_RE = re.compile(
    r"(?:与|和|同)(?P<ref>上年度?|上一年度?|(?P<y>\d{4})年度?)(?P<kind>预算|决算)?(?:数)?(?:相比)?[，,]?"
    r"(?:持平|相等|一致|相同|不变)")
#: The Jiangsu template's unfilled choice: ``增加（减少）0万元，增长（减少）0%``: no change.
TEMPLATE_ZERO_RE = re.compile(r"^[，,]?(?:增加|减少)（(?:增加|减少)）0(?:\.0+)?万元")
#: Words that start the reason after a comparison (主要原因, 原因是, 原因为, 主要是, 主要用于): the compared
#: words end there.
REASON_STOPS = ("主要原因", "原因是", "原因为", "主要是", "主要用于")
