"""Serve-mode throughput and latency: N uploads of corpus documents → reports.

    .venv/bin/python bench/bench_serve.py [--uploads 100] [--mode poll|sqs] [--rate 0] [--data-docs]

Runs ``budgetcheck serve`` as its own process, exactly as deployed (embedded Prefect, the
worker-process pool, the ledger), against a local folder (``--mode poll``) or moto's S3 + SQS
over HTTP (``--mode sqs``, set up by infra/setup_aws.py).  One warm-up upload is validated
first, so Prefect's server start (~10 s) and the workers' GX import are not counted.  Then the
N uploads are put (all at once, or ``--rate`` per second) and the bench waits for every report.

Figures: reports per second (first upload → last report), and upload → report latency p50/p95
(report object time − the moment the upload was stored).  Against the compute floor (issue 19):
before serving, the same documents are read and checked warm in this process (what a worker
does, ``flows.checking.check_bytes``), their median CPU time per document gives the floor,
``cores / median CPU`` reports per second, and the run's reports per second are printed as a
percentage of it; the CPU each kind of process used per report during the run (serve itself, its
workers, Prefect's embedded server) says where the rest goes.  The peak resident memory of serve and each of its worker processes is sampled
while it runs (``peak_rss_mb``).

    .venv/bin/python bench/bench_serve.py --overhead [--runs 5]

measures, in this process, what the reading limits and the ledger's reconciliation add: the
limit checks per document against reading and checking it (medians over the corpus), and one
reconciliation pass over 1,000 ledger rows against a folder holding their reports.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = Path(os.environ.get("BUDGETCHECK_CORPUS", str(ROOT / "tests" / "corpus" / "real")))


def corpus_documents() -> list[Path]:
    docs = sorted(p for p in CORPUS.glob("*.pdf") if not p.name.startswith("TEMPLATE"))
    docs += sorted((ROOT / "samples").glob("*.txt"))
    if not docs:
        docs = sorted((ROOT / "samples").glob("*.pdf")) + sorted((ROOT / "samples").glob("*.txt"))
    return docs


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


class Target:
    """Where the bench uploads and looks for reports."""

    def put(self, key: str, data: bytes) -> None: ...
    def report_time(self, key: str) -> float | None: ...


class LocalTarget(Target):
    def __init__(self, root: Path) -> None:
        from connectors.storage import LocalStorage

        self.store = LocalStorage(root)
        self.root = root

    def put(self, key, data):
        self.store.put(key, data)

    def report_time(self, key):
        from connectors.publish.reports import report_key

        p = self.root / report_key(key)
        return p.stat().st_mtime if p.exists() else None


class S3Target(Target):
    """Reports are found by listing results/ (one request per look, not one per upload: the moto
    server shares the CPU with the service); a report's time is when a listing first showed it."""

    def __init__(self, bucket: str, endpoint_url: str) -> None:
        from connectors.storage.s3 import S3Storage

        self.store = S3Storage(bucket, endpoint_url=endpoint_url)
        self.seen: dict[str, float] = {}
        self._listed_at = 0.0

    def put(self, key, data):
        self.store.put(key, data)

    def report_time(self, key):
        from connectors.publish.reports import report_key

        rkey = report_key(key)
        if rkey not in self.seen and time.time() - self._listed_at > 0.2:
            self._listed_at = now = time.time()
            for info in self.store.list("results/"):
                self.seen.setdefault(info.key, now)
        return self.seen.get(rkey)


def compute_floor(docs: list[Path], runs: int = 3) -> dict:
    """Warm CPU per document, read and checked in this process as a worker does; the floor."""
    import statistics

    from flows.checking import check_bytes, warm_up

    warm_up()
    per_doc = []
    for path in docs:
        data = path.read_bytes()
        check_bytes(data, path.name)  # this document's first run (caches, lazy imports) not counted
        times = []
        for _ in range(runs):
            t = time.process_time()
            check_bytes(data, path.name)
            times.append(time.process_time() - t)
        per_doc.append(statistics.median(times))
    median = statistics.median(per_doc)
    cores = os.cpu_count() or 1
    return {"cpu_per_document_ms_median": round(median * 1000, 1),
            "cpu_per_document_ms_mean": round(statistics.mean(per_doc) * 1000, 1),
            "floor_reports_per_second": round(cores / median, 2)}


