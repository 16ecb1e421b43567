"""The upload layout of a store (not printed vocabulary, but named once, here, for every layer)."""

from __future__ import annotations

#: The upload layout of a store: uploads, reports, the review site.
INCOMING, RESULTS, DOCS = "incoming/", "results/", "docs/"
#: What the service keeps to compare disclosures with each other: the tables as read, and the index
#: of stored disclosures by publisher, year, kind and level (see ``neighbours.index``).
TABLES, INDEX = "tables/", "index/"
