"""What a report says about a disclosure's neighbours: which were found, which were not, and why."""

from __future__ import annotations

from typing import Any

from .neighbourhood import Neighbour, Neighbourhood


def _one(n: Neighbour) -> dict[str, Any]:
    return {"relation": n.relation.id, "label": n.relation.label, "name": n.entry.identity.label(),
            "source": n.entry.source, "report": n.entry.report}


def describe(hood: Neighbourhood) -> dict[str, Any]:
    """The report's ``neighbours`` section."""
    return {
        "uses": [_one(n) for n in hood.uses] + [_one(n) for _, n in hood.units if n is not None],
        "used_by": [_one(n) for n in hood.used_by],
        "units": [{"name": u.name, "source": n.entry.source if n else None} for u, n in hood.units],
        "notes": list(hood.notes),
    }
