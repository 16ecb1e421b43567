"""The contract's table keys, their columns, and how printed titles and headers map to them.

Declared as data so that a new region's template is a local change: add a title variant or a
header alias here, not a branch in a reader.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from disclosure.vocabulary import (
    ECONOMIC_QUALIFIER_RE,
    FUNCTION_QUALIFIER_RE,
    TITLE_CONTENTS,
    TITLE_NUMBER_PREFIX_RE,
    TITLE_SCOPES,
    TITLE_TAIL_RE,
    TITLE_YEAR_PREFIX_RE,
    UNIT_RE,
)

#: Row keys that are not money.  ``project`` is NOT here: it is 项目支出 (money) in every
#: expenditure table; the procurement table's project name is told apart by being a string.
TEXT_COLUMNS = frozenset(
    {"row", "code", "name", "item", "income_item", "expenditure_item", "use_item", "unit", "catalog_code",
     "measure", "quantity", "category", "subject", "group", "unit_code"}
)
#: A summary's further lists of the same spending (``list3_item``: 部门预算支出经济分类, Xi'an) hold words.
_FURTHER_LIST_ITEM = re.compile(r"^list\d+_item$")
#: Readers key a text column the contract does not name ``text_1``, ``text_2`` … (printed header kept).
EXTRA_TEXT_PREFIX = "text_"


def is_text_column(key: str) -> bool:
    """A column of words (names, labels, ratios), never summed."""
    return key in TEXT_COLUMNS or key.startswith(EXTRA_TEXT_PREFIX) or bool(_FURTHER_LIST_ITEM.match(key))


@dataclass(frozen=True)
class TableSpec:
    key: str
    title: str  # the sample's printed title
    label: str  # short Chinese label for reviewers
    columns: tuple[str, ...]
    coded: bool  # rows carry classification codes
    budget_table: bool = True  # one of the standard tables that must be present


TABLE_SPECS: dict[str, TableSpec] = {
    s.key: s
    for s in [
        TableSpec("summary", "部门预算收支总表", "收支总表",
                  ("row", "income_item", "income_amount", "expenditure_item", "expenditure_amount"), False),
        TableSpec("income", "部门预算收入总表", "收入总表",
                  ("row", "code", "name", "total", "subtotal", "fiscal_grant", "special_account", "business",
                   "operating", "superior_grant", "affiliated", "other", "carryover"), True),
        TableSpec("expenditure", "部门预算支出总表", "支出总表",
                  ("row", "code", "name", "total", "basic", "project", "operating", "remit_superior",
                   "subsidy_affiliated"), True),
        TableSpec("fiscal_summary", "部门预算财政拨款收支总表", "财政拨款收支总表",
                  ("row", "income_item", "income_amount", "expenditure_item", "expenditure_total",
                   "expenditure_general", "expenditure_fund", "expenditure_capital"), False),
        TableSpec("general_expenditure", "部门预算一般公共预算财政拨款支出表", "一般公共预算支出表",
                  ("row", "code", "name", "total", "basic", "project"), True),
        TableSpec("basic_expenditure", "部门预算一般公共预算财政拨款基本支出表", "基本支出表",
                  ("row", "code", "name", "total", "personnel", "public"), True),
        TableSpec("fund_expenditure", "部门预算政府基金预算财政拨款支出表", "政府性基金支出表",
                  ("row", "code", "name", "total", "basic", "project"), True),
        TableSpec("capital_expenditure", "部门预算国有资本经营预算财政拨款支出表", "国有资本经营支出表",
                  ("row", "code", "name", "total", "basic", "project"), True),
        TableSpec("three_public", "部门预算财政拨款“三公”经费支出表", "“三公”经费表",
                  ("row", "item", "total", "general", "fund", "capital"), False),
        TableSpec("procurement", "部门政府采购预算", "政府采购预算",
                  ("unit", "project", "project_budget", "item", "catalog_code", "measure", "quantity", "price",
                   "total", "general", "fund", "capital", "special_account", "own_funds", "grant_carryover",
                   "other_carryover", "sme_reserved"), False, budget_table=False),
        TableSpec("assets", "部门固定资产占用情况表", "固定资产占用情况表",
                  ("item", "quantity", "value"), False, budget_table=False),
    ]
}

#: Tables some provinces print that the contract does not list: kept under ``other_tables`` and
#: checked by their own arithmetic (totals, roll-ups, column sums).
OTHER_TABLE_SPECS: dict[str, TableSpec] = {
    s.key: s
    for s in [
        TableSpec("fiscal_expenditure", "财政拨款支出预算表", "财政拨款支出表",
                  ("row", "code", "name", "total", "basic", "project"), True, budget_table=False),
        TableSpec("fiscal_basic_expenditure", "财政拨款基本支出预算表", "财政拨款基本支出表",
                  ("row", "code", "name", "total", "personnel", "public"), True, budget_table=False),
        TableSpec("office_expenditure", "一般公共预算机关运行经费支出预算表", "机关运行经费支出表",
                  ("row", "code", "name", "total"), True, budget_table=False),
        TableSpec("project_expenditure", "项目支出预算表", "项目支出表",
                  ("row", "code", "name", "total"), True, budget_table=False),
        TableSpec("carryover_expenditure", "财政拨款上年结转资金支出表", "上年结转资金支出表",
                  ("row", "code", "name", "total", "basic", "project"), True, budget_table=False),
        TableSpec("general_economic", "一般公共预算支出表（按经济分类）", "一般公共预算支出表（经济分类）",
                  ("row", "code", "name", "total", "basic", "project"), True, budget_table=False),
        TableSpec("basic_function", "一般公共预算基本支出表（按功能分类）", "基本支出表（功能分类）",
                  ("row", "code", "name", "total", "personnel", "public"), True, budget_table=False),
        TableSpec("basic_all", "部门基本支出预算表", "部门基本支出表",
                  ("row", "code", "name", "total", "personnel", "public"), True, budget_table=False),
    ]
}
#: A second table of a kind already read, with another title, is this kind (部门预算基本支出预算表 after
#: the 一般公共预算基本支出情况表): a table of its own, not a copy to drop.
FALLBACK_KINDS: dict[str, str] = {"basic_expenditure": "basic_all", "general_expenditure": "general_economic",
                                  "fiscal_expenditure": "carryover_expenditure"}
#: Every table kind a reader can file: the contract's and the others.
ALL_TABLE_SPECS: dict[str, TableSpec] = {**TABLE_SPECS, **OTHER_TABLE_SPECS}

#: Summaries printing an income side and an expenditure side on each line.
TWO_SIDED_KEYS = frozenset({"summary", "fiscal_summary"})
#: Tables whose rows are one printed line each (items, not wrapped subject names).
ONE_LINE_KEYS = TWO_SIDED_KEYS | {"three_public"}

#: The nine standard tables every budget disclosure must print.
BUDGET_TABLE_KEYS: tuple[str, ...] = tuple(k for k, s in TABLE_SPECS.items() if s.budget_table)
CODED_TABLE_KEYS: tuple[str, ...] = tuple(k for k, s in TABLE_SPECS.items() if s.coded)
#: Coded kinds, contract or not: their rows carry classification codes.
CODED_KINDS = frozenset(k for k, s in ALL_TABLE_SPECS.items() if s.coded)
#: Kinds whose codes are 经济分类 (301 → 30101), not 功能分类, where the table prints no code to tell.
ECONOMIC_KINDS = frozenset({"basic_expenditure", "fiscal_basic_expenditure", "office_expenditure", "general_economic",
                            "basic_all"})


def is_economic(table: object) -> bool:
    """Whether a table's codes are 经济分类: read from the codes it prints (a 基本支出表 may be printed
    by 功能分类, Xi'an), by its kind when it prints none."""
    from disclosure.codes import ECONOMIC, classification_of

    key = getattr(table, "key", "")
    rows = getattr(table, "rows", [])
    default = ECONOMIC if key in ECONOMIC_KINDS else "function"
    return classification_of((r.get("code") for r in rows), default) == ECONOMIC


