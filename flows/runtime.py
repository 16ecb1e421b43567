"""Process-level plumbing shared by the service, the flows and backfill.

* ``open_layout``: a ``--source`` URI → a store whose keys start at ``incoming/``, ``results/``,
  ``docs/`` (a ``PrefixedStorage`` view when the source sits below the bucket root).
* A registry of open stores by source URI, so flow parameters stay plain strings (a flow run's
  parameters go to the Prefect API) while the flow still gets the very store the service holds;
  ``use_storage`` lets a caller put its own store there (fault injection in tests, a wrapper).
* Where the ledger lives, and the knobs read from the environment (:class:`ServiceSettings`).
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path

from connectors.storage import LocalStorage, PrefixedStorage, Storage, open_storage
from disclosure.vocabulary import INCOMING

_registry: dict[tuple[str, str | None], Storage] = {}
_lock = threading.Lock()


def split_layout(prefix: str) -> str:
    """The base (folder holding ``incoming/``) for a watched prefix from ``open_storage``."""
    if prefix and not prefix.endswith("/"):
        prefix += "/"
    if prefix.endswith(INCOMING):
        return prefix[: -len(INCOMING)]
    return prefix


def open_layout(source: str, endpoint_url: str | None = None) -> Storage:
    """The store for ``source`` as the flows see it (cached per process; see ``use_storage``)."""
    key = (source, endpoint_url)
    with _lock:
        if key in _registry:
            return _registry[key]
        store, prefix = open_storage(source, endpoint_url=endpoint_url)
        base = split_layout(prefix)
        view: Storage = PrefixedStorage(store, base) if base else store
        _registry[key] = view
        return view


@contextmanager
def use_storage(source: str, storage: Storage, endpoint_url: str | None = None) -> Iterator[Storage]:
    """Make flows given ``source`` use ``storage`` (already laid out) while the block runs."""
    key = (source, endpoint_url)
    with _lock:
        before = _registry.get(key)
        _registry[key] = storage
    try:
        yield storage
    finally:
        with _lock:
            if before is None:
                _registry.pop(key, None)
            else:
                _registry[key] = before


def state_dir() -> Path:
    return Path(os.environ.get("BUDGETCHECK_STATE_DIR") or Path.home() / ".local" / "state" / "budgetcheck")


def store_identity(storage: Storage) -> str:
    """What makes a store this store: for S3 the endpoint requests go to and the bucket and prefix
    (``https://s3.amazonaws.com`` and a MinIO with the same bucket name are two stores), for a
    folder its path."""
    inner = getattr(storage, "inner", storage)
    endpoint = getattr(inner, "endpoint", None)
    return f"{endpoint}|{storage.url}" if endpoint else storage.url


def default_ledger_path(storage: Storage) -> Path:
    """Beside the data for a local folder (it moves with it); else under the state dir, one per store
    (:func:`store_identity`: endpoint, bucket and prefix)."""
    inner = getattr(storage, "inner", storage)
    if isinstance(inner, LocalStorage):
        base = getattr(storage, "base", "")
        return inner.root / base / ".budgetcheck" / "ledger.sqlite"
    digest = hashlib.sha1(store_identity(storage).encode()).hexdigest()[:16]
    path = state_dir() / f"ledger-{digest}.sqlite"
    _adopt_legacy_ledger(storage, path)
    return path


def _adopt_legacy_ledger(storage: Storage, path: Path) -> None:
    """Versions before the endpoint was part of the name kept the ledger as ``ledger-<sha1(url)>``.
    Start from a copy of it rather than from nothing (which would look at every upload again):
    reconciliation checks each of its rows against this store before it is trusted."""
    legacy = state_dir() / f"ledger-{hashlib.sha1(storage.url.encode()).hexdigest()[:16]}.sqlite"
    if path.exists() or not legacy.exists() or legacy == path:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(legacy)
    dst = sqlite3.connect(path)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    logging.getLogger("budgetcheck.service").warning(
        "ledger %s started from %s (written before ledgers were kept per endpoint); it is reconciled "
        "with the store's reports before it is trusted", path.name, legacy.name)


@dataclass(frozen=True)
class ServiceSettings:
    """How the service rides out trouble and keeps the ledger honest (README, settings)."""

    #: Longest wait between attempts to reach a store or queue that is down (doubling from 1 s).
    outage_backoff_max: float = 30.0
    #: Seconds between reconciliations of the ledger with the stored reports (also done on start).
    reconcile_interval: float = 300.0
    #: Seconds a received SQS message stays invisible; extended every third of it while its uploads
    #: are worked on, so a message lost with a dropped connection or a killed service is back soon.
    sqs_visibility: int = 60
    #: First wait before an upload whose validation failed (store trouble) is tried again in SQS mode
    #: (doubling per attempt, up to ``outage_backoff_max``); polling mode retries at the next poll.
    retry_first_delay: float = 2.0

    @classmethod
    def from_env(cls) -> ServiceSettings:
        values = {}
        for f in fields(cls):
            raw = os.environ.get(SERVICE_ENV_VARS[f.name])
            if raw is None:
                continue
            try:
                values[f.name] = float(raw) if f.type in (float, "float") else int(raw)
            except ValueError:
                continue
        return cls(**values)


SERVICE_ENV_VARS = {
    "outage_backoff_max": "BUDGETCHECK_OUTAGE_BACKOFF_MAX",
    "reconcile_interval": "BUDGETCHECK_RECONCILE_INTERVAL",
    "sqs_visibility": "BUDGETCHECK_SQS_VISIBILITY",
    "retry_first_delay": "BUDGETCHECK_RETRY_FIRST_DELAY",
}


def env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


def env_float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


def default_workers() -> int:
    """Validation worker processes: BUDGETCHECK_WORKERS, else the number of cores (at most 4)."""
    return env_int("BUDGETCHECK_WORKERS", min(4, os.cpu_count() or 1))


def data_docs_enabled() -> bool:
    """Build GX Data Docs per validation for the review site: BUDGETCHECK_DATA_DOCS=1.

    Off by default in the service: GX renders a whole Data Docs site per validation (about 1.8 s
    against 0.1 s for the checks themselves on this machine), which would cap ``serve`` far below
    3 disclosures/s.  The review pages with every failing cell are published either way; the demo
    turns Data Docs on."""
    return os.environ.get("BUDGETCHECK_DATA_DOCS", "0") not in ("0", "false", "no", "")
