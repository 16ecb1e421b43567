"""Corpus scan: every document under the folders given, read and checked as a new user would.

Usage::

    .venv/bin/python bench/scan_corpus.py [FOLDER ...] [--jobs 2] [--out var/scan/scan.json]
                                          [--ledger bench/ledger.yaml] [--all]

Defaults to the shared development corpora (``../shared/corpus/cities``, ``jiangsu``, ``real``)
when they are beside the repository, else to the repository's own ``tests/corpus`` copies.

Per document: status, error findings per rule, partial / unread tables, figures placed / printed
on the table pages (``Disclosure.coverage``), time.  Every error finding is looked up in the
ledger of judged real slips (``bench/ledger.yaml``): the scan prints only the ones that are not
there (``--all`` prints them all), and a summary line per corpus:

    cities: 91 docs · errors 12 (ledger 12, new 0) · failed 7 partial 3 unreadable 0 passed 81 ·
    figures placed 99.6 % (min 98.1 % jiangsu-…) · 0.41 s/doc

This is a development instrument, not a test: findings are judged by reading the page, and a
slip judged real is written into the ledger with its evidence.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared" / "corpus"
_SUFFIXES = (".pdf", ".xlsx", ".xls", ".json", ".txt")
LEDGER = ROOT / "bench" / "ledger.yaml"


def default_folders() -> list[Path]:
    if SHARED.is_dir():
        return [SHARED / "cities", SHARED / "jiangsu", SHARED / "real"]
    return [ROOT / "tests" / "corpus" / "jiangsu", ROOT / "tests" / "corpus" / "real"]


def documents(folder: Path) -> list[Path]:
    """Uploadable documents under ``folder`` (recursively), not provenance notes or check sheets."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in _SUFFIXES
                  and ".source" not in p.name and "review-checklist" not in p.name
                  and p.name not in ("README.md", "skipped.tsv"))


def _plain(v: Any) -> Any:
    from decimal import Decimal

    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_plain(x) for x in v]
    return v


def scan_one(path: str) -> dict[str, Any]:
    """Read and validate one document in this worker; a summary of what a reviewer would get."""
    from connectors.readers import read_document
    from disclosure.errors import UnreadableDocument
    from expectations.runner import validate

    t0 = time.perf_counter()
    out: dict[str, Any] = {"path": path, "name": Path(path).name}
    try:
        doc = read_document(Path(path).read_bytes(), path)
    except UnreadableDocument as exc:
        out.update(status="unreadable", error=exc.message, seconds=time.perf_counter() - t0, findings=[])
        return out
    t_read = time.perf_counter() - t0
    report = validate(doc)
    report = report.to_dict() if hasattr(report, "to_dict") else report
    out["seconds"] = time.perf_counter() - t0
    out["read_seconds"] = t_read
    out["status"] = report["status"]
    out["pages"] = doc.pages
    out["part"] = doc.part
    findings = []
    for res in report["results"]:
        for kind in ("failures", "unconfirmed"):
            for f in res.get(kind) or []:
                findings.append({"rule": res["rule"], "severity": res["severity"], "kind": kind,
                                 **{k: _plain(f.get(k)) for k in ("table", "row", "code", "column", "expected",
                                                                   "actual", "page", "message", "quote")}})
    out["findings"] = findings
    # the worker's peak resident memory so far (it only grows): its maximum over a scan bounds the
    # peak of every document (issue 19: ≤ 400 MB per worker)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    out["unread"] = _plain(report.get("unread") or [])
    out["warnings"] = len(report.get("warnings") or [])
    out["coverage"] = _plain(getattr(doc, "coverage", None) or [])
    out["tables"] = {k: len(t.rows) for k, t in doc.tables.items()}
    return out


# ---------------------------------------------------------------------------------------------
# the ledger of judged findings


