"""Read time of every reader over the real corpus: median of several runs, per document and per page.

Usage: ``.venv/bin/python bench/bench_read.py [--runs 5] [CORPUS_DIR ...] [--sample TEXT]``

Covers what a submitter can upload: the real PDFs of the repository's test corpus (Shanghai,
TEMPLATE_ and MODIFIED_ included, and Jiangsu with its rotated A3 pages), the XLSX / XLS templates, the Shanghai page-text JSON, and the Hebei extracted-text sample.  Each time covers
the whole :func:`connectors.readers.read_document` call (sniffing, parsing, tables, department), so
it is what the service pays per upload.  Per-page figures are given where the document has pages
(PDF, page JSON); a workbook or a plain text has none.

Targets: a 30-page PDF read in ≤ 1 s (issue 2); ≤ 10 ms per page, rotated and continued tables
included (issue 9).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from connectors.readers import read_document  # noqa: E402
from tests import documents  # noqa: E402

_SUFFIXES = (".pdf", ".xlsx", ".xls", ".json", ".txt")


def _documents(corpora: list[Path], sample: Path | None) -> list[Path]:
    """Uploadable documents of the corpora (not the ``.source.txt`` provenance notes, not the review checklists)."""
    docs = [p for corpus in corpora for p in sorted(corpus.iterdir()) if p.suffix in _SUFFIXES
            and ".source" not in p.name and "review-checklist" not in p.name and p.name != "README.md"]
    if sample is not None and sample.is_file():
        docs.append(sample)
    return docs


def _time(data: bytes, name: str, runs: int) -> tuple[float, object]:
    read_document(data, name)  # warm-up: imports and caches are a per-process cost, not per upload
    times, doc = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        doc = read_document(data, name)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), doc


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="*", type=Path, default=[documents.REAL, documents.JIANGSU])
    ap.add_argument("--sample", type=Path, default=documents.SAMPLE,
                    help="the Hebei extracted-text sample")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per document (the median is shown)")
    args = ap.parse_args(argv)
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    docs = _documents(args.corpus, args.sample)
    if not docs:
        print(f"no document in {args.corpus}", file=sys.stderr)
        return 2
    print(f"median of {args.runs} runs per document (after one warm-up run)\n")
    print(f"{'document':58s} {'fmt':>5s} {'pages':>5s} {'tables':>6s} {'median ms':>9s} {'ms/page':>8s}")
    per_page: dict[str, list[float]] = {}
    worst_pdf = 0.0
    for path in docs:
        data = path.read_bytes()
        try:
            med, doc = _time(data, str(path), args.runs)
        except Exception as exc:  # an unreadable file is a result too, not a crash of the benchmark
            print(f"{path.name[:58]:58s} {'?':>5s} {'':>5s} {'':>6s} {'unreadable':>9s}  {exc}")
            continue
        fmt = doc.format or "?"
        pages = doc.pages or None  # None for a workbook or a plain text: they have no pages
        page_ms = f"{1000 * med / pages:8.2f}" if pages else f"{'—':>8s}"
        if pages:
            per_page.setdefault(fmt, []).append(med / pages)
        if fmt == "pdf" and pages:
            worst_pdf = max(worst_pdf, med / pages * 30)
        print(f"{path.name[:58]:58s} {fmt[:5]:>5s} {pages or '—':>5} {len(doc.tables):6d} {1000 * med:9.1f} {page_ms}")
    print()
    for fmt, values in per_page.items():
        print(f"{fmt}: median {1000 * statistics.median(values):.2f} ms per page over {len(values)} documents")
    if worst_pdf:
        print(f"a 30-page PDF at the slowest PDF's per-page rate: {worst_pdf:.2f} s (target ≤ 1 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
