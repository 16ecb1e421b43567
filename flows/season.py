"""``budgetcheck summary``, ``budgetcheck query`` and ``budgetcheck checklist`` (issue 18).

* ``summary SOURCE [--year Y] [--kind 预算|决算] [--xlsx OUT] [--html OUT] [--docs DIR]``: the season's
  summary.  SOURCE is a store the service writes to (a local folder or ``s3://bucket[/prefix]``
  holding ``results/``): its reports and checklists are read.  Otherwise SOURCE is a folder of
  disclosures: each is read and checked here (with ``--docs`` the review site is built too, with its
  summary page).
* ``query "SQL" [--source STORE]``: DuckDB over the store's ``findings/`` (the table ``findings``).
* ``checklist SOURCE [--xlsx OUT] [--url URL]``: one disclosure checked and its checklist written.

The checklist and summary modules (openpyxl) are imported by the commands, not here: ``register``
runs on every ``budgetcheck`` start, and a cold ``validate`` should not pay for them.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from disclosure.errors import UnreadableDocument
from disclosure.vocabulary import RESULTS

DOCUMENT_SUFFIXES = (".pdf", ".xlsx", ".xls", ".txt")
EXIT_OK, EXIT_USAGE = 0, 2


def _is_store(source: str) -> bool:
    if source.startswith("s3://"):
        return True
    return (Path(source.removeprefix("file://")) / RESULTS.rstrip("/")).is_dir()


def _open_store(source: str, endpoint_url: str | None):
    from flows.runtime import open_layout

    return open_layout(source if source.endswith("/") else source + "/", endpoint_url)


def _check(path: Path):
    """(report, doc) of one local document, as ``budgetcheck validate`` makes them."""
    from connectors.readers import limits, read_path
    from expectations.report import unreadable_report
    from expectations.runner import validate

    try:
        with limits.time_limit(limits.current().max_seconds):
            doc = read_path(str(path))
            return validate(doc), doc
    except UnreadableDocument as exc:
        return unreadable_report(str(path), exc.message), None
    except limits.OutOfTime:
        return unreadable_report(str(path), limits.too_slow_error().message), None


def _documents(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
                  and not p.name.startswith(".") and ".source" not in p.name and ".review-checklist" not in p.name)


def cmd_summary(args: argparse.Namespace) -> int:
    from connectors.publish.checklist import judge, summary

    entries: list[summary.Entry] = []
    for source in args.source:
        if _is_store(source):
            entries += summary.from_store(_open_store(source, args.endpoint_url), year=args.year, kind=args.kind)
            continue
        folder = Path(source)
        if not folder.is_dir():
            sys.stderr.write(f"找不到文件夹或存储：{source}\n")
            return EXIT_USAGE
        for path in _documents(folder):
            report, doc = _check(path)
            dep = report.get("department") or {}
            if doc is not None:
                dep = {**doc.department.to_dict(), **{k: v for k, v in dep.items() if v}}
            if args.year is not None and dep.get("year") != args.year or args.kind and dep.get("kind") != args.kind:
                continue
            entries.append(summary.entry_of(report, doc, link=str(path)))
            if args.docs:
                from connectors.publish.site import build_document_site

                build_document_site(Path(args.docs), doc, report)
            sys.stderr.write(f"{path.name}: {report['status']}\n")
    entries.sort(key=lambda e: (e.year or 0, e.kind, e.department, e.level))
    title = f"{args.year or ''}{'年度' if args.year else ''}部门{args.kind or '预算/决算'}公开情况汇总表（{len(entries)}份）"
    if args.xlsx:
        Path(args.xlsx).parent.mkdir(parents=True, exist_ok=True)
        Path(args.xlsx).write_bytes(summary.to_xlsx(entries, kind=args.kind, title=title))
    if args.html:
        Path(args.html).parent.mkdir(parents=True, exist_ok=True)
        Path(args.html).write_text(summary.to_html(entries, kind=args.kind, title=title), encoding="utf-8")
    cols = summary.columns(args.kind)
    for e in entries:
        no = [h for k, h in cols if e.verdicts.get(k) == judge.NO]
        sys.stdout.write(f"{e.department}\t{e.year or ''}\t{e.level}{e.kind}\t{summary.STATUS_ZH.get(e.status, e.status)}"
                         f"\t错误{e.errors}\t警告{e.warnings}\t否：{'、'.join(no) or '无'}\n")
    return EXIT_OK


def findings_folder(source: str, endpoint_url: str | None, into: Path) -> Path:
    """A local folder holding the store's ``findings/`` (a local store's own; an S3 store's copied)."""
    from connectors.publish.checklist.findings import FINDINGS

    local = Path(source.removeprefix("file://"))
    if not source.startswith("s3://"):
        return local / FINDINGS.rstrip("/")
    store = _open_store(source, endpoint_url)
    for info in store.list(FINDINGS):
        data, _ = store.get(info.key)
        target = into.joinpath(*info.key.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return into / FINDINGS.rstrip("/")


def cmd_query(args: argparse.Namespace) -> int:
    try:
        import duckdb
    except ImportError:
        sys.stderr.write("budgetcheck query 需要 duckdb：pip install duckdb\n")
        return EXIT_USAGE
    tmp = Path(tempfile.mkdtemp(prefix="bc-findings-"))
    try:
        folder = findings_folder(args.source, args.endpoint_url, tmp)
        files = list(folder.rglob("*.parquet")) if folder.is_dir() else []
        if not files:
            sys.stderr.write(f"{args.source} 下没有 findings/（尚无审核结果）\n")
            return EXIT_USAGE
        con = duckdb.connect()
        con.execute(f"CREATE VIEW findings AS SELECT * FROM read_parquet('{folder.as_posix()}/**/*.parquet', "
                    "hive_partitioning = true, union_by_name = true)")
        try:
            cursor = con.execute(args.sql)
        except duckdb.Error as exc:
            sys.stderr.write(f"查询有误：{exc}\n")
            return EXIT_USAGE
        if cursor.description:
            sys.stdout.write("\t".join(d[0] for d in cursor.description) + "\n")
            for r in cursor.fetchall():
                sys.stdout.write("\t".join("" if v is None else str(v) for v in r) + "\n")
        return EXIT_OK
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def cmd_checklist(args: argparse.Namespace) -> int:
    from connectors.publish.checklist import judge, workbook

    report, doc = _check(Path(args.source))
    checklist = judge.fill(report, doc, url=args.url)
    out = args.xlsx or f"{Path(args.source).name}.checklist.xlsx"
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_bytes(workbook.to_bytes(checklist))
    for v in checklist.rows:
        sys.stdout.write(f"{v.label}\t{v.verdict}\t{v.text.replace(chr(10), ' ')}\n")
    sys.stderr.write(f"检查表：{out}\n")
    return EXIT_OK


def register(sub) -> None:
    """Add the season's commands to ``budgetcheck``'s subcommands."""
    s = sub.add_parser("summary", help="the season's summary: one row per disclosure (status, the checklist's "
                                       "rows, errors, warnings) as XLSX / HTML")
    s.add_argument("source", nargs="+", help="a store holding results/ (folder or s3://bucket[/prefix]), "
                                             "or a folder of disclosures to check now")
    s.add_argument("--year", type=int, default=None)
    s.add_argument("--kind", choices=["预算", "决算"], default=None)
    s.add_argument("--xlsx", metavar="OUT")
    s.add_argument("--html", metavar="OUT")
    s.add_argument("--docs", metavar="DIR", help="(a folder of disclosures) also build the review site into DIR")
    s.add_argument("--endpoint-url", default=None)
    s.set_defaults(func=cmd_summary)
    q = sub.add_parser("query", help="SQL (DuckDB) over every finding of a store: the table `findings`")
    q.add_argument("sql")
    q.add_argument("--source", default=".", help="the store holding findings/ (folder or s3://bucket[/prefix])")
    q.add_argument("--endpoint-url", default=None)
    q.set_defaults(func=cmd_query)
    c = sub.add_parser("checklist", help="check one disclosure and fill the bureau's 公开情况检查表 (XLSX)")
    c.add_argument("source")
    c.add_argument("--xlsx", metavar="OUT")
    c.add_argument("--url", default=None, help="公开网址 to print on the form")
    c.set_defaults(func=cmd_checklist)
