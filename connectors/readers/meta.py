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
from disclosure.vocabulary import (
    COVER_RE,
    COVER_YEAR_FIRST_RE,
    DEPARTMENT_CODE_RES,
    DEPARTMENT_NAME_RES,
    GENERIC_DEPARTMENT_NAMES,
    NARRATIVE_MARKS_RE,
    PART_NARRATIVE,
    PART_ONE_NAME_RE,
    PART_TABLES,
    TABLES_ELSEWHERE_RE,
    TITLE_DEPARTMENT_NAME_RE,
    TITLE_YEAR_RE,
    UNIT_RE,
    YEAR_RES,
)

# The labelled phrases (vocabulary.meta) are ordered by how reliable they are; the most frequent value of
# the first phrase found wins.
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
    m = COVER_RE.search(cover) or COVER_YEAR_FIRST_RE.search(cover)
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
    for pat in DEPARTMENT_CODE_RES:
        m = pat.search(t)
        if m:
            code = m.group(1)
            break
    for pat in DEPARTMENT_NAME_RES:
        found = [m.groups()[-1] for m in pat.finditer(t)]
        found = [f.strip("，,。 ") for f in found if f and not _PLACEHOLDER.match(f)]
        found = [f for f in found if f not in GENERIC_DEPARTMENT_NAMES]
        if found:
            return code, Counter(found).most_common(1)[0][0]
    cover = _cover(t)
    for pat in (COVER_RE, COVER_YEAR_FIRST_RE):
        m = pat.search(cover)
        if m and m.group("name") and m.group("name") not in GENERIC_DEPARTMENT_NAMES:
            name = re.sub(r"^(?:上海市)?(?:普陀区)?$", "", m.group("name"))
            return code, name or m.group("name")
    titled = [n for n in TITLE_DEPARTMENT_NAME_RE.findall(t) if n not in GENERIC_DEPARTMENT_NAMES]
    if titled:
        return code, Counter(titled).most_common(1)[0][0]
    m = PART_ONE_NAME_RE.search(t)
    if m and m.group(1) not in GENERIC_DEPARTMENT_NAMES:
        return code, m.group(1)
    return code, None


def read_year(text: str) -> int | None:
    t = _norm(text)
    for pat in YEAR_RES:
        m = pat.search(t[:4000])
        if m:
            return int(m.group(1))
    years = TITLE_YEAR_RE.findall(t)
    return int(Counter(years).most_common(1)[0][0]) if years else None


def read_part(text: str, has_tables: bool, narrative: str) -> str | None:
    """Which part of a disclosure published as several files this one is.

    ``说明``: no tables, but the explanations of a 部门预算/决算 (its headings, or a note that the
    tables are attached elsewhere).  ``表格``: tables and next to no explanation.  ``None``: a whole
    disclosure (or not a disclosure at all: the caller decides)."""
    t = _norm(text)
    if not has_tables:
        marks = len(NARRATIVE_MARKS_RE.findall(t))
        if re.search(r"部门(预算|决算)|单位(预算|决算)", t) and (marks >= 2 or TABLES_ELSEWHERE_RE.search(t)):
            return PART_NARRATIVE
        return None
    if not NARRATIVE_MARKS_RE.search(_norm(narrative)) and len(re.sub(r"\s", "", narrative)) < 400:
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
