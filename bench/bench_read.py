"""Read time of the PDF reader over the real corpus: median of several runs, per document and per page.

Usage: ``.venv/bin/python bench/bench_read.py [--runs 5] [CORPUS_DIR]``

Target (issue 2): a 30-page PDF read in ≤ 1 s on the project's 2-core machine.  The time covers the
whole :func:`connectors.readers.read_document` call (sniffing, characters, tables, department).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from connectors.readers import read_document  # noqa: E402


def _default_corpus() -> Path:
    beside = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
    return beside if beside.is_dir() else Path("/work/shared/corpus/real")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=_default_corpus())
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    pdfs = sorted(args.corpus.glob("*.pdf"))
    if not pdfs:
        print(f"no PDF in {args.corpus}", file=sys.stderr)
        return 2
    print(f"{'document':62s} {'pages':>5s} {'median s':>9s} {'ms/page':>8s} {'tables':>6s}")
    per_page: list[float] = []
    worst = 0.0
    for path in pdfs:
        data = path.read_bytes()
        times = []
        doc = None
        for _ in range(args.runs):
            t0 = time.perf_counter()
            doc = read_document(data, str(path))
            times.append(time.perf_counter() - t0)
        med = statistics.median(times)
        pages = doc.pages or 1
        per_page.append(med / pages)
        worst = max(worst, med / pages * 30)
        print(f"{path.name[:62]:62s} {pages:5d} {med:9.3f} {1000 * med / pages:8.2f} {len(doc.tables):6d}")
    print(f"\nmedian per page over {len(pdfs)} documents: {1000 * statistics.median(per_page):.2f} ms "
          f"(a 30-page document at the slowest document's rate: {worst:.2f} s; target ≤ 1 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
