"""Layers one way: no module imports a layer above its own, and none reads another layer's files.

The layers, lowest first (what the code is, checked here, not what it was meant to be):

0. ``disclosure``: the canonical model (tables, amounts, vocabulary, the report's types, reference
   names).
1. ``connectors.readers``, ``connectors.storage``: documents → model; bytes in and out of a store.
2. ``neighbours``: which stored disclosures relate (names, identity, rosters, the index); the rules
   that compare them are handed a neighbourhood, the re-check is handed ``validate``.
3. ``expectations`` (the rules, GX) and ``connectors.publish`` (stored reports, the review site):
   side by side, neither imports the other: the site shows a report and the GX pages of a
   validation already done, it never runs the rules.
4. ``connectors.events``: upload notifications, the ledger and its reconciliation with the stored
   reports (``connectors.publish.reports``).
5. ``flows``: orchestration and the CLI.

A module may import its own layer-group and any lower layer, including imports made inside a
function (they are read from the syntax tree, not from what happens to be imported).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("disclosure", "connectors", "neighbours", "expectations", "flows")
#: layer-group → rank (groups of one rank may not import each other).
RANK = {
    "disclosure": 0,
    "connectors.readers": 1,
    "connectors.storage": 1,
    "neighbours": 2,
    "expectations": 3,
    "connectors.publish": 3,
    "connectors.events": 4,
    "flows": 5,
}


def group_of(module: str) -> str:
    parts = module.split(".")
    if parts[0] == "connectors":
        return ".".join(parts[:2]) if len(parts) > 1 else "connectors"
    return parts[0]


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def imports(module: str, path: Path) -> set[str]:
    """Every module ``module`` imports (absolute names), anywhere in its body."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            out.add(name)
            out.update(f"{name}.{a.name}" for a in node.names)  # ``from x import submodule``
    return {m for m in out if m.split(".")[0] in PACKAGES}


def upward_imports(known: dict[str, Path]) -> list[str]:
    bad = []
    for module, path in sorted(known.items()):
        own = group_of(module)
        # ``from x import y``: y is a module or a name in x; either way x's layer is what counts
        targets = {name if name in known else name.rsplit(".", 1)[0] for name in imports(module, path)}
        for name in sorted(t for t in targets if t in known):
            other = group_of(name)
            if other == own or "connectors" in (own, other):
                continue
            if RANK[other] >= RANK[own]:
                bad.append(f"{module} ({own}, layer {RANK[own]}) imports {name} ({other}, layer {RANK[other]})")
    return bad


def test_every_module_is_in_a_layer():
    assert {group_of(m) for m in modules()} - {"connectors"} <= set(RANK)


def test_no_module_imports_a_higher_layer_or_a_neighbour_of_its_rank():
    bad = upward_imports(modules())
    assert not bad, "\n".join(bad)


def test_the_checker_finds_an_upward_import(tmp_path):
    """Guard the test itself: a module of the model importing the rules is reported."""
    fake = tmp_path / "disclosure"
    fake.mkdir()
    (fake / "__init__.py").write_text("")
    (fake / "bad.py").write_text("def f():\n    from expectations.runner import validate\n")
    assert "expectations.runner" in imports("disclosure.bad", fake / "bad.py")
    known = {"disclosure.bad": fake / "bad.py", "expectations.runner": ROOT / "expectations" / "runner.py"}
    assert upward_imports(known) == ["disclosure.bad (disclosure, layer 0) imports expectations.runner "
                                "(expectations, layer 3)"]


#: A path into another package's folder built from ``__file__`` (``parent.parent / "expectations"``).
_PATH_INTO = re.compile(r'parent\b[^\n]*/\s*"(' + "|".join(PACKAGES) + r')"')


def test_no_module_reads_another_layers_files_by_path():
    """Data is read through its own layer's modules (reference names through ``disclosure/``)."""
    bad = [f"{m}: {hit.group(0)}" for m, p in modules().items()
           for hit in _PATH_INTO.finditer(p.read_text(encoding="utf-8"))
           if group_of(hit.group(1)) != group_of(m)]
    assert not bad, bad
