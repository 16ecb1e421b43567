"""Reconcile the ledger with the reports actually in the store.

Why: the ledger says "this version has its report", and the service then skips the upload.  That
is only true while the store still holds that report.  A fresh store with the same bucket name, a
restored or emptied ``results/``, a report replaced by hand: in each, the ledger would keep
vouching for a report that is not there, and the upload would never be validated again.

One pass lists ``results/`` (one request per thousand reports) and compares each done row with
what is listed: the report must exist under its name, and, when the row knows the ETag of the
report object it saw written, still be that object.  A row that fails is put back to ``pending``
(validated again).  Reports still under the name used before the extension was kept are moved
(:func:`connectors.publish.reports.migrate_report`): those of ledger rows, and those of every
upload listed under the watched prefix; once none is left, the store is marked migrated and
validations stop looking for old names.  Nothing else is read, so a pass costs milliseconds for
a province's worth of reports.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from connectors.publish.reports import (
    RESULTS,
    legacy_report_key,
    mark_migrated,
    migrate_report,
    report_key,
    stored_etag,
)
from connectors.storage.base import Storage
from disclosure.vocabulary import INCOMING

from .ledger import GAVE_UP, PENDING, WITHDRAWN, Ledger

log = logging.getLogger(__name__)


@dataclass
class Reconciliation:
    """What one pass found: rows checked, uploads to validate again, reports moved to their new name."""

    checked: int = 0
    stale: list[str] = field(default_factory=list)
    migrated: list[str] = field(default_factory=list)
    seconds: float = 0.0


def reconcile(ledger: Ledger, storage: Storage, watched_prefix: str = INCOMING) -> Reconciliation:
    """Compare every done ledger row under ``watched_prefix`` with the listed reports (see above)."""
    started = time.perf_counter()
    out = Reconciliation()
    listed = {info.key: info.etag for info in storage.list(RESULTS)}
    for entry in ledger.entries():
        if entry.status in (WITHDRAWN, GAVE_UP, PENDING) or not entry.key.startswith(watched_prefix):
            continue  # no report expected (withdrawn keeps its own; given up has none), or already queued
        out.checked += 1
        stored = listed.get(report_key(entry.key))
        if stored is None and legacy_report_key(entry.key) in listed:
            report, info = migrate_report(storage, entry.key)
            if report is not None and info is not None and stored_etag(report) == entry.etag:
                ledger.record(entry.key, entry.etag, entry.status, info.etag)
                out.migrated.append(entry.key)
                continue
        if stored is None or (entry.report_etag and stored != entry.report_etag):
            ledger.mark_pending(entry.key)
            out.stale.append(entry.key)
    _migrate_the_rest(storage, watched_prefix, listed, out)
    out.seconds = round(time.perf_counter() - started, 3)
    if out.stale or out.migrated:
        log.warning("ledger reconciled with the store: %d report(s) missing or replaced, validating again%s; "
                    "%d moved to the name with the extension", len(out.stale),
                    f" ({', '.join(out.stale[:5])}{' …' if len(out.stale) > 5 else ''})" if out.stale else "",
                    len(out.migrated))
    return out


def _migrate_the_rest(storage: Storage, watched_prefix: str, listed: dict[str, str], out: Reconciliation) -> None:
    """Move the old-named reports of uploads the ledger does not know (yet); then mark the store:
    an old name that is still there now belongs to another upload of the same stem or is marked
    ``moved``, and no new report is ever written under an old name."""
    for info in storage.list(watched_prefix):
        old, new = legacy_report_key(info.key), report_key(info.key)
        if old != new and old in listed and new not in listed and migrate_report(storage, info.key)[0] is not None:
            out.migrated.append(info.key)
    mark_migrated(storage)
