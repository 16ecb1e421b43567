"""Page text without positions (``[{"page": 1, "text": "…"}, …]``), Shanghai layout.

Each table starts with its title and the line ``编制单位：… 单位：元``; continuation pages repeat
the column header (``项目 一般公共预算支出`` … ``类款项``) but not the title.  Code rows print the
code glued to the name (``2010506统计管理``) or split into 类 and 款 (``301 01基本工资``); the
合计 row comes last.  Blank cells are lost, so figures are placed from the printed arithmetic as
for the Hebei text (:mod:`connectors.readers.text.build`), and whatever cannot be placed for
certain is named in ``warnings``.  The 三公 table is one horizontal row, turned into item rows.
"""

from __future__ import annotations

import json
import re
import unicodedata
from decimal import Decimal

from disclosure import errors
from disclosure.amounts import UNIT_TO_YUAN, is_amount, parse_amount
from disclosure.model import Department, Disclosure, Table
from disclosure.tables import COLUMN_ALIASES, TWO_SIDED_KEYS, classify_title, detect_unit, is_contract
from disclosure.vocabulary import NOTE_RE, PREAMBLE_RE, SUMMARY_ITEM_ROW_RE, TOTAL_ROW_NOT_TITLE_RE

from ...meta import read_meta
from ..build import build
from ..placement import Identity, Problem, agreed_cells, solve
from ..records import RawRow, RawTable, two_sided_record

_CODE_ROW = re.compile(r"^(?P<code>\d{3}(?:[ \t]*\d{2}){0,2})(?![\d,.])\s*(?P<rest>.*)$")
#: Shanghai 财务收支预算总表: the expenditure side's columns, in printed order.
SUMMARY_SPEND_COLUMNS = ("expenditure_amount", "extra_1", "extra_2", "extra_3")
SUMMARY_SPEND_TITLES = {"extra_1": "基本支出/人员经费", "extra_2": "基本支出/公用经费", "extra_3": "项目支出"}
#: The horizontal 三公 table: columns in printed order and the identities between them.
THREE_PUBLIC_ACROSS = ("合计", "因公出国（境）费", "公务接待费", "公务用车购置及运维费", "其中：公务用车购置费",
                       "公务用车运行维护费", "机关运行经费")
#: The same expenses in the 基本支出 economic classification (evidence where the 三公 sums leave a choice).
THREE_PUBLIC_ECONOMIC = {"因公出国（境）费": "30212", "公务接待费": "30217", "公务用车运行维护费": "30231"}
THREE_PUBLIC_IDENTITIES = (
    Identity("合计", ("因公出国（境）费", "公务接待费", "公务用车购置及运维费")),
    Identity("公务用车购置及运维费", ("其中：公务用车购置费", "公务用车运行维护费")),
)


def detect(pages: list[tuple[int, str]]) -> bool:
    """A title line followed by its ``编制单位：… 单位：元`` line."""
    lines = _lines(pages)
    return any(_is_title(lines, i) for i in range(len(lines)))


def read(pages: list[tuple[int, str]], source: str, fmt: str) -> Disclosure:
    """Read page texts ``[(page number, text), …]`` in the Shanghai layout.

    Page text of a 决算 is refused: its tables print classes side by side, and without positions
    they cannot be told apart."""
    doc = _read(pages, source, fmt)
    if fmt == "text" and doc.department.kind == "决算":
        raise errors.UnreadableDocument(
            "这是决算公开的纯文本，文字中并排的表格无法可靠地分开，请上传决算公开的PDF原件或Excel文件。",
            reason="unsupported_text",
        )
    if fmt == "text":
        doc.warnings.insert(0, "本文件是不带单元格位置的页面文字（上海格式），按文字顺序读取：空白单元格已丢失，"
                               "各数所在栏按表内算术推定（见下列说明），请以PDF原件为准。")
    return doc


def _lines(pages: list[tuple[int, str]]) -> list[tuple[int, str]]:
    return [(p, line) for p, text in pages for line in text.splitlines()]


