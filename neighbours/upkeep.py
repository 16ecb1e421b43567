"""Keeping cross-document results true as uploads arrive, change and leave.

When an upload is read, it is filed in the index, combined with its other file if that is stored,
and checked against the neighbours found; then every stored disclosure that *uses* it (next
year's, the department it belongs to, the other file …) is checked again, and those whose results
changed are handed back to be re-published.  When an upload is withdrawn (deleted, or replaced by
an unreadable version), it leaves the index and the disclosures that used it are checked again
without it, so no report keeps a result computed from a file that is gone.

Only the cross-document results of a neighbour's stored report are replaced; its own results
stay as they were.  The exception is the other file of a disclosure published in two: with both
files the disclosure is one, so it is validated again whole.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from disclosure.model import Disclosure
from disclosure.report import Report, Status

from .identity import Identity, identify
from .index import StoredIndex
from .neighbourhood import Entry, Neighbour, Neighbourhood, Relation, find, used_by
from .together import joined, with_other_part

#: ``validate(doc, hood=…)`` → report, and ``apply_neighbours(report, doc, hood)`` → a new report
#: (passed in by ``flows/``: this layer sits below the rules engine).
Validate = Callable[..., Report]
ApplyNeighbours = Callable[[Report, Disclosure, Neighbourhood], Report]


@dataclass
class Republish:
    """A stored neighbour whose report changed: write ``report`` at ``report_key``, publish its pages."""

    source: str
    report_key: str
    report: Report
    doc: Disclosure


def _prepared(index: StoredIndex, source: str, doc: Disclosure,
              identity: Identity | None) -> tuple[Disclosure, Neighbourhood | None, Entry | None]:
    whole, paired = with_other_part(source, doc, index)
    identity = identify(whole) or identity
    if identity is None:
        return whole, None, paired
    hood = find(whole, identity, index, own_source=source)
    if paired:
        joined(hood, paired)
    return whole, hood, paired


def _cross(report: Report) -> Any:
    """What a re-check may change: the cross-document results and the neighbours section."""
    return ([r for r in report.results if r.rule.startswith("neighbour.")],
            report.neighbours, report.status, report.summary)


def check_upload(index: StoredIndex, source: str, doc: Disclosure, report: Report, *, stored: float,
                 report_key: str, version: str | None, validate: Validate, apply_neighbours: ApplyNeighbours,
                 read_report: Callable[[str], Report | None]
                 ) -> tuple[Report, list[Republish]]:
    """``report`` (made from ``doc`` alone) with its cross-document results, and the neighbours to
    re-publish.  ``read_report(upload key)`` gives a stored disclosure's report (None if none yet)."""
    index.record(source, doc, stored=stored, report=report_key, version=version)
    whole, hood, paired = _prepared(index, source, doc, None)
    if hood is not None:
        if paired:
            report = validate(whole, hood=hood).keeping_service_fields(report)
        else:
            report = apply_neighbours(report, whole, hood)
    users = hood.used_by if hood is not None else []
    return report, _recheck(index, users, validate, apply_neighbours, read_report)


def withdraw_upload(index: StoredIndex, source: str, *, validate: Validate, apply_neighbours: ApplyNeighbours,
                    read_report: Callable[[str], Report | None]) -> list[Republish]:
    """``source`` is gone (or no longer readable): out of the index; its users checked without it."""
    entry = index.remove(source, tables=True)
    if entry is None:
        return []
    users = used_by(entry.identity, index, own_source=source)
    return _recheck(index, users, validate, apply_neighbours, read_report)


def _recheck(index: StoredIndex, users: list[Neighbour], validate: Validate, apply_neighbours: ApplyNeighbours,
             read_report: Callable[[str], Report | None]) -> list[Republish]:
    out = []
    for user in users:
        entry = user.entry
        stored = read_report(entry.source)
        if stored is None or stored.status is Status.UNREADABLE:
            continue  # not reported yet: its own validation finds its neighbours
        doc = index.load(entry)
        whole, hood, paired = _prepared(index, entry.source, doc, entry.identity)
        if hood is None:
            continue
        if user.relation is Relation.OTHER_PART or paired:
            report = validate(whole if paired else doc, hood=hood).keeping_service_fields(stored)
        else:
            report = apply_neighbours(stored, whole, hood)  # a new report: ``stored`` stays as read
        if _cross(report) != _cross(stored) or user.relation is Relation.OTHER_PART:
            out.append(Republish(entry.source, entry.report, report, whole))
    return out
