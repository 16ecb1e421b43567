"""Jiangsu-shaped tables built by hand from the printed figures of 江苏省高级人民法院 2019 部门预算
(``tests/corpus/jiangsu/jiangsu-prov_gaoyuan_2019_yusuan-dept.pdf``, 万元), so the rules for the
shapes another province prints are tested without depending on a reader:

* 收支预算总表 with two spending lists (by function, by use: 基本支出 / 项目支出 / 单位预留机动经费);
* 财政拨款收支预算总表 whose spending side is by use only;
* 支出预算总表 of one row whose 合计 includes 单位预留机动经费 (the header says so);
* 收入预算总表 by source (收入总计, groups each opened by its 小计);
* the "三公"经费、会议费、培训费 table (合计 = 三公 小计 + 会议费 + 培训费);
* 政府采购支出预算表 as a tree (合计 → 品目大类 → 专项 / 经济科目 → 物品);
* 财政拨款支出预算表 (功能科目), a table the contract does not list.
"""

from __future__ import annotations

from decimal import Decimal as D

from disclosure.model import ColumnSum, Department, Disclosure, Table
from disclosure.tables import ALL_TABLE_SPECS, TABLE_SPECS


def _table(key: str, rows: list[dict], titles: dict[str, str], extra: tuple[str, ...] = (), **kw) -> Table:
    spec = ALL_TABLE_SPECS[key]
    return Table(key, spec.title, [*spec.columns, *extra], rows, unit="万元", column_titles=titles, **kw)


def summary() -> Table:
    rows = [
        ("一、财政拨款", "37188.34", "一、一般公共服务支出", None, "一、基本支出", "21968.00"),
        ("1.一般公共预算", "37188.34", "二、外交支出", None, "二、项目支出", "10208.94"),
        ("2.政府性基金预算", None, "三、国防支出", None, "三、单位预留机动经费", "5011.40"),
        ("二、财政专户管理资金", None, "四、公共安全支出", "27488.23", None, None),
        ("三、其他资金", None, "八、社会保障和就业支出", "2355.65", None, None),
        (None, None, "十八、住房保障支出", "7344.46", None, None),
        ("当年收入小计", "37188.34", "当年支出小计", "37188.34", None, None),
        ("上年结转资金", None, "结转下年资金", None, None, None),
        ("收入合计", "37188.34", "支出合计", "37188.34", None, None),
    ]
    out = []
    for n, (ii, ia, ei, ea, ui, ua) in enumerate(rows, 1):
        out.append({"row": n, "income_item": ii, "income_amount": D(ia) if ia else None, "expenditure_item": ei,
                    "expenditure_amount": D(ea) if ea else None, "use_item": ui,
                    "use_amount": D(ua) if ua else None})
    return _table("summary", out, {"income_amount": "金额", "expenditure_amount": "金额", "use_amount": "金额"},
                  ("use_item", "use_amount"))


def fiscal_summary() -> Table:
    rows = [
        {"row": 1, "income_item": "一、一般公共预算", "income_amount": D("37188.34"), "use_item": "一、基本支出",
         "use_amount": D("21968.00")},
        {"row": 2, "income_item": "二、政府性基金预算", "income_amount": None, "use_item": "二、项目支出",
         "use_amount": D("10208.94")},
        {"row": 3, "income_item": None, "use_item": "三、单位预留机动经费", "use_amount": D("5011.40")},
        {"row": 4, "income_item": "收入合计", "income_amount": D("37188.34"), "expenditure_item": "支出合计",
         "expenditure_total": D("37188.34")},
    ]
    return _table("fiscal_summary", rows, {"income_amount": "金额", "expenditure_total": "金额", "use_amount": "金额"},
                  ("use_item", "use_amount"))


def expenditure() -> Table:
    row = {"row": 1, "code": None, "name": None, "total": D("37188.34"), "basic": D("21968.00"),
           "project": D("10208.94"), "reserve": D("5011.40"), "carryover_next": None}
    return _table("expenditure", [row], {"total": "合计", "basic": "基本支出", "project": "项目支出",
                                         "reserve": "单位预留机动经费", "carryover_next": "结转下年资金"},
                  ("reserve", "carryover_next"),
                  column_sums=[ColumnSum("total", ("basic", "project", "reserve", "carryover_next"))])


def income_by_source() -> Table:
    rows = [("收入总计", None, "37188.34"), ("小计", "一般公共预算资金", "37188.34"),
            ("公共财政拨款（补助）资金", "一般公共预算资金", "37188.34"), ("专项收入", "一般公共预算资金", None),
            ("小计", "政府性基金", None), ("小计", "财政专户管理资金", None), ("专户管理教育收费", "财政专户管理资金", None),
            ("小计", "其他资金", None), ("事业收入", "其他资金", None), ("其他收入", "其他资金", None),
            ("小计", "上年结转和结余资金", None), ("其中：动用上年结转和结余资金", "上年结转和结余资金", None)]
    out = [{"row": n, "code": None, "name": name, "group": group, "total": D(v) if v else None}
           for n, (name, group, v) in enumerate(rows, 1)]
    return _table("income", out, {"total": "金额", "group": "项目名称"}, ("group",))