def _read(pages: list[tuple[int, str]], source: str, fmt: str) -> Disclosure:
    lines = _lines(pages)
    starts = [i for i in range(len(lines)) if _is_title(lines, i)]
    if not starts:
        raise errors.not_disclosure("页面文字中没有找到带“编制单位/单位：元”的表格标题")
    doc = Disclosure(source=source, format=fmt, pages=len(pages))
    narrative: list[tuple[int, str]] = list(lines[: starts[0]])
    raws: list[RawTable] = []
    for n, start in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else len(lines)
        raw, end = _read_table(lines, start, stop)
        raws.append(raw)
        narrative.extend(lines[end:stop])
    by_key = {r.key: r for r in raws}
    for raw in raws:
        if raw.key in doc.tables:
            doc.warnings.append(f"“{raw.title}”出现了不止一次，只读取了第一张。")
            continue
        if raw.key == "three_public":
            place_three_public(raw, doc.tables)
        doc.tables[raw.key] = build(raw, by_key, doc.warnings, doc.tables)
    while narrative and not narrative[0][1].strip():
        narrative.pop(0)
    while narrative and not narrative[-1][1].strip():
        narrative.pop()
    doc.narrative = "\n".join(line for _, line in narrative)
    doc.narrative_pages = [page for page, _ in narrative]
    doc.department = _department("\n".join(t for _, t in pages))
    return doc


def load_pages_json(data: bytes) -> list[tuple[int, str]]:
    """``[{"page": 1, "text": "…"}, …]`` → ``[(1, "…"), …]`` in page order."""
    try:
        items = json.loads(data.decode("utf-8-sig"))
        pages = [(int(p["page"]), str(p["text"])) for p in items]
    except (ValueError, TypeError, KeyError, UnicodeDecodeError, RecursionError) as exc:
        raise errors.UnreadableDocument(
            "文件是 JSON，但不是按页排列的文字（应为 [{\"page\": 1, \"text\": \"…\"}, …]），无法读取，"
            "请上传公开文件的 PDF 原件。",
            reason="corrupt",
        ) from exc
    return sorted(pages)


def _is_title(lines: list[tuple[int, str]], i: int) -> bool:
    text = lines[i][1].strip()
    key = classify_title(text)
    if key is None or not is_contract(key):  # this layout prints the contract's tables only
        return False
    nxt = next((line for _, line in lines[i + 1 : i + 3] if line.strip()), "")
    return bool(PREAMBLE_RE.search(nxt))


def _read_table(lines: list[tuple[int, str]], start: int, stop: int) -> tuple[RawTable, int]:
    page, title = lines[start][0], lines[start][1].strip()
    key = classify_title(title) or ""
    header = lines[start + 1][1]
    raw = RawTable(key, title, detect_unit(header))
    body: list[tuple[int, str]] = []
    end = stop
    current_page = page
    for i in range(start + 2, stop):
        p, line = lines[i]
        s = line.strip()
        if p != current_page:
            current_page = p
            if not _continues(key, [x for q, x in lines[i:stop] if q == p]):
                end = i
                break
        if NOTE_RE.match(s):
            raw.note = s
            end = i + 1
            break
        body.append((p, s))
    raw.end = end
    table_lines = [s for _, s in body]
    if key == "three_public":
        _three_public(raw, table_lines)
    elif key in TWO_SIDED_KEYS:
        _two_sided_table(raw, table_lines)
    else:
        _coded_table(raw, table_lines)
    raw.page = page
    return raw, end


def _continues(key: str, page_lines: list[str]) -> bool:
    """A page without a title continues the table when its lines are that table's header or rows."""
    for s in (x.strip() for x in page_lines):
        if not s:
            continue
        if key in TWO_SIDED_KEYS:
            return bool(SUMMARY_ITEM_ROW_RE.match(s)) or s.startswith("项目")
        return bool(_CODE_ROW.match(s) or TOTAL_ROW_NOT_TITLE_RE.match(s)) or s.startswith("项目")
    return False


