"""Updating one index shard so that concurrent publishers do not lose each other's records.

Each disclosure's record is written first to its own object (``index-data/records/<shard>/<id>``),
the truth; the shard file the index page reads is derived from the records of that shard.  A
publish rewrites its shard as: the shard's current records, minus any whose record object is gone,
plus any record object the shard lacks (read one by one, normally none), plus its own record.
One LIST of the shard's record keys (one request up to 1,000 records per shard, i.e. 64,000
disclosures) makes that check, so the cost stays flat.

Why: a backfill publishes from several workers at once.  With plain read-modify-write, two
publishers of the same shard would each write back the shard they read, and one record would
vanish from the index.  Threads of one process are serialised by a lock per shard; between
processes, a record lost in a race reappears at the next publish into that shard, and
:func:`connectors.publish.site.rebuild_index` rewrites every shard from the records after a
backfill.
"""

from __future__ import annotations

import json
import threading
from typing import Any

from connectors.publish.site import layout
from connectors.publish.site.index_data import decode_shard, encode_shard
from connectors.publish.site.targets import SiteTarget

_LOCKS = {f"{n:02d}": threading.Lock() for n in range(layout.SHARDS)}


def update_shard(target: SiteTarget, doc_id: str, record: dict[str, Any] | None) -> None:
    """Put ``record`` (or, with ``None``, no record) for ``doc_id`` into its shard, healed."""
    shard = layout.shard_of(doc_id)
    key = layout.shard_key(shard)
    with _LOCKS[shard]:
        listed = {layout.doc_of_record(k) for k in target.list_keys(layout.record_prefix(shard))}
        current = target.read(key)
        kept = {r["id"]: r for r in (decode_shard(current) if current else [])
                if r.get("id") in listed and r.get("id") != doc_id}
        for missing in sorted(listed - kept.keys() - {doc_id}):
            data = target.read(layout.record_key(missing))
            if data is not None:
                kept[missing] = json.loads(data)
        if record is not None:
            kept[doc_id] = record
        target.write(key, encode_shard(shard, list(kept.values())))
