"""Chinese words the reviewers read: column headers, severities, document kinds.

Statuses carry their own words (:class:`disclosure.report.Status`), defined once for the site,
the CLI, the Prefect artifact and the demo.

Declared as data so a wording change is a one-line edit here, never a change in a renderer.
A table's own printed header (``Table.column_titles``) always wins over these.
"""

from __future__ import annotations

#: Headers for contract columns, used when the reader kept no printed header.
COMMON_COLUMNS: dict[str, str] = {
    "row": "序号",
    "code": "科目编码",
    "name": "科目名称",
    "item": "项目",
    "total": "合计",
}

#: Per-table headers (as printed in the Hebei sample and the Shanghai templates).
TABLE_COLUMNS: dict[str, dict[str, str]] = {
    "summary": {
        "income_item": "收入项目", "income_amount": "收入预算数",
        "expenditure_item": "支出项目", "expenditure_amount": "支出预算数",
    },
    "income": {
        "subtotal": "本年收入小计", "fiscal_grant": "财政拨款收入", "special_account": "财政专户收入",
        "business": "事业收入", "operating": "经营收入", "superior_grant": "上级补助收入",
        "affiliated": "附属单位上缴收入", "other": "其他收入", "carryover": "上年结转",
        "business_fund": "用事业基金弥补收支差额",
    },
    "expenditure": {
        "basic": "基本支出", "project": "项目支出", "operating": "经营支出",
        "remit_superior": "上解上级支出", "subsidy_affiliated": "对附属单位补助支出",
    },
    "fiscal_summary": {
        "income_item": "收入项目", "income_amount": "收入预算数", "expenditure_item": "支出项目",
        "expenditure_total": "支出合计", "expenditure_general": "一般公共预算财政拨款",
        "expenditure_fund": "政府性基金预算财政拨款", "expenditure_capital": "国有资本经营预算财政拨款",
    },
    "general_expenditure": {"basic": "基本支出", "project": "项目支出"},
    "fund_expenditure": {"basic": "基本支出", "project": "项目支出"},
    "capital_expenditure": {"basic": "基本支出", "project": "项目支出"},
    "basic_expenditure": {"code": "经济分类科目编码", "personnel": "人员经费", "public": "公用经费"},
    "three_public": {
        "general": "一般公共预算财政拨款", "fund": "政府性基金预算财政拨款", "capital": "国有资本经营预算财政拨款",
    },
    "procurement": {
        "unit": "单位", "project": "项目", "project_budget": "项目预算", "item": "采购品目",
        "catalog_code": "采购目录编码", "measure": "计量单位", "quantity": "数量", "price": "单价",
        "general": "一般公共预算", "fund": "政府性基金预算", "capital": "国有资本经营预算",
        "special_account": "财政专户管理资金", "own_funds": "单位自筹", "grant_carryover": "财政拨款结转",
        "other_carryover": "其他资金结转", "sme_reserved": "预留中小企业份额",
    },
    "assets": {"item": "资产项目", "quantity": "数量", "value": "价值"},
    # findings about the 说明 itself (issue 11): what in the sentence was checked
    "narrative": {
        "narrative": "金额", "percent": "增减百分比", "name": "科目名称", "parts": "各项之和", "share": "占比",
        "change": "增减率", "completion": "完成预算比例", "compare": "大于/小于/等于", "vehicles": "车辆数",
        "year": "年度", "placeholder": "占位符", "department": "部门名称", "level": "部门/单位", "wording": "用语",
        "unit": "金额单位",
    },
}

SEVERITY: dict[str, str] = {"error": "错误", "warning": "警告"}

#: What a marked cell is: a failed error rule, a failed warning rule, or a difference the rounding
#: tolerance allows (shown so a reviewer sees it, never counted as a failure).
MARK: dict[str, str] = {**SEVERITY, "note": "容差内差异"}


def column_label(table_key: str, column: str, printed: dict[str, str] | None = None) -> str:
    """The header a reviewer sees for ``column``: printed title, else ours, else the key itself."""
    if printed and printed.get(column):
        return printed[column]
    return TABLE_COLUMNS.get(table_key, {}).get(column) or COMMON_COLUMNS.get(column) or column


def kind_label(kind: str | None, level: str | None) -> str:
    """``部门预算``, ``单位决算`` …; empty when the document did not say."""
    return f"{level or ''}{kind or ''}"
