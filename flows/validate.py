"""The Prefect flows that validate stored disclosures.

Why one flow run per *batch*: a flow run costs about a second of Prefect overhead, so the service
hands every upload it has seen in one pass to one run of ``validate-uploads``, which validates
each upload as a plain coroutine, several at a time (``BUDGETCHECK_CONCURRENCY``): no task run per
upload, whose state reports cost more than the rest of the orchestration (issue 19); each upload
has its Markdown artifact, its event and its log line.  Storage I/O is retried with exponential
backoff (:mod:`flows.retrying`); reading and rule checking run in the worker-process pool
(:mod:`flows.checking`).

Per upload (``validate_one``):

1. fetch the object and remember the ETag / version id that was read;
2. read + run the suites (unreadable → the ``unreadable`` report);
3. before storing, check the upload was not replaced meanwhile (if it was, start again with the
   new version, so a slow old version never overwrites a newer report); the version read is
   claimed in the store first, so of several listeners exactly one validates it
   (:mod:`connectors.publish.claims`);
4. store ``results/<path>/<name>.<ext>.json`` atomically, unless a report for this very version is
   already there (a re-delivered notification must not make a second, different report); a write
   whose answer was lost is looked for before it is tried again, so it is never made twice;
5. publish the review pages (``connectors.publish.site``; skipped with a warning if absent);
6. attach a Markdown artifact and emit ``budgetcheck.disclosure.validated``.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from prefect import flow
from prefect.artifacts import acreate_markdown_artifact
from prefect.events import emit_event
from prefect.logging import get_run_logger

from connectors.publish import claims, reports
from connectors.readers import limits
from connectors.storage import ObjectInfo, ObjectMissing, ObjectTooLarge, Storage, url_for
from disclosure.report import Report, Status
from flows import runtime
from flows.checking import Checked, Checker
from flows.neighbours import cross_check
from flows.neighbours import republish as republish_neighbours
from flows.neighbours import withdraw as withdraw_neighbours
from flows.retrying import ATTEMPT, retried

log = logging.getLogger(__name__)

VALIDATED_EVENT = "budgetcheck.disclosure.validated"
_RETRY_BASE = runtime.env_float("BUDGETCHECK_RETRY_BASE", 1.0)
_RETRY_DELAYS = [_RETRY_BASE * 2**i for i in range(4)]  # 1, 2, 4, 8 s by default

_checker: Checker | None = None
_site_warned = False

def _retried(retry_if: Callable[[BaseException], bool] = lambda exc: True):
    """A storage step tried again after 1, 2, 4, 8 × ``BUDGETCHECK_RETRY_BASE`` seconds."""
    return retried(lambda: _RETRY_DELAYS, retry_if)


def get_checker() -> Checker:
    """The process's validation pool, created on first use."""
    global _checker
    if _checker is None:
        _checker = Checker(runtime.default_workers(), data_docs=runtime.data_docs_enabled())
    return _checker


def set_checker(checker: Checker | None) -> None:
    global _checker
    _checker = checker


@dataclass
class Outcome:
    """What happened to one upload; ``done`` means its report (and pages) are stored."""

    key: str
    status: Status  # passed / failed / partial / unreadable, withdrawn, skipped (already done), missing, error, claimed (another listener has it)
    etag: str | None = None
    done: bool = False
    department: str | None = None
    errors: int = 0
    warnings: int = 0
    report_key: str | None = None
    report_etag: str | None = None  # the stored report object's ETag: the ledger checks the store against it
    seconds: float = 0.0
    message: str | None = None
    crashed: bool = False  # reading/checking itself failed on this version (not storage trouble)
    #: Stored neighbours whose reports were re-written with new cross-document results
    #: (``key``, ``report_etag``, ``status``): the ledger keeps their new report versions.
    neighbours: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "status": str(self.status)}  # plain text for Prefect and the ledger


