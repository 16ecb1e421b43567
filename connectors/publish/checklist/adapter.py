"""The report as the checklist, the summary and the findings table read it: its JSON shape (the
contract, ``shared/spec/contract.md``, and the README's additions), whatever object carries it.

The report is a plain dict today and a typed object tomorrow (``disclosure.report.Report`` with
``to_dict()``); everything here goes through :func:`as_dict`, so neither shape matters further in.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

FAILURE, UNCONFIRMED, NOTE = "failure", "unconfirmed", "note"


def as_dict(report: Any) -> dict[str, Any]:
    """The report's JSON shape: a dict as it is, an object through ``to_dict()``, text parsed."""
    if report is None:
        return {}
    if isinstance(report, Mapping):
        return dict(report)
    if isinstance(report, (str, bytes)):
        return json.loads(report, parse_float=Decimal)
    to_dict = getattr(report, "to_dict", None)
    if callable(to_dict):
        return dict(to_dict())
    raise TypeError(f"not a report: {type(report).__name__}")


@dataclass(frozen=True)
class Item:
    """One finding of a rule, with the rule's id, title and severity and what kind of finding it is."""

    rule: str
    title: str
    severity: str
    kind: str  # failure / unconfirmed / note
    entry: Mapping[str, Any]

    def get(self, key: str, default: Any = None) -> Any:
        return self.entry.get(key, default)

    @property
    def message(self) -> str:
        return str(self.entry.get("message") or self.title)


def items(report: Mapping[str, Any], kinds: tuple[str, ...] = (FAILURE, UNCONFIRMED)) -> Iterator[Item]:
    """Every finding of the report of ``kinds`` (failures and unconfirmed ones by default)."""
    fields = {FAILURE: "failures", UNCONFIRMED: "unconfirmed", NOTE: "notes"}
    for res in report.get("results") or []:
        if not isinstance(res, Mapping):
            continue
        for kind in kinds:
            for entry in res.get(fields[kind]) or []:
                if isinstance(entry, Mapping):
                    yield Item(str(res.get("rule") or ""), str(res.get("title") or ""),
                               str(res.get("severity") or ""), kind, entry)


def result(report: Mapping[str, Any], rule_id: str) -> Mapping[str, Any] | None:
    return next((r for r in report.get("results") or [] if isinstance(r, Mapping) and r.get("rule") == rule_id),
                None)


def department(report: Mapping[str, Any]) -> dict[str, Any]:
    dep = report.get("department")
    return dict(dep) if isinstance(dep, Mapping) else {}


def counts(report: Mapping[str, Any]) -> tuple[int, int]:
    """(failed error rules, failed warning rules) as the report's summary counts them."""
    s = report.get("summary") or {}
    return int(s.get("failed_errors") or 0), int(s.get("failed_warnings") or 0)


def status(report: Mapping[str, Any]) -> str:
    if report.get("withdrawn"):
        return "withdrawn"
    return str(report.get("status") or "")


def validated_at(report: Mapping[str, Any]) -> str | None:
    sv = report.get("source_version")
    at = sv.get("validated_at") if isinstance(sv, Mapping) else None
    return str(at or report.get("validated_at") or "") or None


def upload_key(report: Mapping[str, Any]) -> str | None:
    sv = report.get("source_version")
    return str(sv.get("key")) if isinstance(sv, Mapping) and sv.get("key") else None