def _header_columns(key: str, header_lines: list[str]) -> tuple[tuple[str, ...], dict[str, str]] | None:
    """Contract columns named in the header, in printed order, from its 合计 onwards."""
    aliases = COLUMN_ALIASES.get(key, {})
    text = unicodedata.normalize("NFKC", "".join(header_lines)).replace(" ", "")
    at = text.find("合计")
    if at < 0 or not aliases:
        return None
    text = text[at:]
    found: list[str] = []
    titles: dict[str, str] = {}
    i = 0
    names = sorted(aliases, key=len, reverse=True)
    while i < len(text):
        hit = next((h for h in names if text.startswith(h, i)), None)
        if hit is None:
            i += 1
            continue
        col = aliases[hit]
        if col not in found:
            found.append(col)
            titles[col] = hit
        i += len(hit)
    return (tuple(found), titles) if found else None


def _coded_table(raw: RawTable, body: list[str]) -> None:
    """Code rows (``code name figures…``) and the 合计 row; other lines are column headers.

    A line whose text goes on after its figures holds two rows side by side (决算 layouts print
    the economic classes in two halves): it is not read, and the warning names it.
    """
    header: list[str] = []
    for s in body:
        m = _CODE_ROW.match(s)
        if m:
            code, rest = m["code"].replace(" ", ""), m["rest"]
        elif TOTAL_ROW_NOT_TITLE_RE.match(s):
            code, rest = None, s
        else:
            code, rest = None, ""
        toks = rest.split()
        first = next((k for k, t in enumerate(toks) if is_amount(t)), len(toks))
        text, tail = toks[:first], toks[first:]
        if rest == "" or (code is None and any(not is_amount(t) for t in toks[1:])):
            if not raw.rows:
                header.append(s)  # a column header (``合计 基本支出 项目支出`` is one too)
            continue
        # text after the figures, or figures printed at different precisions (``2,082.85 302``: a
        # second row's code), mean two rows side by side
        if any(not is_amount(t) for t in tail) or len({_decimals(t) for t in tail}) > 1:
            raw.warnings.append(f"{raw.title}：“{s}”一行里并排印有多行内容，无法分开，未读取。")
            continue
        figures = [parse_amount(t) for t in tail]
        raw.rows.append(RawRow({"row": None, "code": code, "name": "".join(text)}, figures, s))  # type: ignore[arg-type]
    cols = _header_columns(raw.key, header)
    if cols:
        raw.columns, raw.column_titles = cols
    if raw.rows and not any(r.figures for r in raw.rows) and raw.note:
        raw.rows = []  # printed empty: only a bare 合计 line and the note


def _decimals(token: str) -> int:
    return len(token.rsplit(".", 1)[1]) if "." in token else 0


def _two_sided_table(raw: RawTable, body: list[str]) -> None:
    if raw.key == "summary":
        raw.columns = SUMMARY_SPEND_COLUMNS
        raw.column_titles = {"expenditure_amount": "合计", **SUMMARY_SPEND_TITLES}
    for s in body:
        if not SUMMARY_ITEM_ROW_RE.match(s):
            continue
        row = two_sided_record(raw, len(raw.rows) + 1, [s], s)
        row.cells["row"] = None
        raw.rows.append(row)


def _three_public(raw: RawTable, body: list[str]) -> None:
    """The horizontal 三公 table: keep its line of figures; they are placed once the 基本支出表 is read."""
    figures_line = next((s for s in body if s.split() and all(is_amount(t) for t in s.split())), None)
    raw.columns = ("total",)
    raw.across = [parse_amount(t) for t in figures_line.split()] if figures_line else None  # type: ignore[misc]
    _three_public_rows(raw, {})


