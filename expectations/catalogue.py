"""The rule catalogue, declared as data.

Each :class:`Rule` has a stable id (``sum.…``, ``row.…``, ``rollup.…``, ``cross.…``, ``code.…``,
``complete.…``), a Chinese title a reviewer understands, a severity, the tables and columns it
reads, and one small derive function (``expectations/derive/``) that turns a disclosure into
the rule's rows of the checks frame.  Every rule becomes one GX expectation
(:class:`expectations.custom.ExpectRuleChecksToPass`) in its family's suite.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from disclosure.relations import row_sum
from disclosure.report import ERROR, WARNING  # the severities: one definition, with the report
from expectations.derive import codes, completeness, cross, form, narrative, outline, rollups, rows, sums
from expectations.derive.neighbours import budget, last_year, last_year_columns, units

#: Family prefix → suite name and Chinese label.
#: The family of rules comparing a disclosure with its neighbours (run only when some apply).
NEIGHBOUR_FAMILY = "neighbour"
FAMILIES: dict[str, str] = {
    "sum": "列合计",
    "row": "行内勾稽",
    "rollup": "科目层级汇总",
    "cross": "表间一致",
    "code": "科目编码",
    "complete": "完整性",
    "neighbour": "与相关公开比对",
}


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    severity: str
    tables: tuple[str, ...]
    columns: tuple[str, ...]
    derive: Callable[..., list]
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def description(self) -> str:
        """What Data Docs shows for the expectation: title, id and severity."""
        sev = "错误" if self.severity == ERROR else "警告"
        return f"{self.title}〔{self.id}｜{sev}〕"


_CODE_TABLES = {
    "income": "收入总表", "expenditure": "支出总表", "general_expenditure": "一般公共预算支出表",
    "basic_expenditure": "基本支出表", "fund_expenditure": "政府性基金支出表",
    "capital_expenditure": "国有资本经营支出表",
}
_FUNCTION_TABLES = ("income", "expenditure", "general_expenditure", "fund_expenditure", "capital_expenditure")
_AMOUNTS = ("*",)  # every amount column the table prints


def _sum_rules() -> list[Rule]:
    out = [
        Rule(f"sum.total.{key}", f"{label}：合计行等于各类（3位科目）之和", ERROR, (key,), _AMOUNTS,
             sums.total_equals_classes, {"table": key})
        for key, label in _CODE_TABLES.items()
    ]
    for key, label in (("summary", "收支总表"), ("fiscal_summary", "财政拨款收支总表")):
        short = "summary" if key == "summary" else "fiscal"
        out += [
            Rule(f"sum.{short}.income", f"{label}：本年收入合计等于各收入项目之和", ERROR, (key,),
                 ("income_item", "income_amount"), sums.summary_this_year, {"table": key, "side": "income"}),
            Rule(f"sum.{short}.income_total", f"{label}：收入总计等于本年收入合计加上年结转结余", ERROR, (key,),
                 ("income_item", "income_amount"), sums.summary_grand, {"table": key, "side": "income"}),
            Rule(f"sum.{short}.expenditure", f"{label}：本年支出合计等于各支出功能分类之和", ERROR, (key,),
                 ("expenditure_item", "expenditure_*"), sums.summary_this_year,
                 {"table": key, "side": "expenditure"}),
            Rule(f"sum.{short}.expenditure_total", f"{label}：支出总计等于本年支出合计加年终结转结余", ERROR,
                 (key,), ("expenditure_item", "expenditure_*"), sums.summary_grand,
                 {"table": key, "side": "expenditure"}),
            Rule(f"sum.{short}.balance", f"{label}：收入总计等于支出总计", ERROR, (key,),
                 ("income_amount", "expenditure_*"), sums.summary_balance, {"table": key}),
            Rule(f"sum.{short}.use", f"{label}：按支出用途列示的各项（基本支出、项目支出、单位预留机动经费等）之和等于本年支出合计",
                 ERROR, (key,), ("use_item", "use_amount", "expenditure_*"), sums.summary_use, {"table": key}),
        ]
    out += [
        Rule("sum.three_public.total", "“三公”经费表：合计等于因公出国（境）费、公务用车购置及运行维护费、公务接待费之和"
             "（表中另列会议费、培训费的，合计含这两项）",
             ERROR, ("three_public",), ("item", "total", "general", "fund", "capital"), sums.three_public_sum,
             {"total": "total", "parts": ("abroad", "car", "reception"), "label": "所列各项之和"}),
        Rule("sum.three_public.subtotal", "“三公”经费表：“三公”经费小计等于因公出国（境）费、公务用车购置及运行维护费、"
             "公务接待费之和", ERROR, ("three_public",), ("item", "total"), sums.three_public_sum,
             {"total": "subtotal", "parts": ("abroad", "car", "reception"), "label": "三项之和"}),
        Rule("sum.three_public.car", "“三公”经费表：公务用车购置及运行维护费等于购置费加运行维护费", ERROR,
             ("three_public",), ("item", "total", "general", "fund", "capital"), sums.three_public_sum,
             {"total": "car", "parts": ("car_purchase", "car_running"), "label": "购置费+运行维护费"}),
        Rule("sum.income.sources", "收入总表（按资金来源列示）：各来源小计等于其下各项之和，收入总计等于各小计之和", ERROR,
             ("income",), ("name", "group", "total"), outline.income_sources),
        Rule("sum.procurement", "政府采购预算表：合计、各品目大类、各专项小计等于其下各项之和", ERROR,
             ("procurement",), ("category", "project", "subject", "item", "measure", "total"), outline.procurement_tree),
        Rule("sum.total.other_tables", "其他表（财政拨款支出表、机关运行经费支出表等）：合计行等于各类（3位科目）之和",
             ERROR, ("other_tables",), _AMOUNTS, sums.other_tables_total),
    ]
    return out


def _standard(table: str, total: str = "total") -> dict[str, Any]:
    """A row rule's params: the standard relation giving ``total`` in ``table``, declared once in
    :mod:`disclosure.relations` (the text reader places figures by the same)."""
    relation = row_sum(table, total)
    assert relation is not None, (table, total)
    return {"table": table, "total": total, "parts": relation.parts}


def _columns(table: str, total: str = "total") -> tuple[str, ...]:
    """The columns a standard relation reads: its total and its parts."""
    return (total, *_standard(table, total)["parts"])


def _row_rules() -> list[Rule]:
    bp = ("total", "basic", "project")
    return [
        Rule("row.income.total", "收入总表：每行合计等于本年收入加上年结转", ERROR, ("income",),
             ("total", "subtotal", *rows.INCOME_SOURCES, *rows.INCOME_NOT_THIS_YEAR), rows.income_total),
        Rule("row.income.subtotal", "收入总表：每行本年收入小计等于各项收入之和", ERROR, ("income",),
             ("subtotal", *rows.INCOME_SOURCES), rows.income_subtotal),
        Rule("row.expenditure", "支出总表：每行合计等于基本支出、项目支出等表头所列各项支出之和（含单位预留机动经费等）",
             ERROR, ("expenditure",), _columns("expenditure"), rows.row_identity, _standard("expenditure")),
        Rule("row.general_expenditure", "一般公共预算支出表：每行合计等于基本支出加项目支出", ERROR,
             ("general_expenditure",), bp, rows.row_identity, _standard("general_expenditure")),
        Rule("row.fund_expenditure", "政府性基金支出表：每行合计等于基本支出加项目支出", ERROR,
             ("fund_expenditure",), bp, rows.row_identity, _standard("fund_expenditure")),
        Rule("row.capital_expenditure", "国有资本经营支出表：每行合计等于基本支出加项目支出", ERROR,
             ("capital_expenditure",), bp, rows.row_identity, _standard("capital_expenditure")),
        Rule("row.basic_expenditure", "基本支出表：每行合计等于人员经费加公用经费", ERROR, ("basic_expenditure",),
             _columns("basic_expenditure"), rows.row_identity, _standard("basic_expenditure")),
        Rule("row.fiscal_summary", "财政拨款收支总表：每行支出合计等于一般公共预算、政府性基金、国有资本经营三列之和",
             ERROR, ("fiscal_summary",), _columns("fiscal_summary", "expenditure_total"), rows.row_identity,
             _standard("fiscal_summary", "expenditure_total")),
        Rule("row.summary.expenditure", "收支总表：按支出类型细分时，每行支出合计等于人员经费、公用经费、项目支出之和",
             ERROR, ("summary",), ("expenditure_amount", "*"), rows.summary_expenditure_split),
        Rule("row.three_public", "“三公”经费表：每项合计等于一般公共预算、政府性基金、国有资本经营三列之和", ERROR,
             ("three_public",), _columns("three_public"), rows.row_identity, _standard("three_public")),
        Rule("row.other_tables", "其他表：每行合计等于表头所列各分项之和", ERROR, ("other_tables",), _AMOUNTS,
             rows.other_tables_column_sums),
    ]


def _rollup_rules() -> list[Rule]:
    out = [
        Rule(f"rollup.function.{key}", f"{_CODE_TABLES[key]}：类、款金额等于其下级科目之和", ERROR, (key,),
             ("code", *_AMOUNTS), rollups.rollup, {"table": key})
        for key in _FUNCTION_TABLES
    ]
    out.append(Rule("rollup.economic.basic_expenditure", "基本支出表：经济分类类级金额等于其下级款之和", ERROR,
                    ("basic_expenditure",), ("code", *_AMOUNTS), rollups.rollup,
                    {"table": "basic_expenditure", "economic": True}))
    out.append(Rule("rollup.other_tables", "其他表（财政拨款支出表、机关运行经费支出表等）：类、款金额等于其下级科目之和",
                    ERROR, ("other_tables",), ("code", *_AMOUNTS), rollups.other_tables_rollup))
    return out


def _cross_rules() -> list[Rule]:
    return [
        Rule("cross.summary.income", "收支总表收入各项及合计与收入总表合计行一致", ERROR, ("summary", "income"),
             ("income_item", "income_amount", "total", "subtotal", "fiscal_grant", "carryover"),
             cross.summary_vs_income),
        Rule("cross.summary.expenditure", "收支总表各支出功能分类与支出总表类级金额一致", ERROR,
             ("summary", "expenditure"), ("expenditure_item", "expenditure_amount", "code", "total"),
             cross.summary_classes_vs_code_table,
             {"summary": "summary", "table": "expenditure", "column": "total", "label": "支出总表"}),
        Rule("cross.income.expenditure", "收入总表与支出总表逐科目合计一致（预算）", ERROR, ("income", "expenditure"),
             ("code", "total"), cross.code_by_code,
             {"left": "income", "right": "expenditure", "columns": (("total", "total"),),
              "when": cross.is_budget}),
        Rule("cross.fiscal.general_expenditure", "财政拨款收支总表一般公共预算列与一般公共预算支出表类级金额一致",
             ERROR, ("fiscal_summary", "general_expenditure"), ("expenditure_general", "code", "total"),
             cross.summary_classes_vs_code_table,
             {"summary": "fiscal_summary", "summary_column": "expenditure_general", "table": "general_expenditure",
              "column": "total", "label": "一般公共预算支出表"}),
        Rule("cross.fiscal.fund_expenditure", "财政拨款收支总表政府性基金列与政府性基金支出表类级金额一致",
             ERROR, ("fiscal_summary", "fund_expenditure"), ("expenditure_fund", "code", "total"),
             cross.summary_classes_vs_code_table,
             {"summary": "fiscal_summary", "summary_column": "expenditure_fund", "table": "fund_expenditure",
              "column": "total", "label": "政府性基金支出表"}),
        Rule("cross.fiscal.capital_expenditure", "财政拨款收支总表国有资本经营列与国有资本经营支出表类级金额一致",
             ERROR, ("fiscal_summary", "capital_expenditure"), ("expenditure_capital", "code", "total"),
             cross.summary_classes_vs_code_table,
             {"summary": "fiscal_summary", "summary_column": "expenditure_capital", "table": "capital_expenditure",
              "column": "total", "label": "国有资本经营支出表"}),
        Rule("cross.general.basic", "一般公共预算支出表基本支出合计与基本支出表合计一致", ERROR,
             ("general_expenditure", "basic_expenditure"), ("basic", "total"), cross.total_vs_total,
             {"left": "general_expenditure", "left_column": "basic", "right": "basic_expenditure",
              "right_column": "total"}),
        Rule("cross.three_public.car_running", "“三公”经费公务用车运行维护费与基本支出表30231公务用车运行维护费一致"
             "（“三公”可含项目资金，仅提示）", WARNING, ("three_public", "basic_expenditure"), ("item", "total", "code"),
             cross.three_public_vs_basic),
        Rule("cross.expenditure.general_expenditure", "全部为一般公共预算资金时，支出总表与一般公共预算支出表逐行一致（预算）",
             ERROR, ("expenditure", "general_expenditure"), ("code", "total", "basic", "project"),
             cross.code_by_code,
             {"left": "expenditure", "right": "general_expenditure",
              "columns": (("total", "total"), ("basic", "basic"), ("project", "project")),
              "when": cross.budget_all_general}),
        Rule("cross.economic.function", "经济分类与功能分类对应科目金额一致（养老、年金、医疗、公积金；退休费不超过离退休科目，仅提示）",
             WARNING, ("basic_expenditure", "general_expenditure"), ("code", "total", "basic"),
             cross.economic_vs_function),
        Rule("cross.narrative.amount", "说明中各科目金额前后一致，并与预算表该科目合计一致", ERROR,
             ("narrative", "general_expenditure", "fund_expenditure", "capital_expenditure"),
             ("narrative", "code", "total"), narrative.items.item_amounts),
        Rule("cross.narrative.percent", "说明中“比上年增加/减少百分比”与所列两个金额相符", ERROR,
             ("narrative",), ("narrative",), narrative.items.change_percents),
    ]


def _code_rules() -> list[Rule]:
    every = (*_CODE_TABLES, "other_tables")
    return [
        Rule("code.format", "科目编码格式正确（功能分类3/5/7位，经济分类3/5位）", ERROR, every, ("code",),
             codes.code_format),
        Rule("code.parent", "每个款、项科目的上级科目都已列出", ERROR, every, ("code",), codes.code_parent),
        Rule("code.name_consistent", "同一科目编码在各表中名称一致", ERROR, every, ("code", "name"),
             codes.name_consistent),
        Rule("code.narrative_name", "说明中的科目名称与预算表一致（仅提示）", WARNING, ("narrative", *every),
             ("narrative", "code", "name"), narrative.items.class_names),
        Rule("code.reference_name", "科目名称与参考科目表一致（参考表不全，仅提示）", WARNING, every, ("code", "name"),
             codes.reference_name),
    ]


_NARRATIVE_TABLES = ("narrative", "summary", "fiscal_summary", "income", "expenditure", "general_expenditure",
                     "basic_expenditure", "fund_expenditure", "capital_expenditure", "three_public", "procurement",
                     "assets", "other_tables")


def _narrative_rules() -> list[Rule]:
    """What the 说明 says (``expectations/derive/narrative/``): a contradiction with a printed figure is
    an error; years, names and wording are warnings.  Statements not read with confidence make no check.

    They are ``cross.narrative.*`` like the itemised-spending rules before them (the 说明 against the
    tables and against itself), so they run in the cross suite: a suite of their own would cost GX time
    on every upload for no other benefit."""
    n = narrative.rules
    tables = _NARRATIVE_TABLES[1:]
    return [
        Rule("cross.narrative.total", "说明中的金额与表中同一数字一致（收支总计、本年收支合计、各项收入、基本支出、项目支出、人员经费、"
             "公用经费、“三公”经费、机关运行经费、政府采购、资产、各类/项支出；说明有数而表内空白）", ERROR,
             _NARRATIVE_TABLES, ("narrative", "*"), n.figures_vs_tables),
        Rule("cross.narrative.sums", "说明中“其中”所列各项之和等于总数（金额、增减额、车辆数），“占X%”与所列金额相符", ERROR,
             ("narrative", *tables), ("narrative", "*"), n.sums),
        Rule("cross.narrative.change", "说明中“比上年增加/减少X万元，增长/下降Y%”与本年数相符，增减方向一致", ERROR,
             ("narrative", *tables), ("narrative", "*"), n.changes),
        Rule("cross.narrative.execution", "决算说明中“年初预算X、支出决算Y、完成Z%”相符，“大于/小于/等于”与两数一致，"
             "决算数与支出决算表该科目一致", ERROR, ("narrative", "general_expenditure", "three_public"),
             ("narrative", "code", "total", "budget"), n.executions),
        Rule("cross.narrative.year", "说明中的年度与本文件年度一致（标题、截至日期、与上年比较）（仅提示）", WARNING, ("narrative",),
             ("narrative",), n.years),
        Rule("cross.narrative.last_year_column", "说明中“比上年增加/减少X万元、增长/下降Y%、持平”与表中同一行的“上年预算数"
             "（上年决算数）”栏一致", ERROR, ("narrative", "*"), ("narrative",), last_year.own_last_year_column),
        Rule("cross.narrative.wording", "说明用语规范：部门名称前后一致、无未替换的占位符（XX、【】等）、部门/单位用语与文件一致、"
             "金额单位无误（“万元”误写为“元”）、无重复或多余标点、原因未留空、模板备选用语已删除、百分号未遗漏（仅提示）", WARNING,
             ("narrative", "*"),
             ("narrative", "title"), n.wording),
    ]


def _complete_rules() -> list[Rule]:
    return [
        Rule("complete.tables", "当年要求的预算公开表齐全（国有资本经营支出表按年度要求）", ERROR, ("*",), (),
             completeness.tables_present),
        Rule("complete.totals_printed", "收支总表填列了收入总计和支出总计", ERROR, ("summary",),
             ("income_item", "income_amount", "expenditure_item", "expenditure_amount"),
             completeness.totals_printed),
        Rule("complete.empty_note", "空表注明原因（空表列示）", WARNING, ("*",), ("note",),
             completeness.empty_table_note),
        *_form_rules(),
    ]


#: The parts of the text the bureau's checklist asks for (issue 18), by key of ``disclosure.sections``.
_SECTIONS = (("functions", "主要职能"), ("organisation", "机构设置（决算：单位构成）"), ("glossary", "名词解释"),
             ("other", "其他相关情况说明（决算：其他重要事项的情况说明）"),
             ("projects", "项目经费情况说明（决算：预算绩效管理情况；目录列有时）"))


def _form_rules() -> list[Rule]:
    """What the bureau's review checklist asks beyond the figures (``expectations/derive/form.py``): all
    warnings, read from the text layer."""
    return [
        *(Rule(f"complete.section.{key}", f"公开文件含“{label}”部分且内容不为空（仅提示）", WARNING, ("narrative",),
               ("narrative",), form.section_present, {"section": key}) for key, label in _SECTIONS),
        Rule("complete.contents.listed", "目录所列的公开表均已刊印（仅提示）", WARNING, ("*",), (), form.contents_listed),
        Rule("complete.contents.unlisted", "刊印的公开表均列入目录（仅提示）", WARNING, ("*",), (), form.contents_unlisted),
        Rule("complete.blank_page", "无多余的空白页（仅提示）", WARNING, ("narrative",), ("pages",), form.blank_pages),
        Rule("complete.text.display", "文字正常显示：无乱码、私用区或替换字符，文字未超出页面（仅提示）", WARNING,
             ("narrative", "*"), ("narrative", "title", "name"), form.text_displays),
        Rule("complete.text.brackets", "说明中的引号、括号、书名号成对（仅提示）", WARNING, ("narrative",), ("narrative",),
             form.brackets_pair),
        Rule("complete.text.sentence", "说明中的句子完整：无残句，句末不缺句号（仅提示）", WARNING, ("narrative",),
             ("narrative",), form.sentences_complete),
    ]


def _neighbour_rules() -> list[Rule]:
    """Rules over a disclosure and its neighbours (derive takes ``(doc, rule, hood)``)."""
    return [
        Rule("neighbour.last_year", "说明中“比上年增加/减少X万元、增长/下降Y%、持平”与上年公开的同一数字相符（同一部门、"
             "同类公开，上年文件已上传时比对）", ERROR, ("narrative", "*"), ("narrative",), last_year.last_year_changes),
        Rule("neighbour.last_year.columns", "表中“上年预算数/上年决算数”列与上年公开的同一科目金额一致（按可比口径调整的可不同，"
             "仅提示）", WARNING, ("*",), tuple(c for cols in last_year_columns.LAST_YEAR_COLUMNS.values() for c in cols),
             last_year_columns.last_year_columns),
        Rule("neighbour.units", "部门公开与所属单位公开一致：只有一家预算单位的各表数字相同；多家单位的财政拨款各表"
             "等于各单位之和（全部单位上传后比对）", ERROR,
             units.SINGLE_UNIT_KEYS, _AMOUNTS, units.department_vs_units),
        Rule("neighbour.budget.execution", "决算说明中的“年初预算X万元”与同年预算公开的同一数字一致（同年预算文件已上传时比对）",
             ERROR, ("narrative", "general_expenditure", "three_public"), ("narrative",), budget.execution_budgets),
        Rule("neighbour.budget.three_public", "决算“三公”经费表的预算数与同年预算公开的“三公”经费一致（年中调整预算的可不同，"
             "仅提示）", WARNING, ("three_public",), ("item", "budget", "total"), budget.three_public_budget),
    ]


RULES: tuple[Rule, ...] = tuple(
    _sum_rules() + _row_rules() + _rollup_rules() + _cross_rules() + _narrative_rules() + _code_rules()
    + _complete_rules() + _neighbour_rules()
)
RULES_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}
assert len(RULES_BY_ID) == len(RULES), "rule ids must be unique"
assert all(r.family in FAMILIES for r in RULES)


def rules_of(family: str) -> list[Rule]:
    return [r for r in RULES if r.family == family]


def markdown_table() -> str:
    """The catalogue as a Markdown table (``python -m expectations.catalogue``), for the README."""
    lines = ["| id | 规则 | severity | tables |", "|---|---|---|---|"]
    lines += [f"| `{r.id}` | {r.title} | {r.severity} | {', '.join(r.tables)} |" for r in RULES]
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown_table())
