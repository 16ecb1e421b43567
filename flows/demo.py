"""``budgetcheck demo``: the whole service on the embedded default, with the bundled samples.

A local folder is the bucket (``<workdir>/bucket``), Prefect runs its embedded server with its
state under ``<workdir>/prefect`` (nothing in ``~/.prefect`` is touched, no network needed), the
samples are uploaded into ``incoming/``, the service runs until they are done (``--once``), and
a summary table and the path of the review site are printed.  Running it again re-uses the
ledger: nothing is validated twice and the same table is printed.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from pathlib import Path

from disclosure.report import Status
from disclosure.vocabulary import INCOMING

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
# where each bundled sample goes under incoming/ (a bureau would sort uploads by region/year)
_UPLOAD_FOLDERS = {".txt": "hebei/2022", ".pdf": "shanghai"}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def format_table(rows: list[list[str]]) -> str:
    """A plain-text table that lines up with Chinese text (wide characters count double)."""
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _prepare_environment(workdir: Path) -> None:
    """Must run before Prefect is imported: its settings are read from the environment then."""
    (workdir / "prefect").mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_HOME", str(workdir / "prefect"))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    # the first run creates Prefect's database: on a busy machine that takes longer than the 20 s
    # Prefect waits for its embedded server by default (seen: the demo timing out beside other work)
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.environ.setdefault("BUDGETCHECK_STATE_DIR", str(workdir / "state"))
    os.environ.setdefault("BUDGETCHECK_DATA_DOCS", "1")  # four documents: show GX Data Docs too


def upload_samples(storage, samples: Path = SAMPLES) -> list[str]:
    """Put every bundled sample into ``incoming/`` (atomically, as an upload would land)."""
    keys = []
    for path in sorted(samples.iterdir()):
        folder = _UPLOAD_FOLDERS.get(path.suffix.lower())
        if folder is None:
            continue
        key = f"incoming/{folder}/{path.name}"
        if storage.head(key) is None or storage.head(key).size != path.stat().st_size:
            storage.put(key, path.read_bytes())
        keys.append(key)
    return keys


def summary_rows(storage, keys: list[str]) -> tuple[list[list[str]], list[str]]:
    """The printed table (header first: department, status in Chinese, errors, warnings, file) and
    the uploads that have no report yet."""
    from connectors.publish.reports import read_report

    rows = [["部门", "状态", "错误", "警告", "文件"]]
    missing = []
    for key in keys:
        report = read_report(storage, key)
        if report is None:
            missing.append(key)
            rows.append(["—", "未完成", "—", "—", key])
            continue
        rows.append([report.department_name or "—", Status.label_of(report.status),
                     str(report.summary.failed_errors), str(report.summary.failed_warnings),
                     key.removeprefix(INCOMING)])
    return rows, missing


def demo(workdir: str = "var/demo") -> int:
    root = Path(workdir).resolve()
    _prepare_environment(root)
    import asyncio
    import logging

    from connectors.storage import LocalStorage
    from flows.reaper import start_reaper
    from flows.service import Service
    from flows.validate import get_checker

    start_reaper()  # the workers and Prefect's server end with this process, even on kill -9
    logging.getLogger("budgetcheck").setLevel(logging.WARNING)
    bucket = root / "bucket"
    storage = LocalStorage(bucket)
    keys = upload_samples(storage)
    print(f"已上传 {len(keys)} 个示例文件到 {bucket / 'incoming'}", flush=True)
    print("正在审核（首次运行需启动 Prefect 内置服务器，约 10–20 秒）…", flush=True)
    service = Service(str(bucket / "incoming"), mode="poll")
    try:
        asyncio.run(service.run(once=True))
    finally:
        service.close()
        get_checker().close()

    rows, missing = summary_rows(storage, keys)
    print()
    print(format_table(rows))
    print()
    print(f"审核报告：{bucket / 'results'}")
    site = bucket / "docs" / "index.html"
    print(f"审核网站：{site if site.is_file() else '（未生成：审核网站模块不可用）'}")
    if missing:
        print(f"未完成：{', '.join(missing)}（再次运行 budgetcheck demo 会继续处理）", file=sys.stderr)
        return 1
    return 0
