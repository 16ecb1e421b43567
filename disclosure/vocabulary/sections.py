"""The parts of a disclosure's text and the words that open them (issue 18).

A 部门预算 (Shanghai's template and most others) prints: a cover, a table of contents (目录),
主要职能, 机构设置, 名词解释, the 预算编制说明, the tables, 其他相关情况说明 and 项目经费情况说明.  A
决算 prints the same parts under other words: 部门决算单位构成 for 机构设置, 部门决算情况说明 for the
编制说明, 其他重要事项的情况说明 for 其他相关说明, 预算绩效管理情况 where a 预算 prints its 项目经费.

Each part has a key; a heading is recognised by what it ends with, whatever comes before it (the
department's name, a number 一、 or 第三部分).  The bureau's review checklist has one row per part
(:mod:`connectors.publish.checklist.rows`), the completeness rules ask for the parts by key.
"""

from __future__ import annotations

import re

#: Keys of the parts of a disclosure's text, in the order a 预算 prints them.
COVER, CONTENTS, OVERVIEW, FUNCTIONS, ORGANISATION, GLOSSARY, EXPLANATION, TABLES, OTHER, PROJECTS = (
    "cover", "contents", "overview", "functions", "organisation", "glossary", "explanation", "tables", "other",
    "projects")

#: What a part is called, by kind (预算 / 决算), as the bureau's checklist names it.
SECTION_LABELS: dict[str, dict[str, str]] = {
    "预算": {COVER: "封面", CONTENTS: "目录", FUNCTIONS: "主要职能", ORGANISATION: "机构设置", GLOSSARY: "名词解释",
             EXPLANATION: "预算编制说明", OTHER: "其他相关说明", PROJECTS: "项目经费情况说明", TABLES: "公开表"},
    "决算": {COVER: "封面", CONTENTS: "目录", FUNCTIONS: "主要职能", ORGANISATION: "机构设置（决算单位构成）",
             GLOSSARY: "名词解释", EXPLANATION: "决算情况说明", OTHER: "其他重要事项的情况说明",
             PROJECTS: "预算绩效管理情况", TABLES: "公开表"},
}

#: The heading of each part, matched at the end of a heading line (numbering and names before it allowed).
SECTION_HEADINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (CONTENTS, re.compile(r"^[^\d，。；]{0,8}目录[:：]?$")),
    (OVERVIEW, re.compile(r"(^第[一二三四五六七八九十]+部分.{0,40}概况|部门概况|单位概况)$")),
    (FUNCTIONS, re.compile(r"(主要职能|主要职责|部门职责|单位职责|职能职责)$")),
    (ORGANISATION, re.compile(r"(机构设置|机构设置情况|单位构成|部门构成)$")),
    (GLOSSARY, re.compile(r"名词解释$")),
    (OTHER, re.compile(r"(其他(相关)?(情况)?说明|其他重要事项(的情况)?说明|其他需要说明的(事项|情况))$")),
    (PROJECTS, re.compile(r"(经费(情况)?说明|预算绩效管理情况)$")),
    (EXPLANATION, re.compile(r"((部门|单位)(预算编制说明|预算编制情况说明|预算情况说明|决算情况说明|决算说明)"
                             r"|^第[一二三四五六七八九十]+部分.{0,40}(决算|预算)(编制)?(情况)?说明)$")),
    (TABLES, re.compile(r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、).{0,40}(预算表|决算表)$")),
)

#: Parts a region's template may leave out (其他相关说明 is Shanghai's, 项目经费情况说明 a 部门预算's):
#: asked for only where the document's 目录 lists them.
OPTIONAL_SECTIONS = frozenset({OTHER, PROJECTS})

#: Headings ending like a project's explanation that are other parts' items (三公经费, 机关运行经费).
NOT_PROJECTS_RE = re.compile(r"三公|机关运行")

#: Numbering in front of a heading (一、 （三） 第二部分 1. 2．), taken off before the heading is matched.
HEADING_NUMBER_RE = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|（[一二三四五六七八九十\d]{1,3}）|\d{1,2}[、.．](?!\d))\s*")
#: A heading never holds these (a sentence does).
SENTENCE_MARKS_RE = re.compile(r"[，。；！？]")
#: The longest heading line (a department's full name and a part's name).
HEADING_MAX = 48
#: A heading wrapped onto a second line leaves at most this many characters there (``说明``).
HEADING_WRAP_MAX = 6

# ------------------------------------------------------------------ text that does not display

#: Characters that show as nothing or as a box: the replacement character (a glyph the PDF's font
#: maps to no character), private-use code points (a font's own glyph numbers), unassigned ones.
#: Tested by Unicode category (Co, Cn) and this set.
UNDISPLAYABLE_CHARS = frozenset("\ufffd\ufffe\uffff")

# ------------------------------------------------------------------ quotes and brackets

#: Pairs that must balance within a paragraph: Chinese quotes, brackets (full and half width are one
#: kind: ``（…)`` is not a problem of balance), book-title marks.
BRACKET_PAIRS: tuple[tuple[str, str, str], ...] = (
    ("“", "”", "双引号"),
    ("‘", "’", "单引号"),
    ("（(", "）)", "括号"),
    ("《", "》", "书名号"),
    ("〔［[", "〕］]", "方括号"),
)

# ------------------------------------------------------------------ sentences that stop short

#: A sentence ending right after words that must be followed by something (``主要用于。``,
#: ``包括：。``, ``，。``): the rest was left out.  ``原因是。`` is ``cross.narrative.wording``'s (a reason
#: left empty), not counted twice here.
STOPS_SHORT_RE = re.compile(r"(?:包括|用于|如下|分别为|具体为|其中|主要有)[：:]?[。；]|[，、：:][。；]")
#: A sentence predicate: a paragraph holding one and ending without a full stop is a sentence
#: whose 。 is missing (``主要原因是工作量增加``), not a heading.
PREDICATE_RE = re.compile(r"原因是|主要用于|增加|减少|持平|下降|增长|共有|包括")
#: A paragraph ends with a sentence's end (a closing quote or bracket may follow it).
PARAGRAPH_END_RE = re.compile(r"[。！？][”’）)」』]*$")
#: A paragraph ending with these has not lost its full stop (a list follows a colon, items end with ；).
NOT_SHORT_END = "。！？：:；;…”’）)》"
#: A numbered line this short without sentence marks is an item's heading (``六、年度预算安排``).
ITEM_HEADING_MAX = 20
#: Publishers whose template prints every part the bureau's checklist asks for (name prefixes):
#: elsewhere a part is asked for only where the document's own 目录 lists it.
SECTIONS_REQUIRED_IN: tuple[str, ...] = ("上海",)
