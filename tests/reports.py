"""Reports as the tests read them: the contract's JSON shape (plain dicts) of the typed report.

``judged`` is the report without GX (:func:`expectations.runner.judge`: every rule's derive
function and the verdict GX's metric computes, :func:`expectations.custom.evaluate_checks`).  The
rule and reader unit tests use it: what they test is the derive functions and the verdict, and a
worker that never imports GX starts in a fraction of the time.  ``tests/test_property.py`` keeps
the two tied: GX reaches the same verdict on changed copies of real documents.

``validated`` runs the GX suites (:func:`expectations.runner.validate`), for the tests about GX
itself (suites, Data Docs, the property test) and the service paths.
"""

from __future__ import annotations

from typing import Any


def judged(doc: Any, *, hood: Any = None) -> dict[str, Any]:
    from expectations.runner import judge

    return judge(doc, hood=hood).to_dict()


def validated(doc: Any, **kwargs: Any) -> dict[str, Any]:
    from expectations.runner import validate

    return validate(doc, **kwargs).to_dict()


def stored_report(storage: Any, upload_key: str) -> dict[str, Any] | None:
    """The report stored for an upload, as its JSON says (None when there is none)."""
    from connectors.publish.reports import read_report

    report = read_report(storage, upload_key)
    return report.to_dict() if report is not None else None