def place_three_public(raw: RawTable, built: dict[str, Table]) -> None:
    """Place the 三公 figures by 合计 = Σ items, 购置及运行费 = 购置费 + 运行费.

    Where that leaves several placements, the same expenses printed in the 基本支出表
    (:data:`THREE_PUBLIC_ECONOMIC`, converted to the 三公 table's unit) decide, and the warning says so.
    """
    figures = raw.across
    if not figures:
        return
    printed = " ".join(format(f, "f") for f in figures)
    own = solve(Problem(THREE_PUBLIC_ACROSS, [figures], [None], THREE_PUBLIC_IDENTITIES))[0]
    pool, how = own.surviving, "“合计＝各项之和”"
    if len(pool) > 1 and (known := _economic_evidence(raw, built)):
        other = solve(Problem(THREE_PUBLIC_ACROSS, [figures], [None], THREE_PUBLIC_IDENTITIES, known={0: known}))[0]
        if len(other.surviving) == 1:
            pool = other.surviving
            how += f"和{built['basic_expenditure'].title}中的{'、'.join(known)}"
    agreed = agreed_cells(figures, pool, len(THREE_PUBLIC_ACROSS)) or []
    cells = {THREE_PUBLIC_ACROSS[c]: v for c, v in enumerate(agreed) if v is not None}
    _three_public_rows(raw, cells)
    if len(figures) == len(THREE_PUBLIC_ACROSS):
        return
    if len(pool) == 1:
        raw.warnings.append(f"{raw.title}：横排的 {printed} 缺少空白栏，各数所属项目由{how}唯一推定。")
    else:
        placed = "、".join(f"{k} {format(v, 'f')}" for k, v in cells.items()) or "无"
        raw.warnings.append(
            f"{raw.title}：横排的 {printed} 缺少空白栏，{how}只能确定 {placed}，其余数字可属于不同项目，未放置。"
        )


def _economic_evidence(raw: RawTable, built: dict[str, Table]) -> dict[str, Decimal | None]:
    basic = built.get("basic_expenditure")
    if basic is None or raw.unit is None or basic.unit not in UNIT_TO_YUAN or raw.unit not in UNIT_TO_YUAN:
        return {}
    rows = basic.rows_by_code()
    scale = UNIT_TO_YUAN[basic.unit] / UNIT_TO_YUAN[raw.unit]
    return {item: rows[code]["total"] * scale for item, code in THREE_PUBLIC_ECONOMIC.items()
            if code in rows and rows[code].get("total") is not None}


def _three_public_rows(raw: RawTable, cells: dict[str, Decimal]) -> None:
    names = {"因公出国（境）费": "一、因公出国（境）费", "公务用车购置及运维费": "二、公务用车购置及运维费",
             "公务接待费": "三、公务接待费"}
    order = ["合计", "因公出国（境）费", "公务用车购置及运维费", "其中：公务用车购置费", "公务用车运行维护费",
             "公务接待费", "机关运行经费"]
    raw.rows = [RawRow({"row": n, "item": names.get(item, item), "total": cells.get(item)})
                for n, item in enumerate(order, start=1)]


def _department(text: str) -> Department:
    """The department as :func:`~connectors.readers.meta.read_meta` reads every format, its name as printed.

    ``read_meta`` matches on NFKC text, so a name printed with full-width brackets
    (``石泉路街道办事处（本级）``) comes back with ASCII ones; page text keeps what the page prints.
    """
    dep = read_meta(text)
    dep.name = _as_printed(text, dep.name)
    return dep


def _as_printed(text: str, normalised: str | None) -> str | None:
    """The stretch of ``text`` whose NFKC form is ``normalised`` (``normalised`` itself if none is)."""
    if not normalised:
        return normalised
    starts: list[int] = []  # offset in the NFKC text where each character of ``text`` begins
    folded: list[str] = []
    at = 0
    for ch in text:
        starts.append(at)
        f = unicodedata.normalize("NFKC", ch)
        folded.append(f)
        at += len(f)
    i = "".join(folded).find(normalised)
    if i < 0 or i not in starts:
        return normalised
    first = starts.index(i)
    end = i + len(normalised)
    last = next((k for k in range(first, len(text)) if starts[k] + len(folded[k]) >= end), None)
    if last is None or starts[last] + len(folded[last]) != end:
        return normalised
    return text[first : last + 1]