def repeat_key(key: str, n: int) -> str:
    """The key of the ``n``-th printed column read as ``key`` (``basic_2``): a printed group over
    several columns (基本支出 over 人员支出 | 公用经费) gives each its group's key, numbered."""
    return key if n == 1 else f"{key}_{n}"


def has_repeats(columns: list[str] | tuple[str, ...], key: str) -> bool:
    """Whether ``key`` is one of several columns read alike: then it holds a part of its group."""
    return repeat_key(key, 2) in columns


def is_contract(key: str) -> bool:
    """Whether the contract lists this table (else it goes under ``other_tables``)."""
    return key in TABLE_SPECS


def _norm(text: str) -> str:
    t = unicodedata.normalize("NFKC", text)
    t = re.sub(r"\s+", "", t)
    return t.replace("“", '"').replace("”", '"').replace("＂", '"')


#: (scope, content) → table key.  ``None`` scope: the table covers every source of funds.
_KINDS: dict[tuple[str | None, str], str] = {
    (None, "summary"): "summary", ("fiscal", "summary"): "fiscal_summary",
    ("fund", "summary"): "fund_expenditure", ("capital", "summary"): "capital_expenditure",  # 决算 收入支出决算表
    (None, "income"): "income",
    (None, "expenditure"): "expenditure", ("general", "expenditure"): "general_expenditure",
    ("fund", "expenditure"): "fund_expenditure", ("capital", "expenditure"): "capital_expenditure",
    ("fiscal", "expenditure"): "fiscal_expenditure",
    ("general", "basic"): "basic_expenditure", ("fiscal", "basic"): "fiscal_basic_expenditure",
    (None, "basic"): "basic_expenditure",  # 基本支出总表
}
#: A title naming the classification (（按经济分类科目）, （按支出功能分类科目）) makes another kind of a table
#: a set prints twice, once by each (Xi'an: 一般公共预算支出明细表 by 功能 and by 经济分类).
_QUALIFIED: dict[tuple[str, str], str] = {
    ("general_expenditure", "economic"): "general_economic",
    ("basic_expenditure", "function"): "basic_function",
}
_DIRECT = {"three_public", "procurement", "assets", "office_expenditure", "project_expenditure",
           "carryover_expenditure"}
