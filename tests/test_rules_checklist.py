"""What the bureau's checklist asks beyond the figures (issue 18): the parts of the text, the 目录 and the
tables, blank pages, text that does not display, quotes and brackets, sentences that stop short.

Each rule passes on a small 说明 in the Shanghai layout and fails after one change; the 司法局 2026
部门预算 (the reviewer's checklist marks 目录, 主要职能 and 项目经费情况说明 否 for these) is the
acceptance case."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_rules_sample_data import assert_rule_fails, assert_rule_passes, result_of, sample

from disclosure.sections import heading_key, outline
from tests.reports import judged as validate

ROOT = Path(__file__).resolve().parent
SIFAJU = ROOT / "corpus" / "real" / "shanghai-putuo_sifaju_2026_yusuan-dept.pdf"

PAGES = [
    (1, "上海市普陀区 2022年区级部门预算"),
    (1, "预算主管部门：曲阳县人力资源和社会保障局"),
    (2, "目 录"),
    (2, "一、部门主要职能 ……………………"),
    (2, "二、部门机构设置 ……………………"),
    (2, "三、名词解释 ……………………"),
    (2, "四、部门预算编制说明 ……………………"),
    (2, "六、其他相关情况说明 ……………………"),
    (2, "七、项目经费情况说明 ……………………"),
    (3, "曲阳县人力资源和社会保障局主要职能"),
    (3, "（一）贯彻执行国家有关人力资源和社会保障工作的法律、法规和政策。"),
    (3, "（二）负责本县就业、社会保险和劳动关系等工作。"),
    (4, "曲阳县人力资源和社会保障局机构设置"),
    (4, "本部门预算包括局本级及下属1家预算单位。"),
    (5, "名词解释"),
    (5, "（一）财政拨款收入：指本级财政当年拨付的资金。"),
    (6, "2022年部门预算编制说明"),
    (6, "2022年，本部门收入预算2,606.28万元，比2021年预算增加15.06万元，主要原因是人员经费增"),
    (6, "加。"),
    (6, "1、社会保障和就业支出（208类）主要用于：人员经费支出。"),
    (20, "其他相关情况说明"),
    (20, "一、“三公”经费预算情况说明"),
    (20, "2022年“三公”经费预算数为3.00万元，与2021年预算持平，主要原因是公务接待需求无变化。"),
    (21, "项目经费情况说明"),
    (21, "一、项目概述"),
    (21, "开展“就业援助月”活动，帮助就业困难人员就业。"),
    (21, "二、年度预算安排"),
    (21, "100万元"),
]


def doc_with_text(lines=PAGES, pages: int = 21):
    doc = sample()
    doc.narrative = "\n".join(t for _, t in lines)
    doc.narrative_pages = [p for p, _ in lines]
    doc.format, doc.pages = "pdf", pages
    doc.contents = list(doc.tables)
    for n, t in enumerate(doc.tables.values(), 7):
        t.page = n
    return doc


def replace(lines, old: str, new: str | None):
    out = []
    for p, t in lines:
        if old in t:
            if new is None:
                continue
            t = t.replace(old, new)
        out.append((p, t))
    return out


def test_the_parts_of_the_text_are_found():
    o = outline(doc_with_text())
    assert [s.key for s in o.sections] == ["cover", "contents", "functions", "organisation", "glossary",
                                          "explanation", "other", "projects"]
    assert o.listed >= {"functions", "organisation", "glossary", "explanation", "other", "projects"}
    assert o.at_page(6).key == "explanation" and o.at_quote("开展“就业援助月”活动").key == "projects"
    assert heading_key("第三部分上海市普陀区财政局2024年度部门决算情况说明") == "explanation"
    assert heading_key("二、部门决算单位构成") == "organisation"
    assert heading_key("一、2026年“三公”经费预算情况说明") is None
    assert heading_key("科技创新专项经费情况说明") == "projects"


@pytest.mark.parametrize("key, heading", [
    ("functions", "曲阳县人力资源和社会保障局主要职能"), ("organisation", "曲阳县人力资源和社会保障局机构设置"),
    ("glossary", "名词解释"), ("other", "其他相关情况说明"), ("projects", "项目经费情况说明")])
def test_each_part_present_and_not_empty(key, heading):
    rule = f"complete.section.{key}"
    assert_rule_passes(rule, doc_with_text())
    r = assert_rule_fails(rule, doc_with_text([(p, t) for p, t in PAGES if t != heading]),
                          ("narrative", None, key))
    assert "未找到" in r["failures"][0]["message"]
    page = {"functions": 3, "organisation": 4, "glossary": 5, "other": 20, "projects": 21}[key]
    emptied = [(p, t) for p, t in PAGES if p != page or t == heading]
    r = result_of(validate(doc_with_text(emptied)), rule)
    assert not r["passed"] and "没有内容" in r["failures"][0]["message"]
    assert r["failures"][0]["page"] is not None


#: Every rule of this module, named as the catalogue test asks: "complete.section.functions",
#: "complete.section.organisation", "complete.section.glossary", "complete.section.other",
#: "complete.section.projects", "complete.contents.listed", "complete.contents.unlisted",
#: "complete.blank_page", "complete.text.display", "complete.text.brackets", "complete.text.sentence".


def test_projects_asked_for_only_where_the_contents_list_them():
    lines = [(p, t) for p, t in PAGES if "项目经费情况说明" not in t and p != 21]
    r = result_of(validate(doc_with_text(lines)), "complete.section.projects")
    assert r["passed"] and r["checked"] == 1  # a 单位预算 prints none and lists none


def test_tables_the_contents_list_are_printed_and_the_reverse():
    assert_rule_passes("complete.contents.listed", doc_with_text())
    assert_rule_passes("complete.contents.unlisted", doc_with_text())
    doc = doc_with_text()
    del doc.tables["three_public"]
    assert_rule_fails("complete.contents.listed", doc, ("three_public", None, None))
    doc = doc_with_text()
    doc.contents.remove("basic_expenditure")
    r = assert_rule_fails("complete.contents.unlisted", doc, ("basic_expenditure", None, "contents"))
    assert "目录中未列出" in r["failures"][0]["message"]


def test_a_blank_page_after_the_text():
    assert_rule_passes("complete.blank_page", doc_with_text())
    lines = [(p + 1 if p >= 3 else p, t) for p, t in PAGES]  # page 3 left blank after the 目录
    doc = doc_with_text(lines, pages=22)
    for t in doc.tables.values():
        t.page += 1
    r = assert_rule_fails("complete.blank_page", doc, ("narrative", None, "pages"))
    f = r["failures"][0]
    assert f["page"] == 3 and "目录之后" in f["message"]
    assert r["severity"] == "warning"


def test_characters_that_do_not_display():
    assert_rule_passes("complete.text.display", doc_with_text())
    doc = doc_with_text(replace(PAGES, "负责本县就业", "负责本县\ue5e5业"))
    r = assert_rule_fails("complete.text.display", doc, ("narrative", None, "characters"))
    assert "U+E5E5" in r["failures"][0]["message"] and r["failures"][0]["page"] == 3
    doc = doc_with_text()
    doc.tables["expenditure"].rows[1]["name"] = "社会保障和\ufffd业支出"
    assert_rule_fails("complete.text.display", doc, ("expenditure", None, "characters"))


def test_text_running_past_the_page_bottom():
    over = [(3, "（三）负责本县劳动保障监察工作，依法查处违法行为，维护劳动者权益。"),
            (3, "（四）完成县委、县政府交办的其他任务，做好对外联络工作。"),
            (4, "（三）负责本县劳动保障监察工作，依法查处违法行为，维护劳动者权益。"),
            (4, "（四）完成县委、县政府交办的其他任务，做好对外联络工作。")]
    at = next(i for i, (p, _) in enumerate(PAGES) if p == 4)
    lines = PAGES[:at] + over + PAGES[at:]
    r = assert_rule_fails("complete.text.display", doc_with_text(lines), ("narrative", None, "overflow"))
    assert r["failures"][0]["page"] == 3 and "超出" not in r["failures"][0]["message"][:3]
    # the repeat followed by new text is a clipped copy at the top of the next page: nothing lost
    lines = PAGES[:at] + over + [(4, "（五）负责本县人事考试工作，组织实施各类考试。")] + PAGES[at:]
    assert_rule_passes("complete.text.display", doc_with_text(lines))


def test_quotes_and_brackets_pair():
    assert_rule_passes("complete.text.brackets", doc_with_text())
    doc = doc_with_text(replace(PAGES, "开展“就业援助月”活动", "开展“就业援助月”、技能培训”活动"))
    r = assert_rule_fails("complete.text.brackets", doc, ("narrative", None, "projects"))
    assert "双引号" in r["failures"][0]["message"] and r["failures"][0]["page"] == 21
    doc = doc_with_text(replace(PAGES, "社会保障和就业支出（208类）", "社会保障和就业支出（208类"))
    r = assert_rule_fails("complete.text.brackets", doc, ("narrative", None, "explanation"))
    assert "括号" in r["failures"][0]["message"]


def test_sentences_that_stop_short():
    assert_rule_passes("complete.text.sentence", doc_with_text())
    doc = doc_with_text(replace(PAGES, "主要用于：人员经费支出。", "主要用于。"))
    r = assert_rule_fails("complete.text.sentence", doc, ("narrative", None, "explanation"))
    assert "句子不完整" in r["failures"][0]["message"]
    doc = doc_with_text(replace(PAGES, "加。", "加"))  # 。 missing before the next item
    r = assert_rule_fails("complete.text.sentence", doc, ("narrative", None, "explanation"))
    assert "缺少句号" in r["failures"][0]["message"] and r["failures"][0]["page"] == 6


@pytest.fixture(scope="module")
def sifaju_report():
    from connectors.readers import read_path

    return validate(read_path(str(SIFAJU)))


def test_the_sifaju_reviewers_findings(sifaju_report):
    """The reviewer: 目录后有一页多余的空表页; 主要职能中部分文字未正常显示; 项目经费情况说明 多了一个右引号."""
    blank = result_of(sifaju_report, "complete.blank_page")["failures"]
    assert [f["page"] for f in blank] == [3]
    display = result_of(sifaju_report, "complete.text.display")["failures"]
    assert [(f["column"], f["page"]) for f in display] == [("overflow", 4)]
    quotes = result_of(sifaju_report, "complete.text.brackets")["failures"]
    assert len(quotes) == 1 and "人民调解协议书检查" in quotes[0]["quote"] and quotes[0]["page"] == 23
    for key in ("functions", "organisation", "glossary", "other", "projects"):
        assert result_of(sifaju_report, f"complete.section.{key}")["passed"]
    assert result_of(sifaju_report, "complete.contents.listed")["passed"]
    assert result_of(sifaju_report, "complete.contents.unlisted")["passed"]
    assert result_of(sifaju_report, "complete.text.sentence")["passed"]
