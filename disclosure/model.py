"""The canonical disclosure: what every reader produces and every rule and page consumes.

Shapes follow ``shared/spec/contract.md``: tables keyed by contract key, rows as dicts whose
amount cells are exact :class:`~decimal.Decimal` (``None`` when the cell was printed empty),
totals rows kept as rows with ``code: None``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from disclosure.tables import is_contract, is_text_column

_DEC_MARK = "\x00D"
_DEC_RE = re.compile(r'"\\u0000D(-?[0-9]+(?:\.[0-9]+)?)"')


@dataclass
class Department:
    """Who published the disclosure and what kind of document it is."""

    code: str | None = None
    name: str | None = None
    year: int | None = None
    unit: str | None = None  # the unit most tables are printed in (元 or 万元)
    kind: str | None = None  # 预算 or 决算
    level: str | None = None  # 部门 or 单位

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "year": self.year,
            "unit": self.unit,
            "kind": self.kind,
            "level": self.level,
        }


@dataclass(frozen=True)
class ColumnSum:
    """A sum relation between a table's columns, as its header prints it: in every row,
    ``total`` equals the sum of ``parts`` (合计 = 基本支出 + 项目支出 + 单位预留机动经费 …)."""

    total: str
    parts: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "parts": list(self.parts)}


@dataclass
class Table:
    """One printed table, rows in printed order.

    ``columns`` lists the row keys in contract order (plus any template-specific extra keys,
    whose printed headers are in ``column_titles``).  ``unit`` is the table's own printed unit:
    Shanghai budgets print most tables in 元 but the 三公 table in 万元.

    ``column_sums`` are the sum relations the printed header states (a 合计 column over the
    columns printed beside it under the same heading); empty when the reader saw no header (the
    rules then use the contract's relations).  ``problems`` says what the reader could not read
    with confidence in this table: a table with problems is not judged by error rules.
    """

    key: str
    title: str
    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    unit: str = "元"
    note: str | None = None
    column_titles: dict[str, str] = field(default_factory=dict)
    page: int | None = None
    column_sums: list[ColumnSum] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def confident(self) -> bool:
        """Read with confidence: every error rule may judge it."""
        return not self.problems

    @property
    def amount_columns(self) -> list[str]:
        """Columns holding money: everything but row number, code and text, and never a column
        where a cell holds words (a label column whose key is an amount key elsewhere, such as a
        procurement table's ``project`` name): summing words would be a crash or a false finding."""
        return [c for c in self.columns if not is_text_column(c)
                and not any(isinstance(r.get(c), str) for r in self.rows)]

    def rows_by_code(self) -> dict[str, dict[str, Any]]:
        """Code rows keyed by code (first occurrence wins)."""
        out: dict[str, dict[str, Any]] = {}
        for r in self.rows:
            code = r.get("code")
            if code and code not in out:
                out[code] = r
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "unit": self.unit,
            "columns": list(self.columns),
            "column_titles": dict(self.column_titles),
            "rows": [dict(r) for r in self.rows],
            "note": self.note,
            "page": self.page,
            "column_sums": [s.to_dict() for s in self.column_sums],
            "problems": list(self.problems),
        }

    @classmethod
    def from_dict(cls, key: str, d: dict[str, Any]) -> Table:
        columns = list(d.get("columns", []))
        rows = []
        for r in d.get("rows", []):
            row = {}
            for k, v in r.items():
                if is_text_column(k) or v is None or isinstance(v, str):
                    row[k] = int(v) if k == "row" and v is not None else v
                else:
                    row[k] = Decimal(str(v)) if not isinstance(v, Decimal) else v
            rows.append(row)
        return cls(
            key=key,
            title=d.get("title", ""),
            columns=columns,
            rows=rows,
            unit=d.get("unit", "元"),
            note=d.get("note"),
            column_titles=dict(d.get("column_titles", {})),
            page=d.get("page"),
            column_sums=[ColumnSum(s["total"], tuple(s["parts"])) for s in d.get("column_sums") or []],
            problems=list(d.get("problems") or []),
        )


@dataclass
class Disclosure:
    """A whole disclosure as read: department, tables, narrative and the reader's warnings."""

    source: str
    department: Department = field(default_factory=Department)
    tables: dict[str, Table] = field(default_factory=dict)
    narrative: str = ""
    #: The page each line of ``narrative`` is printed on (None where the source has no pages), so a
    #: finding about a sentence can say where it is.
    narrative_pages: list[int | None] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    format: str | None = None  # pdf, xlsx, xls, text
    pages: int | None = None
    #: Tables the contract does not list (财政拨款支出表, 机关运行经费支出表 …), by kind; tables of
    #: text only (项目经费说明, 绩效目标表) are kept by title with no columns, to say where they are.
    other_tables: dict[str, Table] = field(default_factory=dict)
    #: Which part of a disclosure published in several files this one is: ``说明`` (the narrative
    #: only), ``表格`` (the tables only), or None for a whole disclosure.
    part: str | None = None
    #: Figures printed on each table page and how many the tables hold (``{page, printed, placed,
    #: left}``; PDF only): what the reading accounted for, for the corpus scan.  Not serialised:
    #: a table missing figures says so in its own ``problems``.
    coverage: list[dict[str, Any]] = field(default_factory=list)
    #: The standard tables the document's own table of contents lists (their keys): a table listed
    #: and not printed is missing, whatever the region's template.
    contents: list[str] = field(default_factory=list)

    def shelf(self, key: str) -> dict[str, Table]:
        """Where a table of kind ``key`` is kept: ``tables`` for contract tables, else ``other_tables``."""
        return self.tables if is_contract(key) else self.other_tables

    def narrative_lines(self) -> list[tuple[int | None, str]]:
        """The narrative line by line with the page each is printed on (None when not known)."""
        lines = self.narrative.split("\n") if self.narrative else []
        pages = self.narrative_pages if len(self.narrative_pages) == len(lines) else [None] * len(lines)
        return list(zip(pages, lines, strict=True))

    def all_tables(self) -> list[Table]:
        """Contract tables and the others, in that order."""
        return [*self.tables.values(), *self.other_tables.values()]

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "format": self.format,
            "pages": self.pages,
            "department": self.department.to_dict(),
            "tables": {k: t.to_dict() for k, t in self.tables.items()},
            "other_tables": {k: t.to_dict() for k, t in self.other_tables.items()},
            "part": self.part,
            **({"contents": list(self.contents)} if self.contents else {}),
            "narrative": self.narrative,
            "narrative_pages": list(self.narrative_pages),
            "warnings": list(self.warnings),
        }

    def to_json(self, indent: int | None = 2) -> str:
        """JSON with amounts written exactly as printed (``2.80`` stays ``2.80``)."""
        return dumps_exact(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Disclosure:
        dep = d.get("department") or {}
        return cls(
            source=d.get("source", ""),
            department=Department(**{k: dep.get(k) for k in Department.__dataclass_fields__}),
            tables={k: Table.from_dict(k, t) for k, t in (d.get("tables") or {}).items()},
            narrative=d.get("narrative", ""),
            narrative_pages=list(d.get("narrative_pages") or []),
            warnings=list(d.get("warnings", [])),
            format=d.get("format"),
            pages=d.get("pages"),
            other_tables={k: Table.from_dict(k, t) for k, t in (d.get("other_tables") or {}).items()
                          if isinstance(t, dict)},
            part=d.get("part"),
            contents=list(d.get("contents") or []),
        )

    @classmethod
    def from_json(cls, text: str) -> Disclosure:
        return cls.from_dict(json.loads(text, parse_float=Decimal))


def _mark_decimals(obj: Any) -> Any:
    if isinstance(obj, Decimal):
        return _DEC_MARK + format(obj, "f")
    if isinstance(obj, dict):
        return {k: _mark_decimals(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_mark_decimals(v) for v in obj]
    return obj


def dumps_exact(obj: Any, indent: int | None = 2) -> str:
    """``json.dumps`` that writes Decimals as JSON numbers with their printed digits."""
    text = json.dumps(_mark_decimals(obj), ensure_ascii=False, indent=indent)
    return _DEC_RE.sub(r"\1", text)
