"""The checks: rule catalogue, derive functions, GX suites and the report.

Importing the package first defers two heavy modules GX imports but never runs for us
(see :mod:`expectations.lazy_imports`); this must happen before any submodule imports GX.
"""

from expectations.lazy_imports import defer

defer()
