"""Validate timings per disclosure: warm GX validation vs the same arithmetic without GX, and cold CLI.

    .venv/bin/python bench/bench_validate.py [--runs 7] [--cold 1] [FILES…]

For each disclosure (default: the Hebei sample and every real document in tests/corpus: Shanghai, Jiangsu):
- derive   : the rule catalogue's derive functions → the checks frame (pure Python, exact integers);
- pandas   : derive + the comparison done in plain pandas/numpy (``evaluate_checks`` called directly)
             — the same arithmetic with no GX involved: the baseline;
- gx       : the GX part alone (batch + six family suites) on the already derived frame;
- validate : ``expectations.runner.validate`` warm (GX imported and its context built once, before);
- ratio    : validate / pandas (target ≤ 5);
- docs     : ``validate(doc, data_docs_dir=…)`` warm: the GX checkpoint plus this document's Data Docs;
- cold     : a fresh ``budgetcheck validate FILE --json /dev/null`` process (read + import + validate).
- narr %   : what checking the 说明 adds (issue 11: at most 20%, median over documents): validate with
             every rule, the 说明 read from scratch each time (as a new upload is), against validate
             without deriving the narrative rules (``cross.narrative.*``, ``code.narrative_name``: their
             expectations still run, on no checks); the two are timed alternately, in CPU time of this
             process (``time.process_time``), so that other work on a shared machine counts in neither.
Times are medians of ``--runs`` runs, in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import documents  # noqa: E402

DEFAULT = [documents.SAMPLE] + sorted(
    p for corpus in (documents.REAL, documents.JIANGSU) for p in corpus.iterdir()
    if p.suffix in (".pdf", ".json") and not p.name.startswith("TEMPLATE_")
)


def median_ms(fn, runs: int, clock=time.perf_counter) -> float:
    times = []
    for _ in range(runs):
        t = clock()
        fn()
        times.append((clock() - t) * 1000)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--cold", type=int, default=1, help="cold CLI runs per file (0 to skip)")
    args = ap.parse_args()

    t0 = time.perf_counter()
    from connectors.readers import read_path
    from expectations.catalogue import RULES
    from expectations.custom import evaluate_checks
    from expectations.derive.narrative import forget_cached
    from expectations.frames import checks_frame
    from expectations.gx_context import get_gx
    from expectations.report import build_report
    from expectations.runner import derive_checks, run_suites, validate

    narrative = {r.id for r in RULES if ".narrative" in r.id}
    plain_rules = tuple(r for r in RULES if r.id not in narrative)

    def validate_plain(doc):
        checks = derive_checks(doc, plain_rules)
        return build_report(doc, plain_rules, checks, run_suites(checks_frame(checks)))

    def validate_new_upload(doc):
        forget_cached()
        return validate(doc)

    get_gx()
    print(f"import + GX context once per process: {(time.perf_counter() - t0) * 1000:.0f} ms")
    header = f"{'document':58s} {'checks':>6s} {'derive':>7s} {'pandas':>7s} {'gx':>7s} {'validate':>8s} " \
             f"{'ratio':>5s} {'docs':>6s} {'cold':>7s} {'narr %':>6s} status"
    print(header)
    ratios, narr = [], []
    for path in args.files or DEFAULT:
        doc = read_path(str(path))
        validate(doc)  # warm this document's code paths
        checks = derive_checks(doc)
        frame = checks_frame(checks)
        derive = median_ms(lambda d=doc: checks_frame(derive_checks(d)), args.runs)
        pandas = median_ms(lambda d=doc: evaluate_checks(checks_frame(derive_checks(d))), args.runs)
        gx = median_ms(lambda f=frame: run_suites(f), args.runs)
        warm = median_ms(lambda d=doc: validate(d), args.runs)
        with tempfile.TemporaryDirectory() as tmp:
            docs = median_ms(lambda d=doc: validate(d, data_docs_dir=Path(tmp) / "gx"), max(1, args.runs // 2))
        plain_t, full_t = [], []
        for _ in range(args.runs):  # alternately, so both see the same load
            plain_t.append(median_ms(lambda d=doc: validate_plain(d), 1, time.process_time))
            full_t.append(median_ms(lambda d=doc: validate_new_upload(d), 1, time.process_time))
        added = (statistics.median(full_t) / statistics.median(plain_t) - 1) * 100
        narr.append(added)
        status = str(validate(doc).status)
        cold = ""
        if args.cold:
            times = []
            for _ in range(args.cold):
                t = time.perf_counter()
                subprocess.run([str(ROOT / ".venv/bin/budgetcheck"), "validate", str(path), "--json", "/dev/null"],
                               capture_output=True, cwd=ROOT, check=False)
                times.append((time.perf_counter() - t) * 1000)
            cold = f"{statistics.median(times):7.0f}"
        ratios.append(warm / pandas)
        print(f"{path.name[:58]:58s} {len(checks):6d} {derive:7.1f} {pandas:7.1f} {gx:7.1f} {warm:8.1f} "
              f"{warm / pandas:5.1f} {docs:6.0f} {cold:>7s} {added:6.1f} {status}")
    print(f"median ratio validate/pandas: {statistics.median(ratios):.1f} (max {max(ratios):.1f})")
    print(f"narrative checking adds (median over documents): {statistics.median(narr):.1f}% "
          f"(max {max(narr):.1f}%; target ≤ 20%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