#: Suffixes naming the classification or a continuation: （功能科目）, （经济科目）, (按功能分类), （续）.
_TITLE_SUFFIX = re.compile(r"[(（][^()（）]{1,24}[)）]$")  # （按支出功能分类科目-不含上年结转）


def title_core(text: str) -> str:
    """The title without its number, year, publisher and parenthesised suffixes (normalised)."""
    t = _norm(text)
    while True:
        before = t
        t = TITLE_NUMBER_PREFIX_RE.sub("", t)
        t = _TITLE_SUFFIX.sub("", t)
        m = TITLE_YEAR_PREFIX_RE.match(t)
        if m and m.end() < len(t):
            t = t[m.end():]
        if t == before:
            return t


def classify_title(text: str) -> str | None:
    """Map a printed table title to a table key, or ``None`` when it is not a table title.

    The key is a contract key (:data:`TABLE_SPECS`) or a kind the contract does not list
    (:data:`OTHER_TABLE_SPECS`: 财政拨款支出表, 机关运行经费支出表 …).  Read by meaning: the fund
    scope (财政拨款, 一般公共预算, 政府性基金, 国有资本经营, or all funds) and the content (收支总表,
    收入, 支出, 基本支出, 三公, …), after the number (公开01表, 表一), the year, the publisher's name and
    suffixes such as （功能科目） are set aside.  A title is short and ends in 表 (or, in Hebei,
    预算); a sentence in the narrative that merely mentions a table is not one.
    """
    raw = _norm(text)
    if not raw or len(raw) > 60 or "目录" in raw:
        return None
    t = title_core(text)
    if not t or len(t) > 40:
        return None
    if not TITLE_TAIL_RE.search(t) and not (t.endswith("预算") and "政府采购" in t):  # Hebei: 部门政府采购预算
        return None
    if any(ch in t for ch in "，。；：:;,《》"):  # a sentence (or a table cited in one), not a title
        return None
    scope = next((name for name, pat in TITLE_SCOPES if pat.search(t)), None)
    qualifier = "economic" if ECONOMIC_QUALIFIER_RE.search(raw) else "function" if FUNCTION_QUALIFIER_RE.search(raw) \
        else None
    for content, pat in TITLE_CONTENTS:
        if pat.search(t):
            if content == "not_read":
                return None
            if content in _DIRECT:
                return content
            key = _KINDS.get((scope, content))
            return _QUALIFIED.get((key, qualifier), key) if key and qualifier else key
    return None


