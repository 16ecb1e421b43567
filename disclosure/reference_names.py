"""Subject names as published disclosures print them, by code and year
(``disclosure/reference/code_names_by_year.csv``, built by ``scripts/observed_codes.py``; observed,
not the official catalogues).  The data lives here, in the model layer, because both the readers and
the rules ask it: nothing below ``expectations/`` may read that package's files.  The rules compare printed names with them; a reader asks whether a
row's name is a subject's, to tell a subject row whose code it did not read from a label row.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from disclosure.amounts import normalise

REFERENCE = Path(__file__).resolve().parent / "reference" / "code_names_by_year.csv"


@dataclass(frozen=True)
class ReferenceName:
    name: str
    first_year: int
    last_year: int


@cache
def reference_names() -> dict[tuple[str, str], tuple[ReferenceName, ...]]:
    """(namespace, code) → the names published disclosures print for it, each with the years it was
    seen (``disclosure/reference/code_names_by_year.csv``; observed, not the official catalogues)."""
    out: dict[tuple[str, str], list[ReferenceName]] = {}
    with REFERENCE.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out.setdefault((row["namespace"], row["code"]), []).append(
                ReferenceName(_name(row["name"]), int(row["first_year"]), int(row["last_year"])))
    return {k: tuple(v) for k, v in out.items()}


def _name(text: str) -> str:
    """As the rules compare names: NFKC, no whitespace."""
    return "".join(normalise(text).split())


@cache
def subject_names() -> frozenset[str]:
    """Every name the reference knows for a subject (any code, any year)."""
    return frozenset(e.name for entries in reference_names().values() for e in entries)


def is_subject_name(name: str) -> bool:
    return _name(name) in subject_names()
