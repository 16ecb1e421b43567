"""The review site: an index of every validated disclosure and a page per disclosure.

Two entry points share one publisher (:mod:`.publisher`):

* :func:`build_document_site` — ``budgetcheck validate SOURCE --docs DIR``: one document's page,
  its GX Data Docs and the index, into a local folder (:mod:`.local_build`).
* :func:`publish_disclosure` — the service: the same under ``docs/`` of the watched storage, at a
  cost that does not grow with the number of disclosures already published.

Layout of the site: :mod:`.layout`.  Safety: every text from an upload is escaped by the
templates (:mod:`.render`), links pass :func:`.formatting.safe_href`, and every page carries a
Content-Security-Policy that allows no inline script.
"""

from __future__ import annotations

from connectors.publish.site.local_build import build_document_site
from connectors.publish.site.publisher import (
    publish_disclosure,
    publish_to_target,
    rebuild_index,
    remove_disclosure,
)

__all__ = ["build_document_site", "publish_disclosure", "publish_to_target", "rebuild_index", "remove_disclosure"]
