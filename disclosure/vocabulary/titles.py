"""Table titles: the fund scope and content words a printed title names, its number, year and tail."""

from __future__ import annotations

import re

#: Fund scope named in a table title, most specific first: 一般公共预算财政拨款… is 一般公共预算; 政府性基金 /
#: 政府基金, 国有资本经营, 财政拨款 (titles of every template: Shanghai, Jiangsu, Hebei, Xi'an).
TITLE_SCOPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("general", re.compile(r"一般公共预算")),
    ("fund", re.compile(r"政府(性)?基金")),
    ("capital", re.compile(r"国有资本经营")),
    ("fiscal", re.compile(r"财政拨款")),
)
#: A title naming the economic classification (（按经济分类科目）, 经济科目; Xi'an 一般公共预算支出明细表).
ECONOMIC_QUALIFIER_RE = re.compile(r"经济(分类|科目)")
#: A title naming the functional classification (（按支出功能分类科目）, 功能科目; Xi'an 基本支出表).
FUNCTION_QUALIFIER_RE = re.compile(r"功能(分类|科目)")
#: Content words of a table title, checked in order (三公 before 机关运行经费: Shanghai prints both in one
#: table): 绩效, 项目支出, 结转资金, 三公经费, 政府采购, 资产占用, 机关运行经费, 收支总表, 收入总表, 基本支出, 支出.
TITLE_CONTENTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("not_read", re.compile(r"绩效")),  # performance targets: text, not figures
    ("project_expenditure", re.compile(r"项目支出|项目经费|专项业务经费")),  # spending by project: figures
    ("carryover_expenditure", re.compile(r"结转(结余)?资金")),  # 财政拨款上年结转资金支出表
    ("three_public", re.compile(r'"?三公"?经费')),
    ("procurement", re.compile(r"政府采购")),
    ("assets", re.compile(r"固定资产占用|国有资产占用")),
    ("office_expenditure", re.compile(r"机关运行经费")),
    ("summary", re.compile(r"收(入)?支(出)?(预算|决算)?(总体|总)?(情况)?表|财务收支")),
    ("income", re.compile(r"收入(预算|决算)?(总体|总)?(情况)?表")),
    ("basic", re.compile(r"基本支出")),
    ("expenditure", re.compile(r"支出")),
)
#: A table's number before its title (公开01表, 表一, 附表3-1, 一、), on the same line as the title.
TITLE_NUMBER_PREFIX_RE = re.compile(r"^((附件|附表|公开)表?[0-9一二三四五六七八九十]+(-\d+)?表?[:：]?|表[0-9一二三四五六七八九十]+(-\d+)?[:：]?|"
                            r"[0-9一二三四五六七八九十]+[、.．])")
#: The year and who prints it before a title (``上海市普陀区财政局2024年度…``, ``2019年…``).
TITLE_YEAR_PREFIX_RE = re.compile(r"^.{0,30}?(20\d{2})年度?")
#: How a table title ends (…表, 总表, 预算表, 决算表, 情况表): a line without it is not a title.
TITLE_TAIL_RE = re.compile(r"(表|总表|预算表|决算表|情况表)$")