class MemorySampler:
    """Peak resident memory of a process and its descendants (each worker), sampled."""

    def __init__(self, pid: int) -> None:
        import psutil

        self.root = psutil.Process(pid)
        self.peak: dict[int, int] = {}

    def sample(self) -> None:
        import psutil

        try:
            procs = [self.root, *self.root.children(recursive=True)]
        except psutil.Error:
            return
        for p in procs:
            try:
                rss = p.memory_info().rss
            except psutil.Error:
                continue
            self.peak[p.pid] = max(self.peak.get(p.pid, 0), rss)

    def cpu(self) -> dict[str, float]:
        """CPU seconds used so far, by role: serve itself, its worker processes, Prefect's
        embedded server (uvicorn), anything else (the reaper)."""
        import psutil

        out = {"serve": 0.0, "workers": 0.0, "prefect_server": 0.0, "other": 0.0}
        try:
            procs = [self.root, *self.root.children(recursive=True)]
        except psutil.Error:
            return out
        for p in procs:
            try:
                t = p.cpu_times()
                line = " ".join(p.cmdline())
            except psutil.Error:
                continue
            role = ("serve" if p.pid == self.root.pid else "workers" if "multiprocessing" in line
                    else "prefect_server" if "uvicorn" in line else "other")
            out[role] += t.user + t.system
        return out

    def figures(self) -> dict:
        main = self.peak.get(self.root.pid, 0)
        workers = [v for pid, v in self.peak.items() if pid != self.root.pid]
        return {"peak_rss_mb_serve": round(main / 2**20), "peak_rss_mb_worker_max": round(max(workers, default=0) / 2**20),
                "processes_sampled": len(self.peak)}


