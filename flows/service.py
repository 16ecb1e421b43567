"""``budgetcheck serve``: watch a store and validate every new or replaced upload once.

Upload events come from S3 notifications in SQS (``--queue-url``) or from polling the watched
prefix against the ledger; both go the same way:

1. drop events whose (key, ETag) the ledger already has (duplicates, re-deliveries);
2. hand the rest, in batches, to the work: with a Prefect server that has the
   ``validate-disclosure/budgetcheck`` deployment, emit one ``budgetcheck.disclosure.uploaded``
   event per upload (the deployment's trigger runs the flow on the work pool's workers) and wait
   for the reports; otherwise (the embedded default) run the ``validate-uploads`` flow here,
   one flow run per batch;
3. only when an upload's report is stored: write the ledger and delete the SQS message.

A crash anywhere therefore means work done again (and then recognised as the same version),
never work lost; a restart resumes from the ledger.

Trouble is ridden out, never a reason to stop: when the store or the queue cannot be reached the
service logs it, waits (1, 2, 4 … up to ``BUDGETCHECK_OUTAGE_BACKOFF_MAX`` seconds) and tries
again, and logs when it is back; uploads whose validation failed meanwhile are tried again (at the
next poll, or, for SQS, after a short backoff of their own, the message kept invisible), and
acknowledgements that failed are sent again.  On start and every ``BUDGETCHECK_RECONCILE_INTERVAL``
seconds the ledger is reconciled with the reports actually stored (:mod:`connectors.events.reconcile`).
"""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from botocore.exceptions import BotoCoreError, ClientError

from connectors.events.ledger import MAX_CRASHES, PENDING, Ledger, LedgerUnwritable
from connectors.events.notifications import UploadEvent
from connectors.events.polling import hidden_folder, not_an_upload, poll_once
from connectors.events.reconcile import reconcile
from connectors.storage import Storage, StorageError
from disclosure.report import Status
from disclosure.vocabulary import INCOMING
from flows import prefect_api, runtime
from flows.deployment import DEPLOYMENT, UPLOADED_EVENT
from flows.validate import Outcome, get_checker, validate_uploads

log = logging.getLogger("budgetcheck.service")

DEPLOYMENT_NAME = f"validate-disclosure/{DEPLOYMENT}"
#: What an unreachable store or queue raises (a botocore error that escaped a wrapper, an OSError of
#: a local folder): ridden out with backoff, never the end of the service.
UNREACHABLE = (StorageError, BotoCoreError, ClientError, OSError)
#: Seconds before a reconciliation that could not reach the store is tried again.
RECONCILE_RETRY_SECONDS = 30
#: Times a failed SQS delete is sent again before the message is left to come back by itself.
ACK_ATTEMPTS = 5


@dataclass
class Outage:
    """The store or queue is unreachable: since when, and how long to wait before the next try."""

    since: float
    delay: float = 1.0
    attempts: int = 0


@dataclass
class Retry:
    """SQS deliveries whose uploads failed (store trouble): tried again here after ``delay``."""

    deliveries: list
    due: float
    delay: float


@dataclass
class ServiceStats:
    outcomes: list[Outcome] = field(default_factory=list)
    skipped: int = 0
    batches: int = 0

    @property
    def failed(self) -> list[Outcome]:
        """Outcomes that are not done and not on their way: ``skipped`` ones were done before (a
        notification delivered twice), ``missing`` uploads are gone, and a ``claimed`` one is being
        validated by another listener (tried again, then found done)."""
        return [o for o in self.outcomes if not o.done and o.status not in (Status.SKIPPED, Status.MISSING, Status.CLAIMED)]


