"""A catalogue of disclosures held in memory: the files given together on the command line
(``budgetcheck validate A.pdf B.pdf …``) or a test's documents."""

from __future__ import annotations

from collections import defaultdict

from disclosure.model import Disclosure

from . import names
from .identity import identify
from .neighbourhood import Entry
from .roster import read_roster


def unit_names(doc: Disclosure) -> tuple[str, ...]:
    """A 部门 disclosure's listed units by name (the body itself by the department's name), so
    that a unit finds its department."""
    if doc.department.level != "部门":
        return ()
    roster = read_roster(doc)
    if roster is None:
        return ()
    return tuple(doc.department.name if u.own else u.name for u in roster.units)


class MemoryCatalogue:
    """Disclosures by source, looked up by identity like the stored index."""

    def __init__(self) -> None:
        self._docs: dict[str, Disclosure] = {}
        self._by: dict[tuple[int, str, str, str], list[Entry]] = defaultdict(list)
        self._units: dict[tuple[int, str, str], list[Entry]] = defaultdict(list)

    def add(self, source: str, doc: Disclosure, stored: float = 0.0) -> Entry | None:
        """File ``doc``; None when it does not say whose, which year or what kind it is."""
        identity = identify(doc)
        if identity is None:
            return None
        entry = Entry(identity, source, stored, None, unit_names(doc))
        self._docs[source] = doc
        self._by[(identity.year, identity.kind, identity.level, identity.bucket)].append(entry)
        for bucket in {names.core(n) for n in entry.units}:
            self._units[(identity.year, identity.kind, bucket)].append(entry)
        return entry

    def candidates(self, *, year: int, kind: str, level: str, bucket: str) -> list[Entry]:
        return list(self._by.get((year, kind, level, bucket), ()))

    def departments_of(self, *, year: int, kind: str, unit_bucket: str) -> list[Entry]:
        return list(self._units.get((year, kind, unit_bucket), ()))

    def load(self, entry: Entry) -> Disclosure:
        return self._docs[entry.source]
