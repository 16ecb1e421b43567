"""Claims in the store: one validation per upload version across listeners (issue 17, beyond).

Over moto's server (HTTP, through the fault proxy when a lost answer is wanted) and a local folder:
a claim is exclusive, expires and is taken over by exactly one, recognised as one's own after a
lost answer, refused to a holder that lost it, and done once the report is written.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from connectors.publish import claims
from connectors.storage import LocalStorage, PreconditionFailed, open_storage
from tests.faultproxy import FaultProxy


@pytest.fixture(scope="module")
def atomic_moto(moto_server):
    """moto behind the proxy, which makes its conditional writes atomic as S3's are (see
    ``tests.faultproxy``)."""
    proxy = FaultProxy(moto_server.endpoint_url).start()
    yield proxy.endpoint_url
    proxy.stop()


def _stores(moto_server, atomic_moto, tmp_path):
    bucket = moto_server.new_bucket("claims")
    s3, _ = open_storage(f"s3://{bucket}/", endpoint_url=atomic_moto)
    return {"s3": s3, "local": LocalStorage(tmp_path / "bucket")}


@pytest.mark.parametrize("kind", ["s3", "local"])
def test_conditional_writes(kind, moto_server, atomic_moto, tmp_path):
    store = _stores(moto_server, atomic_moto, tmp_path)[kind]
    first = store.put_new("claims/a.json", b"1")
    with pytest.raises(PreconditionFailed):
        store.put_new("claims/a.json", b"2")
    second = store.put_replacing("claims/a.json", b"3", first.etag)
    with pytest.raises(PreconditionFailed):
        store.put_replacing("claims/a.json", b"4", first.etag)  # no longer that version
    with pytest.raises(PreconditionFailed):
        store.put_replacing("claims/none.json", b"5", second.etag)  # not there at all
    assert store.get("claims/a.json")[0] == b"3"


@pytest.mark.parametrize("kind", ["s3", "local"])
def test_a_claim_is_held_expires_is_taken_over_once_and_done(kind, moto_server, atomic_moto, tmp_path):
    store = _stores(moto_server, atomic_moto, tmp_path)[kind]
    mine = claims.acquire(store, "incoming/x.txt", "e1", ttl=2)
    with pytest.raises(claims.ClaimHeld):
        claims.acquire(store, "incoming/x.txt", "e1", ttl=2)  # another listener
    assert claims.acquire(store, "incoming/x.txt", "e2", ttl=2)  # another version: its own claim
    time.sleep(2.2)  # the holder stalled past its time to live
    with ThreadPoolExecutor(4) as pool:  # several takers at once: one wins
        results = list(pool.map(lambda _: _try(store), range(4)))
    winners = [r for r in results if isinstance(r, claims.Claim)]
    assert len(winners) == 1, results
    with pytest.raises(claims.ClaimLost):
        mine.renew()  # the stalled holder must not write its report now
    winners[0].finish("passed", "r1")
    with pytest.raises(claims.ClaimDone) as done:
        claims.acquire(store, "incoming/x.txt", "e1")
    assert done.value.body["report_etag"] == "r1"
    retaken = claims.acquire(store, "incoming/x.txt", "e1", take_done=done.value.info)  # its report vanished
    retaken.release()
    assert claims.acquire(store, "incoming/x.txt", "e1")  # released: free at once


def _try(store):
    try:
        return claims.acquire(store, "incoming/x.txt", "e1", ttl=30)
    except (claims.ClaimHeld, claims.ClaimDone) as exc:
        return exc


def test_a_claim_whose_answer_was_lost_is_recognised_as_ours(moto_server):
    """The claim PUT lands but the connection is reset before the answer: botocore tries again,
    gets 412, and the claim read back carries our nonce: ours, not another listener's."""
    bucket = moto_server.new_bucket("claims-lost")
    lost = threading.Event()

    def plan(req):
        if req.method == "PUT" and "/claims/" in req.path and not lost.is_set():
            lost.set()
            return "reset_after"
        return None

    proxy = FaultProxy(moto_server.endpoint_url, faults=plan).start()
    try:
        store, _ = open_storage(f"s3://{bucket}/", endpoint_url=proxy.endpoint_url)
        claim = claims.acquire(store, "incoming/y.txt", "e1")
        assert lost.is_set() and proxy.counts["reset_after PUT"] == 1
        claim.renew()
        claim.finish("failed", "r")
    finally:
        proxy.stop()


def test_local_put_new_has_one_winner_among_processes_worth_of_threads(tmp_path):
    store = LocalStorage(tmp_path / "bucket")
    barrier = threading.Barrier(16)

    def put(i: int) -> bool:
        barrier.wait()
        try:
            store.put_new("claims/race.json", str(i).encode())
            return True
        except PreconditionFailed:
            return False

    with ThreadPoolExecutor(16) as pool:
        assert sum(pool.map(put, range(16))) == 1
