"""How a validation's outcomes become the contract's report (:class:`disclosure.report.Report`).

Amounts stay :class:`~decimal.Decimal` in the table's printed unit; serialise with
:func:`disclosure.model.dumps_exact`.  Each result carries ``failures`` (differences beyond the
rounding tolerance, or facts that do not hold) and ``notes`` (same shape: differences inside
the tolerance, listed so that a reviewer sees them), plus ``checked``: how many comparisons
the rule made on this document (0 when the tables it reads are not printed).

Never guess: a table the reader could not read with confidence (``Table.problems``) is named in
``unread`` (table, title, page, what was not understood), and a rule's failures on it (error or
warning) are not findings: they are listed as ``unconfirmed`` (same shape) for a reviewer to look
at by eye.  A
document with such tables and no confirmed error is ``partial``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from disclosure.model import Disclosure
from disclosure.report import Finding, Report, RuleResult, UnreadTable
from expectations.catalogue import Rule
from expectations.custom import KIND_AT_MOST
from expectations.frames import Check, fmt


def _plain(v: Decimal) -> str:
    """A tolerance or difference without exponent notation or trailing zeros."""
    s = format(v.normalize(), "f") if v else "0"
    return s


def failure_entry(check: Check, *, within: bool = False) -> Finding:
    """One failure (or note) as the contract shapes it, with a Chinese message."""
    own = None if within else check.finding()  # a narrative check words its own finding
    if check.kind == "flag" or own:
        message = own or check.message or check.subject
    elif within:
        message = (f"{check.subject} {fmt(check.actual)} 与{check.expected_label} {fmt(check.expected)} "
                   f"相差 {_plain(check.difference)}，在舍入容差 ±{_plain(check.tolerance)} 之内")
    elif check.kind == KIND_AT_MOST:
        message = f"{check.subject} {fmt(check.actual)} 超过{check.expected_label} {fmt(check.expected)}"
    else:
        message = f"{check.subject} {fmt(check.actual)} ≠ {check.expected_label} {fmt(check.expected)}"
        if check.tolerance:
            message += f"（相差 {_plain(check.difference)}，超出舍入容差 ±{_plain(check.tolerance)}）"
    narrative = check.quote is not None  # a statement of the 说明: where it is and what it says
    return Finding(table=check.table, row=check.row, code=check.code, column=check.column,
                   expected=check.expected, actual=check.actual, difference=check.difference, message=message,
                   page=check.page if narrative else None, quote=check.quote,
                   printed=check.printed if narrative else None)


def unread_tables(doc: Disclosure) -> tuple[UnreadTable, ...]:
    """Tables not read with confidence: which, where, and what was not understood."""
    return tuple(UnreadTable(t.key, t.title, t.page, tuple(t.problems)) for t in doc.all_tables() if t.problems)


def _uncertain(doc: Disclosure) -> set[str]:
    """Keys an error rule's failure may name that point at a table read without confidence."""
    keys = {t.key for t in doc.all_tables() if t.problems}
    if any(t.problems for t in doc.other_tables.values()):
        keys.add("other_tables")
    return keys


def _result(rule: Rule, o: Mapping[str, Any], checks: Sequence[Check], uncertain: set[str]) -> RuleResult:
    """One rule's entry: its failures, notes and (on tables not read with confidence) unconfirmed ones."""
    failed = list(o.get("failed", []))
    unconfirmed = [i for i in failed if not checks[i].certain]
    if uncertain:  # a warning drawn from a misread cell is as false as an error
        # a narrative check names the one table cell it compared: only that table's confidence counts
        rule_on_uncertain = bool(uncertain & set(rule.tables)) and not rule.id.startswith("cross.narrative.")
        unconfirmed += [i for i in failed if i not in unconfirmed and (rule_on_uncertain or checks[i].table in uncertain)]
    failed = [i for i in failed if i not in unconfirmed]
    ok = bool(o["success"]) or (not failed and bool(unconfirmed))
    return RuleResult(
        rule=rule.id, title=rule.title, severity=rule.severity, passed=ok, checked=int(o.get("checked", 0)),
        failures=tuple(failure_entry(checks[i]) for i in failed),
        notes=tuple(failure_entry(checks[i], within=True) for i in o.get("within_tolerance", [])),
        unconfirmed=tuple(failure_entry(checks[i]) for i in unconfirmed),
    )


def rule_results(doc: Disclosure, rules: Sequence[Rule], checks: Sequence[Check],
                 outcomes: Mapping[str, Mapping[str, Any]]) -> list[RuleResult]:
    """Each rule's entry from its outcome (``success``, failed and noted check ids)."""
    uncertain = _uncertain(doc)
    return [_result(rule, outcomes[rule.id], checks, uncertain) for rule in rules]


def build_report(doc: Disclosure, rules: Sequence[Rule], checks: Sequence[Check],
                 outcomes: Mapping[str, Mapping[str, Any]], *, neighbours: Mapping[str, Any] | None = None
                 ) -> Report:
    """The report from the outcome of each rule (GX's, or :func:`expectations.custom.evaluate_checks`'s)."""
    return Report.judged(doc.source, doc.department.to_dict(), rule_results(doc, rules, checks, outcomes),
                         warnings=doc.warnings, unread=unread_tables(doc), part=doc.part or None,
                         neighbours=neighbours)
