"""Checking what the 说明 says: every stated figure, comparison, date, name and wording.

``sentences``  the 说明 cut into sentences with page and heading;
``figures``    amounts and percentages as printed, and what their labels name;
``statements`` the statements read once per document (named figures, parts, shares, changes, 决算
               executions, 类/项 amounts, vehicle counts);
``cells``      the table cell each named figure is printed in;
``ratios``     percentages recomputed within the rounding of the printed amounts;
``findings``   checks worded for a submitter, with page and quote;
``rules``      one derive function per ``cross.narrative.*`` rule of issue 11;
``items``      the itemised spending of a 预算 (cross.narrative.*, code.narrative_name).
"""

from . import figures, items, rules, sentences, statements

__all__ = ["forget_cached", "items", "rules"]


def forget_cached() -> None:
    """Drop every cached reading of a 说明, so the next document is read from scratch (for benchmarks:
    a service validates each upload once, so its cost is the cold one)."""
    sentences.split.cache_clear()
    sentences.joined.cache_clear()
    sentences._SENTENCES.clear()
    statements._read.cache_clear()
    statements._READINGS.clear()
    statements._canonical.cache_clear()
    figures.concept_of.cache_clear()
    items._found.cache_clear()
    items._ITEMS.clear()
