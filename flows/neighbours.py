"""The cross-document step of validating an upload (see :mod:`neighbours.upkeep`).

After an upload's own check, in the service process: file it in the store's index, add its
cross-document results, and re-check the stored disclosures that use it; after they are
re-checked, write their reports and pages again.  When an upload is deleted or its new version is
unreadable, take it out of the index and re-check its users without it.

One step at a time per process (a lock): two neighbours arriving together must not both rewrite
the same department's report from an index that has only one of them.  The step's storage calls
are retried like every other (:mod:`flows.retrying`, with backoff); if it still fails, the upload's
own report is stored anyway with a sentence saying the cross-document comparison did not run and
will not be made up by itself (the upload is not in the index, so no later neighbour brings it
back): the report promises nothing that cannot happen.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from typing import Any

from connectors.publish import reports
from connectors.storage import ObjectInfo, Storage, url_for
from disclosure.report import Report
from expectations.runner import apply_neighbours, validate
from flows.retrying import retried
from neighbours.index import StoredIndex
from neighbours.upkeep import Republish, check_upload, withdraw_upload

log = logging.getLogger(__name__)

_RETRY_DELAYS = [1.0, 2.0, 4.0]
#: One step at a time in this process, whichever event loop or thread runs it.
_LOCK = threading.Lock()


def _one_at_a_time(fn, *args, **kwargs):
    with _LOCK:
        return fn(*args, **kwargs)


def _reader(storage: Storage):
    return lambda upload_key: reports.read_report(storage, upload_key)


@retried(_RETRY_DELAYS)
async def _check(storage: Storage, key: str, doc: Any, report: Report, info: ObjectInfo
                 ) -> tuple[Report, list[Republish]]:
    return await asyncio.to_thread(
        _one_at_a_time, check_upload, StoredIndex(storage), key, doc, report,
        stored=info.last_modified or time.time(),
        report_key=reports.report_key(key), version=info.etag, validate=validate,
        apply_neighbours=apply_neighbours, read_report=_reader(storage))


@retried(_RETRY_DELAYS)
async def _withdraw(storage: Storage, key: str) -> list[Republish]:
    return await asyncio.to_thread(_one_at_a_time, withdraw_upload, StoredIndex(storage), key, validate=validate,
                                   apply_neighbours=apply_neighbours, read_report=_reader(storage))


async def cross_check(storage: Storage, key: str, doc: Any, report: Report, info: ObjectInfo
                      ) -> tuple[Report, list[Republish]]:
    """``report`` with its cross-document results and the neighbours to re-publish (an unreadable
    upload, ``doc`` None, leaves the index instead)."""
    try:
        if doc is None:
            return report, await _withdraw(storage, key)
        return await _check(storage, key, doc, report, info)
    except Exception as exc:  # the store is down past the retries: the own report still lands
        log.error("cross-document step for %s failed: %s: %s", key, type(exc).__name__, exc)
        return report.with_neighbours({
            "uses": [], "used_by": [], "units": [],
            "notes": [f"未能完成与相关公开文件的跨文件比对（{type(exc).__name__}），本报告不含跨文件比对结果；"
                      "系统不会自动补做，如需比对请联系财政局审核人员。"]}), []


async def withdraw(storage: Storage, key: str) -> list[Republish]:
    """The upload was deleted: its users re-checked without it."""
    try:
        return await _withdraw(storage, key)
    except Exception as exc:
        log.error("cross-document withdrawal for %s failed: %s: %s", key, type(exc).__name__, exc)
        return []


@retried(_RETRY_DELAYS)
async def _republish(storage: Storage, item: Republish, publish: Any) -> dict[str, Any]:
    info = await asyncio.to_thread(reports.write_report, storage, item.source, item.report)
    if publish is not None:
        await asyncio.to_thread(publish, storage, item.source, item.doc, item.report, url_for(storage, item.source))
    return {"key": item.source, "report_etag": info.etag, "status": str(item.report.status)}


async def republish(storage: Storage, items: list[Republish], publish: Any) -> list[dict[str, Any]]:
    """Write each re-checked neighbour's report and page; what was written (for the ledger)."""
    done = []
    for item in items:
        try:
            done.append(await _republish(storage, item, publish))
        except Exception as exc:  # its own report stays as it was; the next neighbour event tries again
            log.error("re-publishing %s failed: %s: %s", item.source, type(exc).__name__, exc)
    return done
