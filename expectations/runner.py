"""Validate one disclosure: derive the checks frame, run the GX suites, assemble the report.

Per document: every rule's derive function (pure Python over the printed tables) → one long
checks frame of exact integers → one GX batch validated by the six family suites (one custom
expectation per rule, one shared metric pass per suite) → the contract's report.  With
``data_docs_dir`` the same suites run through a GX checkpoint and GX Data Docs for this
validation only are built into that folder (once, for all six suite results).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from disclosure.model import Disclosure
from expectations.catalogue import FAMILIES, RULES, Rule
from expectations.frames import Check, checks_frame
from expectations.report import build_report


def run_name(doc: Disclosure) -> str:
    """The Data Docs run label: department, year and file name, safe as a path segment."""
    parts = [doc.department.name, doc.department.year, Path(doc.source or "").name]
    return re.sub(r"[^\w.-]+", "_", "_".join(str(p) for p in parts if p)).strip("_") or "budgetcheck"


def derive_checks(doc: Disclosure, rules: tuple[Rule, ...] = RULES) -> list[Check]:
    """Every rule's checks, in catalogue order."""
    checks: list[Check] = []
    for rule in rules:
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
            for family in FAMILIES if families is None else families:
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


def validate(doc: Disclosure, *, data_docs_dir: Path | None = None) -> dict:
    """The contract's report for one disclosure (plain dict; amounts are Decimals)."""
    checks = derive_checks(doc)
    outcomes = run_suites(checks_frame(checks), data_docs_dir=data_docs_dir, run_name=run_name(doc))
    return build_report(doc, RULES, checks, outcomes)
