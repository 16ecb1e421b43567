"""One validation per upload version, however many listeners: a claim object in the store itself.

Why in the store: scaling past one host is several ``serve`` processes consuming one queue.  Each
has its own ledger (or shares one on a shared disk), and a ledger only says what *this* listener
finished; two listeners given the same version (a notification delivered twice, a message back
from a listener that was killed or too slow) both found no report and both wrote one.  The store
is the one thing they all share, and S3 (since 2024), MinIO and moto write conditionally:
``If-None-Match: *`` creates an object only if it does not exist, ``If-Match: <etag>`` replaces it
only if it is still that version.  Of two writers exactly one wins (moto's check-and-write is not
atomic under concurrent requests; the store's is).

``claims/<hash of the upload key>/<upload ETag>.json`` holds who claimed the version, until when,
and a nonce per write, so a writer whose answer was lost (a reset connection) recognises its own
claim when it reads it back.  The protocol:

* **acquire**: create the claim (``put_new``).  If it exists: our own (a lost answer) → ours; done
  (the report was written) → :class:`ClaimDone`; held by another and not expired →
  :class:`ClaimHeld` (try later, the message stays unacknowledged); expired (its holder died or
  stalled) → take it over with ``put_replacing`` on the version read, so of two takers one wins.
* **renew** (every third of the time to live while validating, and right before each write of the
  report): extend with ``If-Match`` on our last version; if it changed, the claim was taken over
  (:class:`ClaimLost`) and the report is not written.
* **finish**: mark it done with the report's ETag; **release** (on failure): mark it expired, so
  another listener need not wait out the time to live.

A version claimed ``done`` whose report is not in the store (an emptied ``results/``, reconciled
back to pending) is taken over like an expired claim.  The time to live
(``BUDGETCHECK_CLAIM_TTL``) is compared with each host's clock: keep clocks in sync (NTP) to well
under it.  Claims are kept (a few hundred bytes per version) as the record of who validated what.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from connectors.storage.base import ObjectInfo, Storage
from connectors.storage.errors import ObjectMissing, PreconditionFailed

CLAIMS = "claims/"
JSON_TYPE = "application/json"
#: Reads and writes tried on one claim before giving up for now (each a conditional request).
ROUNDS = 6
#: This process, as claims name it: host, process id and a random part (a restarted process with
#: the same pid is another claimant).
OWNER = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def claim_ttl() -> float:
    """``BUDGETCHECK_CLAIM_TTL``: seconds a claim holds unless renewed (default 120)."""
    try:
        return max(2.0, float(os.environ.get("BUDGETCHECK_CLAIM_TTL") or 120))
    except ValueError:
        return 120.0


def claim_key(upload_key: str, etag: str) -> str:
    digest = hashlib.sha1(upload_key.encode("utf-8", "surrogateescape")).hexdigest()[:20]
    return f"{CLAIMS}{digest}/{etag or 'no-etag'}.json"


class ClaimHeld(Exception):
    """Another listener holds the version and has not let it expire: try again later."""

    def __init__(self, owner: str, expires_in: float) -> None:
        super().__init__(f"being validated by {owner} (its claim holds {expires_in:.0f} s more)")
        self.owner = owner


class ClaimDone(Exception):
    """The version's claim says its report was written (``report_etag``): check it is there."""

    def __init__(self, body: dict[str, Any], info: ObjectInfo) -> None:
        super().__init__(f"validated already by {body.get('owner')}")
        self.body = body
        self.info = info


class ClaimLost(Exception):
    """Our claim was taken over (we were too slow to renew it): do not write the report."""


