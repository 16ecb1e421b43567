"""``budgetcheck validate SOURCE --docs DIR``: one document's review site in a local folder."""

from __future__ import annotations

import inspect
import logging
import os
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlparse

from connectors.publish.site import layout
from connectors.publish.site.formatting import safe_href
from connectors.publish.site.publisher import publish_to_target
from connectors.publish.site.targets import FolderTarget

log = logging.getLogger(__name__)


def _local_source(source: str) -> Path | None:
    if source.startswith("file://"):
        return Path(unquote(urlparse(source).path))
    if "://" in source:
        return None
    return Path(source)


def _build_gx_docs(doc: Any, into: Path) -> bool:
    """GX Data Docs for ``doc`` via the rules engine, when it can build them (else False)."""
    try:
        from expectations.runner import validate
    except ImportError:
        return False
    if "data_docs_dir" not in inspect.signature(validate).parameters:
        return False
    try:
        validate(doc, data_docs_dir=into)
    except Exception as exc:  # the review page does not depend on GX's pages; say why they are missing
        log.warning("GX Data Docs not built: %s", exc)
        return False
    return (into / "index.html").is_file()


def build_document_site(out_dir: Path, doc: Any, report: dict[str, Any], *, gx_docs_dir: Path | None = None,
                        validated_at: str | None = None) -> Path:
    """Build one document's review page, its GX Data Docs and the index into ``out_dir``.

    Returns the path of the document's page (``out_dir/pages/<id>.html``); the index is
    ``out_dir/index.html`` and lists every document built into the same folder before.
    Without ``gx_docs_dir`` the GX Data Docs are built here by re-running the validation with
    ``data_docs_dir`` (when the rules engine supports it).
    """
    out_dir = Path(out_dir)
    source = str(report.get("source") or (doc.source if doc is not None else "") or "document")
    local = _local_source(source)
    upload_key = str(local.resolve()) if local is not None else source
    pages_dir = out_dir / layout.PAGES_DIR
    if local is not None and local.exists():
        rel = os.path.relpath(local.resolve(), pages_dir.resolve())
        href = quote(Path(rel).as_posix(), safe="/")
    else:
        href = safe_href(source) if source.lower().startswith("http") else None
    with tempfile.TemporaryDirectory(prefix="bc-gx-") as tmp:
        gx = gx_docs_dir
        if gx is None and doc is not None and _build_gx_docs(doc, Path(tmp)):
            gx = Path(tmp)
        key = publish_to_target(FolderTarget(out_dir), upload_key, doc, report, original_href=href,
                                original_text=source, gx_docs_dir=gx, validated_at=validated_at)
    return out_dir.joinpath(*key.split("/"))
