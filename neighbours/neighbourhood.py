"""Finding a disclosure's neighbours in what is stored, and saying how sure each pairing is.

Relations a disclosure *uses* (its own statements or sums point at the neighbour, so findings on
them are its own): last year's disclosure of the same body, kind and level; for a 决算, the same
year's 预算; for a 部门 disclosure, the 单位 disclosures its 说明 lists; for one file of a
disclosure published in two, the other file.  The reverse (*used by*) relations are what must be
re-checked when a neighbour arrives late: next year's disclosure, the same year's 决算, the
department a unit belongs to, the other file.

Where to look is the :class:`Catalogue` (an index in object storage, or the files given on the
command line); this module only decides which of its candidates are the neighbour.  Pairing is
refused, with a note saying why, when the name is not a sure match, when several candidates match
equally, or when a department's units are not all there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol

from disclosure.model import Disclosure
from disclosure.vocabulary import PART_NARRATIVE, PART_TABLES

from . import names
from .identity import Identity
from .merge import combine
from .roster import Roster, Unit, read_roster


class Relation(Enum):
    """How a neighbour relates to the disclosure, with the words a reviewer reads."""

    LAST_YEAR = ("last_year", "上年公开")
    BUDGET = ("budget", "同年预算")
    UNIT = ("unit", "所属单位公开")
    OTHER_PART = ("other_part", "同一公开的另一文件")
    NEXT_YEAR = ("next_year", "下一年度公开")
    ACCOUNTS = ("accounts", "同年决算")
    DEPARTMENT = ("department", "所属部门公开")

    @property
    def id(self) -> str:
        return self.value[0]

    @property
    def label(self) -> str:
        return self.value[1]


@dataclass(frozen=True)
class Entry:
    """One stored disclosure as the catalogue knows it."""

    identity: Identity
    source: str  # where the upload is (storage key or local path)
    stored: float = 0.0  # when it was stored: the newest of several uploads of one disclosure wins
    report: str | None = None  # where its report is, for links
    units: tuple[str, ...] = ()  # a 部门's roster by name (the body itself by the department's name)


class Catalogue(Protocol):
    """What is stored, looked up by the identity fields (never a scan of the whole store)."""

    def candidates(self, *, year: int, kind: str, level: str, bucket: str) -> list[Entry]: ...

    def departments_of(self, *, year: int, kind: str, unit_bucket: str) -> list[Entry]: ...

    def load(self, entry: Entry) -> Disclosure: ...


@dataclass
class Neighbour:
    relation: Relation
    entry: Entry
    doc: Disclosure | None = None  # loaded for the relations the disclosure uses


@dataclass
class Neighbourhood:
    """Everything found around one disclosure, and what could not be found for sure."""

    identity: Identity
    uses: list[Neighbour] = field(default_factory=list)
    used_by: list[Neighbour] = field(default_factory=list)
    roster: Roster | None = None
    units: list[tuple[Unit, Neighbour | None]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def one(self, relation: Relation) -> Disclosure | None:
        for n in self.uses:
            if n.relation is relation:
                return n.doc
        return None

    @property
    def units_complete(self) -> bool:
        return bool(self.units) and all(n is not None for _, n in self.units)


def _pick(entries: Iterable[Entry], name: str, own_source: str, what: str,
          notes: list[str]) -> Entry | None:
    """The one entry that is ``name``'s body: sure matches first (newest upload of several), then a
    region-prefixed match only when it is the only one."""
    pool = [e for e in entries if e.source != own_source]
    sure = sorted((e for e in pool if names.match(e.identity.name, name) is names.Match.SURE),
                  key=lambda e: (e.stored, e.source))
    if sure:
        if len({e.source for e in sure}) > 1:
            older = "、".join(e.source for e in sure[:-1])
            notes.append(f"{what}有多份上传（{older} 较早），按最新上传的 {sure[-1].source} 比对。")
        return sure[-1]
    region = [e for e in pool if names.match(e.identity.name, name) is names.Match.REGION]
    if len(region) == 1:
        return region[0]
    if len(region) > 1:
        listed = "、".join(sorted(e.identity.name for e in region))
        notes.append(f"{what}的名称与多个已存文件相近（{listed}），无法确定是哪一个，未比对。")
    return None


def _whole(catalogue: Catalogue, identity: Identity, year: int, kind: str, own_source: str,
           what: str, notes: list[str]) -> tuple[Entry, Disclosure] | None:
    """The disclosure of ``identity``'s body for ``year``/``kind``, its two files combined if it was
    published in two (the tables file alone serves when only it is there)."""
    found = catalogue.candidates(year=year, kind=kind, level=identity.level, bucket=identity.bucket)
    by_part: dict[str | None, Entry] = {}
    for part in (None, PART_TABLES, PART_NARRATIVE):
        e = _pick((c for c in found if c.identity.part == part), identity.name, own_source, what, notes)
        if e is not None:
            by_part[part] = e
    if None in by_part:
        e = by_part[None]
        return e, catalogue.load(e)
    if PART_TABLES in by_part:
        tables = by_part[PART_TABLES]
        doc = catalogue.load(tables)
        if PART_NARRATIVE in by_part:
            doc = combine(catalogue.load(by_part[PART_NARRATIVE]), doc)
        return tables, doc
    return None


def find(doc: Disclosure, identity: Identity, catalogue: Catalogue, *, own_source: str,
         roster: Callable[[Disclosure], Roster | None] = read_roster) -> Neighbourhood:
    """The neighbourhood of ``doc`` (already combined with its other file if that is stored)."""
    hood = Neighbourhood(identity)
    notes = hood.notes

    last = _whole(catalogue, identity, identity.year - 1, identity.kind, own_source, "上年公开", notes)
    if last:
        hood.uses.append(Neighbour(Relation.LAST_YEAR, last[0], last[1]))
    if identity.kind == "决算":
        budget = _whole(catalogue, identity, identity.year, "预算", own_source, "同年预算", notes)
        if budget:
            hood.uses.append(Neighbour(Relation.BUDGET, budget[0], budget[1]))

    if identity.level == "部门" and identity.part != PART_NARRATIVE:
        hood.roster = roster(doc)
        for unit in hood.roster.units if hood.roster else ():
            name = identity.name if unit.own else unit.name
            bucket = names.core(name)
            found = catalogue.candidates(year=identity.year, kind=identity.kind, level="单位", bucket=bucket)
            entry = _pick((c for c in found if c.identity.part is None), name, own_source,
                          f"单位“{unit.name}”", notes)
            hood.units.append((unit, Neighbour(Relation.UNIT, entry, catalogue.load(entry)) if entry else None))
        missing = [u.name for u, n in hood.units if n is None]
        if missing and len(missing) < len(hood.units):
            notes.append(f"所属单位中尚未上传：{'、'.join(missing)}；部门与单位的比对待全部单位上传后进行。")

    hood.used_by = used_by(identity, catalogue, own_source=own_source)
    return hood


def used_by(identity: Identity, catalogue: Catalogue, *, own_source: str) -> list[Neighbour]:
    """The stored disclosures that use one of this identity: to be re-checked when it arrives,
    changes or is withdrawn."""
    out: list[Neighbour] = []

    def same(e: Entry) -> bool:
        return e.source != own_source and names.match(e.identity.name, identity.name) is names.Match.SURE

    nxt = catalogue.candidates(year=identity.year + 1, kind=identity.kind, level=identity.level,
                               bucket=identity.bucket)
    out += [Neighbour(Relation.NEXT_YEAR, e) for e in nxt if same(e)]
    if identity.kind == "预算":
        acc = catalogue.candidates(year=identity.year, kind="决算", level=identity.level, bucket=identity.bucket)
        out += [Neighbour(Relation.ACCOUNTS, e) for e in acc if same(e)]
    if identity.level == "单位":
        depts = catalogue.departments_of(year=identity.year, kind=identity.kind, unit_bucket=identity.bucket)
        out += [Neighbour(Relation.DEPARTMENT, e) for e in depts if e.source != own_source
                and any(names.match(u, identity.name) is not names.Match.NONE for u in e.units)]
    if identity.part in (PART_NARRATIVE, PART_TABLES):
        other = other_part(identity, catalogue, own_source=own_source)
        if other is not None:
            out.append(Neighbour(Relation.OTHER_PART, other))
    return out


def other_part(identity: Identity, catalogue: Catalogue, *, own_source: str) -> Entry | None:
    """The stored other file of a disclosure published in two (None for a whole disclosure)."""
    if identity.part not in (PART_NARRATIVE, PART_TABLES):
        return None
    want = PART_TABLES if identity.part == PART_NARRATIVE else PART_NARRATIVE
    found = catalogue.candidates(year=identity.year, kind=identity.kind, level=identity.level,
                                 bucket=identity.bucket)
    return _pick((c for c in found if c.identity.part == want), identity.name, own_source,
                 "同一公开的另一文件", [])
