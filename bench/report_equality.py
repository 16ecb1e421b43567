"""Reports before and after a refactoring, compared byte for byte (modulo timestamps).

Why: a change of the code's structure (a typed report, one status enum, the site given the GX
pages instead of running the rules again) must not change a single byte of the contract's JSON
nor of the review pages.  This script writes every report of a fixed document set with one
checkout of the code, so a later checkout's reports can be compared with them::

    # before the change, from a copy of the old commit (``git archive OLD | tar -x -C /tmp/old``):
    .venv/bin/python bench/report_equality.py generate /tmp/before --code /tmp/old
    # after it:
    .venv/bin/python bench/report_equality.py generate /tmp/after
    .venv/bin/python bench/report_equality.py compare /tmp/before /tmp/after

The document set: every document of ``tests/corpus/real``, ``tests/corpus/jiangsu`` and the
sample (``samples/quyang-hrss-2022-budget.txt``).  Each is validated alone
(``budgetcheck validate X --json``), and each corpus folder once more as one group
(``validate A B … --json --docs``: every document with the others as its neighbours, and the
review site).  The documents are copied to one fixed folder (``--docs-root``) and run from there
with relative paths and the code on ``PYTHONPATH``, and the site is built there before it is moved
into ``OUT``: so ``source``, page names and links are the same whichever checkout made them.  Compared: every JSON file and the review site's HTML pages and
index data; timestamps (``validated_at``, ISO times) are blanked first.  GX Data Docs are left
out: GX writes its own run times and ids into them.
"""

from __future__ import annotations

import argparse
import difflib
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ("tests/corpus/real", "tests/corpus/jiangsu")
SAMPLE = "samples/quyang-hrss-2022-budget.txt"
_SKIP = ("README.md",)
#: Times as the reports and the site write them: ISO (``2025-01-02T03:04:05Z``, with or without
#: seconds) and GX's run ids in the links to its validation pages (``20250102T030405.123456Z``).
_TIME = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d)?(\.\d+)?(Z| UTC|[+-]\d\d:\d\d)?"
                   r"|\d{8}T\d{6}(\.\d+)?Z")
#: Site files compared (GX Data Docs are not: GX stamps its own run ids into them).
_SITE_SUFFIXES = (".html", ".json", ".js")


def documents(root: Path, folder: str) -> list[str]:
    """The uploadable documents of a corpus folder, relative to ``root``."""
    return sorted(str(p.relative_to(root)) for p in (root / folder).iterdir()
                  if p.is_file() and p.name not in _SKIP and ".source." not in p.name)


def _cli(code: Path, cwd: Path, args: list[str]) -> tuple[int, str]:
    """``budgetcheck ARGS`` run in ``cwd`` with the code of ``code`` (first on ``PYTHONPATH``)."""
    import os

    env = dict(os.environ, PYTHONPATH=str(code), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    proc = subprocess.run([sys.executable, "-m", "flows.cli", *args], cwd=cwd, capture_output=True,
                          text=True, env=env)
    return proc.returncode, proc.stderr


def _copy_documents(code: Path, root: Path) -> None:
    """The document set under ``root`` (same relative paths as in the repository)."""
    import shutil

    for folder in CORPORA:
        (root / folder).mkdir(parents=True, exist_ok=True)
        for doc in documents(code, folder):
            shutil.copyfile(code / doc, root / doc)
    (root / SAMPLE).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(code / SAMPLE, root / SAMPLE)


def generate(out: Path, code: Path, root: Path, jobs: int) -> None:
    """Every report of the document set (see the module docstring) into ``out``."""
    import shutil

    out.mkdir(parents=True, exist_ok=True)
    _copy_documents(code, root)
    singles = [d for folder in CORPORA for d in documents(root, folder)] + [SAMPLE]
    work: list[tuple[str, list[str]]] = []
    for doc in singles:
        target = out / "single" / (doc.replace("/", "__") + ".json")
        work.append((doc, ["validate", doc, "--json", str(target)]))
    for folder in CORPORA:
        name = folder.replace("/", "__")
        shutil.rmtree(root / "_site" / name, ignore_errors=True)
        work.append((folder, ["validate", *documents(root, folder), "--json", str(out / "group" / f"{name}.json"),
                              "--docs", f"_site/{name}"]))

    def run(item: tuple[str, list[str]]) -> str:
        label, args = item
        rc, err = _cli(code, root, args)
        (out / "rc").mkdir(exist_ok=True)
        (out / "rc" / (label.replace("/", "__") + ".txt")).write_text(f"{rc}\n", encoding="utf-8")
        return f"{rc} {label}" + (f"\n{err[-2000:]}" if rc not in (0, 1, 2, 3) else "")

    with ThreadPoolExecutor(jobs) as pool:
        for line in pool.map(run, work):
            print(line, flush=True)
    shutil.rmtree(out / "site", ignore_errors=True)
    shutil.copytree(root / "_site", out / "site")


def _normalised(path: Path) -> str:
    text = path.read_text(encoding="utf-8", errors="replace")
    return _TIME.sub("<time>", text)


def _files(base: Path) -> dict[str, Path]:
    found = {}
    for p in base.rglob("*"):
        rel = p.relative_to(base).as_posix()
        if not p.is_file() or "/gx/" in f"/{rel}" or rel.startswith("site/") and p.suffix not in _SITE_SUFFIXES:
            continue
        found[rel] = p
    return found


def compare(before: Path, after: Path, show: int = 40) -> int:
    """0 when every file is the same after blanking timestamps; else print the differences."""
    a, b = _files(before), _files(after)
    differ = 0
    for rel in sorted(set(a) | set(b)):
        if rel not in a or rel not in b:
            print(f"only in {'after' if rel in b else 'before'}: {rel}")
            differ += 1
            continue
        x, y = _normalised(a[rel]), _normalised(b[rel])
        if x != y:
            differ += 1
            print(f"differs: {rel}")
            diff = difflib.unified_diff(x.splitlines(), y.splitlines(), "before", "after", lineterm="", n=1)
            for i, line in enumerate(diff):
                if i >= show:
                    print("  …")
                    break
                print("  " + line[:300])
    print(f"{len(set(a) | set(b))} files compared, {differ} differ")
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("out", type=Path)
    g.add_argument("--code", type=Path, default=ROOT, help="the checkout whose code makes the reports")
    g.add_argument("--docs-root", type=Path, default=Path("/tmp/budgetcheck-equality-docs"),
                   help="the fixed folder the documents are copied to and run from")
    g.add_argument("--jobs", type=int, default=2)
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = p.parse_args(argv)
    if args.cmd == "generate":
        generate(args.out.resolve(), args.code.resolve(), args.docs_root.resolve(), args.jobs)
        return 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    raise SystemExit(main())