class CheckCrashed(Exception):
    """Reading or checking raised (a bug, or a worker killed by a huge file): unlike a storage
    failure, retrying the same bytes will likely fail again, so the service counts these."""

    def __init__(self, message: str, etag: str | None) -> None:
        super().__init__(message)
        self.etag = etag


def _transient_read(exc: BaseException) -> bool:
    """Retry a failed read unless the object is gone (deleted meanwhile: a fact, not a transient
    failure) or over the size limit."""
    return not isinstance(exc, (ObjectMissing, ObjectTooLarge))


@_retried(_transient_read)
async def fetch_upload(storage: Storage, key: str) -> tuple[bytes, ObjectInfo]:
    """The upload's bytes, unless it is over ``BUDGETCHECK_MAX_BYTES`` (then not downloaded)."""
    return await asyncio.to_thread(storage.get, key, limits.current().max_bytes)


@_retried()
async def head_upload(storage: Storage, key: str) -> ObjectInfo | None:
    return await asyncio.to_thread(storage.head, key)


@_retried()
async def read_stored_report(storage: Storage, key: str) -> tuple[Report | None, ObjectInfo | None]:
    return await asyncio.to_thread(reports.read_report_info, storage, key)


def _landed(stored: Report | None, report: Report, force: bool) -> bool:
    """Whether the stored report is the one being written (an earlier attempt's write landed)."""
    if stored is None:
        return False
    if force:  # replacing a report of the same version: only this very validation counts
        return stored.source_version == report.source_version
    return reports.stored_etag(stored) == reports.stored_etag(report)


def _claim_held(exc: BaseException) -> bool:
    """Retry a failed report write, unless the claim was lost (another listener writes it now)."""
    return not isinstance(exc, claims.ClaimLost)


@_retried(_claim_held)
async def store_report(storage: Storage, key: str, report: Report, force: bool = False,
                       claim: claims.Claim | None = None) -> ObjectInfo:
    """Write the report once.  A failed write may have landed (the connection dropped after the
    store wrote it): every retry first looks at what is stored, so an upload version never gets
    two report writes (the fault test counts them with bucket versioning).  Each attempt first makes
    sure the version's claim is still held (renewed unless written a moment ago): if another
    listener took it over (this one was too slow), nothing is written (:class:`claims.ClaimLost`),
    and the time between the claim's last write and the report's is far under its time to live."""
    if claim is not None:
        await asyncio.to_thread(claim.ensure_held)
    if ATTEMPT.get() > 1:
        stored, info = await asyncio.to_thread(reports.read_report_info, storage, key)
        if info is not None and _landed(stored, report, force):
            return info
    return await asyncio.to_thread(reports.write_report_once, storage, key, report)


@_retried()
async def publish_pages(storage: Storage, key: str, checked: Checked, report: Report) -> bool:
    publish = _site_publisher()
    if publish is None:
        return False
    kwargs: dict[str, Any] = {}
    if checked.data_docs_dir:
        kwargs["gx_docs_dir"] = Path(checked.data_docs_dir)
    await asyncio.to_thread(publish, storage, key, checked.doc, report, url_for(storage, key), **kwargs)
    return True


@_retried()
async def withdraw(storage: Storage, key: str) -> bool:
    report = await asyncio.to_thread(reports.withdraw_report, storage, key)
    remove = _site_remover()
    if remove is not None:
        await asyncio.to_thread(remove, storage, key)
    return report is not None


def _site_publisher():
    global _site_warned
    try:
        from connectors.publish.site import publish_disclosure
    except ImportError as exc:
        if not _site_warned:
            log.warning("review site not available (%s): publishing reports only", exc)
            _site_warned = True
        return None
    return publish_disclosure


def _site_remover():
    try:
        from connectors.publish.site import remove_disclosure
    except ImportError:
        return None
    return remove_disclosure


def _counts(report: Report) -> tuple[int, int]:
    return report.summary.failed_errors, report.summary.failed_warnings


def _department(report: Report, doc: Any) -> str | None:
    name = report.department_name
    if not name and doc is not None and getattr(doc, "department", None) is not None:
        name = doc.department.name
    return name


