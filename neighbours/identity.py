"""Who a disclosure is by and what it is: the key every neighbour is found by.

A disclosure is one body's (name), for one year, a 预算 or a 决算, at one level (部门: the
department's consolidated disclosure; 单位: one budget unit's), and possibly one part of several
files (说明 / 表格).  The identity is read from the document itself, never from the file name:
uploads are named by whoever uploads them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from disclosure.model import Disclosure

from . import names


@dataclass(frozen=True)
class Identity:
    """The publisher, year, kind, level and part of one stored disclosure."""

    name: str  # as printed
    year: int
    kind: str  # 预算 / 决算
    level: str  # 部门 / 单位
    part: str | None = None  # 说明 / 表格 / None (whole)

    @property
    def key(self) -> str:
        """The normalised name: equal keys are the same body for sure."""
        return names.normalise(self.name)

    @property
    def bucket(self) -> str:
        """Where the index files it: the name without regions (see :func:`names.core`)."""
        return names.core(self.name)

    def label(self) -> str:
        """How a reviewer names it: ``上海市普陀区司法局 2026年 部门预算``."""
        part = f"（{self.part}）" if self.part else ""
        return f"{self.name} {self.year}年 {self.level}{self.kind}{part}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Identity:
        return cls(name=d["name"], year=int(d["year"]), kind=d["kind"], level=d["level"], part=d.get("part"))


def identify(doc: Disclosure) -> Identity | None:
    """The disclosure's identity, or None when it does not say enough to be paired with anything
    (no publisher, year or kind read, or a template's placeholder publisher)."""
    dep = doc.department
    if not dep.name or not dep.year or dep.kind not in ("预算", "决算") or names.is_placeholder(dep.name):
        return None
    return Identity(name=dep.name, year=int(dep.year), kind=dep.kind, level=dep.level or "部门", part=doc.part)
