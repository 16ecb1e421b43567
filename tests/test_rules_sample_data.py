"""Hand-built canonical tables of the Hebei sample (曲阳县人社局 2022, 万元), read by eye from
tests/corpus/samples/quyang-hrss-2022-budget.txt, so the rule tests do not depend on a reader.

Placement of figures the text leaves ambiguous (one figure under 基本/项目) follows the table's
own arithmetic (e.g. 2080102 一般行政管理事务 70.01 is 项目支出: 基本支出 640.26 = 107.65 + 88.90 +
154.55 + 289.16).  ``sample()`` gives a fresh copy each call, so a test may change cells freely.
"""

from __future__ import annotations

from decimal import Decimal

from disclosure.model import Department, Disclosure, Table
from disclosure.tables import TABLE_SPECS

D = Decimal


def _amounts(values: str) -> list[Decimal | None]:
    return [None if v == "-" else D(v) for v in values.split()]


def _coded(key: str, cols: list[str], spec: str) -> Table:
    rows = []
    for n, line in enumerate(spec.strip().splitlines(), 1):
        code, name, figures = line.split("|")
        row = {"row": n, "code": code or None, "name": name}
        for c, v in zip(cols, _amounts(figures), strict=True):
            if v is not None:
                row[c] = v
        rows.append(row)
    spec_ = TABLE_SPECS[key]
    return Table(key=key, title=spec_.title, columns=list(spec_.columns), rows=rows, unit="万元",
                 column_titles={c: _TITLES[c] for c in cols})


_TITLES = {"total": "合计", "subtotal": "小计", "fiscal_grant": "财政拨款收入", "carryover": "上年结转科目",
           "basic": "基本支出", "project": "项目支出", "personnel": "人员经费", "public": "公用经费"}


INCOME = """
|合计|2606.28 2591.22 2591.22 15.06
205|教育支出|92.82 92.82 92.82 -
20502|普通教育|20.00 20.00 20.00 -
2050201|学前教育|20.00 20.00 20.00 -
20503|职业教育|72.82 72.82 72.82 -
2050303|技校教育|72.82 72.82 72.82 -
206|科学技术支出|21.46 21.46 21.46 -
20699|其他科学技术支出|21.46 21.46 21.46 -
2069999|其他科学技术支出|21.46 21.46 21.46 -
208|社会保障和就业支出|2334.73 2327.94 2327.94 6.79
20801|人力资源和社会保障管理事务|824.44 824.44 824.44 -
2080101|行政运行|107.65 107.65 107.65 -
2080102|一般行政管理事务|70.01 70.01 70.01 -
2080105|劳动保障监察|88.90 88.90 88.90 -
2080106|就业管理事务|158.78 158.78 158.78 -
2080109|社会保险经办机构|399.11 399.11 399.11 -
20805|行政事业单位养老支出|162.50 162.50 162.50 -
2080501|行政单位离退休|32.09 32.09 32.09 -
2080502|事业单位离退休|43.99 43.99 43.99 -
2080505|机关事业单位基本养老保险缴费支出|74.36 74.36 74.36 -
2080506|机关事业单位职业年金缴费支出|12.06 12.06 12.06 -
20807|就业补助|1347.79 1341.00 1341.00 6.79
2080711|就业见习补贴|150.00 150.00 150.00 -
2080799|其他就业补助支出|1197.79 1191.00 1191.00 6.79
210|卫生健康支出|29.78 29.78 29.78 -
21011|行政事业单位医疗|29.78 29.78 29.78 -
2101101|行政单位医疗|3.97 3.97 3.97 -
2101102|事业单位医疗|25.81 25.81 25.81 -
213|农林水支出|77.42 69.15 69.15 8.27
21308|普惠金融发展支出|77.42 69.15 69.15 8.27
2130804|创业担保贷款贴息|77.42 69.15 69.15 8.27
221|住房保障支出|50.07 50.07 50.07 -
22102|住房改革支出|50.07 50.07 50.07 -
2210201|住房公积金|50.07 50.07 50.07 -
"""