def artifact_markdown(storage: Storage, outcome: Outcome) -> str:
    """The Prefect artifact of one upload: department, status (its Chinese label), counts, links."""
    report_url = url_for(storage, outcome.report_key or reports.report_key(outcome.key))
    site_url = url_for(storage, "docs/index.html")
    return (
        f"### {outcome.department or outcome.key}\n\n"
        "| 部门 | 状态 | 错误 | 警告 | 报告 |\n|---|---|---|---|---|\n"
        f"| {outcome.department or '—'} | {Status.label_of(outcome.status)} ({outcome.status}) "
        f"| {outcome.errors} | {outcome.warnings} | [{outcome.report_key}]({report_url}) |\n\n"
        f"上传文件 `{outcome.key}`（ETag `{outcome.etag}`）· [审核网站]({site_url})\n"
    )


async def _artifact(storage: Storage, outcome: Outcome) -> None:
    md = artifact_markdown(storage, outcome)
    art_key = "disclosure-" + hashlib.sha1(f"{storage.url}/{outcome.key}".encode()).hexdigest()[:16]
    await acreate_markdown_artifact(key=art_key, markdown=md, description=f"budgetcheck {outcome.key}")


def _emit(storage: Storage, outcome: Outcome) -> None:
    emit_event(
        event=VALIDATED_EVENT,
        resource={
            "prefect.resource.id": f"budgetcheck.upload.{url_for(storage, outcome.key)}",
            "prefect.resource.name": outcome.department or outcome.key,
        },
        payload={
            "key": outcome.key,
            "etag": outcome.etag,
            "status": outcome.status,
            "errors": outcome.errors,
            "warnings": outcome.warnings,
            "report": url_for(storage, outcome.report_key or reports.report_key(outcome.key)),
        },
    )


async def validate_one(storage: Storage, key: str, checker: Checker, max_rounds: int = 3,
                       force: bool = False) -> Outcome:
    """Validate the current version of ``key`` and publish; see the module docstring.

    The version is claimed in the store first (:mod:`connectors.publish.claims`): when another
    listener holds it the outcome is ``claimed`` (not done: tried again later); when its claim says
    done and its report is there, that report is the outcome, nothing is validated again.
    ``force`` replaces a stored report even for the same version (backfill after a rule change),
    without claims."""
    started = time.perf_counter()
    checked: Checked | None = None
    claim: claims.Claim | None = None
    keeper: asyncio.Task | None = None
    try:
        for _ in range(max_rounds):
            source = url_for(storage, key)
            if checked and checked.data_docs_dir:
                shutil.rmtree(checked.data_docs_dir, ignore_errors=True)
            try:
                data, info = await fetch_upload(storage, key)
            except ObjectMissing:
                return Outcome(key=key, status=Status.MISSING, message="上传文件已不存在")
            except ObjectTooLarge as exc:  # not downloaded: its report says which limit and why
                info, data, too_large_limit = exc.info, None, exc.limit
            if not force:
                got = await _claim(storage, key, info)
                if isinstance(got, Outcome):
                    return got
                claim, keeper = got, asyncio.create_task(_keep(got))
            if data is None:
                checked = Checked(None, Report.unreadable(source, limits.too_large(info.size, too_large_limit).message))
            else:
                try:
                    checked = await checker.check(data, source)
                except Exception as exc:
                    raise CheckCrashed(f"{type(exc).__name__}: {exc}", info.etag) from exc
            now = await head_upload(storage, key)
            if now is None:
                return Outcome(key=key, status=Status.MISSING, etag=info.etag, message="上传文件在审核期间被删除")
            if now.etag == info.etag:
                break
            log.info("%s was replaced while being validated; validating the new version", key)
            claim, keeper = await _let_go(claim, keeper)
        else:
            return Outcome(key=key, status=Status.ERROR, message="上传文件在审核期间不断被替换")
        assert checked is not None
        try:
            outcome = await _store_and_publish(storage, key, info, checked, claim, force, started)
        except claims.ClaimLost as exc:  # too slow to renew: the listener that took it over writes it
            log.warning("%s: %s; its report is left to that listener", key, exc)
            claim = None
            return Outcome(key=key, status=Status.CLAIMED, etag=info.etag, message=str(exc))
        if claim is not None:
            try:
                await asyncio.to_thread(claim.finish, str(outcome.status), outcome.report_etag)
            except Exception as exc:  # noqa: BLE001 - the report is stored; a taker finds it there
                log.warning("%s: could not mark its claim done (%s)", key, exc)
            claim = None
        return outcome
    finally:
        await _let_go(claim, keeper)
        if checked is not None and checked.data_docs_dir:
            shutil.rmtree(checked.data_docs_dir, ignore_errors=True)


