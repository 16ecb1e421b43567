"""Publishing one disclosure into the site: its page, its GX Data Docs, its index record and shard.

Publishing one disclosure writes its page, its record and its shard (and its GX Data Docs when
given); nothing that grows with the number already published is read or rewritten (see
:mod:`.shards`).  Order matters: the page is written before the index points at it.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any
from urllib.parse import quote

from connectors.publish.checklist.store import checklist_key, publish_outputs, remove_findings, summary_fields
from connectors.publish.site import layout
from connectors.publish.site.assets import ensure_site
from connectors.publish.site.disclosure_page import render_disclosure_page
from connectors.publish.site.formatting import safe_href
from connectors.publish.site.gx_docs import import_gx_site
from connectors.publish.site.index_data import encode_shard, make_record, now_iso
from connectors.publish.site.shards import update_shard
from connectors.publish.site.targets import SiteTarget, StorageTarget
from disclosure.model import dumps_exact
from disclosure.report import Report
from disclosure.vocabulary import DOCS

log = logging.getLogger(__name__)

DOCS_PREFIX = DOCS


def publish_to_target(target: SiteTarget, upload_key: str, doc: Any, report: Report, *,
                      original_href: str | None, original_text: str, gx_docs_dir: Path | None = None,
                      validated_at: str | None = None, report_key: str | None = None) -> str:
    """Publish one disclosure into a site target; returns the site-relative key of its page.
    ``report_key``: the stored JSON report beside the site (``results/…``), linked from the page."""
    ensure_site(target)
    doc_id = layout.doc_id(upload_key)
    validated_at = validated_at or str(report.extra.get("validated_at") or "") or now_iso()
    gx_page = None
    gx_links: list[tuple[str, str]] = []
    if gx_docs_dir is not None:
        imported = import_gx_site(target, doc_id, Path(gx_docs_dir))
        if imported is not None:
            gx_page = imported.main_page
            # GX names folders after the run (Chinese, spaces): links carry them percent-encoded
            gx_links = [(suite, "../" + quote(key, safe="/")) for suite, key in imported.validations]
            if imported.removed_cdn:
                log.debug("GX Data Docs: %d CDN assets removed (no local copy)", len(imported.removed_cdn))
    record = make_record(doc_id, upload_key, doc, report, validated_at=validated_at, gx_page=gx_page,
                         report_key=report_key)
    record.update(summary_fields(report, doc, checklist_key(upload_key) if report_key else None))  # issue 18
    page = render_disclosure_page(
        doc, report,
        source_name=record["source"],
        original_href=original_href,
        original_text=original_text,
        gx_href=("../" + quote(gx_page, safe="/")) if gx_page else None,
        gx_links=gx_links,
        validated_at=validated_at,
        # the page is docs/pages/<id>.html; the report results/… in the same store
        report_href=("../../" + quote(report_key, safe="/")) if report_key else None,
        report_text=report_key,
        checklist_href=("../../" + quote(checklist_key(upload_key), safe="/")) if report_key else None,  # issue 18
    )
    page_key = layout.page_key(doc_id)
    target.write(page_key, page.encode("utf-8"))
    target.write(layout.record_key(doc_id), dumps_exact(record).encode("utf-8"))
    update_shard(target, doc_id, record)
    return page_key


def publish_disclosure(storage: Any, upload_key: str, doc: Any, report: Report, original_url: str,
                       *, gx_docs_dir: Path | None = None, validated_at: str | None = None) -> None:
    """Publish one upload's review page under ``docs/`` of ``storage`` and update the index.

    ``original_url`` is shown as the source; it is a link when it is http(s).  Otherwise the
    link is relative to the upload's key in the same store (``../../incoming/…``), which works
    when the bucket is browsed over HTTP.  ``gx_docs_dir`` is a folder where
    ``expectations.runner.validate(doc, data_docs_dir=…)`` built this validation's Data Docs.
    """
    href = safe_href(original_url) if original_url and original_url.lower().startswith("http") else None
    if href is None:
        href = "../../" + quote(upload_key, safe="/")
    from connectors.publish.reports import report_key

    publish_outputs(storage, upload_key, doc, report)  # issue 18: the bureau's checklist and the findings rows
    publish_to_target(StorageTarget(storage, DOCS_PREFIX), upload_key, doc, report,
                      original_href=href, original_text=original_url or upload_key,
                      gx_docs_dir=gx_docs_dir, validated_at=validated_at, report_key=report_key(upload_key))


def remove_disclosure(storage: Any, upload_key: str) -> None:
    """Take a deleted upload off the site: its record and index entry first, then its page and GX docs."""
    target = StorageTarget(storage, DOCS_PREFIX)
    doc_id = layout.doc_id(upload_key)
    target.delete_prefix(layout.record_key(doc_id))
    update_shard(target, doc_id, None)
    target.delete_prefix(layout.page_key(doc_id))
    target.delete_prefix(layout.gx_prefix(doc_id))
    remove_findings(storage, upload_key)  # issue 18


def rebuild_index(storage: Any) -> int:
    """Rewrite every shard from the per-disclosure records (repair; cost grows with N)."""
    target = StorageTarget(storage, DOCS_PREFIX)
    ensure_site(target)
    shards: dict[str, list[dict[str, Any]]] = {f"{n:02d}": [] for n in range(layout.SHARDS)}
    for info in storage.list(DOCS_PREFIX + layout.RECORD_DIR + "/"):
        data, _ = storage.get(info.key)
        rec = json.loads(data)
        shards[layout.shard_of(rec["id"])].append(rec)
    for shard, records in shards.items():
        target.write(layout.shard_key(shard), encode_shard(shard, records))
    return sum(len(r) for r in shards.values())
