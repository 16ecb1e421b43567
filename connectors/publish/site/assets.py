"""The files every site shares: the index page, the stylesheet, the index script, GX's shared files.

They are written when the site is new or when their content changed (a version stamp holds the
hash of all of them), so a normal publish reads one small file here and writes nothing.
"""

from __future__ import annotations

import hashlib
import html
import json
from functools import lru_cache
from pathlib import Path

from connectors.publish.site import layout
from connectors.publish.site.gx_docs import shared_files
from connectors.publish.site.index_data import encode_shard
from connectors.publish.site.render import CSP
from connectors.publish.site.targets import SiteTarget
from disclosure.report import Status

STATIC = Path(__file__).parent / "static"
#: The statuses the index filters by, in the order offered; their labels come from Status.
INDEX_FILTER = (Status.FAILED, Status.PASSED, Status.PARTIAL, Status.UNREADABLE, Status.WITHDRAWN)
STATUS_LABELS = {s.value: s.label for s in INDEX_FILTER}


@lru_cache(maxsize=1)
def site_files() -> dict[str, bytes]:
    """Site-relative key → bytes of every shared file (index page, CSS, JS, GX shared files)."""
    index = (STATIC / "index.html").read_text(encoding="utf-8")
    index = (index.replace("__CSP__", CSP).replace("__SHARDS__", str(layout.SHARDS))
             .replace("__STATUS_LABELS__", html.escape(json.dumps(STATUS_LABELS, ensure_ascii=False)))
             .replace("__STATUS_OPTIONS__", "".join(f'<option value="{s}">{html.escape(s.label)}</option>'
                                                    for s in INDEX_FILTER)))
    files = {
        f"{layout.ASSETS_DIR}/site.css": (STATIC / "site.css").read_bytes(),
        f"{layout.ASSETS_DIR}/index.js": (STATIC / "index.js").read_bytes(),
    }
    files[f"{layout.ASSETS_DIR}/summary.js"] = (STATIC / "summary.js").read_bytes()  # issue 18: the season's summary
    summary = (STATIC / "summary.html").read_text(encoding="utf-8")
    files["summary.html"] = summary.replace("__CSP__", CSP).replace("__SHARDS__", str(layout.SHARDS)).encode("utf-8")
    files.update(shared_files())
    files[layout.INDEX_PAGE] = index.encode("utf-8")  # last: written after what it loads
    return files


@lru_cache(maxsize=1)
def site_version() -> str:
    h = hashlib.sha256(str(layout.SHARDS).encode())
    for key, data in site_files().items():
        h.update(key.encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()[:16]


def ensure_site(target: SiteTarget) -> bool:
    """Write the shared files and any missing empty shard if the site is new or outdated.

    Returns True when something was written.  Cost when up to date: one small read.
    """
    version = site_version()
    current = target.read(layout.VERSION_FILE)
    if current is not None and current.decode("utf-8", "replace").strip() == version:
        return False
    files = site_files()
    for key, data in files.items():
        if key != layout.INDEX_PAGE:
            target.write(key, data)
    for n in range(layout.SHARDS):
        shard = f"{n:02d}"
        if target.read(layout.shard_key(shard)) is None:
            target.write(layout.shard_key(shard), encode_shard(shard, []))
    target.write(layout.INDEX_PAGE, files[layout.INDEX_PAGE])
    target.write(layout.VERSION_FILE, (version + "\n").encode())
    return True
