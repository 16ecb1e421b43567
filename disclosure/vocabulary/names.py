"""Names of departments, regions and budget units as printed: the region before a body's name, the
brackets after it (（本级）), placeholders (上海市XX局), and the 说明's roster of the units a budget covers."""

from __future__ import annotations


