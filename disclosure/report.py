"""The validation report as values: :class:`Status`, :class:`Finding`, :class:`RuleResult`, :class:`Report`.

Why here, in the model layer: a report is made by ``expectations/``, given its cross-document
results by ``flows/`` (through ``neighbours/``), stored by ``connectors/publish/reports.py`` and
shown by the review site.  All of them may import ``disclosure/``; none may import a layer above
its own (``tests/test_layers.py``).  How a report is *judged* (which failures count, unconfirmed
ones) stays in ``expectations/report.py``; this module only says what a report is.

JSON only at the edge: :meth:`Report.to_dict` gives the contract's shape (amounts stay
``Decimal``; ``disclosure.model.dumps_exact`` writes them as printed) and :meth:`Report.from_dict`
reads a stored one back.  Only ``connectors/publish/reports.py`` (storage) and the CLI
(``--json``) turn reports into text or back.  Keys the contract makes optional are written only
when they say something, in one fixed order, so the same report is always the same bytes.

Never patched: a stored version, a neighbour re-check, a withdrawal each give a *new* report
(the ``with_…`` methods); the dataclasses are frozen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

#: A rule's severity: an error's failure fails the document, a warning's does not.
ERROR, WARNING = "error", "warning"


class Status(StrEnum):
    """Every status a report, or the handling of an upload, can have, with its Chinese label.

    One place for the words: the CLI's exit codes, the Prefect artifact, the demo table, the review
    site and the ledger all read them from here.  A ``StrEnum``: each member *is* its JSON string
    (``Status.PASSED == "passed"``), so reports and ledger rows keep their shape."""

    label: str

    def __new__(cls, value: str, label: str) -> Status:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    # a report's status (the contract's four)
    PASSED = "passed", "通过"
    FAILED = "failed", "未通过"
    PARTIAL = "partial", "部分核对"
    UNREADABLE = "unreadable", "无法读取"
    # a report kept after its upload was deleted
    WITHDRAWN = "withdrawn", "已撤回"
    # what became of an upload that got no new report (the service's outcomes)
    SKIPPED = "skipped", "已有报告"
    MISSING = "missing", "文件已不存在"
    ERROR = "error", "处理出错"
    CLAIMED = "claimed", "另一监听进程处理中"  # another listener holds the version (issue 17): tried again later

    @classmethod
    def label_of(cls, value: Any) -> str:
        """The Chinese label of a status given as text (an unknown one is shown as it is)."""
        try:
            return cls(value).label
        except ValueError:
            return str(value)


#: The statuses a validation gives a report (the contract's).
REPORT_STATUSES = (Status.PASSED, Status.FAILED, Status.PARTIAL, Status.UNREADABLE)


@dataclass(frozen=True)
class Finding:
    """One failure, note or unconfirmed difference: where (table, row, code, column), the figures
    compared and a Chinese message.  A finding about a sentence of the 说明 also has ``quote`` (and
    ``page``, even when unknown) and, when it was compared with a table cell, ``printed``."""

    table: str | None
    row: Any
    code: str | None
    column: str | None
    expected: Any
    actual: Any
    difference: Any
    message: str
    page: int | None = None
    quote: str | None = None
    printed: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {"table": self.table, "row": self.row, "code": self.code, "column": self.column,
               "expected": self.expected, "actual": self.actual, "difference": self.difference,
               "message": self.message}
        if self.quote is not None:
            out["page"] = self.page
            out["quote"] = self.quote
            if self.printed is not None:
                out["printed"] = self.printed
        return out

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Finding:
        return cls(d.get("table"), d.get("row"), d.get("code"), d.get("column"), d.get("expected"),
                   d.get("actual"), d.get("difference"), d.get("message", ""), d.get("page"), d.get("quote"),
                   d.get("printed"))


def _findings(items: Iterable[Mapping[str, Any]] | None) -> tuple[Finding, ...]:
    return tuple(Finding.from_dict(i) for i in items or ())


@dataclass(frozen=True)
class RuleResult:
    """One rule's entry in a report: ``passed``, how many figures or facts it ``checked``, and its
    findings (``unconfirmed``: failures on what was not read with confidence, not counted)."""

    rule: str
    title: str
    severity: str
    passed: bool
    checked: int
    failures: tuple[Finding, ...] = ()
    notes: tuple[Finding, ...] = ()
    unconfirmed: tuple[Finding, ...] = ()

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def to_dict(self) -> dict[str, Any]:
        out = {"rule": self.rule, "title": self.title, "severity": self.severity, "passed": self.passed,
               "checked": self.checked, "failures": [f.to_dict() for f in self.failures],
               "notes": [f.to_dict() for f in self.notes]}
        if self.unconfirmed:
            out["unconfirmed"] = [f.to_dict() for f in self.unconfirmed]
        return out

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> RuleResult:
        return cls(d["rule"], d.get("title", ""), d.get("severity", ""), bool(d["passed"]), int(d.get("checked", 0)),
                   _findings(d.get("failures")), _findings(d.get("notes")), _findings(d.get("unconfirmed")))


@dataclass(frozen=True)
class Summary:
    """How many rules ran, passed, and failed by severity."""

    rules: int = 0
    passed: int = 0
    failed_errors: int = 0
    failed_warnings: int = 0

    @classmethod
    def of(cls, results: Sequence[RuleResult]) -> Summary:
        return cls(rules=len(results), passed=sum(1 for r in results if r.passed),
                   failed_errors=sum(1 for r in results if not r.passed and r.is_error),
                   failed_warnings=sum(1 for r in results if not r.passed and not r.is_error))

    def to_dict(self) -> dict[str, int]:
        return {"rules": self.rules, "passed": self.passed, "failed_errors": self.failed_errors,
                "failed_warnings": self.failed_warnings}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any] | None) -> Summary:
        d = d or {}
        return cls(int(d.get("rules", 0)), int(d.get("passed", 0)), int(d.get("failed_errors", 0)),
                   int(d.get("failed_warnings", 0)))


@dataclass(frozen=True)
class UnreadTable:
    """A table the reader could not read with confidence, and what it did not understand."""

    table: str
    title: str | None
    page: int | None
    problems: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"table": self.table, "title": self.title, "page": self.page, "problems": list(self.problems)}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> UnreadTable:
        return cls(d.get("table", ""), d.get("title"), d.get("page"), tuple(d.get("problems") or ()))


#: The report's keys in the order they are written; keys after ``results`` only when set.
_KEYS = ("source", "department", "status", "summary", "results", "warnings", "unread", "part", "error",
         "source_version", "neighbours", "withdrawn", "moved")


@dataclass(frozen=True)
class Report:
    """The contract's report on one upload (see ``shared/spec/contract.md`` and README.md).

    ``warnings`` is None for an unreadable upload (its report has no ``warnings`` key); the
    sections other layers add are plain mappings as they are written: ``source_version`` (which
    upload version was validated), ``neighbours`` (the cross-document section), ``withdrawn`` and
    ``moved``.  ``extra`` keeps keys this version does not know (a report stored by another
    version), so re-writing a stored report loses nothing."""

    source: str
    department: Mapping[str, Any] | None
    status: Status
    summary: Summary
    results: tuple[RuleResult, ...] = ()
    warnings: tuple[str, ...] | None = ()
    unread: tuple[UnreadTable, ...] = ()
    part: str | None = None
    error: str | None = None
    source_version: Mapping[str, Any] | None = None
    neighbours: Mapping[str, Any] | None = None
    withdrawn: Mapping[str, Any] | None = None
    moved: Mapping[str, Any] | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    # -- making one ------------------------------------------------------------------------------

    @staticmethod
    def status_of(results: Sequence[RuleResult], unread: Sequence[UnreadTable]) -> Status:
        """Failed when an error rule failed; partial when a table was not read with confidence or a
        failure could not be confirmed; passed otherwise."""
        if any(not r.passed and r.is_error for r in results):
            return Status.FAILED
        if unread or any(r.unconfirmed for r in results):
            return Status.PARTIAL
        return Status.PASSED

    @classmethod
    def judged(cls, source: str, department: Mapping[str, Any] | None, results: Sequence[RuleResult], *,
               warnings: Sequence[str] = (), unread: Sequence[UnreadTable] = (), part: str | None = None,
               neighbours: Mapping[str, Any] | None = None) -> Report:
        """A validated document's report: summary and status follow from the results."""
        results, unread = tuple(results), tuple(unread)
        return cls(source=source, department=department, status=cls.status_of(results, unread),
                   summary=Summary.of(results), results=results, warnings=tuple(warnings), unread=unread,
                   part=part, neighbours=neighbours)

    @classmethod
    def unreadable(cls, source: str, message: str) -> Report:
        """The report of an upload that could not be read: no rules ran; ``error`` says what to fix."""
        return cls(source=source, department=None, status=Status.UNREADABLE, summary=Summary(), results=(),
                   warnings=None, error=message)

    # -- new reports from this one ---------------------------------------------------------------

    def with_results(self, fresh: Sequence[RuleResult]) -> Report:
        """This report with the entries of the rules in ``fresh`` made again (each in its place; new
        rules at the end), summary and status judged again."""
        new = {r.rule: r for r in fresh}
        results = tuple(new.pop(r.rule, r) for r in self.results) + tuple(new.values())
        return replace(self, results=results, summary=Summary.of(results),
                       status=self.status_of(results, self.unread))

    def with_neighbours(self, section: Mapping[str, Any] | None) -> Report:
        return replace(self, neighbours=section)

    def with_source(self, source: str) -> Report:
        return replace(self, source=source)

    def with_source_version(self, version: Mapping[str, Any] | None) -> Report:
        return replace(self, source_version=version)

    def with_withdrawn(self, withdrawn: Mapping[str, Any]) -> Report:
        return replace(self, withdrawn=withdrawn)

    def with_moved(self, moved: Mapping[str, Any]) -> Report:
        return replace(self, moved=moved)

    def keeping_service_fields(self, stored: Report) -> Report:
        """This report (made again from the tables) with what the service recorded on ``stored``: the
        source as uploaded and the version validated (a neighbour re-check is no new validation)."""
        kept = {k: v for k, v in stored.extra.items() if k in ("source_etag", "report_version")}
        return replace(self, source=stored.source, source_version=stored.source_version,
                       extra={**self.extra, **kept})

    # -- reading -----------------------------------------------------------------------------------

    @property
    def department_name(self) -> str | None:
        return (self.department or {}).get("name") if isinstance(self.department, Mapping) else None

    def result(self, rule_id: str) -> RuleResult:
        for r in self.results:
            if r.rule == rule_id:
                return r
        raise KeyError(rule_id)

    @property
    def upload_etag(self) -> str | None:
        """The upload ETag this report was made from (None when not recorded or withdrawn)."""
        if self.withdrawn:
            return None
        return (self.source_version or {}).get("etag")

    # -- JSON shape (the edge) -------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON shape (Decimals kept; write with ``dumps_exact``)."""
        out: dict[str, Any] = {"source": self.source, "department": _plain(self.department),
                               "status": self.status.value, "summary": self.summary.to_dict(),
                               "results": [r.to_dict() for r in self.results]}
        if self.warnings is not None:
            out["warnings"] = list(self.warnings)
        if self.unread:
            out["unread"] = [u.to_dict() for u in self.unread]
        for key in ("part", "error"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        for key in ("source_version", "neighbours", "withdrawn", "moved"):
            if getattr(self, key) is not None:
                out[key] = _plain(getattr(self, key))
        out.update(_plain(self.extra))
        return out

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Report:
        """A report as stored (raises KeyError/ValueError/TypeError on something that is not one:
        a report has at least a known ``status``)."""
        if not isinstance(d, Mapping) or "status" not in d:
            raise ValueError("not a report")
        warnings = d.get("warnings")
        return cls(
            source=d.get("source") or "",
            department=d.get("department"),
            status=Status(d["status"]),
            summary=Summary.from_dict(d.get("summary")),
            results=tuple(RuleResult.from_dict(r) for r in d.get("results") or ()),
            warnings=None if warnings is None else tuple(warnings),
            unread=tuple(UnreadTable.from_dict(u) for u in d.get("unread") or ()),
            part=d.get("part"),
            error=d.get("error"),
            source_version=d.get("source_version"),
            neighbours=d.get("neighbours"),
            withdrawn=d.get("withdrawn"),
            moved=d.get("moved"),
            extra={k: v for k, v in d.items() if k not in _KEYS},
        )


def _plain(value: Any) -> Any:
    """A mapping section as a plain dict (JSON writers and Prefect want dicts, not proxies)."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