#: Printed column headers → contract column keys, per table family.  Matching is on the
#: normalised header text (spaces removed).  A header not listed becomes an extra column kept
#: with its printed title.
COLUMN_ALIASES: dict[str, dict[str, str]] = {
    "income": {
        "合计": "total", "总计": "total", "收入总计": "total", "金额": "total", "本年收入合计": "subtotal", "小计": "subtotal",
        "本年收入": "subtotal",
        "财政拨款收入": "fiscal_grant", "财政拨款": "fiscal_grant",
        "一般公共预算财政拨款收入": "fiscal_grant",
        "财政专户收入": "special_account", "财政专户管理资金收入": "special_account",
        "事业收入": "business", "事业单位经营收入": "operating", "经营收入": "operating",
        "上级补助收入": "superior_grant", "附属单位上缴收入": "affiliated", "其他收入": "other",
        "上年结转": "carryover", "上年结转结余": "carryover", "上年结转科目": "carryover",
        "用事业基金弥补收支差额": "business_fund",
    },
    "expenditure": {
        "合计": "total", "总计": "total", "本年支出合计": "total", "金额": "total", "基本支出": "basic",
        "项目支出": "project", "经营支出": "operating", "事业单位经营支出": "operating",
        "上解上级支出": "remit_superior", "上缴上级支出": "remit_superior",
        "对附属单位补助支出": "subsidy_affiliated",
    },
    "general_expenditure": {
        "合计": "total", "总计": "total", "本年支出合计": "total", "本年支出": "total", "小计": "total", "金额": "total",
        "基本支出": "basic", "项目支出": "project", "人员经费": "personnel", "公用经费": "public",
        "人员经费支出": "personnel", "公用经费支出": "public", "专项业务经费支出": "project",
    },
    "basic_expenditure": {
        "合计": "total", "总计": "total", "小计": "total", "决算数": "total", "金额": "total", "人员经费": "personnel",
        "公用经费": "public", "日常公用经费": "public", "人员经费支出": "personnel", "公用经费支出": "public",
    },
    "office_expenditure": {
        "合计": "total", "小计": "total", "金额": "total", "机关运行经费支出": "total", "机关运行经费": "total",
    },
    "three_public": {
        "合计": "total", "一般公共预算财政拨款": "general", "一般公共预算": "general",
        "政府性基金预算拨款": "fund", "政府性基金预算财政拨款": "fund", "政府性基金预算": "fund",
        "国有资本经营预算财政拨款": "capital", "国有资本经营预算": "capital",
    },
}
COLUMN_ALIASES["fund_expenditure"] = COLUMN_ALIASES["general_expenditure"]
COLUMN_ALIASES["capital_expenditure"] = COLUMN_ALIASES["general_expenditure"]
COLUMN_ALIASES["fiscal_expenditure"] = COLUMN_ALIASES["general_expenditure"]
COLUMN_ALIASES["fiscal_basic_expenditure"] = COLUMN_ALIASES["basic_expenditure"]
for _kind in ("project_expenditure", "carryover_expenditure", "general_economic"):
    COLUMN_ALIASES[_kind] = COLUMN_ALIASES["general_expenditure"]
