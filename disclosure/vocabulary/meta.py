"""Document metadata as printed: who compiled a disclosure (编制部门：…), its code, its year, its cover
line, and what a 说明 says about itself and the tables printed elsewhere."""

from __future__ import annotations

import re

#: The Hebei department line's code and name before 预算年度 (``316 曲阳县… 预算年度：2022``).
HEBEI_CODE_LINE_RE = re.compile(r"^\s*(\d{3,9})\s*(\S+?)\s*预算年度", re.M)  # ``316 曲阳县… 预算年度：2022``
#: Labelled lines naming the department, most reliable first; all their values vote: 编制部门：/编制单位：
#: (every table), 部门名称： (Jiangsu), 预算主管部门：/预算单位： (covers), the Hebei department line.
DEPARTMENT_NAME_RES: tuple[re.Pattern[str], ...] = (
    re.compile(r"编制(?:部门|单位)\s*[:：]\s*([^\s:：]+?)(?=\s|单位\s*[:：]|金额单位|$)", re.M),
    re.compile(r"(?:^|\s)部门(?:名称)?\s*[:：]\s*([^\s:：]+?)(?=\s|单位\s*[:：]|$)", re.M),  # Jiangsu: 部门名称：…
    re.compile(r"预算(?:主管部门|单位)\s*[:：]\s*([^\s:：]+)", re.M),
    HEBEI_CODE_LINE_RE,
)
#: A table title naming the department after the year: ``2017年度江苏省高级人民法院部门收支预算总表``.
TITLE_DEPARTMENT_NAME_RE = re.compile(r"20\d{2}\s*年度?\s*(\S{3,30}?)(?:部门|单位)?(?:收支|收入|支出|财政拨款|一般公共预算|政府性基金"
                         r"|“三公”|\"三公\"|政府采购)\S*表", re.M)
#: The department named in the first part's heading (``第一部分 上海市XX局概况``).
PART_ONE_NAME_RE = re.compile(r"第一部分\s*(\S+?)概况")
#: Words that are not a department's name (``第一部分 部门概况``, template placeholders XX / ××).
GENERIC_DEPARTMENT_NAMES = frozenset({"部门", "单位", "本部门", "本单位", "XX", "××"})
#: Labelled department codes (``部门编码：316``, ``单位代码：…``, ``预算代码：…``) and the Hebei department line.
DEPARTMENT_CODE_RES = (
    re.compile(r"(?:部门|单位|预算)(?:编码|代码)\s*[:：]\s*(\d{3,12})"),
    HEBEI_CODE_LINE_RE,
)
#: A 决算/预算 cover line: name, then the year (``上海市普陀区财政局 / 2024年度部门决算``, ``…区级部门预算``).
COVER_RE = re.compile(
    r"^(?P<name>.+?)(?P<year>20\d{2})\s*年度?\s*(?:区级|市级|县级)?\s*(?P<level>部门|单位)?\s*(?P<kind>预算|决算)"
)
#: A cover printing the year first: ``2017年度江苏省高级人民法院部门预算公开``.
COVER_YEAR_FIRST_RE = re.compile(r"^(?P<year>20\d{2})\s*年度?(?P<name>.+?)(?P<level>部门|单位)?(?P<kind>预算|决算)")
#: The document's year: ``预算年度：2022`` (Hebei), ``2024年度部门决算``, ``2019年区级部门预算`` (covers, titles).
YEAR_RES = (
    re.compile(r"预算年度\s*[:：]\s*(20\d{2})"),
    re.compile(r"(20\d{2})\s*年度?\s*(?:区级|市级|县级)?\s*(?:部门|单位|预算单位)?\s*(?:预算|决算)"),
)
#: A title with its year (``2019年政府采购预算表``): where a tables-only file prints its year.
TITLE_YEAR_RE = re.compile(r"(20\d{2})\s*年度?[^\n。，]{0,40}?表")
#: What a 说明 says about itself: its headings (情况说明, 名词解释, 部门概况, 主要职能, 机构设置).
NARRATIVE_MARKS_RE = re.compile(r"(预算|决算)(总体)?情况说明|名词解释|部门概况|主要职能|机构设置")
#: A narrative that sends the reader to the tables printed elsewhere (``2019年部门预算公开表附后``, 表另附, 见附件).
TABLES_ELSEWHERE_RE = re.compile(r"(公开)?表(另附|附后|见附件)|附后")