EXPENDITURE = """
|合计|2606.28 955.43 1650.85
205|教育支出|92.82 72.82 20.00
20502|普通教育|20.00 - 20.00
2050201|学前教育|20.00 - 20.00
20503|职业教育|72.82 72.82 -
2050303|技校教育|72.82 72.82 -
206|科学技术支出|21.46 - 21.46
20699|其他科学技术支出|21.46 - 21.46
2069999|其他科学技术支出|21.46 - 21.46
208|社会保障和就业支出|2334.73 802.76 1531.97
20801|人力资源和社会保障管理事务|824.44 640.26 184.18
2080101|行政运行|107.65 107.65 -
2080102|一般行政管理事务|70.01 - 70.01
2080105|劳动保障监察|88.90 88.90 -
2080106|就业管理事务|158.78 154.55 4.23
2080109|社会保险经办机构|399.11 289.16 109.95
20805|行政事业单位养老支出|162.50 162.50 -
2080501|行政单位离退休|32.09 32.09 -
2080502|事业单位离退休|43.99 43.99 -
2080505|机关事业单位基本养老保险缴费支出|74.36 74.36 -
2080506|机关事业单位职业年金缴费支出|12.06 12.06 -
20807|就业补助|1347.79 - 1347.79
2080711|就业见习补贴|150.00 - 150.00
2080799|其他就业补助支出|1197.79 - 1197.79
210|卫生健康支出|29.78 29.78 -
21011|行政事业单位医疗|29.78 29.78 -
2101101|行政单位医疗|3.97 3.97 -
2101102|事业单位医疗|25.81 25.81 -
213|农林水支出|77.42 - 77.42
21308|普惠金融发展支出|77.42 - 77.42
2130804|创业担保贷款贴息|77.42 - 77.42
221|住房保障支出|50.07 50.07 -
22102|住房改革支出|50.07 50.07 -
2210201|住房公积金|50.07 50.07 -
"""

BASIC = """
|合计|955.43 908.55 46.88
301|工资福利支出|831.67 831.67 -
30101|基本工资|330.48 330.48 -
30102|津贴补贴|71.62 71.62 -
30103|奖金|140.31 140.31 -
30107|绩效工资|117.78 117.78 -
30108|机关事业单位基本养老保险缴费|74.36 74.36 -
30109|职业年金缴费|12.06 12.06 -
30110|城镇职工基本医疗保险缴费|29.78 29.78 -
30112|其他社会保障缴费|5.21 5.21 -
30113|住房公积金|50.07 50.07 -
302|商品和服务支出|46.88 - 46.88
30201|办公费|3.68 - 3.68
30206|电费|5.66 - 5.66
30207|邮电费|3.96 - 3.96
30208|取暖费|6.91 - 6.91
30211|差旅费|2.32 - 2.32
30213|维修(护)费|0.20 - 0.20
30228|工会经费|5.29 - 5.29
30229|福利费|9.70 - 9.70
30231|公务用车运行维护费|2.80 - 2.80
30239|其他交通费用|6.36 - 6.36
303|对个人和家庭的补助|76.88 76.88 -
30302|退休费|76.08 76.08 -
30305|生活补助|0.80 0.80 -
"""

_CLASSES = ["一般公共服务支出", "外交支出", "国防支出", "公共安全支出", "教育支出", "科学技术支出",
            "文化旅游体育与传媒支出", "社会保障和就业支出", "社会保险基金支出", "卫生健康支出", "节能环保支出",
            "城乡社区支出", "农林水支出", "交通运输支出", "资源勘探工业信息等支出", "商业服务业等支出", "金融支出",
            "援助其他地区支出", "自然资源海洋气象等支出", "住房保障支出", "粮油物资储备支出", "国有资本经营预算支出",
            "灾害防治及应急管理支出", "预备费", "其他支出", "转移性支出", "债务还本支出", "债务付息支出",
            "债务发行费用支出", "抗疫特别国债安排的支出"]
_NUM = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六",
        "十七", "十八", "十九", "二十", "二十一", "二十二", "二十三", "二十四", "二十五", "二十六", "二十七",
        "二十八", "二十九", "三十"]
_CLASS_AMOUNTS = {"教育支出": "92.82", "科学技术支出": "21.46", "社会保障和就业支出": "2334.73",
                  "卫生健康支出": "29.78", "农林水支出": "77.42", "住房保障支出": "50.07"}