def overhead(runs: int) -> dict:
    """Limit checks vs the whole check, per document; one reconciliation pass over 1,000 rows."""
    import statistics

    from connectors.events.ledger import Ledger
    from connectors.events.reconcile import reconcile
    from connectors.publish.reports import report_key
    from connectors.readers import limits
    from connectors.readers.sniff import sniff
    from connectors.storage import LocalStorage
    from flows.checking import check_bytes, warm_up

    warm_up()
    rows = []
    for path in corpus_documents():
        data = path.read_bytes()
        fmt = sniff(data)
        lim = limits.current()
        t_limits, t_check = [], []
        for _ in range(runs):
            t = time.perf_counter()
            limits.check_document(data, fmt, lim)
            t_limits.append(time.perf_counter() - t)
            t = time.perf_counter()
            check_bytes(data, path.name)
            t_check.append(time.perf_counter() - t)
        rows.append((path.name, statistics.median(t_limits) * 1000, statistics.median(t_check) * 1000))
    work = Path(tempfile.mkdtemp(prefix="bench-reconcile-"))
    try:
        store = LocalStorage(work / "bucket")
        ledger = Ledger(work / "ledger.sqlite")
        for i in range(1000):
            key = f"incoming/{i // 100:02d}/{i:04d}.pdf"
            info = store.put(report_key(key), b"{}")
            ledger.record(key, f"etag-{i}", "passed", info.etag)
        passes = []
        for _ in range(runs):
            t = time.perf_counter()
            result = reconcile(ledger, store)
            passes.append(time.perf_counter() - t)
        assert result.checked == 1000 and not result.stale
    finally:
        shutil.rmtree(work, ignore_errors=True)
    share = [lim_ms / check_ms for _, lim_ms, check_ms in rows]
    out = {
        "documents": len(rows),
        "limit_checks_ms_median": round(statistics.median(r[1] for r in rows), 2),
        "check_ms_median": round(statistics.median(r[2] for r in rows), 1),
        "limit_share_of_check_median": round(statistics.median(share), 4),
        "limit_share_of_check_max": round(max(share), 4),
        "reconcile_1000_rows_seconds_median": round(statistics.median(passes), 3),
        "per_document": [{"name": n, "limits_ms": round(a, 2), "check_ms": round(b, 1)} for n, a, b in rows],
    }
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--overhead", action="store_true", help="limit checks and reconciliation, in this process")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--uploads", type=int, default=100)
    ap.add_argument("--mode", choices=["poll", "sqs"], default="poll")
    ap.add_argument("--rate", type=float, default=0.0, help="uploads per second (0: all at once)")
    ap.add_argument("--data-docs", action="store_true", help="also build GX Data Docs per validation")
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--keep", action="store_true", help="keep the work folder (service log, bucket)")
    ap.add_argument("--json", default=None, help="also write the figures here")
    ap.add_argument("--no-floor", action="store_true", help="skip measuring the compute floor first")
    args = ap.parse_args()
    if args.overhead:
        figures = overhead(args.runs)
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return 0

    work = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    env = dict(os.environ, PREFECT_HOME=str(work / "prefect"), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_LOGGING_LEVEL="WARNING", BUDGETCHECK_STATE_DIR=str(work / "state"))
    env.pop("PREFECT_API_URL", None)
    env["BUDGETCHECK_DATA_DOCS"] = "1" if args.data_docs else "0"
    if args.workers is not None:
        env["BUDGETCHECK_WORKERS"] = str(args.workers)
    moto = None
    if args.mode == "poll":
        bucket_dir = work / "bucket"
        (bucket_dir / "incoming").mkdir(parents=True)
        target: Target = LocalTarget(bucket_dir)
        cmd = ["serve", "--source", str(bucket_dir / "incoming"), "--interval", "0.2"]
    else:
        from moto.server import ThreadedMotoServer

        for k, v in {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
                     "AWS_DEFAULT_REGION": "us-east-1"}.items():
            os.environ[k] = env[k] = v
        moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        moto.start()
        host, port = moto.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        spec = importlib.util.spec_from_file_location("setup_aws", ROOT / "infra" / "setup_aws.py")
        setup_aws = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(setup_aws)
        info = setup_aws.setup("bench-bucket", "bench-queue", endpoint_url=endpoint)
        target = S3Target("bench-bucket", endpoint)
        cmd = ["serve", "--source", "s3://bench-bucket/incoming/", "--endpoint-url", endpoint,
               "--queue-url", info["queue_url"]]

    docs = corpus_documents()
    payloads = [(p.suffix, p.read_bytes()) for p in docs]
    floor = compute_floor(docs) if not args.no_floor else {}
    log = open(work / "serve.log", "w")
    t_start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "flows.cli", *cmd], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    memory = MemorySampler(proc.pid)
    try:
        # warm-up: Prefect's embedded server start, worker processes, GX import
        warm_key = f"incoming/warmup/warm{payloads[0][0]}"
        target.put(warm_key, payloads[0][1])
        while target.report_time(warm_key) is None:
            if proc.poll() is not None:
                raise SystemExit(f"serve exited: see {work / 'serve.log'}")
            time.sleep(0.1)
        warm = time.monotonic() - t_start

        uploaded: dict[str, float] = {}
        done: dict[str, float] = {}

        last_sample = [0.0]

        def look() -> None:  # note reports as they appear, also while uploads are still going on
            if time.monotonic() - last_sample[0] > 0.5:
                memory.sample()
                last_sample[0] = time.monotonic()
            for key in list(uploaded.keys() - done.keys()):
                t = target.report_time(key)
                if t is not None:
                    done[key] = t

        cpu_before = memory.cpu()
        t0 = time.time()
        for i in range(args.uploads):
            suffix, data = payloads[i % len(payloads)]
            key = f"incoming/bench/{i:04d}{suffix}"
            target.put(key, data)
            uploaded[key] = time.time()
            if args.rate:
                while time.time() < t0 + (i + 1) / args.rate:
                    look()
                    time.sleep(0.05)
        deadline = time.time() + 60 + 10 * args.uploads
        while len(done) < len(uploaded) and time.time() < deadline:
            look()
            time.sleep(0.05)
        t_last = max(done.values()) if done else time.time()
        cpu_after = memory.cpu()
    finally:
        # Ctrl-C, as an operator would stop it: the service finishes cleanly and stops Prefect's
        # embedded server (SIGTERM in the middle of a flow run can orphan that server)
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.terminate()
            proc.wait(timeout=30)
        log.close()
        if moto:
            moto.stop()

    latencies = [done[k] - uploaded[k] for k in done]
    log_text = (work / "serve.log").read_text(errors="replace")
    errors = [ln for ln in log_text.splitlines() if "ERROR" in ln or "database is locked" in ln]
    figures = {
        "mode": args.mode,
        "uploads": args.uploads,
        "reports": len(done),
        "documents": [p.name for p in docs],
        "data_docs": args.data_docs,
        "rate": args.rate or "burst",
        "warm_up_seconds": round(warm, 1),
        "seconds": round(t_last - t0, 2),
        "reports_per_second": round(len(done) / max(t_last - t0, 1e-9), 2),
        "latency_p50": round(percentile(latencies, 0.5), 2) if latencies else None,
        "latency_p95": round(percentile(latencies, 0.95), 2) if latencies else None,
        **floor,
        "percent_of_floor": round(100 * len(done) / max(t_last - t0, 1e-9) / floor["floor_reports_per_second"], 1)
        if floor else None,
        **memory.figures(),
        # where the machine went during the run: CPU ms per report, by process role
        "cpu_ms_per_report": {role: round(1000 * (cpu_after[role] - cpu_before[role]) / max(len(done), 1))
                              for role in cpu_after},
        "cores": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "service_log_errors": len(errors),
    }
    for ln in errors[:5]:
        print("service log:", ln[:300], file=sys.stderr)
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=2))
    if len(done) == len(uploaded) and not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"missing reports; service log: {work / 'serve.log'}", file=sys.stderr)
    return 0 if len(done) == len(uploaded) else 1


if __name__ == "__main__":
    raise SystemExit(main())
