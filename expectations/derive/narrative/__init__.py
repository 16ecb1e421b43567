"""Checking what the 说明 says: every stated figure, comparison, date, name and wording.

``sentences``  the 说明 cut into sentences with page and heading;
``figures``    amounts and percentages as printed, and what their labels name;
``statements`` the statements read once per document (named figures, parts, shares, changes, 决算
               executions, 类/项 amounts, vehicle counts);
``cells``      the table cell each named figure is printed in;
``ratios``     percentages recomputed within the rounding of the printed amounts;
``findings``   checks worded for a submitter, with page and quote;
``rules``      one derive function per ``narrative.*`` rule;
``items``      the itemised spending of a 预算 (cross.narrative.*, code.narrative_name).
"""

from . import items, rules

__all__ = ["items", "rules"]
