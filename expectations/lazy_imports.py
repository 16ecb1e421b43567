"""Great Expectations at the cost of what budgetcheck runs: two heavy imports deferred.

GX imports ``scipy.stats`` and ``altair`` at module level for one expectation
(``expect_column_kl_divergence_to_be_less_than``) and two distribution metrics; budgetcheck runs none
of them.  Measured with ``python -X importtime -c "import great_expectations"`` on 2 cores, the two
are about a third of importing GX (scipy.stats ≈ 0.9 s, altair ≈ 0.3 s), and a cold
``budgetcheck validate`` pays them before reading a page.

Each is registered as a stand-in module: it carries the real module's ``__spec__`` and
``__path__`` (so ``import`` and ``from … import`` succeed without executing anything) and loads the
real module on the first attribute it does not hold, then forwards to it; the real module replaces
it in ``sys.modules``.  (The standard library's ``LazyLoader`` does not help here on Python 3.11: the
import statement reads ``__spec__`` of a module found in ``sys.modules``, which triggers its load.)
Anything that does use the modules (a test, a future expectation) gets the real module's
attributes, unchanged.  Only the order matters, which is why the package's ``__init__`` calls
:func:`defer` before any module of ``expectations`` imports GX.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types

#: Modules GX imports eagerly but budgetcheck's suites never use.
DEFERRED: tuple[str, ...] = ("scipy.stats", "altair")


class _Deferred(types.ModuleType):
    """A module's stand-in that imports the real module on first use and forwards to it."""

    def __getattr__(self, attribute: str) -> object:
        name = self.__name__
        real = sys.modules.get(name)
        if real is None or real is self:
            sys.modules.pop(name, None)
            real = importlib.import_module(name)
        return getattr(real, attribute)


def defer(names: tuple[str, ...] = DEFERRED) -> list[str]:
    """Register each not-yet-imported module in ``names`` as a stand-in; returns those registered.

    A module already imported (or not installed) is left as it is: deferring is an optimisation,
    never a change of behaviour.
    """
    registered = []
    for name in names:
        if name in sys.modules:
            continue
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        if spec is None or spec.loader is None:
            continue
        stand_in = _Deferred(name)
        stand_in.__spec__ = spec
        stand_in.__loader__ = spec.loader
        stand_in.__file__ = spec.origin
        if spec.submodule_search_locations is not None:
            stand_in.__path__ = list(spec.submodule_search_locations)
        sys.modules[name] = stand_in
        registered.append(name)
    return registered
