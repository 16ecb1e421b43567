"""``budgetcheck validate SOURCE --docs DIR``: one document's review site in a local folder.

The GX Data Docs come from the validation already done (``gx_docs_dir``: the folder
``expectations.runner.validate(doc, data_docs_dir=…)`` built them into, which ``flows/`` hands
over).  This module never runs the rules: the site sits above the report, not above the rules
engine (``tests/test_layers.py``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlparse

from connectors.publish.site import layout
from connectors.publish.site.formatting import safe_href
from connectors.publish.site.publisher import publish_to_target
from connectors.publish.site.targets import FolderTarget
from disclosure.report import Report


def _local_source(source: str) -> Path | None:
    if source.startswith("file://"):
        return Path(unquote(urlparse(source).path))
    if "://" in source:
        return None
    return Path(source)


def build_document_site(out_dir: Path, doc: Any, report: Report, *, gx_docs_dir: Path | None = None,
                        validated_at: str | None = None) -> Path:
    """Build one document's review page, its GX Data Docs (when ``gx_docs_dir`` holds them) and
    the index into ``out_dir``.

    Returns the path of the document's page (``out_dir/pages/<id>.html``); the index is
    ``out_dir/index.html`` and lists every document built into the same folder before.
    """
    out_dir = Path(out_dir)
    source = str(report.source or (doc.source if doc is not None else "") or "document")
    local = _local_source(source)
    upload_key = str(local.resolve()) if local is not None else source
    pages_dir = out_dir / layout.PAGES_DIR
    if local is not None and local.exists():
        rel = os.path.relpath(local.resolve(), pages_dir.resolve())
        href = quote(Path(rel).as_posix(), safe="/")
    else:
        href = safe_href(source) if source.lower().startswith("http") else None
    key = publish_to_target(FolderTarget(out_dir), upload_key, doc, report, original_href=href,
                            original_text=source, gx_docs_dir=gx_docs_dir, validated_at=validated_at)
    return out_dir.joinpath(*key.split("/"))
