"""What writing an upload's findings (Parquet) and its checklist (XLSX) adds to checking it (issue 18).

For each real document: the time to read and check it (the service's work per upload, without
storage) against the time to make its findings rows + Parquet bytes, and its filled checklist + XLSX
bytes.  Medians over ``--runs``.  Target: the Parquet rows add ≤ 5 % to an upload's time.

    .venv/bin/python bench/bench_findings.py --runs 3
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from connectors.publish.checklist import findings, judge, workbook
    from connectors.readers import read_path
    from expectations.runner import validate

    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()
    files = args.files or sorted(str(p) for p in (ROOT / "tests" / "corpus" / "real").glob("shanghai-*.pdf"))
    validate(read_path(files[0]))  # warm GX and the imports
    findings.to_parquet(findings.rows_of({"status": "passed", "results": []}))
    print(f"{'document':58} {'check ms':>9} {'parquet ms':>10} {'%':>6} {'xlsx ms':>8} {'%':>6}")
    shares, xshares = [], []
    for f in files:
        check, parquet, xlsx = [], [], []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            doc = read_path(f)
            report = validate(doc)
            t1 = time.perf_counter()
            findings.to_parquet(findings.rows_of(report, doc, f))
            t2 = time.perf_counter()
            workbook.to_bytes(judge.fill(report, doc))
            t3 = time.perf_counter()
            check.append(t1 - t0)
            parquet.append(t2 - t1)
            xlsx.append(t3 - t2)
        c, p, x = (statistics.median(v) * 1000 for v in (check, parquet, xlsx))
        shares.append(p / c * 100)
        xshares.append(x / c * 100)
        print(f"{Path(f).name[:58]:58} {c:9.0f} {p:10.1f} {p / c * 100:6.2f} {x:8.1f} {x / c * 100:6.2f}")
    print(f"median: parquet {statistics.median(shares):.2f} % (max {max(shares):.2f} %), "
          f"checklist {statistics.median(xshares):.2f} % (max {max(xshares):.2f} %)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