class Service:
    """One watched store; ``run`` loops, ``step`` does one receive/poll and its work."""

    def __init__(self, source: str, endpoint_url: str | None = None, *, mode: str = "auto",
                 queue_url: str | None = None, interval: float = 5.0, ledger_path: str | None = None,
                 batch_size: int | None = None, sqs_wait: int = 20) -> None:
        self.source = source
        self.endpoint_url = endpoint_url
        self.storage: Storage = runtime.open_layout(source, endpoint_url)
        self.mode = ("sqs" if queue_url else "poll") if mode == "auto" else mode
        if self.mode == "sqs" and not queue_url:
            raise ValueError("--mode sqs needs --queue-url")
        self.interval = interval
        self.batch_size = batch_size or runtime.env_int("BUDGETCHECK_BATCH", 32)
        self.sqs_wait = sqs_wait
        self.settings = runtime.ServiceSettings.from_env()
        self.ledger = Ledger(ledger_path or runtime.default_ledger_path(self.storage))
        self.ledger.set_meta("store", runtime.store_identity(self.storage))
        self.stats = ServiceStats()
        self.sqs = None
        if self.mode == "sqs":
            from connectors.events.sqs import SqsSource

            inner = getattr(self.storage, "inner", self.storage)
            self.sqs = SqsSource(queue_url, endpoint_url, bucket=getattr(inner, "bucket", None),
                                 visibility_timeout=self.settings.sqs_visibility)
        self._base = getattr(self.storage, "base", "")
        self._deployment: bool | None = None
        self._inflight: dict[str, asyncio.Task] = {}  # upload key → the batch working on it
        self._skip: set[str] = set()
        self._not_uploads: set[str] = set()  # keys already logged as not uploads
        self._outage: Outage | None = None
        self._retries: list[Retry] = []
        self._unacked: list = []  # deliveries done but whose delete failed: sent again
        self._ack_attempts: dict[str, int] = {}
        self._held: dict[str, object] = {}  # receipt handle → delivery being worked on: kept invisible
        self._reconciled_at: float | None = None
        self._stop = asyncio.Event()
        self._fatal: LedgerUnwritable | None = None  # the ledger cannot be written: stop, say why
        self._running: set[asyncio.Task] = set()  # batches in flight while serving

    # ---- event sources -------------------------------------------------------------------
    def _from_notification(self, ev: UploadEvent) -> UploadEvent | None:
        """Bucket key → layout key; None for keys outside the watched prefix."""
        if not ev.key.startswith(self._base + INCOMING):
            return None
        key = ev.key[len(self._base):]
        why = not_an_upload(key)
        if why is not None:
            self._log_not_upload(key, why)
            return None
        return UploadEvent(key=key, kind=ev.kind, etag=ev.etag, version_id=ev.version_id)

    def _log_not_upload(self, key: str, why: str) -> None:
        """Say once why a key is not validated (a hidden ``.x.pdf`` must not vanish silently): once
        per key, and once per hidden folder for all the files staged in it."""
        subject = hidden_folder(key) or key
        if subject not in self._not_uploads:
            self._not_uploads.add(subject)
            if subject != key:
                log.warning("files in %s are not validated (%s is one): they are %s", subject, key, why)
            else:
                log.warning("%s is not validated: it is %s", key, why)

    async def collect(self, wait: int | None = None, ride_out: bool = True) -> tuple[list[UploadEvent], list]:
        """One poll or receive: the upload events and the SQS deliveries that carried them.

        With ``ride_out`` (serving), an unreachable store or queue is logged and waited out (backoff)
        and nothing is returned this time; without it (``--once``) the error is raised."""
        try:
            got = await self._collect(wait)
        except UNREACHABLE as exc:
            if not ride_out:
                raise
            await self._wait_out(exc)
            return [], []
        if self._outage is not None:
            log.warning("store and queue reachable again after %.0f s; catching up",
                        time.monotonic() - self._outage.since)
            self._outage = None
        return got

    async def _wait_out(self, exc: BaseException) -> None:
        """Log the outage and wait before the next try (doubling, up to the configured maximum)."""
        now = time.monotonic()
        if self._outage is None:
            self._outage = Outage(since=now)
            log.warning("store or queue unreachable (%s: %s); retrying with backoff, nothing is lost",
                        type(exc).__name__, exc)
        else:
            log.warning("store or queue still unreachable after %.0f s (%s); next try in %.0f s",
                        now - self._outage.since, type(exc).__name__, self._outage.delay)
        self._outage.attempts += 1
        await self._sleep(self._outage.delay)
        self._outage.delay = min(self._outage.delay * 2, self.settings.outage_backoff_max)

    async def _sleep(self, seconds: float) -> None:
        """Sleep, but wake up at once when the service is told to stop."""
        try:
            await asyncio.wait_for(self._stop.wait(), seconds)
        except TimeoutError:
            pass

    async def _collect(self, wait: int | None) -> tuple[list[UploadEvent], list]:
        if self.sqs is None:
            events = await asyncio.to_thread(poll_once, self.storage, INCOMING, self.ledger, self._log_not_upload)
            # an upload being validated right now is not new work (its ledger row comes after);
            # with --once, one that failed in this run waits for the next run
            return [e for e in events if e.key not in self._inflight and e.key not in self._skip], []
        wait = self.sqs_wait if wait is None else wait
        deliveries = await asyncio.to_thread(self.sqs.receive, 10, wait)
        # a flow run costs far more than a task: after the first message, gather what else comes
        # within the batch window (BUDGETCHECK_BATCH_WINDOW seconds) into the same flow run
        window_end = time.monotonic() + runtime.env_float("BUDGETCHECK_BATCH_WINDOW", 0.5)
        while deliveries and sum(len(d.events) for d in deliveries) < self.batch_size:
            more = await asyncio.to_thread(self.sqs.receive, 10, 0)
            if more:
                deliveries.extend(more)
            elif time.monotonic() >= window_end:
                break
            else:
                await asyncio.sleep(0.05)
        events = [e for d in deliveries for e in map(self._from_notification, d.events) if e is not None]
        return events, deliveries

    async def _ack(self, delivery) -> None:
        """Delete the message; if that fails (the queue is down), send it again later, up to
        :data:`ACK_ATTEMPTS` times (after that the message comes back by itself, and its uploads
        are recognised as done by the ledger)."""
        try:
            await asyncio.to_thread(self.sqs.ack, delivery)
        except UNREACHABLE as exc:
            attempts = self._ack_attempts.get(delivery.receipt_handle, 0) + 1
            if attempts < ACK_ATTEMPTS:
                log.warning("could not acknowledge message %s (%s); trying again later", delivery.message_id, exc)
                self._ack_attempts[delivery.receipt_handle] = attempts
                self._unacked.append(delivery)
                return
            log.warning("giving up acknowledging message %s (%s): when it comes back, its uploads are "
                        "recognised as done", delivery.message_id, exc)
        self._ack_attempts.pop(delivery.receipt_handle, None)
        self._held.pop(delivery.receipt_handle, None)

    async def _keep_held_invisible(self) -> None:
        """While deliveries are worked on (or wait for a retry), extend their visibility every third
        of the timeout.  The timeout itself stays short (``BUDGETCHECK_SQS_VISIBILITY``), so a
        message whose receipt was lost in an outage, or held by a service that was killed, is back
        in the queue within that time, not after minutes."""
        every = max(1.0, self.settings.sqs_visibility / 3)
        while True:
            await asyncio.sleep(every)
            held = list(self._held.values())
            if held:
                try:
                    await asyncio.to_thread(self.sqs.keep, held)
                except UNREACHABLE:
                    pass  # if they come back meanwhile, the ledger recognises their uploads

    def _retry_later(self, deliveries: list, previous: Retry | None) -> None:
        """SQS: try these deliveries' uploads again after a backoff, rather than after the message's
        visibility timeout (minutes); polling finds failed uploads again by itself."""
        delay = (min(previous.delay * 2, self.settings.outage_backoff_max) if previous
                 else self.settings.retry_first_delay)
        self._retries.append(Retry(deliveries, time.monotonic() + delay, delay))

    def _due_retry(self) -> Retry | None:
        now = time.monotonic()
        for r in self._retries:
            if r.due <= now:
                self._retries.remove(r)
                return r
        return None

    async def process(self, events: list[UploadEvent], deliveries: list, retry: Retry | None = None) -> None:
        """Validate a batch, then acknowledge the deliveries whose uploads all have reports."""
        earlier = {self._inflight[e.key] for e in events if e.key in self._inflight}
        if earlier:  # keep each key's work in order: wait for the batch already on it
            await asyncio.wait(earlier)
        me = asyncio.current_task()
        for e in events:
            self._inflight[e.key] = me
        for d in deliveries:
            self._held[d.receipt_handle] = d
        try:
            try:
                outcomes = await self.handle(events)
            except LedgerUnwritable as exc:  # reports are stored; the ledger is not: stop, say why
                self._fatal = exc
                self._stop.set()
                return
            done = {o.key for o in outcomes if o.done or o.status in (Status.SKIPPED, Status.MISSING)}
            again = []
            for d in deliveries:
                keys = {e.key for e in map(self._from_notification, d.events) if e is not None}
                if keys <= done:
                    await self._ack(d)
                else:
                    again.append(d)
            if again:
                self._retry_later(again, retry)
        finally:
            for e in events:
                if self._inflight.get(e.key) is me:
                    del self._inflight[e.key]

    async def step(self, wait: int | None = None, ride_out: bool = True) -> int:
        """One receive or poll and all the work it brings; returns the number of events seen."""
        events, deliveries = await self.collect(wait, ride_out)
        if events or deliveries:
            await self.process(events, deliveries)
        return len(events) + len(deliveries)

    # ---- the work ------------------------------------------------------------------------
    async def handle(self, events: list[UploadEvent]) -> list[Outcome]:
        latest: dict[str, UploadEvent] = {}
        for ev in events:  # the last word on each key wins; the flow re-reads the current state anyway
            latest.pop(ev.key, None)
            latest[ev.key] = ev
        outcomes: list[Outcome] = []
        changes = []
        for ev in latest.values():
            if ev.kind == "created" and self.ledger.is_done(ev.key, ev.etag):
                skipped = Outcome(key=ev.key, status=Status.SKIPPED, etag=ev.etag)
                outcomes.append(skipped)
                self.stats.outcomes.append(skipped)
                self.stats.skipped += 1
                continue
            changes.append({"key": ev.key, "kind": ev.kind})
        for i in range(0, len(changes), self.batch_size):
            outcomes.extend(await self._run(changes[i:i + self.batch_size]))
        return outcomes

    async def _run(self, changes: list[dict]) -> list[Outcome]:
        self.stats.batches += 1
        try:
            if await self._use_deployment():
                outcomes = await self._dispatch_to_deployment(changes)
            else:
                raw = await validate_uploads(source=self.source, changes=changes,
                                             endpoint_url=self.endpoint_url, n=len(changes))
                outcomes = [Outcome(**o) for o in raw]
        except Exception as exc:  # Prefect or the store is down: everything stays pending
            log.error("batch of %d failed: %s: %s", len(changes), type(exc).__name__, exc)
            outcomes = [Outcome(key=c["key"], status=Status.ERROR, message=str(exc)) for c in changes]
        for o in outcomes:
            for n in o.neighbours:  # a neighbour's report re-written: the ledger vouches for the new one
                self.ledger.update_report_etag(n["key"], n["report_etag"], n.get("status"))
            if o.done and o.status == Status.WITHDRAWN:
                self.ledger.mark_withdrawn(o.key)
            elif o.done and o.etag:
                self.ledger.record(o.key, o.etag, o.status, o.report_etag)
            elif o.status == Status.MISSING and (entry := self.ledger.get(o.key)) and entry.status == PENDING:
                self.ledger.mark_withdrawn(o.key)  # queued again by reconciliation, but the upload is gone
            elif o.crashed and o.etag:
                attempts = self.ledger.note_crash(o.key, o.etag)
                if attempts >= MAX_CRASHES:
                    log.error("%s: checking crashed %d times on this version; giving up until it is "
                              "uploaded again", o.key, attempts)
            log.info("%s: %s%s", o.key, o.status, f" ({o.message})" if o.message else "")
        self.stats.outcomes.extend(outcomes)
        return outcomes

    # ---- a Prefect server with the deployment: events, not in-process runs ---------------
    async def _use_deployment(self) -> bool:
        if self._deployment is None:
            self._deployment = await deployment_available()
            if self._deployment:
                log.info("dispatching uploads to the %s deployment", DEPLOYMENT_NAME)
        return self._deployment

    async def _dispatch_to_deployment(self, changes: list[dict], timeout: float = 600) -> list[Outcome]:
        from prefect.events import emit_event

        from connectors.publish import reports
        from connectors.storage import url_for

        for c in changes:
            emit_event(
                event=UPLOADED_EVENT,
                resource={"prefect.resource.id": f"budgetcheck.upload.{url_for(self.storage, c['key'])}"},
                payload={"source": self.source, "endpoint_url": self.endpoint_url, "key": c["key"],
                         "kind": c["kind"]},
            )

        async def wait_for(c: dict) -> Outcome:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                head = await asyncio.to_thread(self.storage.head, c["key"])
                report = await asyncio.to_thread(reports.read_report, self.storage, c["key"])
                if head is None and (report is None or report.withdrawn):
                    return Outcome(key=c["key"], status=Status.WITHDRAWN, done=True)
                if head is not None and reports.stored_etag(report) == head.etag:
                    return Outcome(key=c["key"], status=report.status, etag=head.etag, done=True)
                await asyncio.sleep(1.0)
            return Outcome(key=c["key"], status=Status.ERROR, message="timed out waiting for the deployment")

        return list(await asyncio.gather(*(wait_for(c) for c in changes)))

    # ---- loop ----------------------------------------------------------------------------
    async def run(self, once: bool = False) -> ServiceStats:
        """Loop (or, with ``once``, until what is there now is done); returns this run's stats.

        While serving, batches overlap (up to ``BUDGETCHECK_PIPELINE`` in flight): an upload that
        arrives while a batch runs starts at the next poll, not after the batch."""
        self.stats = ServiceStats()
        self._stop = asyncio.Event()
        get_checker().start()
        # Prefect's temporary server, on our terms: a longer wait, a fresh port when it hangs, one
        # process at a time per PREFECT_HOME (flows.prefect_api); never every upload marked "error"
        await asyncio.to_thread(prefect_api.ensure_api)
        log.info("ready: watching %s (%s)", self.source, self.mode)
        loop = asyncio.get_running_loop()
        if once:
            with _stop_on_sigterm(loop, self._stop):
                requeued = await self.reconcile(ride_out=False)
                if requeued:
                    await self.process(requeued, [])
                return await self._run_once()
        max_batches = max(1, runtime.env_int("BUDGETCHECK_PIPELINE", 1))
        self._running = set()
        heartbeat = asyncio.create_task(self._keep_held_invisible()) if self.sqs is not None else None
        with _stop_on_sigterm(loop, self._stop):
            try:
                loop.add_signal_handler(signal.SIGINT, self._stop.set)
            except (NotImplementedError, RuntimeError, ValueError):
                pass
            try:
                return await self._serve(max_batches)
            finally:
                for t in self._running:
                    t.cancel()
                if heartbeat is not None:
                    heartbeat.cancel()
                try:
                    loop.remove_signal_handler(signal.SIGINT)
                except (NotImplementedError, RuntimeError, ValueError):
                    pass

    async def _serve(self, max_batches: int) -> ServiceStats:
        """The serving loop (see :meth:`run`); on a stop, finish what runs and hand back what waits."""
        while not self._stop.is_set():
            while len(self._running) >= max_batches:
                _, pending = await asyncio.wait(self._running, return_when=asyncio.FIRST_COMPLETED)
                self._running = set(pending)
            requeued = await self._maintain()
            if requeued:
                self._running.add(asyncio.create_task(self.process(requeued, [])))
                await asyncio.sleep(0)
            retry = self._due_retry()
            if retry is not None:
                events = [e for d in retry.deliveries for e in map(self._from_notification, d.events)
                          if e is not None]
                deliveries = retry.deliveries
            else:
                events, deliveries = await self.collect()
            if events or deliveries:
                self._running.add(asyncio.create_task(self.process(events, deliveries, retry)))
                await asyncio.sleep(0)  # let it register its keys before the next poll
            elif self.sqs is None and self._outage is None:
                await self._sleep(self.interval)
            self._running = {t for t in self._running if not t.done()}
        if self._running:
            log.info("stopping: finishing %d batch(es) in flight", len(self._running))
            await asyncio.wait(self._running)
        await self._hand_back()
        if self._fatal is not None:
            raise self._fatal
        return self.stats

    async def _hand_back(self) -> None:
        """On a stop: SQS deliveries waiting for a retry go back to the queue at once (another
        listener takes them now, not after their visibility timeout); acknowledgements still owed
        are sent once more."""
        if self.sqs is None:
            return
        waiting = [d for r in self._retries for d in r.deliveries]
        self._retries = []
        if waiting:
            try:
                await asyncio.to_thread(self.sqs.hand_back, waiting)
                log.info("stopping: handed %d waiting message(s) back to the queue", len(waiting))
            except UNREACHABLE as exc:
                log.warning("could not hand %d message(s) back (%s); they come back after their timeout",
                            len(waiting), exc)
        pending, self._unacked = self._unacked, []
        for d in pending:
            await self._ack(d)

    async def _maintain(self) -> list[UploadEvent]:
        """Between polls: reconcile the ledger when due (returns what it queued again), send failed
        acknowledgements again."""
        requeued: list[UploadEvent] = []
        due = (self._reconciled_at is None
               or time.monotonic() - self._reconciled_at >= self.settings.reconcile_interval)
        if due and self._outage is None:
            requeued = await self.reconcile()
        if self._unacked and self._outage is None:
            pending, self._unacked = self._unacked, []
            for d in pending:
                await self._ack(d)
        return requeued

    async def reconcile(self, ride_out: bool = True) -> list[UploadEvent]:
        """Reconcile the ledger with the stored reports.  Returns, in SQS mode, the uploads it put
        back to pending as events for the flow (no notification will announce them again; polling
        finds them by itself)."""
        try:
            result = await asyncio.to_thread(reconcile, self.ledger, self.storage, INCOMING)
        except UNREACHABLE as exc:
            if not ride_out:
                raise
            log.warning("could not reconcile the ledger with the store (%s); trying again later", exc)
            self._reconciled_at = time.monotonic() - self.settings.reconcile_interval + RECONCILE_RETRY_SECONDS
            return []
        self._reconciled_at = time.monotonic()
        log.info("ledger reconciled in %.3f s: %d checked, %d to validate again, %d moved",
                 result.seconds, result.checked, len(result.stale), len(result.migrated))
        if self.sqs is None:
            return []
        return [UploadEvent(key=k, kind="created") for k in self.ledger.pending() if k not in self._inflight]

    async def _run_once(self) -> ServiceStats:
        """Process what is there now: each pending upload is tried once in this run."""
        idle_passes = 0
        try:
            while not self._stop.is_set():
                failed_before, outcomes_before = len(self.stats.failed), len(self.stats.outcomes)
                seen = await self.step(wait=1, ride_out=False)
                if self._fatal is not None:
                    raise self._fatal
                if any(o.status == Status.CLAIMED for o in self.stats.outcomes[outcomes_before:]):
                    await self._sleep(1.0)  # another listener holds some: look again in a moment
                self._skip.update(o.key for o in self.stats.failed)
                no_progress = seen and len(self.stats.failed) - failed_before >= seen
                idle_passes = idle_passes + 1 if not seen else 0
                if (self.sqs is None and not seen) or idle_passes >= 2 or no_progress:
                    return self.stats
            return self.stats  # stopped (SIGTERM): what ran is finished
        finally:
            self._skip.clear()

    def close(self) -> None:
        self.ledger.close()


