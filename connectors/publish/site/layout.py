"""Where each piece of the site lives, relative to the site root (``docs/`` in storage).

One disclosure owns ``pages/<id>.html``, ``index-data/records/<id>.json`` and ``gx/<id>/``; the
index page, the assets and the shards are shared.  Ids are ASCII so that keys, URLs and file
names agree on every store and browser without percent-encoding surprises; the hash keeps two
uploads whose names differ only in Chinese characters apart.
"""

from __future__ import annotations

import hashlib
import re

from disclosure.vocabulary import INCOMING

#: The watched prefix is not part of a disclosure's identity on the site.
UPLOAD_PREFIX = INCOMING
#: The number of index shards: publishing rewrites one shard, about N/SHARDS records.
SHARDS = 64

INDEX_PAGE = "index.html"
ASSETS_DIR = "assets"
SHARD_DIR = "index-data"
RECORD_DIR = "index-data/records"
PAGES_DIR = "pages"
GX_DIR = "gx"
GX_SHARED_STATIC = "gx/_static"
GX_VENDOR = "gx/_vendor"
VERSION_FILE = "site-version.txt"

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def doc_id(upload_key: str) -> str:
    """Stable id of one upload: a readable ASCII slug of its path plus 10 hex digits of its hash."""
    path = upload_key[len(UPLOAD_PREFIX):] if upload_key.startswith(UPLOAD_PREFIX) else upload_key
    parts = [_UNSAFE.sub("-", p).strip("-.") for p in path.replace("\\", "/").rstrip("/").split("/")]
    slug = parts[-1][:60]
    if len(parts) > 1 and parts[-2] and len(parts[-2]) + len(slug) < 60:  # the folder too, when it fits
        slug = f"{parts[-2]}-{slug}"
    slug = slug.strip("-.") or "doc"
    digest = hashlib.sha1(upload_key.encode("utf-8")).hexdigest()[:10]
    return f"{slug}-{digest}"


def shard_of(doc: str) -> str:
    """Which shard holds a disclosure's index record (two decimal digits, ``00``…``63``)."""
    return f"{int(hashlib.sha1(doc.encode('utf-8')).hexdigest(), 16) % SHARDS:02d}"


def shard_key(shard: str) -> str:
    return f"{SHARD_DIR}/shard-{shard}.js"


def page_key(doc: str) -> str:
    return f"{PAGES_DIR}/{doc}.html"


def record_prefix(shard: str) -> str:
    """Records are kept per shard so that a shard can be checked against its own records."""
    return f"{RECORD_DIR}/{shard}/"


def record_key(doc: str) -> str:
    return f"{record_prefix(shard_of(doc))}{doc}.json"


def doc_of_record(key: str) -> str:
    """``index-data/records/07/<id>.json`` → ``<id>``."""
    return key.rsplit("/", 1)[-1].removesuffix(".json")


def gx_prefix(doc: str) -> str:
    return f"{GX_DIR}/{doc}/"
