"""The longest test modules first, so that none of them starts last on a parallel run.

Why: ``scripts/test.sh`` runs pytest-xdist with ``--dist loadfile`` (each module whole on one
worker, its fixtures made once) and ``--no-loadscope-reorder`` (xdist would otherwise queue the
modules with the most tests first, which put the 1,000-upload fault test, one test, at the very
end: 7 minutes after everything else had finished).  The modules below are the long ones, in the
order of their measured time (``--durations``, full suite, 2 cores); every other module keeps its
place after them.  A module missing from the list only costs balance, never a result.
"""

from __future__ import annotations

#: Module file stems, longest first (seconds of one full run on the shared 2-core machine).
LONGEST_FIRST = (
    "test_faults",  # ~650 s: 1,000 uploads through injected faults
    "test_outage",  # ~290 s
    "test_listeners",  # ~215 s: three listeners, 300 uploads, faults and a kill
    "test_service",  # ~185 s (a real Prefect server for the deployment trigger)
    "test_bad_corpus",  # ~165 s (the large hostile files are generated)
    "test_roundtrip",  # ~85 s (LibreOffice prints every layout)
    "test_two_listeners",  # ~75 s
    "test_demo",  # ~72 s
    "test_prefect_start",  # ~70 s
    "test_sigterm",  # ~48 s
    "test_isolation",
    "test_children",
    "test_state_folder",
    "test_odd_names",
    "test_site_browser",
    "test_report_paths",
    "test_property",
    "test_ledger_reconcile",
    "test_neighbours",
)


def pytest_collection_modifyitems(session, config, items) -> None:
    """Stable sort: listed modules first, in the list's order; the others as collected."""
    rank = {stem: i for i, stem in enumerate(LONGEST_FIRST)}

    def key(item) -> int:
        stem = item.nodeid.split("::", 1)[0].rsplit("/", 1)[-1].removesuffix(".py")
        return rank.get(stem, len(rank))

    items.sort(key=key)