async def _store_and_publish(storage: Storage, key: str, info: ObjectInfo, checked: Checked,
                             claim: claims.Claim | None, force: bool, started: float) -> Outcome:
    """Store the report (unless this very version has it already), publish the pages, re-check the
    neighbours; the outcome."""
    source = url_for(storage, key)
    report = reports.with_source_version(checked.report, info).with_source(source)
    errors, warnings = _counts(report)
    stored, stored_info = await read_stored_report(storage, key)
    republish: list = []
    if not force and stored_info is not None and reports.stored_etag(stored) == info.etag:
        report = stored  # this very version already has its report: keep it, publish that one
        report_info = stored_info
    else:
        report, republish = await cross_check(storage, key, checked.doc, report, info)
        report_info = await store_report(storage, key, report, force, claim)
    await publish_pages(storage, key, checked, report)
    updated = await republish_neighbours(storage, republish, _site_publisher())
    outcome = Outcome(
        key=key, status=report.status, etag=info.etag, done=True,
        department=_department(report, checked.doc), errors=errors, warnings=warnings,
        report_key=reports.report_key(key), report_etag=report_info.etag,
        seconds=round(time.perf_counter() - started, 3), neighbours=updated,
    )
    await _artifact(storage, outcome)
    _emit(storage, outcome)
    return outcome


async def _claim(storage: Storage, key: str, info: ObjectInfo) -> claims.Claim | Outcome:
    """This version's claim, or the outcome when another listener has it (``claimed``) or has
    finished it (its stored report)."""
    try:
        return await asyncio.to_thread(claims.acquire, storage, key, info.etag)
    except claims.ClaimHeld as exc:
        return Outcome(key=key, status=Status.CLAIMED, etag=info.etag, message=str(exc))
    except claims.ClaimDone as done:
        stored, stored_info = await read_stored_report(storage, key)
        if stored is not None and stored_info is not None and reports.stored_etag(stored) == info.etag:
            errors, warnings = _counts(stored)
            return Outcome(key=key, status=stored.status, etag=info.etag, done=True,
                           department=_department(stored, None), errors=errors, warnings=warnings,
                           report_key=reports.report_key(key), report_etag=stored_info.etag,
                           message=f"validated already ({done})")
        try:  # done, but its report is not there (reconciled back to pending): validate again
            return await asyncio.to_thread(claims.acquire, storage, key, info.etag, take_done=done.info)
        except (claims.ClaimHeld, claims.ClaimDone) as exc:
            return Outcome(key=key, status=Status.CLAIMED, etag=info.etag, message=str(exc))


async def _keep(claim: claims.Claim) -> None:
    """Renew the claim every third of its time to live while the version is worked on."""
    every = claims.claim_ttl() / 3
    while True:
        await asyncio.sleep(every)
        try:
            await asyncio.to_thread(claim.renew)
        except claims.ClaimLost:
            return  # the write will find out (it renews first) and not write
        except Exception as exc:  # noqa: BLE001 - the store is unreachable: the next renewal tries again
            log.warning("%s: could not renew its claim (%s)", claim.upload_key, exc)


