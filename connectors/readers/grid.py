"""A grid of printed cell strings → one canonical :class:`~disclosure.model.Table`.

Every reader that sees a table as rows of cells on one column grid (the PDF reader after it has
assigned words to columns, the XLSX reader straight from the sheet) hands the grid here, so the
mapping from printed headers to contract columns, code joining, totals rows and exact amounts is
written once.  Layout knowledge (which header means which column) is data in
:mod:`disclosure.tables`; this module only applies it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from disclosure.amounts import half_unit, is_amount, is_empty_cell, normalise, parse_amount
from disclosure.codes import MAX_DIGITS
from disclosure.model import ColumnSum, Table
from disclosure.reference_names import is_subject_name
from disclosure.tables import (
    ALL_TABLE_SPECS,
    CODED_KINDS,
    EXTRA_COLUMN_KEYS,
    column_key,
    normalise_header,
    repeat_key,
    text_key,
)
from disclosure.vocabulary import (
    BARE_GRAND_TOTAL_NAMES,
    CAR_HEADING_RE,
    CARRIED_IN_HEADER_RE,
    CODE_HEADER_RE,
    CODE_PART_HEADERS,
    COLUMN_NUMBER_LABELS,
    COMPARISON_HEADER_RE,
    EMPTY_BODY_WORDS,
    GRAND_TOTAL_RE,
    HEADER_YEAR_RE,
    ITEM_END_RE,
    ITEM_HEADER_RE,
    ITEM_START_RE,
    NAME_HEADER_RE,
    NOTE_RE,
    OF_WHICH_PREFIX_RE,
    OF_WHICH_RE,
    OTHER_PERIOD_RE,
    PERIOD_HEADER_RE,
    PROCUREMENT_CATEGORY_RE,
    RATIO_HEADER_RE,
    ROW_NUMBER_HEADERS,
    THREE_PUBLIC_EXTRA_ITEMS,
    THREE_PUBLIC_HEADING,
    THREE_PUBLIC_HEADING_RE,
    THREE_PUBLIC_ITEMS,
    THREE_PUBLIC_SUBTOTAL,
    THREE_PUBLIC_SUBTOTAL_RE,
    TOTAL_HEADER_RE,
    TOTAL_ROW_RE,
    UNIT_CODE_HEADER_RE,
    UNIT_NAME_HEADER_RE,
    USE_GROUP_HEADER_RE,
    USE_ITEM_RE,
    header_core,
)

from .corroborate import corroborate

Cell = str | None

_DIGITS_RE = re.compile(r"^\d+$")
_CODE_AND_NAME_RE = re.compile(r"^[\[【(（]?(\d{3,7})[\]】)）]?\s*(\S.*)$")
#: A name cell that carries its code in brackets (``[2010101]行政运行``, ``【201】一般公共服务支出``).
_BRACKETED_CODE_RE = re.compile(r"^[\[【(（](\d{3}|\d{5}|\d{7})[\]】)）]\s*\S")
_TWO_SIDED = ("summary", "fiscal_summary")
_SUMMARY_RIGHT = ("expenditure_total", "expenditure_general", "expenditure_fund", "expenditure_capital")


def build_table(
    key: str,
    title: str,
    header_rows: Sequence[Sequence[Cell]],
    body_rows: Sequence[Sequence[Cell]],
    unit: str,
    *,
    page: int | None = None,
    warnings: list[str] | None = None,
    note: str | None = None,
    joined: bool = False,
) -> Table:
    """Build the contract table ``key`` from printed header and body rows on one column grid.

    ``header_rows`` and ``body_rows`` are rows of cell strings (``None`` or ``""`` for an empty
    cell), every row on the same columns.  A header cell merged across several columns may be
    given in its first column only or repeated across its span; a header printed over several
    lines in one cell may be one string or split over header rows in the same column.

    What it does, and why:

    * Printed headers map to contract columns through :data:`disclosure.tables.COLUMN_ALIASES`
      (the lowest header of a column first, then the column's whole header stack).  A header the
      contract does not know becomes an extra column (``carryover_begin`` …, else ``extra_N``)
      kept with its printed title in ``column_titles``: a template may add columns.
    * Codes printed in 类/款/项 columns are joined (``201 | 13 | 01`` → ``2011301``); a code
      printed in one column is kept as its digits.  A part of unusual length (``301 | 2``) is
      joined as printed (``3012``) and named in ``warnings``: the rules judge it, we do not fix it.
    * A body row holding only name text continues the previous row's name (wrapped names); a row
      holding only digits continues the previous row's code (wrapped codes).
    * Totals rows (合计, 总计, 本年收入合计 …) stay rows, with ``code`` None.
    * Amounts are parsed exactly with :func:`disclosure.amounts.parse_amount`: each cell keeps the
      precision it was printed with; ``-`` and blank are ``None``; text in an amount cell is
      ``None`` plus a warning (never a guess).
    * ``summary`` / ``fiscal_summary`` are two-sided: the first item column and its amount are
      the income side, the second item column starts the expenditure side; one printed line is
      one row.
    * ``three_public``: Shanghai prints it as ONE horizontal row (合计, 因公出国(境)费, 公务接待费,
      公务用车购置及运行费 小计/购置费/运行费, 机关运行经费).  It is turned into item rows in the
      contract's order: 合计, 因公出国（境）费, 公务用车购置及运维费, 其中：公务用车购置费,
      公务用车运行维护费, 公务接待费 with the value in ``total``, plus 机关运行经费 as its own row.
      In a 决算 layout each item has 预算数/决算数 columns: 决算数 goes to ``total`` and 预算数 to
      the extra column ``budget``.  A vertical layout (items as rows) is read like any table.
    * ``basic_expenditure`` in the 决算 layout prints two tables side by side: 人员经费 items
      (code, name, 决算数) on the left half, 公用经费 items on the right, closed by
      ``人员经费合计 … 公用经费合计 …``.  Each code row keeps its amount in ``total`` and in
      ``personnel`` or ``public`` by the half it is printed in; the two half totals become one
      ``合计`` row (``total`` is their sum only when both are printed: nothing is invented).
    * Lines starting with 注：/说明： are the table's note, not rows.  A body of only ``无`` (or no
      rows at all) gives ``rows == []`` with the note kept: an empty table printed empty.

    ``warnings`` (if given) is appended to with sentences naming the table; ``page`` and ``note``
    are recorded on the table.  ``joined``: each body row is a whole printed row already (cells read
    from a ruled PDF), so no row is a wrapped piece of the one above.
    """
    warn = warnings if warnings is not None else []
    width = max([len(r) for r in [*header_rows, *body_rows]] or [0])
    headers = [_pad(r, width) for r in header_rows]
    body = [_pad(r, width) for r in body_rows]
    notes = [note] if note else []
    body = _strip_notes(body, notes)
    # The 栏次 line (column numbers 1 2 3 …, ``** ** 1 2 3``) is neither a header nor a row.
    headers = [h for h in headers if not _is_column_numbers(h)]
    body = [r for r in body if not _is_column_numbers(r)]
    stacks = [_dedupe([normalise_header(h[j]) for h in headers if not is_empty_cell(h[j]) and normalise_header(h[j])])
              for j in range(width)]
    ctx = _Ctx(key, title, warn)
    ctx.joined = joined
    columns, titles, rows = _shape_rows(key, stacks, body, ctx)
    if _is_printed_empty(rows):
        rows = []
    rows = [{"row": r.get("row", i), **{k: v for k, v in r.items() if k != "row"}}
            for i, r in enumerate(rows, start=1)]
    table = Table(key=key, title=title, columns=columns, rows=rows, unit=unit,
                  note="\n".join(notes) if notes else None, column_titles=titles, page=page, column_sums=ctx.sums,
                  problems=ctx.problems)
    corroborate(table)
    return table


Rows = tuple[list[str], dict[str, str], list[dict[str, Any]]]


@dataclass(frozen=True)
class Shape:
    """A printed layout of a table: when it applies, and how its rows are built.

    ``detect(key, stacks, body)`` gives None (or False) when the layout is not this one, else a
    match handed to ``build(key, stacks, body, ctx, match)`` (the column where a split page's right
    half starts, say).  :data:`SHAPES` is tried in order; a new layout is one more entry."""

    name: str
    detect: Callable[[str, list[list[str]], list[list[str]]], Any]
    build: Callable[[str, list[list[str]], list[list[str]], _Ctx, Any], Rows]


def _shape_rows(key: str, stacks: list[list[str]], body: list[list[str]], ctx: _Ctx) -> Rows:
    for shape in SHAPES:
        match = shape.detect(key, stacks, body)
        if match is not None and match is not False:
            return shape.build(key, stacks, body, ctx, match)
    raise AssertionError("the last shape (plain) matches every table")


class _Ctx:
    def __init__(self, key: str, title: str, warnings: list[str]) -> None:
        self.key, self.title, self.warnings = key, title, warnings
        self.sums: list[ColumnSum] = []  # the header's sum relations, set by the layout that reads them
        self.joined = False  # rows come as whole printed cells (a ruled PDF): no wrapped pieces to join
        self.problems: list[str] = []  # what could not be read with confidence (the table's problems)

    def amount(self, text: Cell, where: str) -> Decimal | None:
        if is_empty_cell(text):
            return None
        try:
            return parse_amount(text)
        except ValueError:
            self.warnings.append(f"{self.title}：{where}的“{text}”不是金额，按空白处理，请核对原表。")
            self.problems.append(f"{where}的“{text}”不是金额，未能读出该格")
            return None


def _is_column_numbers(row: Sequence[str]) -> bool:
    """The line numbering the columns: 栏次 / 行次 with numbers and placeholders only, or only
    consecutive numbers from 1 (or 0) with at most placeholders (``*``, ``**``, 栏次) beside them:
    furniture, not a row of figures.  A header line naming a 行次 column among others (项目 | 行次 |
    决算数, Xi'an's 收入支出决算总表) is a header."""
    cells = [normalise(c) for c in row if c and normalise(c)]
    if any(c in COLUMN_NUMBER_LABELS for c in cells):
        return all(c in COLUMN_NUMBER_LABELS or c.isdigit() or not c.strip("*") for c in cells)
    numbers = [c for c in cells if c.isdigit()]
    if len(numbers) < 3 or any(not c.isdigit() and c.strip("*") for c in cells):
        return False
    ints = [int(c) for c in numbers]
    return ints[0] in (0, 1) and ints == list(range(ints[0], ints[0] + len(ints)))


def _dedupe(stack: list[str]) -> list[str]:
    """A header merged down several rows comes repeated in each (XLSX): one level, not three."""
    return [h for i, h in enumerate(stack) if i == 0 or h != stack[i - 1]]


def _pad(row: Sequence[Cell], width: int) -> list[str]:
    out = [("" if c is None else str(c).strip()) for c in row]
    return out + [""] * (width - len(out))


def _strip_notes(body: list[list[str]], notes: list[str]) -> list[list[str]]:
    """Rows from a 注：/说明： line on are the note (its wrapped lines included), not table rows."""
    kept: list[list[str]] = []
    in_note = False
    for row in body:
        texts = [c for c in row if c]
        if texts and NOTE_RE.match(texts[0]):
            notes.append("".join(texts))
            in_note = True
        elif in_note and texts and not any(is_amount(t) for t in texts):
            notes[-1] += "".join(texts)
        else:
            in_note = False
            kept.append(row)
    return kept


def _is_printed_empty(rows: list[dict[str, Any]]) -> bool:
    """Rows that are only ``无`` markers, or only a totals row with every amount blank."""
    if not rows:
        return True
    for r in rows:
        values = [v for k, v in r.items() if k != "row" and v not in (None, "")]
        texts = {v for v in values if isinstance(v, str)}
        amounts = [v for v in values if isinstance(v, Decimal)]
        if amounts or (texts - EMPTY_BODY_WORDS and not all(TOTAL_ROW_RE.match(t) for t in texts)):
            return False
    return True


# ---------------------------------------------------------------- column roles


def _role(key: str, stack: list[str]) -> tuple[str, Any]:
    """What a column holds, from its header stack (lowest header first, then the whole stack)."""
    if not stack:
        return ("unknown", None)
    candidates = [stack[-1], "".join(stack), *reversed(stack[:-1])]
    # 其中：基本支出 names the column it is a part of: the words after 其中 are its meaning
    candidates += [OF_WHICH_PREFIX_RE.sub("", c) for c in candidates if OF_WHICH_PREFIX_RE.match(c)]
    # 支出项目类别（资金使用单位）, 金额（万元）: the words before the bracketed qualifier
    candidates += [header_core(c) for c in candidates if header_core(c) != c]
    if RATIO_HEADER_RE.search(stack[-1]) and not column_key(key, stack[-1]):
        return ("text", None)  # 增减%, 增长率: kept as printed, never summed
    for text in candidates:
        if text in ROW_NUMBER_HEADERS:
            return ("row", None)
        if text in CODE_PART_HEADERS:
            return ("code_part", CODE_PART_HEADERS[text])
        col = column_key(key, text)
        if col:
            return ("amount", col)
        label = text_key(key, text)
        if label:
            return ("text", label)
        if text in EXTRA_COLUMN_KEYS:
            return ("extra", EXTRA_COLUMN_KEYS[text])
        if UNIT_CODE_HEADER_RE.match(text):
            return ("text", "unit_code")
        if UNIT_NAME_HEADER_RE.match(text):
            return ("name", None)
        if CODE_HEADER_RE.search(text):
            return ("code", None)
        if NAME_HEADER_RE.search(text):
            return ("name", None)
    return ("extra", None)


def _column_title(stack: list[str]) -> str:
    return "".join(stack) if len(stack) < 2 else stack[-1] if stack[-1] not in EXTRA_COLUMN_KEYS else "".join(stack)


def _contract_columns(key: str) -> list[str]:
    spec = ALL_TABLE_SPECS.get(key)
    return list(spec.columns) if spec else ["row", "code", "name"]


def _unique(col: str, used: set[str]) -> str:
    out, n = col, 2
    while out in used:
        out, n = repeat_key(col, n), n + 1
    used.add(out)
    return out


# ---------------------------------------------------------------- plain (one row per line) tables


def _several_figures(cell: str) -> bool:
    """Two or more figures and nothing else in one cell (``131.50 100.00``): amounts the reading put
    in one column that the page prints in several."""
    parts = cell.split()
    return len(parts) >= 2 and all(is_amount(p) for p in parts)


def _names_a_subject(name: str) -> bool:
    """A row name the reference knows as a subject's (一般公共服务支出), not a total, a 其中 line or a
    group label (人员经费, 基本支出): such a row without a code lost it in the reading."""
    t = normalise(name)
    if TOTAL_ROW_RE.match(t) or GRAND_TOTAL_RE.match(t) or OF_WHICH_RE.match(t) or t in EMPTY_BODY_WORDS:
        return False
    return is_subject_name(t)


def _inherit_parts(parts: dict[int, str], above: dict[int, str]) -> tuple[dict[int, str], dict[int, str]]:
    """类/款 printed once for the rows under them (a cell merged down, as Excel prints it): a row
    printing only 款 (or only 项), two digits each, takes the 类 (and 款) of the coded row above it.
    (A layout printing the whole code in each level's column, 20101 under 款, needs nothing.)
    Returns the row's parts and the parts the next row inherits from."""
    digits = {i: normalise(p) for i, p in parts.items() if normalise(p)}
    if not digits or not all(_DIGITS_RE.match(d) for d in digits.values()):
        return parts, above
    first = min(digits)
    standard = all(len(d) == (3 if i == 0 else 2) for i, d in digits.items())
    if first > 0 and standard and all(above.get(i) for i in range(first)):
        digits = {**{i: above[i] for i in range(first)}, **digits}
    return {**parts, **digits}, digits


def _codes_in_names(roles: list[tuple[str, Any]], body: list[list[str]]) -> list[tuple[str, Any]]:
    """A name column whose cells print their code in brackets (``[201]一般公共服务支出``, most of
    them) holds code and name: read it as the code column, which splits the two."""
    out = list(roles)
    for j, (kind, _) in enumerate(roles):
        if kind != "name":
            continue
        cells = [normalise(r[j]) for r in body if j < len(r) and r[j] and not is_empty_cell(r[j])]
        coded = sum(1 for c in cells if _BRACKETED_CODE_RE.match(c))
        if cells and coded * 2 > len(cells):
            out[j] = ("code", None)
            break
    return out


def _group_total_role(key: str, stacks: list[list[str]], j: int) -> tuple[str, Any] | None:
    """A 小计 (合计) under a heading that spans only some of the money columns is that heading's
    total (一般公共预算拨款 / 小计 beside 政府性基金拨款 …), not the table's 本年收入小计: its meaning is
    the heading's.  Under a heading over every money column (一般公共预算支出 / 小计 | 基本支出 | 项目支出)
    it is the table's total, read as usual (None)."""
    stack = stacks[j]
    if len(stack) < 2 or stack[-1] != "小计":  # a 合计 under a heading (收入预算 / 合计) is the table's
        return None
    depth = len(stack) - 2
    parent = stack[depth]
    under = {k for k, st in enumerate(stacks) if len(st) > depth + 1 and st[: depth + 1] == stack[: depth + 1]}
    beside = [k for k, st in enumerate(stacks) if k not in under and st and _role(key, st)[0] in ("amount", "extra")]
    if not beside:
        return None
    col = column_key(key, parent)
    return ("amount", col) if col else ("extra", None)


def _numbers_the_rows(cells: list[str]) -> bool:
    """A column printing 1, 2, 3 … (consecutive whole numbers from 1, one per row, at least three):
    it numbers the rows (序号), it holds no money."""
    values = [normalise(c) for c in cells if c and not is_empty_cell(c)]
    if len(values) < 3 or not all(v.isdigit() for v in values):
        return False
    return [int(v) for v in values] == list(range(1, len(values) + 1))


def _one_classification(roles: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """A row printed under two classifications (部门经济科目编码 | 名称 | 政府经济科目编码 | 名称, Xi'an;
    功能科目 | 政府经济科目 | 部门经济科目): the first code column and the name after it are the row's code
    and name; the later ones are labels kept as printed (never glued into one 12-digit code)."""
    codes = [j for j, (kind, _) in enumerate(roles) if kind == "code"]
    if len(codes) < 2 or any(kind == "code_part" for kind, _ in roles):
        return roles
    out = list(roles)
    second = codes[1]
    for j in range(second, len(out)):
        if out[j][0] in ("code", "name"):
            out[j] = ("text", None)
    return out


def _plain_rows(key: str, stacks: list[list[str]], body: list[list[str]], ctx: _Ctx):
    group_totals = {j: r for j in range(len(stacks)) if (r := _group_total_role(key, stacks, j))}
    roles = [group_totals.get(j) or _role(key, s) for j, s in enumerate(stacks)]
    name_key = "item" if key == "three_public" else "name"
    if not any(r[0] in ("code", "code_part") for r in roles):
        roles = _codes_in_names(roles, body)
    roles = _one_classification(roles)
    coded = any(r[0] in ("code", "code_part") for r in roles)
    # A column with no header: text → name, numbers → extra amount, nothing → ignored.
    def col_is_text(j: int) -> bool:
        cells = [r[j] for r in body if r[j] and not is_empty_cell(r[j])]
        return bool(cells) and sum(1 for c in cells if not is_amount(c)) * 2 > len(cells)

    for j, (kind, _) in enumerate(roles):
        if kind == "unknown":
            cells = [r[j] for r in body if r[j]]
            if not cells:
                roles[j] = ("skip", None)
            elif all(is_amount(c) or is_empty_cell(c) for c in cells):
                roles[j] = ("extra", None)
            else:
                roles[j] = ("name", None)
        elif kind == "extra" and col_is_text(j):
            roles[j] = ("text", None)  # an unknown header over words, not figures: a label column
    for j, (kind, _) in enumerate(roles):
        if kind in ("amount", "extra") and _numbers_the_rows([r[j] for r in body]):
            roles[j] = ("row", None)  # 1, 2, 3 … down the rows: the 序号 column, whatever its header reads
    if not any(kind in ("name", "code", "code_part") for kind, _ in roles):
        # no column says it holds the rows' names (支出项目类别（资金使用单位）): the first column of words does
        first_text = next((j for j, r in enumerate(roles) if r == ("text", None)), None)
        if first_text is not None:
            roles[first_text] = ("name", None)
    if key == "income" and not any(r == ("amount", "total") for r in roles):
        # 决算 收入决算表 has no 合计 column: 本年收入合计 is the row total.
        roles = [("amount", "total") if r == ("amount", "subtotal") else r for r in roles]
    money = [j for j, (kind, _) in enumerate(roles) if kind in ("amount", "extra")]
    if len(money) == 1 and roles[money[0]] != ("amount", "total") \
            and (key in CODED_KINDS or key in ("income", "three_public")):
        roles[money[0]] = ("amount", "total")  # a table of one 金额 column: that column is its total
    used: set[str] = set()
    col_of: list[str | None] = []
    titles: dict[str, str] = {}
    extra_n = text_n = 0
    text_of: dict[int, str] = {}
    for j, (kind, col) in enumerate(roles):
        if kind in ("amount", "extra"):
            if col is None:
                extra_n += 1
                col = f"extra_{extra_n}"
            col = _unique(col, used)
            # a group's 小计 the contract has no key for is named by its group (一般公共预算拨款小计)
            titles[col] = "".join(stacks[j][-2:]) if group_totals.get(j) == ("extra", None) \
                else _column_title(stacks[j])
            col_of.append(col)
        else:
            col_of.append(None)
            if kind == "text":
                if col is None:
                    text_n += 1
                    col = f"text_{text_n}"
                text_of[j] = col = _unique(col, used)
                titles[col] = _column_title(stacks[j])
    columns = _contract_columns(key)
    if not coded:
        columns = [c for c in columns if c not in ("code", "name")] if key == "three_public" else columns
    columns += [c for c in col_of if c and c not in columns]
    columns += [c for c in text_of.values() if c not in columns]
    # Two name columns in a table without codes: the left one labels groups of rows (收入预算总表:
    # 一般公共预算资金 | 小计 / 公共财政拨款 / 专项收入), printed once, centred in a merged cell.
    names = [j for j, (kind, _) in enumerate(roles) if kind == "name"]
    group_col = names[0] if not coded and len(names) >= 2 else None
    if group_col is not None:
        columns.append("group")
        titles["group"] = _column_title(stacks[group_col]) or "类别"

    rows: list[dict[str, Any]] = []
    above: dict[int, str] = {}  # the 类/款/项 parts of the last coded row, for parts merged down
    for line in body:
        code_parts: dict[int, str] = {}
        code_text, texts, amounts, printed_row = "", [], {}, None
        labels: dict[str, str] = {}
        group_text = ""
        for j, cell in enumerate(line):
            kind, part = roles[j]
            if not cell:
                continue
            if kind in ("text", "name") and _several_figures(cell):
                ctx.problems.append(f"{_column_title(stacks[j]) or '文字'}列的“{cell}”是几个数字挤在一格，"
                                    "未能分清各属哪一栏")
            if kind == "text":
                labels[text_of[j]] = labels.get(text_of[j], "") + cell.strip()
            elif kind == "code_part":
                code_parts[part] = code_parts.get(part, "") + normalise(cell)
            elif kind == "code":
                code_text += cell
            elif kind == "name" and j == group_col:
                group_text += cell.strip()
            elif kind == "name":
                texts.append(cell)
            elif kind == "row":
                printed_row = cell
            elif col_of[j]:
                amounts[col_of[j]] = cell
        name = "".join(t.strip() for t in texts)
        code_parts, above = _inherit_parts(code_parts, above)
        if coded and not normalise(code_text) and not code_parts and _BRACKETED_CODE_RE.match(normalise(name)):
            code_text, name = normalise(name), ""  # ``[201]一般公共服务支出`` printed across into the name column
        code, printed_code = _join_code(code_parts, code_text, name)
        if not code and not name:
            words = "".join(normalise(p) for p in code_parts.values() if not _DIGITS_RE.match(normalise(p)))
            if code_text or words:
                name = normalise(code_text) or words  # 合计 printed in the code column (or 类 of 类/款/项)
        elif code and code_text and not _DIGITS_RE.match(normalise(code_text)):
            name = (_CODE_AND_NAME_RE.match(normalise(code_text)) or [None, None, ""])[2] + name
        has_amount = any(not is_empty_cell(v) for v in amounts.values())
        if group_text:
            labels["group"] = group_text
        if not code and not name and not has_amount and not labels:
            continue
        prev = rows[-1] if rows else None
        if prev is not None and not has_amount and not code and not name and labels \
                and all(prev.get(k) for k in labels) and "group" not in labels:
            for k, text in labels.items():  # label cells wrapped onto a row of their own (or over a page)
                prev[k] += text
            continue
        if coded and prev is not None and not has_amount:
            if name and not code and not TOTAL_ROW_RE.match(name) and prev.get(name_key) is not None \
                    and name not in EMPTY_BODY_WORDS:
                prev[name_key] = (prev.get(name_key) or "") + name  # wrapped name
                continue
            if code and not name and prev.get("code") and len(prev["code"]) + len(code) <= MAX_DIGITS:
                prev["code"] = prev["code"] + code  # wrapped code
                continue
        row: dict[str, Any] = {}
        if printed_row and _DIGITS_RE.match(normalise(printed_row)):
            row["row"] = int(normalise(printed_row))
        if coded:
            row["code"] = code
        if name and code is None and TOTAL_ROW_RE.match(name):
            row["code"] = None if coded else row.get("code")
        row[name_key] = name or None
        for label, text in labels.items():
            row[label] = text
        where = f"{code or name or next(iter(labels.values()), '') or '第' + str(len(rows) + 1) + '行'}"
        for col in col_of:
            if col:
                row[col] = ctx.amount(amounts.get(col), f"“{where}”行{ctx_title(col, titles)}列")
        if coded and code is None and not name and not labels and has_amount:
            ctx.problems.append(f"{where}的金额没有对应的科目编码或名称")
        elif coded and code is None and name and has_amount and not labels and _names_a_subject(name):
            ctx.problems.append(f"“{name}”行有金额但没有读出科目编码（编码可能印在合并单元格中、与行错开）")
        if printed_code:
            ctx.warnings.append(
                f"{ctx.title}：科目编码“{printed_code}”（{name}）位数不合规范，按印刷的数字记为“{code}”，未作更正。")
        rows.append(row)
    if not coded:
        for r in rows:
            r.pop("code", None)
    if key == "procurement":
        _units_in_tree(rows)
    if group_col is not None:
        rows = _spread_groups(rows, name_key)
    ctx.sums = column_sums(stacks, {j: c for j, c in enumerate(col_of) if c})
    return columns, titles, rows


def _units_in_tree(rows: list[dict[str, Any]]) -> None:
    """A 政府采购 tree prints the budget unit between a 品目大类 and its items (货物 / 苏州市审计局 / 复印纸):
    a row whose only label, in the 品目大类 column, is not one of the 品目大类 (货物, 工程, 服务) names a
    unit: its subtotal, not another 品目大类.  Only in a tree that prints the 品目大类 at all."""
    labels = [normalise(r.get("category") or "") for r in rows]
    if not any(PROCUREMENT_CATEGORY_RE.match(label) for label in labels):
        return
    for r, label in zip(rows, labels, strict=True):
        if label and not PROCUREMENT_CATEGORY_RE.match(label) and not TOTAL_ROW_RE.match(label) \
                and not r.get("unit"):
            r["unit"] = r.pop("category")


def _spread_groups(rows: list[dict[str, Any]], name_key: str) -> list[dict[str, Any]]:
    """Give every row of a group its group's label.

    A group opens with its 小计 row; its label is printed once in a merged cell, centred, so it
    lands on any of the group's rows, or alone between two of them, or split over two (``上年结转和``
    / ``结余资金``).  A row holding only (a piece of) the label is not a row of the table."""
    segments: list[list[dict[str, Any]]] = []
    for r in rows:
        name = normalise(r.get(name_key) or "")
        if not segments or name == "小计" or (TOTAL_ROW_RE.match(name) and name not in ("小计",)
                                              and not r.get("group")):
            segments.append([])
        segments[-1].append(r)
    out: list[dict[str, Any]] = []
    for seg in segments:
        label = "".join(r.get("group") or "" for r in seg)
        for r in seg:
            only_label = r.get("group") and not r.get(name_key) and not any(
                isinstance(v, Decimal) for k, v in r.items() if k != "row")
            if only_label:
                continue
            if label and not TOTAL_ROW_RE.match(normalise(r.get(name_key) or "")) or normalise(r.get(name_key) or "") == "小计":
                r["group"] = label or None
            else:
                r.pop("group", None)
            out.append(r)
    return out


def column_sums(stacks: Sequence[Sequence[str]], money: dict[int, str]) -> list[ColumnSum]:
    """The sum relations a header states between amount columns (``money``: grid index → column key).

    Under each heading (or at the top level), a column headed 合计/小计/总计 printed first or last
    among the columns beside it is their sum; a sub-heading that has its own 小计 counts as that
    小计, one without counts as all its columns; a column headed 其中… is a part of another, not an
    addend.  A total printed in the middle of its siblings is not read as one: that happens when
    a group heading was not recognised, and a wrong relation would be a false finding.  A column
    or heading about another period or a comparison (上年预算数, 比上年增减, 2024年预算数 beside 2025年预算数) stands outside: not
    an addend of this year's 合计 and not a sibling that hides it (its own group's 合计 still is).
    """
    latest = max((int(y) for j in money for h in stacks[j] for y in HEADER_YEAR_RE.findall(h)), default=None)

    def elsewhen(heading: str) -> bool:
        """Another period or a comparison: 上年…, 增减…, a year's figures (2024年预算数), or a year
        before the latest one printed; never money carried into this year (上年度结转, 2024年结转,
        用事业基金弥补收支差额), which is a part."""
        if CARRIED_IN_HEADER_RE.search(heading):
            return False
        years = [int(y) for y in HEADER_YEAR_RE.findall(heading)]
        return bool(COMPARISON_HEADER_RE.search(heading) or PERIOD_HEADER_RE.search(heading)) \
            or any(y < (latest or y) for y in years)

    children: dict[tuple[str, ...], list[tuple[str, Any]]] = {}
    for j in sorted(money):
        path = tuple(stacks[j][:-1])
        for d in range(len(path)):
            node = ("group", path[: d + 1])
            siblings = children.setdefault(path[:d], [])
            if node not in siblings and not elsewhen(path[d]):
                siblings.append(node)
        leaves = children.setdefault(path, [])
        if not elsewhen(stacks[j][-1]):
            leaves.append(("leaf", j))

    def own_total(path: tuple[str, ...]) -> int | None:
        nodes = children.get(path, [])
        totals = [j for kind, j in nodes if kind == "leaf" and TOTAL_HEADER_RE.match(stacks[j][-1])]
        if len(totals) != 1 or len(nodes) < 2:
            return None
        return totals[0] if ("leaf", totals[0]) in (nodes[0], nodes[-1]) else None

    def addends(node: tuple[str, Any]) -> list[int] | None:
        kind, value = node
        if kind == "leaf":
            return [] if OF_WHICH_RE.match(stacks[value][-1]) else [value]
        total = own_total(value)
        if total is not None:
            return [total]
        out: list[int] = []
        for child in children.get(value, []):
            more = addends(child)
            if more is None:
                return None
            out += more
        return out or None

    sums: list[ColumnSum] = []
    for path in children:
        total = own_total(path)
        if total is None:
            continue
        parts: list[int] = []
        nodes = children[path]
        for n, node in enumerate(nodes):
            if node == ("leaf", total):
                continue
            # 小计 | 其中：基本支出 | 项目支出: a 其中 right after its total opens the list of parts
            opens = n > 0 and nodes[n - 1] == ("leaf", total) and node[0] == "leaf" and n + 1 < len(nodes)
            more = [node[1]] if opens else addends(node)
            if more is None:
                parts = []
                break
            parts += more
        if parts:
            sums.append(ColumnSum(money[total], tuple(money[j] for j in parts)))
    return sums


# ---------------------------------------------------------------- 决算 基本支出表: two halves side by side

#: Which contract column each half of the 决算 基本支出表 feeds, left to right.
_HALF_COLUMNS = ("personnel", "public")


def _economic_halves(key: str, stacks: list[list[str]]) -> int | None:
    """Where the right half starts: the first code column after a name column and an amount column."""
    roles = [_role(key, s) for s in stacks]
    names = [j for j, (kind, _) in enumerate(roles) if kind == "name"]
    if not names:
        return None
    for j in range(names[0] + 1, len(roles)):
        if roles[j][0] in ("code", "code_part"):
            if any(roles[i][0] == "amount" for i in range(names[0] + 1, j)):
                return j
            return None
    return None


def _economic_halves_rows(key: str, stacks: list[list[str]], body: list[list[str]], ctx: _Ctx, k: int):
    """Each half (columns before / from ``k``) read as its own coded table (wrapped names and codes
    continue within their half), then its amounts placed in ``personnel`` / ``public``; the half
    totals (人员经费合计 / 公用经费合计) and a printed grand 合计 make the one 合计 row."""
    halves = ((stacks[:k], [r[:k] for r in body]), (stacks[k:], [r[k:] for r in body]))
    columns = _contract_columns(key)
    titles: dict[str, str] = {}
    items: list[dict[str, Any]] = []
    half_totals: dict[str, Decimal | None] = {}
    grand: dict[str, Any] | None = None
    for side, (half_stacks, half_body) in zip(_HALF_COLUMNS, halves, strict=True):
        half_columns, half_titles, half_rows = _plain_rows(key, half_stacks, half_body, ctx)
        titles.update(half_titles)
        columns += [c for c in half_columns if c not in columns]
        for r in half_rows:
            name = normalise(r.get("name") or "")
            if r.get("code") is None and TOTAL_ROW_RE.match(name):
                if name in BARE_GRAND_TOTAL_NAMES:
                    grand = r
                elif side not in half_totals or half_totals[side] is None:
                    half_totals[side] = r.get("total")
                continue
            r[side] = r.get("total")
            items.append(r)
    if half_totals or grand is not None:
        total_row: dict[str, Any] = {"code": None, "name": "合计"}
        for side in _HALF_COLUMNS:
            total_row[side] = half_totals.get(side)
        printed_total = grand.get("total") if grand is not None else None
        parts = [total_row[s] for s in _HALF_COLUMNS]
        derived = sum(parts, Decimal(0)) if all(p is not None for p in parts) else None  # type: ignore[arg-type]
        total_row["total"] = printed_total if printed_total is not None else derived
        if grand is not None:
            total_row.update({c: v for c, v in grand.items() if c not in ("row", "code", "name", "total")})
        items.append(total_row)
    return columns, titles, [{c: r.get(c) for c in columns if c != "row" and (c in r or c in _HALF_COLUMNS)}
                             for r in items]


def ctx_title(col: str, titles: dict[str, str]) -> str:
    return titles.get(col) or col


def _join_code(parts: dict[int, str], code_text: str, name: str) -> tuple[str | None, str | None]:
    """The code's digits and, when a part has an unusual length, the code as printed (for a warning)."""
    if parts:
        digits = [parts.get(i, "") for i in range(3)]
        if not any(digits) or not all(_DIGITS_RE.match(d) for d in digits if d):
            return None, None
        code = "".join(digits)
        expected = (3, 2, 2)
        odd = any(d and len(d) != expected[i] for i, d in enumerate(digits)) or (digits[2] and not digits[1])
        return code, (" ".join(d for d in digits if d) if odd else None)
    t = normalise(code_text)
    if not t:
        return None, None
    if _DIGITS_RE.match(t):
        return t, None
    m = _CODE_AND_NAME_RE.match(t)
    return (m.group(1), None) if m else (None, None)


# ---------------------------------------------------------------- two-sided summary tables


def _two_sided_rows(key: str, stacks: list[list[str]], body: list[list[str]], ctx: _Ctx):
    """A summary printed as lists side by side: 收入 (item, amount) | 支出 (item, amounts …) and, in
    some provinces, a second spending list by use (基本支出 / 项目支出 / 单位预留机动经费 …).

    The first list is the income side (``income_item``, ``income_amount``); the spending list by
    function is ``expenditure_item`` with ``expenditure_amount`` (收支总表) or the 财政拨款收支总表's
    ``expenditure_total`` / ``_general`` / ``_fund`` / ``_capital``; the list by use is ``use_item`` /
    ``use_amount``.  The spending side's totals (本年支出合计, 支出合计 …) are that side's: their
    amount is kept in the side's total column whichever list's column prints it.
    """
    # A 序号/栏次 column numbers the rows: it is neither an item nor an amount.  Its header is its
    # last line (a 序号 spilling over the rule into the next column's stack, 序号/收入/项目, does not
    # make the item column a row number).
    row_cols = [j for j, st in enumerate(stacks) if st and st[-1] in ROW_NUMBER_HEADERS]
    printed_rows = [normalise(r[row_cols[0]]) if row_cols else "" for r in body]
    if row_cols:
        stacks = [[] if j in row_cols else st for j, st in enumerate(stacks)]
        body = [["" if j in row_cols else c for j, c in enumerate(r)] for r in body]
    width = len(stacks)
    is_item = []
    for j in range(width):
        cells = [r[j] for r in body if r[j]]
        texty = sum(1 for c in cells if not is_amount(c) and not is_empty_cell(c))
        by_header = bool(stacks[j]) and bool(ITEM_HEADER_RE.match(header_core(stacks[j][-1])))
        is_item.append(by_header or (not stacks[j] and texty > 0 and texty >= len(cells) / 2))
    # Lists: a run of item columns (an item printed over two grid columns) and the amount columns after it.
    lists: list[tuple[list[int], list[int]]] = []
    for j in range(width):
        if is_item[j]:
            if lists and not lists[-1][1]:
                lists[-1][0].append(j)
            else:
                lists.append(([j], []))
        elif stacks[j]:
            if not lists:
                lists.append(([], []))
            lists[-1][1].append(j)
    roles = _list_roles(lists, stacks, body)
    role_of = {j: role for (_, amounts), role in zip(lists, roles, strict=True) for j in amounts}
    col_of: dict[int, str] = {}
    item_of: dict[int, str] = {}
    used: set[str] = set()
    titles: dict[str, str] = {}
    for (items, amounts), role in zip(lists, roles, strict=True):
        for j in items:
            item_of[j] = role + "_item"
        if role == "income":
            names = ["income_amount"]
        elif role == "use":
            names = ["use_amount"]
        elif role.startswith("list"):
            names = [f"{role}_amount"]  # a further list of the same spending (部门 / 政府经济分类, Xi'an)
        else:
            names = ["expenditure_amount"] if key == "summary" else list(_SUMMARY_RIGHT)
        for n, j in enumerate(amounts):
            col = column_key(key, stacks[j][-1]) or column_key(key, "".join(stacks[j])) \
                if key != "summary" and role == "expenditure" else None
            if not col:
                # a further column of the income list (编制预算 / 上年结转 beside 本年预算) is the income
                # side's: named so, the spending side's sums never take it for one of theirs
                col = names[n] if n < len(names) else ("income_" if role == "income" else "") + f"extra_{n}"
            col = _unique(col, used)
            col_of[j] = col
            titles[col] = _column_title(stacks[j])
    side_total = "expenditure_amount" if key == "summary" else "expenditure_total"
    contract = _contract_columns(key)
    uses = "use" in roles
    further = [f"{role}_item" for role in roles if role.startswith("list")]
    columns = contract + [c for c in (["use_item"] if uses else []) + further + list(col_of.values())
                          if c not in contract]
    rows: list[dict[str, Any]] = []
    for line, printed in zip(body, printed_rows, strict=True):
        texts: dict[str, str] = {}
        for j, field_ in item_of.items():
            if line[j]:
                texts[field_] = texts.get(field_, "") + line[j]
        values = {col: line[j] for j, col in col_of.items()}
        # Numbers that fell in an un-headed column sit with the nearest amount column to their left.
        for j in range(width):
            if line[j] and j not in col_of and not is_item[j] and is_amount(line[j]):
                owner = max((k for k in col_of if k < j), default=None)
                if owner is not None and is_empty_cell(values[col_of[owner]]):
                    values[col_of[owner]] = line[j]
        has = {role: any(not is_empty_cell(values[col_of[j]]) for j in amounts)
               for (_, amounts), role in zip(lists, roles, strict=True)}
        if not ctx.joined:  # one printed line per row: an item wrapped in its cell continues the row above
            for field_ in list(texts):
                role = field_.removesuffix("_item")
                prev = next((r for r in reversed(rows) if r.get(field_)), None)
                if not has.get(role) and prev is not None and continues_item(prev[field_], texts[field_]):
                    prev[field_] += texts.pop(field_)
        if not texts and all(is_empty_cell(v) for v in values.values()):
            continue
        spend_label = texts.get("expenditure_item") or texts.get("use_item") or ""
        if texts.get("use_item") and TOTAL_ROW_RE.match(normalise(texts["use_item"])) \
                and not texts.get("expenditure_item"):
            texts["expenditure_item"] = texts.pop("use_item")  # the spending side's total, printed in the use list
        if spend_label and TOTAL_ROW_RE.match(normalise(spend_label)) and is_empty_cell(values.get(side_total)):
            moved = next((c for c in ("use_amount",) if not is_empty_cell(values.get(c))), None)
            if moved:
                values[side_total], values[moved] = values[moved], ""
                titles.setdefault(side_total, titles[moved])
        row: dict[str, Any] = {}
        if _DIGITS_RE.match(printed):
            row["row"] = int(printed)
        where = texts.get("income_item") or spend_label or f"第{len(rows) + 1}行"
        row["income_item"] = texts.get("income_item") or None
        for j, col in col_of.items():
            if role_of[j] == "income":
                row[col] = ctx.amount(values[col], f"“{texts.get('income_item') or where}”行{titles[col]}列")
        row["expenditure_item"] = texts.get("expenditure_item") or None
        if uses:
            row["use_item"] = texts.get("use_item") or None
        for item_key in further:
            row[item_key] = texts.get(item_key) or None
        for j, col in col_of.items():
            if role_of[j] != "income":
                row[col] = ctx.amount(values[col], f"“{spend_label or where}”行{titles[col]}列")
        if side_total not in row and not is_empty_cell(values.get(side_total)):
            row[side_total] = ctx.amount(values[side_total], f"“{spend_label or where}”行")
        rows.append(row)
    if side_total not in columns and any(side_total in r for r in rows):
        columns.append(side_total)
    return columns, titles, rows


#: A spending list by use: its group header says so, or its items are the uses.


def _list_roles(lists: list[tuple[list[int], list[int]]], stacks: list[list[str]],
                body: list[list[str]]) -> list[str]:
    """income for the first list; use for a list headed 支出用途 (or whose items are the uses);
    expenditure for the first other one; extra lists beyond are kept as expenditure extras."""
    roles: list[str] = []
    for n, (items, _amounts) in enumerate(lists):
        if n == 0:
            roles.append("income")
            continue
        heads = [h for j in items for h in stacks[j]]  # the list's own item header (a group may be misdrawn over amounts)
        texts = [normalise(r[j]) for r in body for j in items if r[j]]
        labelled = [t for t in texts if not TOTAL_ROW_RE.match(t)]
        by_items = bool(labelled) and sum(1 for t in labelled if USE_ITEM_RE.match(t)) * 2 > len(labelled)
        if (any(USE_GROUP_HEADER_RE.search(h) for h in heads) or by_items) and "use" not in roles:
            roles.append("use")
        elif "expenditure" not in roles:
            roles.append("expenditure")
        else:
            roles.append(f"list{len(roles) + 1}")  # the same spending listed again, by another classification
    return roles


def continues_item(previous: str, text: str) -> bool:
    """A short piece with no ordinal under an item that stops mid-word is that item's wrapped end."""
    t = normalise(text)
    return (len(t) <= 6 and not ITEM_START_RE.match(t) and not TOTAL_ROW_RE.match(t)
            and not ITEM_END_RE.search(normalise(previous)))


# ---------------------------------------------------------------- the horizontal 三公 table


def _is_horizontal_three_public(stacks: list[list[str]], body: list[list[str]]) -> bool:
    named = 0
    for stack in stacks:
        if any(pat.search(s) for s in stack for item, pat in THREE_PUBLIC_ITEMS[1:]):
            named += 1
    text_cells = [c for r in body for c in r if c and not is_amount(c) and not is_empty_cell(c)
                  and not TOTAL_ROW_RE.match(normalise(c))]
    return named >= 3 and not any(pat.search(normalise(c)) for c in text_cells for _, pat in THREE_PUBLIC_ITEMS)


def _is_blank(text: str | None) -> bool:
    return is_empty_cell(text)


#: The items of a horizontal 三公 table in the order rows are written: the contract's, the 三公
#: subtotal where the table also prints 会议费 / 培训费, and those.
_THREE_PUBLIC_ORDER: tuple[str, ...] = (
    "合计", THREE_PUBLIC_SUBTOTAL, *(item for item, _ in THREE_PUBLIC_ITEMS[1:]),
    *(item for item, _ in THREE_PUBLIC_EXTRA_ITEMS),
)


def _three_public_item(stack: list[str]) -> str | None:
    """The item a column of a horizontal 三公 table holds, from its header stack.

    A 小计 heads the group it sits under: under “三公”经费 it is the three items' subtotal (the
    table's 合计 then also counts 会议费 and 培训费), under 公务用车购置及运行维护费 the car costs."""
    leaf = stack[-1] if stack else ""
    if THREE_PUBLIC_SUBTOTAL_RE.match(leaf):
        return THREE_PUBLIC_SUBTOTAL
    if leaf == "小计" and len(stack) >= 2:
        parent = stack[-2]
        if THREE_PUBLIC_HEADING_RE.search(parent) and not CAR_HEADING_RE.search(parent):
            return THREE_PUBLIC_SUBTOTAL
        stack = stack[:-1]
    for text in reversed(stack):
        for item, pat in (*THREE_PUBLIC_ITEMS, *THREE_PUBLIC_EXTRA_ITEMS):
            if pat.search(text):
                return item
    return None


def _is_label_column(stack: list[str]) -> bool:
    """单位编码, 单位名称, 序号, 项目: a column that labels the rows, not an item of the 三公."""
    leaf = header_core(stack[-1])
    return bool(UNIT_CODE_HEADER_RE.match(leaf) or UNIT_NAME_HEADER_RE.match(leaf)
                or leaf in ROW_NUMBER_HEADERS or ITEM_HEADER_RE.match(leaf))


def _other_period(stack: list[str], latest: int | None) -> bool:
    """A block of last year's figures or of the change (上年 | 当年 | 增减变化情况, 2025年预算数 beside
    2026年预算数): not this year's."""
    for h in stack[:-1]:
        if OTHER_PERIOD_RE.search(h) and not CARRIED_IN_HEADER_RE.search(h):
            return True
        if latest is not None and any(int(y) < latest for y in HEADER_YEAR_RE.findall(h)):
            return True
    return False


def _other_period_columns(stacks: list[list[str]], labels: list[int]) -> set[int]:
    """Columns of the blocks of another period (上年 | 当年 | 增减变化情况, each printing the same items).

    A block starts where an item printed already comes again; a block any of whose headings names
    another period (or an earlier year than the latest printed) is not this year's.  The heading of
    a block is centred over it, so it may sit over only some of its columns: the block, not the
    column, is judged."""
    latest = max((int(y) for st in stacks for h in st for y in HEADER_YEAR_RE.findall(h)), default=None)
    blocks: list[list[int]] = []
    opening: str | None = None  # the leaf that opens a block (合计): where it comes again, a block starts
    for j, stack in enumerate(stacks):
        if j in labels or not stack:
            continue
        leaf = stack[-1]
        if not blocks or leaf == opening:
            blocks.append([])
            opening = opening or leaf
        blocks[-1].append(j)
    if len(blocks) < 2:
        return {j for b in blocks for j in b if _other_period(stacks[j], latest)}
    other = [b for b in blocks if any(_other_period(stacks[j], latest) for j in b)]
    return {j for b in other for j in b} if len(other) < len(blocks) else set()


def _three_public_total_row(body: list[list[str]], labels: list[int], ctx: _Ctx) -> list[list[str]]:
    """A horizontal 三公 table listed by unit (合计 / each unit): its 合计 row is the department's."""
    with_figures = [r for r in body if any(c and is_amount(c) for j, c in enumerate(r) if j not in labels)]
    if len(with_figures) <= 1:
        return body
    totals = [r for r in with_figures if any(TOTAL_ROW_RE.match(normalise(c)) for c in r if c and not is_amount(c))]
    if len(totals) == 1:
        return totals
    return body


#: The 三公 items' own arithmetic, as (total, parts) of the contract's item names.
_THREE_PUBLIC_SUMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("公务用车购置及运维费", ("其中：公务用车购置费", "公务用车运行维护费")),
    (THREE_PUBLIC_SUBTOTAL, ("因公出国（境）费", "公务用车购置及运维费", "公务接待费")),
)


def _corroborate_three_public(values: dict[str, dict[str, str]], ctx: _Ctx) -> None:
    """Which column is which item of a horizontal 三公 table is a reading of its header: where the
    items' own sums (合计, the 三公 小计, the car costs) fail twice or more, the columns were taken
    for other items and the table is not confirmed (one failing sum may be a real slip)."""
    def value(item: str) -> Decimal | None:
        text = values.get(item, {}).get("total")
        try:
            return parse_amount(text) if text and not is_empty_cell(text) else None
        except ValueError:
            return None

    extras = [item for item, _ in THREE_PUBLIC_EXTRA_ITEMS if item in values]
    three = (THREE_PUBLIC_SUBTOTAL,) if THREE_PUBLIC_SUBTOTAL in values else \
        ("因公出国（境）费", "公务用车购置及运维费", "公务接待费")
    failed = []
    for total, parts in (*_THREE_PUBLIC_SUMS, ("合计", (*three, *extras))):
        t, ps = value(total), [value(p) for p in parts]
        if t is None or all(p is None for p in ps):
            continue
        printed = [v for v in (t, *ps) if v is not None]
        if abs(t - sum((p or Decimal(0) for p in ps), Decimal(0))) > sum((half_unit(v) for v in printed), Decimal(0)):
            failed.append(total)
    if len(failed) >= 2:
        ctx.problems.append(f"“三公”经费表中{'、'.join(failed)}与其所列各项之和都对不上，栏目与项目的对应可能未读对")


def _three_public_rows(stacks: list[list[str]], body: list[list[str]], ctx: _Ctx):
    """One horizontal row (or 预算数/决算数 pairs) → one row per item, in the contract's order."""
    values: dict[str, dict[str, str]] = {}
    last_item = None
    titles: dict[str, str] = {}
    # A 小计 just before 购置费 / 运行维护费 is the car costs' (its own heading may not have been read).
    named = [_three_public_item(s) if s else None for s in stacks]
    car_parts = {"其中：公务用车购置费", "公务用车运行维护费"}
    three_items = {"因公出国（境）费", "公务接待费"}
    for j, item in enumerate(named):
        if item == THREE_PUBLIC_SUBTOTAL and set(named[j + 1:j + 3]) & car_parts:
            stacks = [*stacks[:j], [*stacks[j][:-1], "公务用车购置及运行维护费", "小计"], *stacks[j + 1:]]
        elif stacks[j] == ["小计"] and set(named[j + 1:j + 3]) & three_items:
            # a 小计 whose heading was not read, right before 因公出国: the 三公's own (Xi'an 合计 | 小计 | 因公出国 …)
            stacks = [*stacks[:j], [THREE_PUBLIC_HEADING, "小计"], *stacks[j + 1:]]
    labels = [j for j, st in enumerate(stacks) if st and _is_label_column(st)]
    body = _three_public_total_row(body, labels, ctx)
    elsewhen = _other_period_columns(stacks, labels)
    for j, stack in enumerate(stacks):
        if j in labels or j in elsewhen:
            continue  # 单位编码 / 单位名称 (the units' rows); 上年 / 增减变化情况 blocks beside this year's
        figures = [r[j] for r in body if r[j] and not is_empty_cell(r[j])]
        if not stack:
            if figures:
                ctx.problems.append(f"有一栏没有栏目名称，其中的数字（{'、'.join(figures)}）未能对应到“三公”经费项目")
            continue
        leaf = stack[-1]
        measure = EXTRA_COLUMN_KEYS.get(leaf) if leaf in ("预算数", "决算数") else None
        item = _three_public_item(stack[:-1] if measure else stack) or (last_item if measure else None)
        if item is None:
            if figures:
                ctx.problems.append(f"“{'/'.join(stack)}”栏不是能识别的“三公”经费项目，其中的数字"
                                    f"（{'、'.join(figures)}）未读取")
            continue
        last_item = item
        col = "budget" if measure == "budget" else "total"
        if col == "budget":
            titles["budget"] = "预算数"
        cells = [r[j] for r in body if r[j]]
        if cells:
            values.setdefault(item, {})[col] = cells[0]
            if len(cells) > 1:
                ctx.warnings.append(f"{ctx.title}：{item}列印有多个数值（{'、'.join(cells)}），取第一个。")
                ctx.problems.append(f"{item}栏印有多个数值（{'、'.join(cells)}），不能确定哪一个是该项金额")
        else:
            values.setdefault(item, {}).setdefault(col, "")
    if not any(not _is_blank(v) for item in values.values() for v in item.values()):
        values = {}  # printed empty: no figure in any column
    _corroborate_three_public(values, ctx)
    columns = _contract_columns("three_public") + (["budget"] if "budget" in titles else [])
    titles["total"] = "决算数" if "budget" in titles else "合计"
    rows = []
    for item in _THREE_PUBLIC_ORDER:
        if item not in values:
            continue
        row: dict[str, Any] = {"item": item}
        for col in ("total", "budget"):
            if col in values[item] or (col == "budget" and "budget" in titles):
                row[col] = ctx.amount(values[item].get(col), f"{item}")
        rows.append(row)
    return columns, titles, rows


#: The layouts a table is read in, tried in order (see :class:`Shape`): Shanghai's horizontal
#: “三公” row, the two-sided 收支总表, the 决算 基本支出表 printed as two halves, and every other
#: table (one printed row per row, a header stack per column).
SHAPES: tuple[Shape, ...] = (
    Shape("horizontal three_public",
          lambda key, stacks, body: key == "three_public" and _is_horizontal_three_public(stacks, body),
          lambda key, stacks, body, ctx, _: _three_public_rows(stacks, body, ctx)),
    Shape("two-sided summary",
          lambda key, stacks, body: key in _TWO_SIDED,
          lambda key, stacks, body, ctx, _: _two_sided_rows(key, stacks, body, ctx)),
    Shape("economic halves",
          lambda key, stacks, body: _economic_halves(key, stacks) if key == "basic_expenditure" else None,
          lambda key, stacks, body, ctx, split: _economic_halves_rows(key, stacks, body, ctx, split)),
    Shape("plain",
          lambda key, stacks, body: True,
          lambda key, stacks, body, ctx, _: _plain_rows(key, stacks, body, ctx)),
)
