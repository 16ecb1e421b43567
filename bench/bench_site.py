"""Publish time of one more disclosure on a review site that already holds N: the cost must be flat.

Usage: ``.venv/bin/python bench/bench_site.py [--sizes 10 100 1000] [--runs 15] [--s3] [--gx]``

For each N the site is filled by really publishing N disclosures (the sample's tables with
varied names and statuses), then ``publish_disclosure`` of one more is timed ``--runs`` times (a
new upload each time) and the median is reported, with the storage calls one publish made.
Backends: the local folder (default) or moto's S3 server over HTTP (``--s3``).  ``--gx`` adds this
validation's GX Data Docs (built once by the rules engine) to every publish.
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from connectors.publish.site import publish_disclosure  # noqa: E402
from tests.test_site_support import changed_sample, sample_disclosure, sample_report  # noqa: E402


class Counting:
    """Counts storage calls by kind (get, put, head, list, delete)."""

    def __init__(self, inner) -> None:
        self.inner, self.url, self.calls = inner, inner.url, {}
        self.bytes_read = self.bytes_written = 0

    def __getattr__(self, name):
        fn = getattr(self.inner, name)

        def wrapped(*a, **kw):
            self.calls[name] = self.calls.get(name, 0) + 1
            out = fn(*a, **kw)
            if name == "get":
                self.bytes_read += len(out[0])
            elif name == "put":
                self.bytes_written += len(a[1])
            return out
        return wrapped


def _inputs(i: int):
    if i % 3 == 0:
        doc, report = changed_sample()
    else:
        doc, report = sample_disclosure(), sample_report()
    doc = copy.deepcopy(doc)
    doc.department.name = f"{doc.department.name}{i}"
    report = replace(report, department={**report.department, "name": doc.department.name})
    return doc, report


def _publish(storage, i: int, gx: Path | None) -> None:
    key = f"incoming/2022/dept-{i:06d}.txt"
    doc, report = _inputs(i)
    publish_disclosure(storage, key, doc, report, f"s3://bench/{key}", gx_docs_dir=gx)


def _gx_docs(tmp: Path) -> Path | None:
    try:
        from connectors.readers import read_document
        from expectations.runner import validate
    except ImportError:
        return None
    from tests.documents import SAMPLE as sample
    out = tmp / "gx"
    validate(read_document(sample.read_bytes(), sample.name), data_docs_dir=out)
    return out if (out / "index.html").is_file() else None


def _storage(kind: str, root: Path, server):
    if kind == "s3":
        from connectors.storage.s3 import S3Storage, make_client

        bucket = f"bench-{root.name.lower().replace('_', '-')}"[:60]
        make_client("s3", server).create_bucket(Bucket=bucket)
        return S3Storage(bucket, endpoint_url=server)
    from connectors.storage.local import LocalStorage

    return LocalStorage(root)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--s3", action="store_true", help="publish to moto's S3 server over HTTP")
    ap.add_argument("--gx", action="store_true", help="include GX Data Docs in each publish")
    args = ap.parse_args(argv)

    server = None
    if args.s3:
        import logging
        import os

        from moto.server import ThreadedMotoServer

        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request otherwise

        for var, value in {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
                           "AWS_DEFAULT_REGION": "us-east-1"}.items():
            os.environ.setdefault(var, value)
        moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        moto.start()
        host, port = moto.get_host_and_port()
        server = f"http://{host}:{port}"
    backend = "moto S3 over HTTP" if args.s3 else "local folder"
    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmpdir:
        tmp = Path(tmpdir)
        gx = _gx_docs(tmp) if args.gx else None
        if args.gx and gx is None:
            print("GX Data Docs unavailable (rules engine without data_docs_dir): timing without them")
        print(f"backend: {backend}; GX Data Docs per publish: {'yes' if gx else 'no'}; runs: {args.runs}")
        print(f"{'published':>10} {'fill s':>8} {'median ms':>10} {'min ms':>8} {'max ms':>8} {'KB read':>8}"
              f" {'KB written':>10}  calls per publish")
        sites, fills = {}, {}
        for n in args.sizes:
            storage = _storage("s3" if args.s3 else "local", tmp / f"site-{n}", server)
            t0 = time.perf_counter()
            for i in range(n):
                _publish(storage, i, None)
            fills[n] = time.perf_counter() - t0
            _publish(storage, n + args.runs, gx)  # warm-up, untimed: first-call caches (templates, GX files)
            sites[n] = storage
        # interleaved: run r publishes into every site in turn, so that load from other processes on
        # this shared machine falls on all sizes alike instead of on whichever size ran at that moment
        times: dict[int, list[float]] = {n: [] for n in args.sizes}
        calls: dict[int, dict[str, int]] = {}
        io: dict[int, tuple[int, int]] = {}
        for r in range(args.runs):
            for n in args.sizes:
                counting = Counting(sites[n])
                t = time.perf_counter()
                _publish(counting, n + r, gx)
                times[n].append((time.perf_counter() - t) * 1000)
                calls[n] = counting.calls
                io[n] = (counting.bytes_read, counting.bytes_written)
        for n in args.sizes:
            ts = times[n]
            print(f"{n:>10} {fills[n]:>8.1f} {statistics.median(ts):>10.1f} {min(ts):>8.1f} {max(ts):>8.1f}"
                  f" {io[n][0] / 1024:>8.1f} {io[n][1] / 1024:>10.1f}  {dict(sorted(calls[n].items()))}")
    if args.s3:
        moto.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