async def _let_go(claim: claims.Claim | None, keeper: asyncio.Task | None) -> tuple[None, None]:
    """Stop renewing; a claim still held (the work failed or moved on) is released for others."""
    if keeper is not None:
        keeper.cancel()
    if claim is not None:
        await asyncio.to_thread(claim.release)
    return None, None


async def withdraw_upload(storage: Storage, key: str) -> Outcome:
    """The upload was deleted: unless it is back (events arrive out of order), withdraw its report."""
    if await head_upload(storage, key) is not None:
        return await validate_one(storage, key, get_checker())
    had = await withdraw(storage, key)
    updated = await republish_neighbours(storage, await withdraw_neighbours(storage, key), _site_publisher())
    return Outcome(key=key, status=Status.WITHDRAWN, done=True, report_key=reports.report_key(key),
                   message=None if had else "no report to withdraw", neighbours=updated)


async def run_batch(storage: Storage, changes: list[dict], concurrency: int | None = None) -> list[Outcome]:
    """Each change (``{"key", "kind"}``) handled, at most ``concurrency`` at a time.

    Plain coroutines inside the batch's flow run, not a Prefect task run each: a task run's state
    reports (pending, running, completed) cost Prefect's server and this process more CPU per
    upload than everything but the check itself (``bench/bench_serve.py``'s ``cpu_ms_per_report``:
    Prefect's server 84 → 29 ms per report without them, issue 19).  Each upload still shows in the
    Prefect UI: its Markdown artifact, its event and its line in the flow run's log."""
    checker = get_checker()
    limit = asyncio.Semaphore(concurrency or runtime.env_int("BUDGETCHECK_CONCURRENCY", 4))

    async def one(change: dict) -> Outcome:
        async with limit:
            try:
                if change.get("kind") == "removed":
                    return await withdraw_upload(storage, change["key"])
                return await validate_one(storage, change["key"], checker)
            except CheckCrashed as exc:  # the document makes the checking code fail: counted
                log.error("checking %s crashed: %s", change["key"], exc)
                return Outcome(key=change["key"], status=Status.ERROR, etag=exc.etag, crashed=True, message=str(exc))
            except Exception as exc:  # storage or Prefect trouble: stays pending (not acked, not in the ledger)
                log.error("validating %s failed: %s: %s", change["key"], type(exc).__name__, exc)
                return Outcome(key=change["key"], status=Status.ERROR, message=f"{type(exc).__name__}: {exc}")

    return list(await asyncio.gather(*(one(c) for c in changes)))


@flow(name="validate-uploads", flow_run_name="validate {source} ({n} uploads)", persist_result=False,
      validate_parameters=False)
async def validate_uploads(source: str, changes: list[dict], endpoint_url: str | None = None,
                           n: int = 0) -> list[dict]:
    """Validate a batch of uploads of one store (the service's hot path)."""
    storage = runtime.open_layout(source, endpoint_url)
    outcomes = await run_batch(storage, changes)
    logger = get_run_logger()
    for o in outcomes:
        logger.info("%s → %s (errors %d, warnings %d)%s", o.key, o.status, o.errors, o.warnings,
                    f": {o.message}" if o.message else "")
    return [o.to_dict() for o in outcomes]


@flow(name="validate-disclosure", flow_run_name="validate {key}", persist_result=False,
      retries=2, retry_delay_seconds=30)
async def validate_disclosure(source: str, key: str, endpoint_url: str | None = None,
                              kind: str = "created", event_id: str | None = None) -> dict:
    """One upload, as run by the deployment's event trigger (one flow run per upload event)."""
    if endpoint_url in ("", "None", "null"):  # a JSON null in the event renders as text
        endpoint_url = None
    storage = runtime.open_layout(source, endpoint_url)
    [outcome] = await run_batch(storage, [{"key": key, "kind": kind}], concurrency=1)
    if not outcome.done:
        raise RuntimeError(f"{key}: {outcome.status}: {outcome.message}")  # the deployment retries
    return outcome.to_dict()