@contextmanager
def _stop_on_sigterm(loop: asyncio.AbstractEventLoop, stop: asyncio.Event) -> Iterator[None]:
    """SIGTERM (what Docker, Kubernetes and systemd send) sets ``stop``, as Ctrl-C does.

    During a flow run Prefect installs its own SIGTERM handler, which raises ``TerminationSignal``
    in the run: the batch crashed and the process exited 1 after 5 s with a traceback (issue 17,
    item 7).  Prefect installs whatever its module-level ``_prefect_sigterm_handler`` is at the
    time, so while the service runs that name is this handler: a signal during a run also just
    asks the service to stop.  Prefect's version is pinned (3.9.1); a test sends SIGTERM mid-batch."""
    import prefect.utilities.engine as engine

    def on_sigterm(signum: int, frame: object) -> None:
        loop.call_soon_threadsafe(stop.set)

    original = getattr(engine, "_prefect_sigterm_handler", None)
    engine._prefect_sigterm_handler = on_sigterm
    try:
        loop.add_signal_handler(signal.SIGTERM, _log_stop, stop)
    except (NotImplementedError, RuntimeError, ValueError):
        pass
    try:
        yield
    finally:
        try:
            loop.remove_signal_handler(signal.SIGTERM)
        except (NotImplementedError, RuntimeError, ValueError):
            pass
        if original is not None:
            engine._prefect_sigterm_handler = original