def load_ledger(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return list(data.get("slips") or [])


def finding_key(name: str, f: dict[str, Any]) -> tuple:
    """A finding as the ledger names it: file, rule, table, code (or row), column, and the page for a
    finding that has one (the 说明's: several sentences of one file may share the other fields)."""
    return (name, f["rule"], f.get("table"), str(f.get("code") or f.get("row") or ""), f.get("column"),
            f.get("page") if f.get("table") == "narrative" or f.get("quote") else None)


def ledger_keys(entries: list[dict[str, Any]]) -> set[tuple]:
    keys = set()
    for e in entries:
        base = (e["file"], e["rule"], e.get("table"), str(e.get("code") or e.get("row") or ""), e.get("column"))
        keys.add((*base, None))
        if e.get("page") is not None:
            keys.add((*base, int(e["page"])))
    return keys


# ---------------------------------------------------------------------------------------------


def _placed(doc: dict[str, Any]) -> tuple[int, int]:
    placed = printed = 0
    for page in doc.get("coverage") or []:
        placed += int(page.get("placed", 0))
        printed += int(page.get("printed", 0))
    return placed, printed


def summarise(label: str, results: list[dict[str, Any]], keys: set[tuple], show_all: bool) -> str:
    statuses = Counter(r["status"] for r in results)
    errors = [(r, f) for r in results for f in r["findings"] if f["severity"] == "error" and f["kind"] == "failures"]
    in_ledger = [x for x in errors if finding_key(x[0]["name"], x[1]) in keys]
    new = [x for x in errors if finding_key(x[0]["name"], x[1]) not in keys]
    for r, f in (errors if show_all else new):
        mark = "ledger" if (r, f) in in_ledger else "NEW"
        print(f"  [{mark}] {r['name']} p{f.get('page') or ''} {f['rule']} {f.get('table')} "
              f"{f.get('code') or f.get('row')} {f.get('column')}: {f.get('message')}")
    per_doc = Counter(r["name"] for r, _ in errors)
    placed = [(r["name"], _placed(r)) for r in results]
    tot_placed = sum(p for _, (p, _n) in placed)
    tot_printed = sum(n for _, (_p, n) in placed)
    ratios = sorted(((p / n if n else 1.0), name) for name, (p, n) in placed if n)
    worst = f" (min {100 * ratios[0][0]:.1f} % {ratios[0][1][:40]})" if ratios else ""
    pct = f"{100 * tot_placed / tot_printed:.1f} %" if tot_printed else "n/a"
    secs = [r["seconds"] for r in results if "seconds" in r]
    rss = max((r.get("peak_rss_mb") or 0 for r in results), default=0)
    by_rule = Counter(f["rule"] for _, f in new)
    line = (f"{label}: {len(results)} docs · errors {len(errors)} (ledger {len(in_ledger)}, new {len(new)}) · "
            f"failed {statuses['failed']} partial {statuses['partial']} unreadable {statuses['unreadable']} "
            f"passed {statuses['passed']} · median errors/doc {statistics.median([per_doc[r['name']] for r in results]) if results else 0} · "
            f"figures placed {pct}{worst} · {statistics.median(secs) if secs else 0:.2f} s/doc · "
            f"worker peak RSS {rss} MB")
    if by_rule:
        line += "\n    new errors by rule: " + ", ".join(f"{k} {v}" for k, v in by_rule.most_common())
    return line


def _finding_line(f: dict[str, Any]) -> str:
    return f"{f['kind'][:5]} {f['severity'][:4]} {f['rule']} {f.get('table')} {f.get('code') or f.get('row')}: {f.get('message')}"


def compare(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> None:
    """What changed per document between two scans: status, findings (all kinds), unread tables."""
    old = {r["path"]: r for r in before}
    for r in after:
        o = old.get(r["path"])
        if o is None:
            continue
        a = Counter(_finding_line(f) for f in r["findings"])
        b = Counter(_finding_line(f) for f in o["findings"])
        ua = {(u["table"], tuple(u["problems"])) for u in r.get("unread") or []}
        ub = {(u["table"], tuple(u["problems"])) for u in o.get("unread") or []}
        if a == b and ua == ub and r["status"] == o["status"]:
            continue
        print(f"~ {r['name']}: {o['status']} → {r['status']}")
        for line in sorted((b - a).elements()):
            print(f"    - {line}")
        for line in sorted((a - b).elements()):
            print(f"    + {line}")
        for t, p in sorted(ub - ua):
            print(f"    - unread {t}: {'; '.join(p)}")
        for t, p in sorted(ua - ub):
            print(f"    + unread {t}: {'; '.join(p)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", type=Path)
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--out", type=Path, default=ROOT / "var" / "scan" / "scan.json")
    ap.add_argument("--ledger", type=Path, default=LEDGER)
    ap.add_argument("--all", action="store_true", help="print every error finding, ledger ones too")
    ap.add_argument("--match", default="", help="only documents whose name contains this")
    ap.add_argument("--compare", type=Path, help="an earlier scan's JSON: print what changed per document")
    args = ap.parse_args(argv)
    folders = args.folders or default_folders()
    keys = ledger_keys(load_ledger(args.ledger))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    groups = {f: [p for p in documents(f) if args.match in p.name] for f in folders}
    paths = [str(p) for ps in groups.values() for p in ps]
    t0 = time.perf_counter()
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = dict(zip(paths, pool.map(scan_one, paths, chunksize=1), strict=True))
    wall = time.perf_counter() - t0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(list(results.values()), ensure_ascii=False, indent=1), encoding="utf-8")
    for folder, ps in groups.items():
        if not ps:
            continue
        print(summarise(folder.name, [results[str(p)] for p in ps], keys, args.all))
    print(f"({len(paths)} documents in {wall:.0f} s; details in {args.out})")
    if args.compare:
        compare(json.loads(args.compare.read_text(encoding="utf-8")), list(results.values()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
