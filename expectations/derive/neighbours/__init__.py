"""Cross-document rules: a disclosure against its neighbours (see :mod:`neighbours`).

Each derive function takes ``(doc, rule, hood)``: the disclosure, its rule, and the
:class:`neighbours.neighbourhood.Neighbourhood` found for it (None when it was checked alone, so
the rule makes no check).
"""
