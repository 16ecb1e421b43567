"""What the cross-document step adds to one upload, as the store grows: medians and the ratio.

Usage: ``.venv/bin/python bench/bench_neighbours.py [--sizes 100 1000 10000] [--runs 7] [--s3]``

A store is generated with N disclosures (filler bodies over eight years, both kinds and levels,
with the real Shanghai 商务委 部门/单位 pair and 万里街道 2023–2025 among them), then the time of the
cross-document step for one upload is measured: filing it in the index (its tables kept), finding
its neighbours (one prefix listed per relation), loading them, deriving the cross-document checks,
running the neighbour suite, and re-checking the stored disclosures that use it.  The upload's own
validation is not included: it is the same with or without neighbours (``bench_validate.py``).

Target (issue 12): ≤ 50 ms per upload at 10,000 stored disclosures, and no growth with the store
beyond the neighbours found (the ratio of the largest to the smallest store stays near 1).
With ``--s3`` the store is a bucket on moto's server over HTTP on 127.0.0.1 (network round trips
included), otherwise a local folder.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from connectors.readers import read_path  # noqa: E402
from connectors.storage import LocalStorage  # noqa: E402
from disclosure.model import Department, Disclosure  # noqa: E402
from expectations.runner import apply_neighbours, validate  # noqa: E402
from neighbours.index import StoredIndex  # noqa: E402
from neighbours.upkeep import check_upload  # noqa: E402
from tests import documents  # noqa: E402

_REAL = ["shanghai-putuo_shangwuwei_2025_yusuan-dept.pdf", *(f"shanghai-putuo_wanli-jiedao_{y}_yusuan-dept.pdf"
                                                              for y in (2023, 2024))]
_PROBES = ["shanghai-putuo_shangwuwei_2025_yusuan-unit.pdf", "shanghai-putuo_wanli-jiedao_2025_yusuan-dept.pdf"]
_DISTRICTS = ["黄浦", "徐汇", "长宁", "静安", "普陀", "虹口", "杨浦", "闵行", "宝山", "嘉定"]


def _filler(i: int) -> Disclosure:
    district = _DISTRICTS[i % len(_DISTRICTS)]
    dep = Department(name=f"上海市{district}区第{i // 80}号机构{i % 7}局", year=2019 + i % 8,
                     kind="预算" if i % 3 else "决算", level="部门" if i % 2 else "单位", unit="元")
    return Disclosure(source=f"filler-{i}", department=dep, narrative="")


def _store(root: Path, n: int, s3: tuple | None, stored_reports: dict[str, dict]) -> StoredIndex:
    if s3 is None:
        storage = LocalStorage(root)
    else:
        from connectors.storage.s3 import S3Storage

        endpoint, bucket = s3
        storage = S3Storage(bucket, endpoint_url=endpoint)
    index = StoredIndex(storage)
    for i in range(max(0, n - len(_REAL))):
        index.record(f"incoming/filler/{i}.pdf", _filler(i), stored=float(i), report=None, version="v")
    for j, name in enumerate(_REAL):
        d = read_path(documents.real(name))
        index.record(f"incoming/{name}", d, stored=float(n + j), report=f"results/{name}.json", version="v")
        stored_reports[f"incoming/{name}"] = validate(d)  # re-checked when a probe arrives
    return index


def _moto(bucket: str) -> tuple[str, object]:
    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="x",
                 aws_secret_access_key="x").create_bucket(Bucket=bucket)
    return endpoint, server


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--s3", action="store_true", help="a bucket on moto's server instead of a local folder")
    args = ap.parse_args(argv)
    probes = [(name, read_path(documents.real(name))) for name in _PROBES]
    own = {name: validate(d) for name, d in probes}  # the upload's own report: not part of the step
    medians: dict[int, float] = {}
    server = None
    if args.s3:
        import os

        os.environ.setdefault("AWS_ACCESS_KEY_ID", "x")
        os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "x")
        os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            s3 = None
            if args.s3:
                endpoint, server = _moto(f"bench-{n}")
                s3 = (endpoint, f"bench-{n}")
            t0 = time.perf_counter()
            stored_reports: dict = {}
            index = _store(Path(tmp), n, s3, stored_reports)
            built = time.perf_counter() - t0
            times = []
            for run in range(args.runs + 1):
                for name, d in probes:
                    t = time.perf_counter()
                    report, _ = check_upload(index, f"incoming/{name}", d, own[name], stored=1e9 + run,
                                             report_key=f"results/{name}.json", version="v", validate=validate,
                                             apply_neighbours=apply_neighbours, read_report=stored_reports.get)
                    if run:  # the first round warms GX and the caches
                        times.append(time.perf_counter() - t)
                    if not (report.neighbours["uses"] or report.neighbours["used_by"]):
                        raise SystemExit(f"{name}: its neighbours were not found in a store of {n}")
            medians[n] = statistics.median(times)
            print(f"{n:>6} stored  store built in {built:6.1f} s  cross-document step per upload: "
                  f"median {medians[n] * 1000:6.1f} ms  (min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}, "
                  f"{len(times)} uploads)")
            if server is not None:
                server.stop()
    small, large = min(medians), max(medians)
    print(f"ratio {large} / {small} stored: {medians[large] / medians[small]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