def three_public() -> Table:
    items = [("合计", "2382.02"), ("“三公”经费小计", "513.75"), ("因公出国（境）费", "160.00"),
             ("公务用车购置及运维费", "266.80"), ("其中：公务用车购置费", None), ("公务用车运行维护费", "266.80"),
             ("公务接待费", "86.95"), ("会议费", "271.02"), ("培训费", "1597.25")]
    rows = [{"row": n, "item": item, "total": D(v) if v else None} for n, (item, v) in enumerate(items, 1)]
    spec = TABLE_SPECS["three_public"]
    return Table("three_public", "“三公”经费、会议费、培训费支出预算表", list(spec.columns), rows, unit="万元",
                 column_titles={"total": "合计"})


def procurement() -> Table:
    tree = [({"category": "合计"}, "5227.59"), ({"category": "一、货物A"}, "1637.72"),
            ({"project": "信息网络建设维护费", "subject": "信息网络及软件购置更新"}, "1637.72"),
            ({"item": "其他计算机设备及软件", "measure": "政府集中采购"}, "1137.72"),
            ({"item": "网络设备", "measure": "部门集中采购"}, "500.00"),
            ({"category": "二、工程B"}, "530.00"),
            ({"project": "维修改造费", "subject": "维修（护）费"}, "530.00"),
            ({"item": "修缮工程", "measure": "分散自行组织"}, "530.00"),
            ({"category": "三、服务C"}, "3059.87"),
            ({"project": "物业管理费", "subject": "物业管理费"}, "3059.87"),
            ({"item": "物业管理服务", "measure": "分散自行组织"}, "36.00"),
            ({"measure": "部门集中采购"}, "3023.87")]
    rows = [{**labels, "total": D(v)} for labels, v in tree]
    return _table("procurement", rows, {"category": "采购品目大类", "project": "专项名称", "subject": "经济科目",
                                         "item": "采购物品名称", "measure": "采购组织形式", "total": "总计"},
                  ("category", "subject"))


def fiscal_expenditure() -> Table:
    rows = [(None, "合计", "37188.34"), ("204", "公共安全支出", "27488.23"), ("20405", "法院", "27488.23"),
            ("2040501", "行政运行", "17279.29"), ("2040502", "一般行政管理事务", "5804.83"),
            ("2040503", "机关服务", "1400.00"), ("2040504", "案件审判", "1599.11"), ("2040505", "案件执行", "775.00"),
            ("2040599", "其他法院支出", "630.00"), ("208", "社会保障和就业支出", "2355.65"),
            ("20805", "行政事业单位离退休", "2355.65"), ("2080504", "未归口管理的行政单位离退休", "417.06"),
            ("2080505", "机关事业单位基本养老保险缴费支出", "1384.70"),
            ("2080506", "机关事业单位职业年金缴费支出", "553.89"), ("221", "住房保障支出", "7344.46"),
            ("22102", "住房改革支出", "7344.46"), ("2210201", "住房公积金", "1879.36"), ("2210202", "提租补贴", "5465.10")]
    out = [{"row": n, "code": c, "name": name, "total": D(v)} for n, (c, name, v) in enumerate(rows, 1)]
    return _table("fiscal_expenditure", out, {"total": "金额"})


def office_expenditure() -> Table:
    """A 机关运行经费支出表 with a header that splits its 合计 (an invented split, to test header sums)."""
    rows = [{"row": 1, "code": None, "name": "合计", "total": D("3580.05"), "basic_part": D("3500.05"),
             "project_part": D("80.00")},
            {"row": 2, "code": "302", "name": "商品和服务支出", "total": D("3580.05"), "basic_part": D("3500.05"),
             "project_part": D("80.00")}]
    return _table("office_expenditure", rows, {"total": "合计", "basic_part": "基本支出", "project_part": "项目支出"},
                  ("basic_part", "project_part"),
                  column_sums=[ColumnSum("total", ("basic_part", "project_part"))])


def general_expenditure() -> Table:
    """一般公共预算支出预算表（功能科目）: the same rows as 财政拨款支出预算表 (no 政府性基金 spending)."""
    t = fiscal_expenditure()
    return Table("general_expenditure", "一般公共预算支出预算表（功能科目）", list(TABLE_SPECS["general_expenditure"].columns),
                 [dict(r) for r in t.rows], unit="万元", column_titles={"total": "金额"})


def basic_expenditure() -> Table:
    rows = [(None, "合计", "21968.00"), ("301", "工资福利支出", "16324.07"), ("30101", "基本工资", "2827.41"),
            ("30199", "其他工资福利支出", "13496.66"), ("302", "商品和服务支出", "3580.05"), ("30201", "办公费", "3580.05"),
            ("303", "对个人和家庭的补助", "2063.88"), ("30302", "退休费", "2063.88")]
    out = [{"row": n, "code": c, "name": name, "total": D(v)} for n, (c, name, v) in enumerate(rows, 1)]
    return _table("basic_expenditure", out, {"total": "基本支出"})


def fund_expenditure() -> Table:
    return _table("fund_expenditure", [], {"total": "金额"}, note="注：本部门无相关收支项目")


def disclosure() -> Disclosure:
    """A 2019 Jiangsu-style document with every shape above."""
    doc = Disclosure(source="jiangsu-shapes", format="pdf",
                     department=Department(name="江苏省高级人民法院", year=2019, unit="万元", kind="预算", level="部门"))
    for table in (summary(), fiscal_summary(), expenditure(), income_by_source(), three_public(), procurement(),
                  general_expenditure(), basic_expenditure(), fund_expenditure()):
        doc.tables[table.key] = table
    doc.other_tables["fiscal_expenditure"] = fiscal_expenditure()
    doc.other_tables["office_expenditure"] = office_expenditure()
    return doc
