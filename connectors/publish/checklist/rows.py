"""The rows of the bureau's 公开情况检查表 and what each covers: declared once, here, as data.

The form (two real ones, filled by a reviewer for 上海市普陀区司法局's 2026 部门预算 and 单位预算, are in
``tests/corpus/real/*.review-checklist.xlsx``) has one row for 及时性 and, under 内容规范性, one row per
part of the document: 封面, 目录, 主要职能, 机构设置, 名词解释, 预算编制说明, each 公开表 by name, 其他相关说明,
项目经费情况说明.  A 决算 has the same rows under its own words.

A row covers:

* ``sections``: parts of the text (keys of :mod:`disclosure.vocabulary.sections`): a finding about a
  sentence (it quotes one) goes to the row of the part that prints it;
* ``tables``: table keys: a finding about a table's figures goes to that table's row;
* ``rules``: rule ids whose findings go to this row whatever they name (a part missing, a table
  printed but not in the 目录).

A finding no row claims goes to the 预算编制说明 row when it is about the 说明, else to an added row
"其他公开表" (a table the Shanghai form does not list: a 项目支出表 of another region).
"""

from __future__ import annotations

from dataclasses import dataclass

from disclosure.vocabulary.sections import (
    CONTENTS,
    COVER,
    EXPLANATION,
    FUNCTIONS,
    GLOSSARY,
    ORGANISATION,
    OTHER,
    OVERVIEW,
    PROJECTS,
    TABLES,
)

TIMELINESS, CONTENT = "及时性", "内容规范性"


@dataclass(frozen=True)
class Row:
    key: str
    group: str  # 及时性 or 内容规范性
    labels: tuple[str, str]  # (预算, 决算), with {level} for 部门/单位
    sections: tuple[str, ...] = ()
    tables: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()

    def label(self, kind: str | None, level: str | None) -> str:
        text = self.labels[1 if kind == "决算" else 0]
        return text.replace("{level}", level or "部门")


def _table(key: str, budget: str, final: str, *also: str) -> Row:
    return Row(f"table.{key}", CONTENT, (f"《{budget}》", f"《{final}》"), tables=(key, *also))


ROWS: tuple[Row, ...] = (
    Row("timeliness", TIMELINESS, ("及时公开{level}预算", "及时公开{level}决算")),
    Row("cover", CONTENT, ("封面", "封面"), sections=(COVER,)),
    Row("contents", CONTENT, ("目录", "目录"), sections=(CONTENTS,), rules=("complete.contents.unlisted",)),
    Row("functions", CONTENT, ("主要职能", "主要职能"), sections=(FUNCTIONS, OVERVIEW),
        rules=("complete.section.functions",)),
    Row("organisation", CONTENT, ("机构设置", "机构设置（决算单位构成）"), sections=(ORGANISATION,),
        rules=("complete.section.organisation",)),
    Row("glossary", CONTENT, ("名词解释", "名词解释"), sections=(GLOSSARY,), rules=("complete.section.glossary",)),
    Row("explanation", CONTENT, ("预算编制说明", "{level}决算情况说明"), sections=(EXPLANATION, TABLES)),
    _table("summary", "{level}财务收支预算总表", "收入支出决算总表"),
    _table("income", "{level}收入预算总表", "收入决算表"),
    _table("expenditure", "{level}支出预算总表", "支出决算表"),
    _table("fiscal_summary", "{level}财政拨款收支预算总表", "财政拨款收入支出决算总表"),
    _table("general_expenditure", "{level}一般公共预算支出功能分类预算表", "一般公共预算财政拨款支出决算表"),
    _table("fund_expenditure", "{level}政府性基金预算支出功能分类预算表", "政府性基金预算财政拨款收入支出决算表"),
    _table("capital_expenditure", "国有资本经营预算支出功能分类预算表", "国有资本经营预算财政拨款收入支出决算表"),
    _table("basic_expenditure", "{level}一般公共预算基本支出部门预算经济分类预算表", "一般公共预算财政拨款基本支出决算表"),
    _table("three_public", "{level}“三公”经费和机关运行经费预算表", "财政拨款“三公”经费支出决算表", "office_expenditure"),
    Row("other", CONTENT, ("其他相关说明", "其他重要事项的情况说明"), sections=(OTHER,), rules=("complete.section.other",)),
    Row("projects", CONTENT, ("项目经费情况说明", "预算绩效管理情况"), sections=(PROJECTS,),
        rules=("complete.section.projects",)),
)

#: The row a finding goes to when no row above claims it: a table the form does not list.
EXTRA = Row("extra", CONTENT, ("其他公开表", "其他公开表"))

#: A 决算 prints its tables in the national template's order (三公 before 政府性基金).
FINAL_ORDER = ("summary", "income", "expenditure", "fiscal_summary", "general_expenditure", "basic_expenditure",
               "three_public", "fund_expenditure", "capital_expenditure")

ROWS_BY_KEY = {r.key: r for r in ROWS}


def rows_for(kind: str | None) -> list[Row]:
    """The form's rows in the order the kind's form prints them."""
    if kind != "决算":
        return list(ROWS)
    tables = [ROWS_BY_KEY[f"table.{k}"] for k in FINAL_ORDER]
    head = [r for r in ROWS if not r.key.startswith("table.") and r.key not in ("other", "projects")]
    return head + tables + [ROWS_BY_KEY["other"], ROWS_BY_KEY["projects"]]


def row_for_rule(rule_id: str) -> Row | None:
    return next((r for r in ROWS if rule_id in r.rules), None)


def row_for_section(section: str | None) -> Row | None:
    return next((r for r in ROWS if section in r.sections), None) if section else None


def row_for_table(table: str | None) -> Row | None:
    return next((r for r in ROWS if table in r.tables), None) if table else None