@dataclass
class Claim:
    """A claim this process holds."""

    storage: Storage
    key: str
    upload_key: str
    etag: str  # the upload's ETag
    object_etag: str  # the claim object's version, for If-Match
    body: dict[str, Any]
    mine: set[str] = field(default_factory=set)  # nonces written by us (recognised after a lost answer)
    lock: threading.Lock = field(default_factory=threading.Lock)  # one renewal at a time
    written: float = field(default_factory=time.monotonic)  # when our last write of it landed

    def _body(self, **changes: Any) -> dict[str, Any]:
        nonce = uuid.uuid4().hex
        self.mine.add(nonce)
        return {**self.body, **changes, "nonce": nonce, "written_at": time.time()}

    def _replace(self, body: dict[str, Any]) -> None:
        with self.lock:
            self._replace_locked(body)

    def _replace_locked(self, body: dict[str, Any]) -> None:
        for _ in range(ROUNDS):
            try:
                info = self.storage.put_replacing(self.key, _dump(body), self.object_etag, JSON_TYPE)
            except PreconditionFailed:
                current, info = _read(self.storage, self.key)
                if current is None or current.get("nonce") not in self.mine:
                    raise ClaimLost(f"{self.upload_key}: claim taken over by "
                                    f"{(current or {}).get('owner', 'nobody')}") from None
                # our own write landed though its answer was lost: that is where we are
            self.object_etag, self.body, self.written = info.etag, body, time.monotonic()
            return
        raise ClaimLost(f"{self.upload_key}: claim could not be renewed")

    def renew(self, ttl: float | None = None) -> None:
        """Hold it ``ttl`` more seconds; :class:`ClaimLost` when it was taken over."""
        self._replace(self._body(expires_at=time.time() + (ttl or claim_ttl())))

    def ensure_held(self) -> None:
        """Before writing the report: renew unless our last write of the claim is younger than a
        third of its time to live (then no one can have taken it over, and two thirds of it are left
        for the write: one request).  Saves a request per upload validated quickly."""
        if time.monotonic() - self.written > claim_ttl() / 3:
            self.renew()

    def finish(self, status: str, report_etag: str | None) -> None:
        """The report is stored: the version is done (a later delivery finds it so)."""
        self._replace(self._body(state="done", status=status, report_etag=report_etag, expires_at=0))

    def release(self) -> None:
        """Give it up (validation failed here): another listener may take it at once.  Best effort."""
        try:
            self._replace(self._body(state="released", expires_at=0))
        except Exception:  # noqa: BLE001 - expiry does the same, later
            pass


def acquire(storage: Storage, upload_key: str, etag: str, *, take_done: ObjectInfo | None = None,
            ttl: float | None = None) -> Claim:
    """Claim ``upload_key`` at ``etag`` for this process (see the module docstring).  ``take_done``:
    the version of a ``done`` claim whose report turned out missing, to be taken over."""
    ttl = ttl or claim_ttl()
    key = claim_key(upload_key, etag)
    mine: set[str] = set()

    def body(**extra: Any) -> dict[str, Any]:
        nonce = uuid.uuid4().hex
        mine.add(nonce)
        now = time.time()
        return {"key": upload_key, "etag": etag, "owner": OWNER,
                "state": "working", "claimed_at": now, "expires_at": now + ttl, "nonce": nonce,
                "written_at": now, **extra}

    first = body()
    if take_done is None:
        try:
            info = storage.put_new(key, _dump(first), JSON_TYPE)
            return Claim(storage, key, upload_key, etag, info.etag, first, mine)
        except PreconditionFailed:
            pass
    for _ in range(ROUNDS):
        current, info = _read(storage, key)
        if current is None:  # gone meanwhile (or never landed): create it
            new = body()
            try:
                info = storage.put_new(key, _dump(new), JSON_TYPE)
                return Claim(storage, key, upload_key, etag, info.etag, new, mine)
            except PreconditionFailed:
                continue
        assert info is not None
        if current.get("nonce") in mine:  # our own write landed though its answer was lost
            return Claim(storage, key, upload_key, etag, info.etag, current, mine)
        state = current.get("state")
        if state == "done" and (take_done is None or take_done.etag != info.etag):
            raise ClaimDone(current, info)
        expires_in = float(current.get("expires_at") or 0) - time.time()
        if state == "working" and expires_in > 0:
            raise ClaimHeld(str(current.get("owner")), expires_in)
        taken = body(taken_over_from=current.get("owner"))
        try:
            info = storage.put_replacing(key, _dump(taken), info.etag, JSON_TYPE)
            return Claim(storage, key, upload_key, etag, info.etag, taken, mine)
        except PreconditionFailed:
            continue  # someone else took it first, or it changed: look again
    raise ClaimHeld("another listener", 0)


def _read(storage: Storage, key: str) -> tuple[dict[str, Any] | None, ObjectInfo | None]:
    try:
        data, info = storage.get(key)
    except ObjectMissing:
        return None, None
    try:
        body = json.loads(data)
    except ValueError:
        body = {}  # damaged: treated as an expired claim, taken over
    return (body if isinstance(body, dict) else {}), info


def _dump(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")
