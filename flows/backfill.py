"""``budgetcheck backfill URI``: validate every disclosure under a prefix, in parallel.

For a whole province (or after a rule change): every upload is validated again and its report
replaced.  One flow run; one task per upload on a Dask task runner (prefect-dask): a local
cluster of ``workers`` processes by default, or an existing cluster with ``--dask-address`` so
the same command scales out to many machines.  Each Dask worker process opens the store from the
URI itself and keeps its GX context for all the uploads it gets.
"""

from __future__ import annotations

import asyncio
import sys
import time

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed

from connectors.events.ledger import Ledger
from connectors.events.polling import is_upload_key
from disclosure.report import Status
from disclosure.vocabulary import INCOMING
from flows import runtime

_inline_checker = None


@task(name="backfill-upload", cache_policy=NO_CACHE, persist_result=False, task_run_name="backfill {key}")
def backfill_upload(source: str, endpoint_url: str | None, key: str) -> dict:
    """Runs in a Dask worker: validate in this process (it is one of the pool already)."""
    global _inline_checker
    from flows.checking import Checker
    from flows.validate import validate_one

    if _inline_checker is None:
        _inline_checker = Checker(workers=0, data_docs=runtime.data_docs_enabled())
    storage = runtime.open_layout(source, endpoint_url)
    return asyncio.run(validate_one(storage, key, _inline_checker, force=True)).to_dict()


def _progress(done: int, total: int, started: float) -> None:
    width = 30
    filled = int(width * done / total) if total else width
    rate = done / max(time.monotonic() - started, 1e-9)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}  {rate:.2f}/s ")
    sys.stderr.flush()


@flow(name="backfill", flow_run_name="backfill {source}", persist_result=False)
def backfill_flow(source: str, keys: list[str], endpoint_url: str | None = None) -> list[dict]:
    futures = [backfill_upload.submit(source, endpoint_url, k) for k in keys]
    results, started = [], time.monotonic()
    for fut in as_completed(futures):
        try:
            results.append(fut.result())
        except Exception as exc:
            results.append({"key": "?", "status": Status.ERROR.value, "done": False, "message": str(exc)})
        _progress(len(results), len(futures), started)
    sys.stderr.write("\n")
    return results


def backfill(uri: str, endpoint_url: str | None = None, dask_address: str | None = None,
             workers: int = 2) -> int:
    """0 when every upload got its report, 1 otherwise."""
    import os

    os.environ.setdefault("DASK_DISTRIBUTED__LOGGING__DISTRIBUTED", "warning")
    from prefect_dask import DaskTaskRunner

    storage = runtime.open_layout(uri, endpoint_url)
    keys = [o.key for o in storage.list(INCOMING) if is_upload_key(o.key)]
    if not keys:
        print(f"{uri}: 没有待审核的文件（incoming/ 为空）")
        return 0
    if dask_address:
        runner = DaskTaskRunner(address=dask_address)
    else:
        runner = DaskTaskRunner(cluster_kwargs={"n_workers": max(1, workers), "threads_per_worker": 1,
                                                "processes": True, "dashboard_address": None})
    from flows.prefect_api import PrefectUnavailable, ensure_api

    try:
        ensure_api()  # Prefect's temporary server on our terms (a longer wait, a fresh port)
    except PrefectUnavailable as exc:
        sys.stderr.write(exc.message + "\n")
        return 1
    results = backfill_flow.with_options(task_runner=runner)(source=uri, keys=keys, endpoint_url=endpoint_url)
    ledger = Ledger(runtime.default_ledger_path(storage))
    try:
        for r in results:
            if r.get("done") and r.get("etag"):
                ledger.record(r["key"], r["etag"], r["status"], r.get("report_etag"))
    finally:
        ledger.close()
    counts: dict[str, int] = {}
    for r in results:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    print("  ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
    return 0 if all(r.get("done") for r in results) else 1
