"""The ``budgetcheck`` command line (contract: shared/spec/contract.md).

Thin: parse arguments, call connectors and expectations, map outcomes to exit codes
(extract: 0 read, 2 unreadable; validate: 0 passed, 1 failed, 2 unreadable, 3 partial: read in part,
no error found in what was read).
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import sys
import tempfile
from pathlib import Path

from connectors.storage.filenames import is_utf8, not_utf8_sentence, printable
from disclosure.errors import UnreadableDocument
from disclosure.model import dumps_exact
from disclosure.report import Report, Status

EXIT_OK, EXIT_FAILED, EXIT_UNREADABLE, EXIT_PARTIAL = 0, 1, 2, 3
_EXIT_OF_STATUS = {Status.PASSED: EXIT_OK, Status.FAILED: EXIT_FAILED, Status.PARTIAL: EXIT_PARTIAL}


class OutputError(Exception):
    """``--json OUT`` could not be written: the caller gets a sentence and exit 2, not a traceback."""


def _write_reports(reports: Report | list[Report], out: str | None) -> None:
    """The CLI's edge: the report (or list of reports) as the contract's JSON."""
    data = [r.to_dict() for r in reports] if isinstance(reports, list) else reports.to_dict()
    _write(dumps_exact(data), out)


def _write(text: str, out: str | None) -> None:
    # names of undecodable bytes are made printable before they go into JSON; anything left
    # (an error message quoting a path) is replaced, never a crash writing the result
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    if out:
        try:
            Path(out).parent.mkdir(parents=True, exist_ok=True)
            Path(out).write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            raise OutputError(f"无法写出结果：{exc.strerror or exc}（{printable(out)}）") from exc
    else:
        sys.stdout.write(text + "\n")


def _load(source: str, endpoint_url: str | None):
    """The document at ``source``, recorded under a printable name (a local file name of GBK
    bytes, issue 17 item 5, is read under its real name and named with its bytes escaped, with a
    warning saying what to rename it to)."""
    doc = _fetch_and_read(source, endpoint_url)
    if not is_utf8(source):
        doc.warnings.append(not_utf8_sentence(source))
    return doc


def _fetch_and_read(real: str, endpoint_url: str | None):
    from connectors.readers import limits, read_document
    from connectors.storage import NotARegularFile, ObjectTooLarge, fetch_uri
    from connectors.storage.errors import StorageError

    source = printable(real)
    max_bytes = limits.current().max_bytes
    try:
        data = fetch_uri(real, endpoint_url=endpoint_url, max_bytes=max_bytes)
    except ObjectTooLarge as exc:
        raise limits.too_large(exc.info.size, max_bytes) from exc
    except NotARegularFile as exc:
        raise UnreadableDocument(f"{source} 是{exc.kind}，不是普通文件，请指定一个公开文件。", reason="missing") from exc
    except FileNotFoundError as exc:
        raise UnreadableDocument(f"找不到文件：{source}，请检查路径。", reason="missing") from exc
    except IsADirectoryError as exc:
        raise UnreadableDocument(f"{source} 是文件夹，不是文件，请指定一个公开文件。", reason="missing") from exc
    except StorageError as exc:  # credentials, bucket, permissions, network: the store said no
        raise UnreadableDocument(f"无法从存储读取 {source}：{exc}。请检查地址、存储桶、访问凭证和权限后重试。",
                                 reason="storage") from exc
    except OSError as exc:
        raise UnreadableDocument(f"无法读取 {source}：{exc.strerror or exc}。", reason="storage") from exc
    return read_document(data, source)


def cmd_extract(args: argparse.Namespace) -> int:
    from connectors.readers import limits

    try:
        try:
            with limits.time_limit(limits.current().max_seconds):
                doc = _load(args.source, args.endpoint_url)
        except limits.OutOfTime:
            raise limits.too_slow_error() from None
    except UnreadableDocument as exc:
        _write(json.dumps({"source": printable(args.source), "error": exc.message, "reason": exc.reason},
                          ensure_ascii=False, indent=2), args.json)
        return EXIT_UNREADABLE
    _write(doc.to_json(), args.json)
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    if len(args.source) > 1:
        return _validate_several(args)
    from connectors.readers import limits
    from expectations.runner import validate

    source = args.source[0]
    with tempfile.TemporaryDirectory(prefix="bc-gx-") as gx_tmp:
        gx_dir = Path(gx_tmp) if args.docs else None
        try:
            with limits.time_limit(limits.current().max_seconds):  # reading and checking, as in the service
                doc = _load(source, args.endpoint_url)
                # One validation: with --docs it also leaves this run's GX Data Docs in gx_dir.
                report = validate(doc, data_docs_dir=gx_dir)
        except UnreadableDocument as exc:
            report = Report.unreadable(printable(source), exc.message)
            doc = None
        except limits.OutOfTime:
            report = Report.unreadable(printable(source), limits.too_slow_error().message)
            doc = None
        _write_reports(report, args.json)
        if args.docs:
            from connectors.publish.site import build_document_site

            page = build_document_site(Path(args.docs), doc, report, gx_docs_dir=gx_dir if doc else None)
            sys.stderr.write(f"审核页面：{page}\n")
    return _EXIT_OF_STATUS.get(report.status, EXIT_UNREADABLE)


#: Several reports, one exit code: the worst of them (unreadable, failed, partial, passed).
_WORST_FIRST = (EXIT_UNREADABLE, EXIT_FAILED, EXIT_PARTIAL, EXIT_OK)


def _source_key(source: str) -> str:
    """A local file by its absolute path (the review site names its page by it), a URI as given;
    printable (a name of undecodable bytes escaped)."""
    if "://" in source and not source.startswith("file://"):
        return printable(source)
    return printable(str(Path(source.removeprefix("file://")).resolve()))


def _validate_several(args: argparse.Namespace) -> int:
    """``validate A B …``: each file checked with the others as its neighbours (last year's, its
    units, its other file …); a JSON list of reports in the order given."""
    from connectors.readers import limits
    from expectations.runner import validate
    from neighbours.together import neighbourhoods

    read: list[tuple[str, object]] = []
    reports: dict[str, Report] = {}
    for source in args.source:
        key = _source_key(source)
        try:
            with limits.time_limit(limits.current().max_seconds):
                doc = _load(source, args.endpoint_url)
        except UnreadableDocument as exc:
            reports[key] = Report.unreadable(printable(source), exc.message)
        except limits.OutOfTime:
            reports[key] = Report.unreadable(printable(source), limits.too_slow_error().message)
        else:
            read.append((key, doc))
    docs = {}
    with tempfile.TemporaryDirectory(prefix="bc-gx-") as gx_tmp:
        for i, checked in enumerate(neighbourhoods(read)):
            gx_dir = Path(gx_tmp) / str(i) if args.docs else None
            try:
                with limits.time_limit(limits.current().max_seconds):
                    reports[checked.source] = validate(checked.doc, hood=checked.hood, data_docs_dir=gx_dir)
            except limits.OutOfTime:
                reports[checked.source] = Report.unreadable(checked.source, limits.too_slow_error().message)
                continue
            docs[checked.source] = (checked.doc, gx_dir)
        ordered = [reports[_source_key(s)] for s in args.source]
        _write_reports(ordered, args.json)
        if args.docs:
            from connectors.publish.site import build_document_site

            for source in args.source:
                key = _source_key(source)
                doc, gx_dir = docs.get(key, (None, None))
                page = build_document_site(Path(args.docs), doc, reports[key], gx_docs_dir=gx_dir)
                sys.stderr.write(f"审核页面：{page}\n")
    codes = {_EXIT_OF_STATUS.get(r.status, EXIT_UNREADABLE) for r in ordered}
    return next(code for code in _WORST_FIRST if code in codes)


def cmd_serve(args: argparse.Namespace) -> int:
    from flows.service import serve

    return serve(source=args.source, endpoint_url=args.endpoint_url, once=args.once, mode=args.mode,
                 queue_url=args.queue_url, interval=args.interval)


def cmd_backfill(args: argparse.Namespace) -> int:
    from connectors.events.ledger import LedgerUnwritable
    from flows.backfill import backfill

    try:
        return backfill(args.uri, endpoint_url=args.endpoint_url, dask_address=args.dask_address,
                        workers=args.workers)
    except LedgerUnwritable as exc:  # the reports are written; the ledger of them is not
        sys.stderr.write(exc.message + "\n")
        return 1


def cmd_demo(args: argparse.Namespace) -> int:
    from flows.demo import demo

    return demo(workdir=args.workdir)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="budgetcheck", description="部门预算/决算公开文件自动审核")
    sub = p.add_subparsers(dest="command", required=True)

    e = sub.add_parser("extract", help="read one disclosure into canonical tables (JSON)")
    e.add_argument("source")
    e.add_argument("--json", metavar="OUT")
    e.add_argument("--endpoint-url", default=None)
    e.set_defaults(func=cmd_extract)

    v = sub.add_parser("validate", help="read and check one disclosure (or several, together: each against "
                                        "the others as its neighbours); write the report (a list for several)")
    v.add_argument("source", nargs="+")
    v.add_argument("--json", metavar="OUT")
    v.add_argument("--docs", metavar="DIR", help="also build the review site into DIR")
    v.add_argument("--endpoint-url", default=None)
    v.set_defaults(func=cmd_validate)

    s = sub.add_parser("serve", help="validate every new or replaced upload under --source")
    s.add_argument("--source", required=True, help="watched prefix: s3://bucket/incoming/ or a local folder")
    s.add_argument("--endpoint-url", default=None)
    s.add_argument("--once", action="store_true", help="process what is there now, then exit")
    s.add_argument("--mode", choices=["auto", "poll", "sqs"], default="auto")
    s.add_argument("--queue-url", default=None, help="SQS queue receiving the bucket's notifications")
    s.add_argument("--interval", type=float, default=5.0, help="polling interval in seconds")
    s.set_defaults(func=cmd_serve)

    b = sub.add_parser("backfill", help="validate every disclosure under a prefix in parallel")
    b.add_argument("uri")
    b.add_argument("--endpoint-url", default=None)
    b.add_argument("--dask-address", default=None, help="a Dask scheduler for a province-wide run")
    b.add_argument("--workers", type=int, default=2)
    b.set_defaults(func=cmd_backfill)

    d = sub.add_parser("demo", help="run the service on a local folder with the bundled samples")
    d.add_argument("--workdir", default="var/demo")
    d.set_defaults(func=cmd_demo)

    from flows.season import register  # issue 18: summary, query, checklist

    register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, as the contract wants
        return int(exc.code or 0)
    try:
        return int(args.func(args) or 0)
    except OutputError as exc:
        sys.stderr.write(json.dumps({"error": str(exc), "reason": "output"}, ensure_ascii=False) + "\n")
        return EXIT_UNREADABLE


#: One-shot commands: once their output is written and flushed, the process leaves without
#: destroying its objects one by one (GX, pandas and pydantic leave ~0.3 s of teardown on a cold
#: ``validate`` of the sample, measured by timing the same run ended by ``os._exit``).
QUICK_EXIT = frozenset({"extract", "validate", "checklist", "summary", "query"})


def run() -> None:
    """The ``budgetcheck`` console script: :func:`main`, then a quick exit for one-shot commands.

    The exit handlers still run (logging's flush, multiprocessing's clean-up) and stdout/stderr
    are flushed; only the interpreter's teardown is skipped.  ``main`` itself never exits, so
    tests and callers in-process are unaffected.
    """
    code = main()
    if len(sys.argv) > 1 and sys.argv[1] in QUICK_EXIT:
        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):  # a closed pipe: nothing more can be said on it
                pass
        os._exit(code)
    raise SystemExit(code)


if __name__ == "__main__":
    run()