for _kind in ("basic_function", "basic_all"):
    COLUMN_ALIASES[_kind] = COLUMN_ALIASES["basic_expenditure"]
#: Expenditure side of the 财政拨款收支总表 (the income side is one item/amount pair).
COLUMN_ALIASES["fiscal_summary"] = {
    "合计": "expenditure_total", "小计": "expenditure_total",
    "一般公共预算": "expenditure_general", "一般公共预算财政拨款": "expenditure_general",
    "一般公共预算资金": "expenditure_general",
    "政府性基金预算": "expenditure_fund", "政府性基金预算财政拨款": "expenditure_fund", "政府性基金": "expenditure_fund",
    "国有资本经营预算": "expenditure_capital", "国有资本经营预算财政拨款": "expenditure_capital",
}

COLUMN_ALIASES["procurement"] = {
    "总计": "total", "合计": "total", "金额": "total", "采购金额": "total", "预算金额": "total", "采购预算": "total",
}
#: Printed headers of text columns → row keys: labels a row carries besides its name (政府采购: 品目大类,
#: 专项, 经济科目, 物品, 采购组织形式).  A text column not listed is kept as ``text_N`` with its header.
TEXT_ALIASES: dict[str, dict[str, str]] = {
    "procurement": {
        "采购品目大类": "category", "品目大类": "category", "专项名称": "project", "项目名称": "project",
        "经济科目": "subject", "经济科目名称": "subject", "采购物品名称": "item", "采购品目名称": "item",
        "品目名称": "item", "采购组织形式": "measure", "组织形式": "measure", "采购方式": "measure",
    },
}


def text_key(table_key: str, header: str) -> str | None:
    """Row key for a printed text-column header of a table of ``table_key``, if one is declared."""
    return TEXT_ALIASES.get(table_key, {}).get(_norm(header))


#: Columns some templates print beyond the contract, with stable keys (the printed header is kept
#: in ``column_titles``).  决算 fund/capital tables print carry-overs and the year's income.
EXTRA_COLUMN_KEYS: dict[str, str] = {
    "年初结转和结余": "carryover_begin", "年初财政拨款结转和结余": "carryover_begin",
    "年末结转和结余": "carryover_end", "年末财政拨款结转和结余": "carryover_end",
    "本年收入": "year_income", "用事业基金弥补收支差额": "business_fund",
    "预算数": "budget", "决算数": "actual",
    "上年预算数": "last_year_budget", "上年预算": "last_year_budget", "上年年初预算数": "last_year_budget",
    "上年决算数": "last_year_actual", "上年决算": "last_year_actual", "上年执行数": "last_year_execution",
    "上年预计执行数": "last_year_execution",
    "单位预留机动经费": "reserve", "预留机动经费": "reserve", "结转下年资金": "carryover_next", "结转下年": "carryover_next",
}

def normalise_header(text: str) -> str:
    """Header text as matched against the aliases: NFKC, no spaces, straight quotes."""
    return _norm(text or "")


def column_key(table_key: str, header: str) -> str | None:
    """Contract column for a printed header in a table of ``table_key``, if the contract has one."""
    return COLUMN_ALIASES.get(table_key, {}).get(_norm(header))


def detect_unit(text: str) -> str | None:
    """``单位：万元`` / ``单位:元`` / ``金额单位：万元`` → the unit, if the text names one."""
    m = UNIT_RE.search(unicodedata.normalize("NFKC", text))
    return m.group(1) if m else None
