"""Validate one disclosure: derive the checks frame, run the GX suites, assemble the report.

Per document: every rule's derive function (pure Python over the printed tables) → one long
checks frame of exact integers → one GX batch validated by the six family suites (one custom
expectation per rule, one shared metric pass per suite) → the contract's report
(:class:`disclosure.report.Report`).  With ``data_docs_dir`` the same suites run through a GX
checkpoint and GX Data Docs for this validation only are built into that folder (once, for all
six suite results): the review site takes them from there, it never runs the rules again.

:func:`judge` gives the same report without GX, from :func:`expectations.custom.evaluate_checks`
(the very function the GX metric computes): the rule unit tests use it, so they need no GX
import; ``tests/test_property.py`` keeps the two tied (GX reaches the same verdict).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from disclosure.model import Disclosure
from disclosure.report import Report
from expectations.catalogue import ERROR, NEIGHBOUR_FAMILY, RULES, Rule, rules_of
from expectations.frames import Check, checks_frame
from expectations.plausibility import consequences, implausible, mark
from expectations.report import build_report, rule_results
from neighbours.summary import describe


def run_name(doc: Disclosure) -> str:
    """The Data Docs run label: department, year and file name, safe as a path segment."""
    parts = [doc.department.name, doc.department.year, Path(doc.source or "").name]
    return re.sub(r"[^\w.-]+", "_", "_".join(str(p) for p in parts if p)).strip("_") or "budgetcheck"



def derive_checks(doc: Disclosure, rules: tuple[Rule, ...] = RULES, hood: Any = None) -> list[Check]:
    """Every rule's checks, in catalogue order (cross-document rules only with a neighbourhood)."""
    checks: list[Check] = []
    for rule in rules:
        if rule.family == NEIGHBOUR_FAMILY:
            if hood is not None:
                checks.extend(rule.derive(doc, rule, hood))
        else:
            checks.extend(rule.derive(doc, rule))
    return checks


def _outcomes_from_suite_result(suite_result: Any, out: dict[str, dict[str, Any]]) -> None:
    for r in suite_result.results:
        rule = r.expectation_config.kwargs["rule"]
        res = r.result or {}
        if r.exception_info and r.exception_info.get("raised_exception"):
            raise RuntimeError(f"GX expectation for {rule} raised: {r.exception_info.get('exception_message')}")
        out[rule] = {
            "success": bool(r.success),
            "checked": res.get("element_count", 0),
            "failed": list(res.get("unexpected_check_ids", [])),
            "within_tolerance": list(res.get("within_tolerance_check_ids", [])),
        }


def run_suites(frame: Any, *, data_docs_dir: Path | None = None, run_name: str | None = None,
               families: Any = None) -> dict[str, dict[str, Any]]:
    """GX outcome per rule id for one checks frame (``run_name`` labels the Data Docs run).

    ``families``: the suites to run (default: every family; the benchmark leaves one out)."""
    from expectations.gx_context import LOCK, build_document_docs, get_gx, point_docs_site

    gxo = get_gx()
    outcomes: dict[str, dict[str, Any]] = {}
    with LOCK:
        if data_docs_dir is None:
            batch = gxo.batch_definition.get_batch(batch_parameters={"dataframe": frame})
            present = set(frame["rule"].unique()) if len(frame) else set()
            neighbours = any(r.id in present for r in rules_of(NEIGHBOUR_FAMILY))
            if families is None:  # every family in one GX run
                if not neighbours:
                    _no_checks(NEIGHBOUR_FAMILY, outcomes)  # checked alone: nothing to look at
                _outcomes_from_suite_result(batch.validate(gxo.combined[neighbours], result_format="COMPLETE"),
                                            outcomes)
                return outcomes
            for family in families:
                if family == NEIGHBOUR_FAMILY and not neighbours:
                    _no_checks(family, outcomes)
                    continue
                _outcomes_from_suite_result(batch.validate(gxo.suites[family], result_format="COMPLETE"),
                                            outcomes)
        else:
            point_docs_site(gxo, Path(data_docs_dir))
            gxo.remove_stored_results()
            try:
                from great_expectations.core.run_identifier import RunIdentifier

                result = gxo.checkpoint.run(batch_parameters={"dataframe": frame},
                                            run_id=RunIdentifier(run_name=run_name))
                for suite_result in result.run_results.values():
                    _outcomes_from_suite_result(suite_result, outcomes)
                build_document_docs(gxo, result)
            finally:
                gxo.remove_stored_results()
    return outcomes