def _log_stop(stop: asyncio.Event) -> None:
    if not stop.is_set():
        log.info("SIGTERM: taking no new work; finishing what runs, then exiting")
    stop.set()


async def deployment_available() -> bool:
    """True when a Prefect API is configured and has the budgetcheck deployment."""
    from prefect.settings import get_current_settings

    if not get_current_settings().api.url:
        return False
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound

    try:
        async with get_client() as client:
            await client.read_deployment_by_name(DEPLOYMENT_NAME)
        return True
    except ObjectNotFound:
        return False
    except Exception as exc:
        log.warning("cannot ask the Prefect server for deployments (%s); running flows in-process", exc)
        return False


def _setup_logging() -> None:
    """Prefect's logging setup (done on import) prints to the console; let ours through it."""
    logging.getLogger("budgetcheck").setLevel(logging.INFO)


def serve(source: str, endpoint_url: str | None = None, once: bool = False, mode: str = "auto",
          queue_url: str | None = None, interval: float = 5.0) -> int:
    """The CLI entry: 0 when stopped (or, with ``once``, when every upload got its report), else 1."""
    from flows.reaper import start_reaper

    _setup_logging()
    start_reaper()  # the workers and Prefect's server end with this process, even on kill -9
    try:
        service = Service(source, endpoint_url, mode=mode, queue_url=queue_url, interval=interval)
    except LedgerUnwritable as exc:  # a read-only or full state folder: which, and what to do
        log.error("%s", exc.message)
        return 1
    try:
        stats = asyncio.run(service.run(once=once))
    except KeyboardInterrupt:
        return 0
    except (LedgerUnwritable, prefect_api.PrefectUnavailable) as exc:
        log.error("%s", exc.message)
        return 1
    except UNREACHABLE as exc:  # --once: the store or queue cannot be reached, so not everything is done
        log.error("store or queue unreachable: %s: %s", type(exc).__name__, exc)
        return 1
    finally:
        service.close()
        get_checker().close()
    return 1 if stats.failed else 0
