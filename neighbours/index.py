"""The index of stored disclosures, kept in the same object storage as the reports.

Each disclosure the service reads is filed by what it is, not by where it was uploaded:

* ``index/by/<year>/<kind>/<level>/<bucket>/<id>.json``: its entry (identity, upload key, when it
  was stored, where its report and its read tables are), found by listing one short prefix;
* ``index/units/<year>/<kind>/<unit bucket>/<id>.json``: the same entry once per unit a 部门
  disclosure lists, so that a unit finds the department that adds it up;
* ``tables/<upload key>.json``: the tables as read (the ``extract`` JSON), so a neighbour is
  compared without reading its PDF again.

``id`` is a hash of the upload key, so filing the same upload again replaces its entry.  A lookup
lists one prefix (the neighbours' year, kind, level and name bucket) and reads the few entries
there: its cost does not grow with the store.  The index holds nothing that is not also in the
tables: :meth:`StoredIndex.rebuild` files every stored extract again if the index is lost.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from connectors.storage.base import Storage, url_for
from connectors.storage.errors import ObjectMissing
from connectors.storage.filenames import derived_key
from disclosure.model import Disclosure
from disclosure.vocabulary import INDEX, TABLES

from . import names
from .identity import Identity, identify
from .local import unit_names
from .neighbourhood import Entry


def entry_id(source: str) -> str:
    return hashlib.sha1(source.encode("utf-8")).hexdigest()[:20]


def tables_key(source: str) -> str:
    """Where an upload's read tables are kept: ``tables/<upload key>.json``, its name shortened as a
    report's is when too long or when its folders would fold together on a file system
    (:func:`connectors.storage.filenames.derived_key`: ``<start>~<16 hex>.<ext>.json``)."""
    return TABLES + derived_key(source, source, ".json")


def _segment(text: str) -> str:
    """A key segment: no '/' (a bucket may hold any printed character)."""
    return text.replace("/", "／") or "_"


def _by_prefix(year: int, kind: str, level: str, bucket: str) -> str:
    return f"{INDEX}by/{year}/{_segment(kind)}/{_segment(level)}/{_segment(bucket)}/"


def _units_prefix(year: int, kind: str, bucket: str) -> str:
    return f"{INDEX}units/{year}/{_segment(kind)}/{_segment(bucket)}/"


def _sources_key(source: str) -> str:
    return f"{INDEX}sources/{entry_id(source)}.json"


@dataclass(frozen=True)
class Stored:
    """An entry as filed: the catalogue's :class:`Entry` plus the upload version it was read from."""

    entry: Entry
    version: str | None

    def to_json(self) -> bytes:
        e = self.entry
        return json.dumps({"identity": e.identity.to_dict(), "source": e.source, "stored": e.stored,
                           "report": e.report, "units": list(e.units), "version": self.version},
                          ensure_ascii=False).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> Stored:
        d: dict[str, Any] = json.loads(data)
        entry = Entry(Identity.from_dict(d["identity"]), d["source"], float(d.get("stored") or 0),
                      d.get("report"), tuple(d.get("units") or ()))
        return cls(entry, d.get("version"))


class StoredIndex:
    """The :class:`neighbours.neighbourhood.Catalogue` of an object store."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self._loaded: dict[str, Disclosure] = {}

    # ------------------------------------------------------------------ writing

    def record(self, source: str, doc: Disclosure, *, stored: float, report: str | None,
               version: str | None) -> Entry | None:
        """File ``doc`` (read from upload ``source``) and keep its tables; None when it cannot be
        paired with anything (no publisher, year or kind read)."""
        self.remove(source)
        identity = identify(doc)
        self.storage.put(tables_key(source), doc.to_json(indent=None).encode("utf-8"), "application/json")
        if identity is None:
            return None
        entry = Entry(identity, source, stored, report, unit_names(doc))
        body = Stored(entry, version).to_json()
        keys = [_by_prefix(identity.year, identity.kind, identity.level, identity.bucket) + f"{entry_id(source)}.json"]
        keys += [_units_prefix(identity.year, identity.kind, b) + f"{entry_id(source)}.json"
                 for b in sorted({names.core(n) for n in entry.units})]
        for key in keys:
            self.storage.put(key, body, "application/json")
        self.storage.put(_sources_key(source), json.dumps(keys).encode("utf-8"), "application/json")
        self._loaded[source] = doc
        return entry

    def remove(self, source: str, *, tables: bool = False) -> Entry | None:
        """Withdraw ``source``'s entry (and with ``tables`` its kept tables); the entry it had."""
        self._loaded.pop(source, None)
        try:
            data, _ = self.storage.get(_sources_key(source))
        except ObjectMissing:
            keys, old = [], None
        else:
            keys = json.loads(data)
            old = self._entry_at(keys[0]) if keys else None
        for key in [*keys, _sources_key(source)] if keys else []:
            self.storage.delete(key)
        if tables:
            self.storage.delete(tables_key(source))
        return old.entry if old else None

    def rebuild(self) -> int:
        """File every kept extract again (the index lost or from an older version); how many."""
        n = 0
        for info in list(self.storage.list(TABLES)):
            try:
                doc = Disclosure.from_json(self.storage.get(info.key)[0].decode("utf-8"))
            except (ObjectMissing, ValueError):
                continue
            source = self._source_of(info.key, doc)
            if source is None:
                continue
            self.record(source, doc, stored=info.last_modified or 0.0, report=None, version=None)
            n += 1
        return n

    def _source_of(self, key: str, doc: Disclosure) -> str | None:
        """The upload key a kept extract was read from: its object name, or, for a shortened name,
        the end of the source it records (``…/incoming/x.pdf``)."""
        plain = key[len(TABLES):].removesuffix(".json")
        if tables_key(plain) == key:
            return plain
        base = url_for(self.storage, "")
        source = doc.source[len(base):] if doc.source and doc.source.startswith(base) else None
        return source if source is not None and tables_key(source) == key else None

    # ------------------------------------------------------------------ reading (Catalogue)

    def _entry_at(self, key: str) -> Stored | None:
        try:
            return Stored.from_json(self.storage.get(key)[0])
        except (ObjectMissing, ValueError, KeyError):
            return None

    def _entries(self, prefix: str) -> Iterator[Entry]:
        for info in self.storage.list(prefix):
            stored = self._entry_at(info.key)
            if stored is not None:
                yield stored.entry

    def candidates(self, *, year: int, kind: str, level: str, bucket: str) -> list[Entry]:
        return list(self._entries(_by_prefix(year, kind, level, bucket)))

    def departments_of(self, *, year: int, kind: str, unit_bucket: str) -> list[Entry]:
        return list(self._entries(_units_prefix(year, kind, unit_bucket)))

    def load(self, entry: Entry) -> Disclosure:
        doc = self._loaded.get(entry.source)
        if doc is None:
            data, _ = self.storage.get(tables_key(entry.source))
            doc = Disclosure.from_json(data.decode("utf-8"))
            self._loaded[entry.source] = doc
        return doc

    def entry(self, source: str) -> Entry | None:
        """The entry filed for upload ``source``."""
        try:
            keys = json.loads(self.storage.get(_sources_key(source))[0])
        except ObjectMissing:
            return None
        stored = self._entry_at(keys[0]) if keys else None
        return stored.entry if stored else None