_SUMMARY_INCOME = [("一、一般公共预算拨款收入", "2591.22"), ("二、政府性基金预算拨款收入", None),
                   ("三、国有资本经营预算拨款收入", None), ("四、财政专户管理资金收入", None), ("五、事业收入", None),
                   ("六、事业单位经营收入", None), ("七、上级补助收入", None), ("八、附属单位上缴收入", None),
                   ("九、其他收入", None)]


def _summary() -> Table:
    rows = []
    for i, (num, cls) in enumerate(zip(_NUM, _CLASSES, strict=True)):
        row = {"row": i + 1, "expenditure_item": f"{num}、{cls}"}
        if cls in _CLASS_AMOUNTS:
            row["expenditure_amount"] = D(_CLASS_AMOUNTS[cls])
        if i < len(_SUMMARY_INCOME):
            item, amount = _SUMMARY_INCOME[i]
            row["income_item"] = item
            if amount:
                row["income_amount"] = D(amount)
        rows.append(row)
    rows += [
        {"row": 31, "income_item": "本年收入合计", "income_amount": D("2591.22"),
         "expenditure_item": "本年支出合计", "expenditure_amount": D("2606.28")},
        {"row": 32, "income_item": "上年结转结余", "income_amount": D("15.06"), "expenditure_item": "年终结转结余"},
        {"row": 33, "income_item": "收入总计", "income_amount": D("2606.28"),
         "expenditure_item": "支出总计", "expenditure_amount": D("2606.28")},
    ]
    s = TABLE_SPECS["summary"]
    return Table("summary", s.title, list(s.columns), rows, unit="万元")


def _fiscal_summary() -> Table:
    income = {1: ("一、一般公共预算拨款", "2591.22"), 2: ("二、政府性基金预算拨款", None),
              3: ("三、国有资本经营预算拨款", None)}
    rows = []
    for num, cls in zip(_NUM, _CLASSES, strict=True):
        if cls == "社会保险基金支出":
            continue  # the fiscal table does not print this class
        n = len(rows) + 1
        row = {"row": n, "expenditure_item": f"{num}、{cls}"}
        if cls in _CLASS_AMOUNTS:
            row["expenditure_total"] = row["expenditure_general"] = D(_CLASS_AMOUNTS[cls])
        if n in income:
            row["income_item"] = income[n][0]
            if income[n][1]:
                row["income_amount"] = D(income[n][1])
        rows.append(row)
    two = D("2606.28")
    rows += [
        {"row": 30, "income_item": "本年收入合计", "income_amount": D("2591.22"), "expenditure_item": "本年支出合计",
         "expenditure_total": two, "expenditure_general": two},
        {"row": 31, "income_item": "年初财政拨款结转和结余", "income_amount": D("15.06"),
         "expenditure_item": "年末财政拨款结转和结余"},
        {"row": 32, "income_item": "一、一般公共预算拨款", "income_amount": D("15.06")},
        {"row": 33, "income_item": "二、政府性基金预算拨款"},
        {"row": 34, "income_item": "三、国有资本经营预算拨款"},
        {"row": 35, "income_item": "收入总计", "income_amount": two, "expenditure_item": "支出总计",
         "expenditure_total": two, "expenditure_general": two},
    ]
    s = TABLE_SPECS["fiscal_summary"]
    return Table("fiscal_summary", s.title, list(s.columns), rows, unit="万元")


def _three_public() -> Table:
    v = D("2.80")
    rows = [
        {"row": 1, "item": "合计", "total": v, "general": v},
        {"row": 2, "item": "一、因公出国（境）费"},
        {"row": 3, "item": "二、公务用车购置及运维费", "total": v, "general": v},
        {"row": 4, "item": "其中：公务用车购置费"},
        {"row": 5, "item": "公务用车运行维护费", "total": v, "general": v},
        {"row": 6, "item": "三、公务接待费"},
    ]
    s = TABLE_SPECS["three_public"]
    return Table("three_public", s.title, list(s.columns), rows, unit="万元",
                 column_titles={"total": "合计", "general": "一般公共预算财政拨款", "fund": "政府性基金预算拨款",
                                "capital": "国有资本经营预算财政拨款"})


def _empty(key: str, note: str) -> Table:
    s = TABLE_SPECS[key]
    return Table(key, s.title, list(s.columns), [], unit="万元", note=note)