def _no_checks(family: str, out: dict[str, dict[str, Any]]) -> None:
    for rule in rules_of(family):
        out[rule.id] = {"success": True, "checked": 0, "failed": [], "within_tolerance": []}


def validate(doc: Disclosure, *, data_docs_dir: Path | None = None, hood: Any = None) -> Report:
    """The contract's report for one disclosure.  With ``hood`` (its
    :class:`neighbours.neighbourhood.Neighbourhood`) the cross-document rules run too."""
    checks = derive_checks(doc, hood=hood)
    outcomes = run_suites(checks_frame(checks), data_docs_dir=data_docs_dir, run_name=run_name(doc))
    _not_confirmed_where_most_fail(doc, checks, outcomes)
    return build_report(doc, RULES, checks, outcomes, neighbours=describe(hood) if hood is not None else None)


def _not_confirmed_where_most_fail(doc: Disclosure, checks: list[Check], outcomes: dict[str, dict[str, Any]]) -> None:
    """A relation failing on most of what it compares is a misreading: its tables are not confirmed;
    a comparison failing only because a code is misprinted is that code's finding, not another
    (:mod:`expectations.plausibility`)."""
    mark(doc, implausible(checks, outcomes, {r.id: r.title for r in RULES if r.severity == ERROR}))
    for i in consequences(doc, checks, outcomes):
        checks[i].certain = False


def plain_outcomes(checks: list[Check], rules: tuple[Rule, ...] = RULES) -> dict[str, dict[str, Any]]:
    """Each rule's outcome as the GX expectation gives it, computed without GX (same function)."""
    from expectations.custom import evaluate_checks

    found = evaluate_checks(checks_frame(checks)) if checks else {}
    out = {}
    for rule in rules:
        o = found.get(rule.id, {"checked": 0, "failed": [], "within_tolerance": []})
        out[rule.id] = {"success": not o["failed"], "checked": o["checked"], "failed": list(o["failed"]),
                        "within_tolerance": list(o["within_tolerance"])}
    return out


def judge(doc: Disclosure, *, hood: Any = None) -> Report:
    """:func:`validate`'s report without running GX (see the module docstring)."""
    checks = derive_checks(doc, hood=hood)
    outcomes = plain_outcomes(checks)
    _not_confirmed_where_most_fail(doc, checks, outcomes)
    return build_report(doc, RULES, checks, outcomes, neighbours=describe(hood) if hood is not None else None)


def apply_neighbours(report: Report, doc: Disclosure, hood: Any) -> Report:
    """A new report: ``report`` (of ``doc``, made without neighbours or with others) with the
    cross-document results for ``hood``; only the neighbour suite runs, the document's own results
    stay."""
    rules = tuple(rules_of(NEIGHBOUR_FAMILY))
    checks = derive_checks(doc, rules, hood=hood)
    outcomes: dict[str, dict[str, Any]] = {}
    if checks:
        from expectations.gx_context import LOCK, get_gx

        gxo = get_gx()
        with LOCK:
            batch = gxo.batch_definition.get_batch(batch_parameters={"dataframe": checks_frame(checks)})
            _outcomes_from_suite_result(batch.validate(gxo.suites[NEIGHBOUR_FAMILY], result_format="COMPLETE"),
                                        outcomes)
    else:
        _no_checks(NEIGHBOUR_FAMILY, outcomes)
    return report.with_results(rule_results(doc, rules, checks, outcomes)).with_neighbours(describe(hood))
