"""Who published a disclosure and what it is, read from the document's own words.

Every reader has the document's text (PDF text layer, extracted page text, sheet cells), so the
department's name and code, the year, the kind (预算/决算), the level (部门/单位) and the unit
most tables are printed in are read here once, from the phrases disclosures print:
``编制部门：…`` / ``编制单位：…`` on each table, ``预算主管部门：…`` / ``预算单位：…`` on the
cover, ``316 曲阳县… 预算年度：2022`` in Hebei headers, and the 决算 cover
(``上海市普陀区财政局 / 2024年度部门决算``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from disclosure.model import Department
from disclosure.vocabulary import PART_NARRATIVE, PART_TABLES, UNIT_RE

# Ordered by how reliable the phrase is; the most frequent value of the first phrase found wins.
_HEBEI_CODE = re.compile(r"^\s*(\d{3,9})\s*(\S+?)\s*预算年度", re.M)  # ``316 曲阳县… 预算年度：2022``
#: Labelled lines, most reliable first; all their values vote.
_NAME_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"编制(?:部门|单位)\s*[:：]\s*([^\s:：]+?)(?=\s|单位\s*[:：]|金额单位|$)", re.M),
    re.compile(r"(?:^|\s)部门(?:名称)?\s*[:：]\s*([^\s:：]+?)(?=\s|单位\s*[:：]|$)", re.M),  # Jiangsu: 部门名称：…
    re.compile(r"预算(?:主管部门|单位)\s*[:：]\s*([^\s:：]+)", re.M),
    _HEBEI_CODE,
)
#: A table title naming the department after the year: ``2017年度江苏省高级人民法院部门收支预算总表``.
_TITLE_NAME = re.compile(r"20\d{2}\s*年度?\s*(\S{3,30}?)(?:部门|单位)?(?:收支|收入|支出|财政拨款|一般公共预算|政府性基金"
                         r"|“三公”|\"三公\"|政府采购)\S*表", re.M)
_PART_ONE = re.compile(r"第一部分\s*(\S+?)概况")
#: Words that are not a department's name (``第一部分 部门概况``).
_GENERIC_NAMES = frozenset({"部门", "单位", "本部门", "本单位", "XX", "××"})
_CODE_PATTERNS = (
    re.compile(r"(?:部门|单位|预算)(?:编码|代码)\s*[:：]\s*(\d{3,12})"),
    _HEBEI_CODE,
)
_COVER_RE = re.compile(
    r"^(?P<name>.+?)(?P<year>20\d{2})\s*年度?\s*(?:区级|市级|县级)?\s*(?P<level>部门|单位)?\s*(?P<kind>预算|决算)"
)
#: A cover printing the year first: ``2017年度江苏省高级人民法院部门预算公开``.
_COVER_YEAR_FIRST = re.compile(r"^(?P<year>20\d{2})\s*年度?(?P<name>.+?)(?P<level>部门|单位)?(?P<kind>预算|决算)")
_YEAR_RES = (
    re.compile(r"预算年度\s*[:：]\s*(20\d{2})"),
    re.compile(r"(20\d{2})\s*年度?\s*(?:区级|市级|县级)?\s*(?:部门|单位|预算单位)?\s*(?:预算|决算)"),
)
_PLACEHOLDER = re.compile(r"^(?:XX|××|xx)+$")


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("\u3000", " ")


def _cover(text: str) -> str:
    """The cover: text before the table of contents (目录), lines joined without spaces."""
    head = text[:600]
    m = re.search(r"目\s*录", head)
    cover = head[: m.start()] if m else head[:200]
    return re.sub(r"\s+", "", cover)


def read_kind_level(text: str) -> tuple[str | None, str | None]:
    """预算/决算 and 部门/单位 from the cover (first page), else from how often each is printed."""
    t = _norm(text)
    cover = _cover(t)
    m = _COVER_RE.search(cover) or _COVER_YEAR_FIRST.search(cover)
    kind = level = None
    if m:
        kind = m.group("kind")
        level = m.group("level")
    if kind is None:
        counts = Counter(re.findall(r"(预算|决算)(?:表|总表)", t))
        kind = counts.most_common(1)[0][0] if counts else None
    if level is None:
        if re.search(r"单位预算|预算单位\s*[:：]|编制单位\s*[:：]|单位决算", t[:3000]):
            level = "单位"
        elif re.search(r"部门(预算|决算)|预算主管部门|编制部门|(^|\s)部门(名称)?\s*[:：]", t, re.M):
            level = "部门"
    return kind, level


def read_name(text: str) -> tuple[str | None, str | None]:
    """(code, name) of the department or unit, as printed."""
    t = _norm(text)
    code = None
    for pat in _CODE_PATTERNS:
        m = pat.search(t)
        if m:
            code = m.group(1)
            break
    for pat in _NAME_PATTERNS:
        found = [m.groups()[-1] for m in pat.finditer(t)]
        found = [f.strip("，,。 ") for f in found if f and not _PLACEHOLDER.match(f)]
        found = [f for f in found if f not in _GENERIC_NAMES]
        if found:
            return code, Counter(found).most_common(1)[0][0]
    cover = _cover(t)
    for pat in (_COVER_RE, _COVER_YEAR_FIRST):
        m = pat.search(cover)
        if m and m.group("name") and m.group("name") not in _GENERIC_NAMES:
            name = re.sub(r"^(?:上海市)?(?:普陀区)?$", "", m.group("name"))
            return code, name or m.group("name")
    titled = [n for n in _TITLE_NAME.findall(t) if n not in _GENERIC_NAMES]
    if titled:
        return code, Counter(titled).most_common(1)[0][0]
    m = _PART_ONE.search(t)
    if m and m.group(1) not in _GENERIC_NAMES:
        return code, m.group(1)
    return code, None


#: A title with its year (``2019年政府采购预算表``): where a tables-only file prints its year.
_TITLE_YEAR = re.compile(r"(20\d{2})\s*年度?[^\n。，]{0,40}?表")


def read_year(text: str) -> int | None:
    t = _norm(text)
    for pat in _YEAR_RES:
        m = pat.search(t[:4000])
        if m:
            return int(m.group(1))
    years = _TITLE_YEAR.findall(t)
    return int(Counter(years).most_common(1)[0][0]) if years else None


#: What a 说明 says about itself: its headings (情况说明, 名词解释, 部门概况) and the tables it refers to.
_NARRATIVE_MARKS = re.compile(r"(预算|决算)(总体)?情况说明|名词解释|部门概况|主要职能|机构设置")
#: A narrative that sends the reader to the tables printed elsewhere (``2019年部门预算公开表附后``).
_TABLES_ELSEWHERE = re.compile(r"(公开)?表(另附|附后|见附件)|附后")


def read_part(text: str, has_tables: bool, narrative: str) -> str | None:
    """Which part of a disclosure published as several files this one is.

    ``说明``: no tables, but the explanations of a 部门预算/决算 (its headings, or a note that the
    tables are attached elsewhere).  ``表格``: tables and next to no explanation.  ``None``: a whole
    disclosure (or not a disclosure at all: the caller decides)."""
    t = _norm(text)
    if not has_tables:
        marks = len(_NARRATIVE_MARKS.findall(t))
        if re.search(r"部门(预算|决算)|单位(预算|决算)", t) and (marks >= 2 or _TABLES_ELSEWHERE.search(t)):
            return PART_NARRATIVE
        return None
    if not _NARRATIVE_MARKS.search(_norm(narrative)) and len(re.sub(r"\s", "", narrative)) < 400:
        return PART_TABLES
    return None


def read_unit(text: str) -> str | None:
    """The unit most tables are printed in (``单位：元`` on most Shanghai tables, 万元 on 三公)."""
    counts = Counter(UNIT_RE.findall(_norm(text)))
    return counts.most_common(1)[0][0] if counts else None


def read_meta(text: str) -> Department:
    """Department code and name, year, kind, level and main unit, from a document's whole text."""
    code, name = read_name(text)
    kind, level = read_kind_level(text)
    return Department(code=code, name=name, year=read_year(text), unit=read_unit(text), kind=kind, level=level)