def sample() -> Disclosure:
    """A fresh copy of the sample's nine tables."""
    tables = {
        "summary": _summary(),
        "income": _coded("income", ["total", "subtotal", "fiscal_grant", "carryover"], INCOME),
        "expenditure": _coded("expenditure", ["total", "basic", "project"], EXPENDITURE),
        "fiscal_summary": _fiscal_summary(),
        "general_expenditure": _coded("general_expenditure", ["total", "basic", "project"], EXPENDITURE),
        "basic_expenditure": _coded("basic_expenditure", ["total", "personnel", "public"], BASIC),
        "fund_expenditure": _empty("fund_expenditure", "注：无政府基金预算财政拨款预算，空表列示。"),
        "capital_expenditure": _empty("capital_expenditure", "注：无国有资本经营预算财政拨款预算，空表列示。"),
        "three_public": _three_public(),
    }
    dep = Department(code="316", name="曲阳县人力资源和社会保障局", year=2022, unit="万元", kind="预算", level="部门")
    return Disclosure(source="hand-built:quyang-hrss-2022-budget", department=dep, tables=tables, format="text")


def find_row(doc: Disclosure, table: str, *, code: str | None = None, name: str | None = None,
             item: str | None = None) -> dict:
    """The row of ``table`` with that code (or name / item text), for tests that change a cell."""
    for r in doc.tables[table].rows:
        if code is not None and r.get("code") == code:
            return r
        if code is None and name is not None and r.get("name") == name and not r.get("code"):
            return r
        if item is not None and item in (r.get("item") or r.get("income_item") or "") + (
                r.get("expenditure_item") or ""):
            return r
    raise KeyError((table, code, name, item))


def test_hand_built_sample_passes_with_its_two_rounding_notes():
    """Through GX (the rule tests below use the same verdict without it: tests/reports.py)."""
    from tests.reports import validated

    report = validated(sample())
    assert report["status"] == "passed", [r for r in report["results"] if not r["passed"]]
    notes = {(n["table"], n["code"], n["column"], str(n["actual"]), str(n["expected"]))
             for r in report["results"] for n in r["notes"]}
    assert ("expenditure", "20801", "project", "184.18", "184.19") in notes
    assert ("income", "20801", "total", "824.44", "824.45") in notes


def result_of(report: dict, rule_id: str) -> dict:
    """The report's result for one rule."""
    for r in report["results"]:
        if r["rule"] == rule_id:
            return r
    raise KeyError(rule_id)


def fund_table(total: str, basic: str, project: str, key: str = "fund_expenditure") -> Table:
    """A small printed 政府性基金 (or ``key``) table (万元): 合计, one class, one 款, one 项."""
    s = TABLE_SPECS[key]
    rows = [{"row": 1, "code": None, "name": "合计"}]
    for n, (code, name) in enumerate((("212", "城乡社区支出"), ("21208", "国有土地使用权出让收入安排的支出"),
                                      ("2120803", "城市建设支出")), 2):
        rows.append({"row": n, "code": code, "name": name})
    for r in rows:
        r.update({"total": D(total), "basic": D(basic), "project": D(project)})
    return Table(key, s.title, list(s.columns), rows, unit="万元",
                 column_titles={"total": "合计", "basic": "基本支出", "project": "项目支出"})


def bump(row: dict, column: str, by: str = "1.00") -> None:
    """Change one printed figure (an empty cell becomes ``by``)."""
    row[column] = (row.get(column) or D(0)) + D(by)


def assert_rule_passes(rule_id: str, doc: Disclosure) -> dict:
    from tests.reports import judged

    r = result_of(judged(doc), rule_id)
    assert r["passed"], r["failures"]
    assert r["checked"] > 0, f"{rule_id} made no comparison: the passing case tests nothing"
    return r


def assert_rule_fails(rule_id: str, doc: Disclosure, where: tuple) -> dict:
    """The rule fails and one failure names (table, code, column) = ``where``."""
    from tests.reports import judged

    r = result_of(judged(doc), rule_id)
    assert not r["passed"]
    named = [(f["table"], f["code"], f["column"]) for f in r["failures"]]
    assert where in named, named
    for f in r["failures"]:
        assert f["message"]
    return r
