"""The corpus documents as the narrative tests use them: each read once, validated once, and the
checks of one narrative rule with their outcome (so a test can show that a sentence was checked
and passed, which a report only says by its absence from the failures)."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path

from connectors.readers import read_path
from disclosure.model import Disclosure
from expectations.catalogue import RULES, RULES_BY_ID
from expectations.custom import evaluate_checks
from expectations.frames import Check, checks_frame
from tests import documents
from tests.reports import judged

MODIFIED = documents.real("MODIFIED_shanghai-putuo_caizhengju_2024_juesuan-dept_testproblems.pdf")
ORIGINAL = documents.real("shanghai-putuo_caizhengju_2024_juesuan-dept.pdf")
NARRATIVE_RULES = tuple(r.id for r in RULES if ".narrative" in r.id)


def corpus() -> list[Path]:
    """Every document of the repository corpus: Shanghai (incl. the altered copy and the 决算
    template), Jiangsu, the page-text JSON and the Hebei sample."""
    real = sorted(p for p in documents.REAL.iterdir() if p.suffix == ".pdf")
    return [*real, documents.PAGES_JSON, *documents.jiangsu_pdfs(), documents.SAMPLE]


@cache
def read(path: Path) -> Disclosure:
    return read_path(str(path))


@cache
def report(path: Path) -> dict:
    return judged(read(path))


def fresh(path: Path) -> Disclosure:
    """A private copy of a read document, to change without touching the cached one."""
    return copy.deepcopy(read(path))


def altered(path: Path, old: str, new: str) -> Disclosure:
    """The document with one printed figure or word of its 说明 changed (a line keeps its page)."""
    doc = fresh(path)
    assert doc.narrative.count(old) == 1, f"{old!r} is printed {doc.narrative.count(old)} times in {path.name}"
    doc.narrative = doc.narrative.replace(old, new)
    return doc


def result(rep: dict, rule_id: str) -> dict:
    return next(r for r in rep["results"] if r["rule"] == rule_id)


def checks(doc: Disclosure, rule_id: str) -> list[tuple[Check, bool]]:
    """The rule's checks on ``doc``, each with whether it holds (exactly as the GX metric decides)."""
    rule = RULES_BY_ID[rule_id]
    found = rule.derive(doc, rule)
    failed = set(evaluate_checks(checks_frame(found)).get(rule_id, {}).get("failed", [])) if found else set()
    return [(c, i not in failed) for i, c in enumerate(found)]


def holds(doc: Disclosure, rule_id: str, fragment: str) -> list[Check]:
    """The checks of sentences quoting ``fragment``; asserts there is one and all of them hold."""
    hits = [(c, ok) for c, ok in checks(doc, rule_id) if c.quote and fragment in c.quote]
    assert hits, f"{rule_id} checked no sentence with {fragment!r}"
    assert all(ok for _, ok in hits), [c.finding() for c, ok in hits if not ok]
    return [c for c, _ in hits]


def failures(rep: dict, rule_id: str, fragment: str = "") -> list[dict]:
    """The rule's failures whose quote or message contains ``fragment``."""
    return [f for f in result(rep, rule_id)["failures"]
            if fragment in (f.get("quote") or "") or fragment in f["message"]]


def fails(doc_or_report: Disclosure | dict, rule_id: str, fragment: str, *, page: int | None = None) -> dict:
    """The one failure of ``rule_id`` about ``fragment``: it quotes the sentence and names its page."""
    rep = doc_or_report if isinstance(doc_or_report, dict) else judged(doc_or_report)
    hits = failures(rep, rule_id, fragment)
    assert hits, [f["message"] for f in result(rep, rule_id)["failures"]]
    f = hits[0]
    assert f["message"] and f.get("quote"), f
    if page is not None:
        assert f["page"] == page, (f["page"], f["message"])
    assert RULES_BY_ID[rule_id]
    return f
