"""Several disclosures checked together in one process (``budgetcheck validate A.pdf B.pdf …``).

The files given are each other's whole world: each is validated with the neighbours found among
the others, by the same rules the service runs against its store, so a reviewer can compare two
years, or a department and its units, on a laptop.  The two files of a disclosure published in two
are validated as one (each file's report says so).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from disclosure.model import Disclosure
from disclosure.report import Report
from disclosure.vocabulary import PART_NARRATIVE

from .identity import identify
from .local import MemoryCatalogue
from .merge import combine
from .neighbourhood import Entry, Neighbour, Neighbourhood, Relation, find, other_part


def joined(hood: Neighbourhood, other: Entry) -> None:
    """Say in ``hood`` that the disclosure was checked together with its other file."""
    hood.notes.insert(0, f"与同一公开的另一文件 {other.source} 合并核对（说明与表格分两个文件公开）。")
    hood.used_by.append(Neighbour(Relation.OTHER_PART, other))


@dataclass
class Checked:
    source: str
    doc: Disclosure  # as validated (combined with its other file when that was given too)
    hood: Neighbourhood | None


def with_other_part(source: str, doc: Disclosure, catalogue: Any) -> tuple[Disclosure, Entry | None]:
    """``doc`` combined with its stored other file, if it has one; and that file's entry."""
    identity = identify(doc)
    entry = other_part(identity, catalogue, own_source=source) if identity else None
    if entry is None:
        return doc, None
    other = catalogue.load(entry)
    narrative, tables = (doc, other) if identity.part == PART_NARRATIVE else (other, doc)
    whole = combine(narrative, tables)
    whole.source = doc.source
    return whole, entry


def neighbourhoods(docs: Sequence[tuple[str, Disclosure]]) -> list[Checked]:
    """Each readable disclosure with the neighbours found among the others."""
    catalogue = MemoryCatalogue()
    for i, (source, doc) in enumerate(docs):
        catalogue.add(source, doc, stored=float(i))
    out = []
    for source, doc in docs:
        whole, paired = with_other_part(source, doc, catalogue)
        identity = identify(whole) or identify(doc)
        hood = find(whole, identity, catalogue, own_source=source) if identity else None
        if hood is not None and paired:
            joined(hood, paired)
        out.append(Checked(source, whole, hood))
    return out


def validate_together(docs: Sequence[tuple[str, Disclosure]], validate: Callable[..., Report]) -> list[Report]:
    """One report per disclosure, in the order given."""
    return [validate(c.doc, hood=c.hood) for c in neighbourhoods(docs)]
