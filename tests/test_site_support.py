"""Shared material for the review-site tests: a hand-built copy of the Hebei sample's tables with
its report, hostile text, a small local Storage, and a headless-Chromium runner.

The sample disclosure is written from the sample text itself (曲阳县人力资源和社会保障局, 2022,
万元, the 支出总表 as printed) so the pages are checked on realistic tables independently of the readers
and the rules engine; the browser tests also run those on the real sample.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from connectors.storage.base import ObjectInfo
from disclosure.model import Department, Disclosure, Table
from disclosure.report import Report
from disclosure.tables import TABLE_SPECS
from tests import documents

SAMPLE_TEXT = documents.SAMPLE
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

D = Decimal

# 支出总表 of the sample, as printed (序号, 编码, 名称, 合计, 基本支出, 项目支出), 万元.
EXPENDITURE_ROWS = [
    (1, None, "合计", "2606.28", "955.43", "1650.85"),
    (2, "205", "教育支出", "92.82", "72.82", "20.00"),
    (3, "20502", "普通教育", "20.00", None, "20.00"),
    (4, "2050201", "学前教育", "20.00", None, "20.00"),
    (5, "20503", "职业教育", "72.82", "72.82", None),
    (6, "2050303", "技校教育", "72.82", "72.82", None),
    (7, "206", "科学技术支出", "21.46", None, "21.46"),
    (8, "20699", "其他科学技术支出", "21.46", None, "21.46"),
    (9, "2069999", "其他科学技术支出", "21.46", None, "21.46"),
    (10, "208", "社会保障和就业支出", "2334.73", "802.76", "1531.97"),
    (11, "20801", "人力资源和社会保障管理事务", "824.44", "640.26", "184.18"),
    (12, "2080101", "行政运行", "107.65", "107.65", None),
    (13, "2080102", "一般行政管理事务", "70.01", None, "70.01"),
    (14, "2080105", "劳动保障监察", "88.90", "88.90", None),
    (15, "2080106", "就业管理事务", "158.78", "154.55", "4.23"),
    (16, "2080109", "社会保险经办机构", "399.11", "289.16", "109.95"),
    (17, "20805", "行政事业单位养老支出", "162.50", "162.50", None),
    (18, "2080501", "行政单位离退休", "32.09", "32.09", None),
    (19, "2080502", "事业单位离退休", "43.99", "43.99", None),
    (20, "2080505", "机关事业单位基本养老保险缴费支出", "74.36", "74.36", None),
    (21, "2080506", "机关事业单位职业年金缴费支出", "12.06", "12.06", None),
    (22, "20807", "就业补助", "1347.79", None, "1347.79"),
    (23, "2080711", "就业见习补贴", "150.00", None, "150.00"),
    (24, "2080799", "其他就业补助支出", "1197.79", None, "1197.79"),
    (25, "210", "卫生健康支出", "29.78", "29.78", None),
    (26, "21011", "行政事业单位医疗", "29.78", "29.78", None),
    (27, "2101101", "行政单位医疗", "3.97", "3.97", None),
    (28, "2101102", "事业单位医疗", "25.81", "25.81", None),
    (29, "213", "农林水支出", "77.42", None, "77.42"),
    (30, "21308", "普惠金融发展支出", "77.42", None, "77.42"),
    (31, "2130804", "创业担保贷款贴息", "77.42", None, "77.42"),
    (32, "221", "住房保障支出", "50.07", "50.07", None),
    (33, "22102", "住房改革支出", "50.07", "50.07", None),
    (34, "2210201", "住房公积金", "50.07", "50.07", None),
]


def _table(key: str, rows: list[dict], note: str | None = None, unit: str = "万元") -> Table:
    spec = TABLE_SPECS[key]
    return Table(key=key, title=spec.title, columns=list(spec.columns), rows=rows, unit=unit, note=note)


def sample_disclosure(source: str = "quyang-hrss-2022-budget.txt") -> Disclosure:
    """The sample's department, its 支出总表 as printed, and an empty 国有资本经营 table with its note."""
    exp_rows = [
        {"row": n, "code": code, "name": name, "total": D(t), "basic": D(b) if b else None,
         "project": D(p) if p else None}
        for n, code, name, t, b, p in EXPENDITURE_ROWS
    ]
    summary_rows = [
        {"row": 1, "income_item": "一、一般公共预算拨款收入", "income_amount": D("2591.22"),
         "expenditure_item": "一、一般公共服务支出", "expenditure_amount": None},
        {"row": 5, "income_item": "五、事业收入", "income_amount": None,
         "expenditure_item": "五、教育支出", "expenditure_amount": D("92.82")},
        {"row": 31, "income_item": "本年收入合计", "income_amount": D("2591.22"),
         "expenditure_item": "本年支出合计", "expenditure_amount": D("2606.28")},
    ]
    return Disclosure(
        source=source,
        department=Department(code="316", name="曲阳县人力资源和社会保障局", year=2022, unit="万元",
                              kind="预算", level="部门"),
        tables={
            "summary": _table("summary", summary_rows),
            "expenditure": _table("expenditure", exp_rows),
            "capital_expenditure": _table("capital_expenditure", [],
                                          note="注：本部门无国有资本经营预算财政拨款支出，空表列示。"),
        },
        narrative="一、部门职责\n负责全县人力资源和社会保障工作。",
        warnings=["支出总表第13行 70.01 的栏目由表内算术推定为项目支出。"],
        format="text",
        pages=40,
    )


def sample_report(source: str = "quyang-hrss-2022-budget.txt") -> Report:
    """The report the rules give the sample: passed, with its two rounding differences as notes."""
    return Report.from_dict(_sample_report(source))


def _sample_report(source: str) -> dict:
    """:func:`sample_report` as the stored JSON (built as data, changed by the cases below)."""
    return {
        "source": source,
        "department": {"code": "316", "name": "曲阳县人力资源和社会保障局", "year": 2022, "unit": "万元"},
        "status": "passed",
        "summary": {"rules": 3, "passed": 3, "failed_errors": 0, "failed_warnings": 0},
        "results": [
            {"rule": "rollup.function.expenditure", "title": "支出总表：类、款金额等于其下级科目之和",
             "severity": "error", "passed": True, "failures": [],
             "notes": [
                 {"table": "expenditure", "row": 11, "code": "20801", "column": "total",
                  "expected": D("824.45"), "actual": D("824.44"), "difference": D("-0.01"),
                  "message": "20801 人力资源和社会保障管理事务 合计 824.44 与下级合计 824.45 相差 0.01，在舍入容差内"},
                 {"table": "expenditure", "row": 11, "code": "20801", "column": "project",
                  "expected": D("184.19"), "actual": D("184.18"), "difference": D("-0.01"),
                  "message": "20801 人力资源和社会保障管理事务 项目支出 184.18 与下级合计 184.19 相差 0.01，在舍入容差内"},
             ]},
            {"rule": "row.expenditure.total", "title": "支出总表：合计等于基本支出与项目支出等之和",
             "severity": "error", "passed": True, "failures": []},
            {"rule": "complete.tables", "title": "九张预算公开表齐全", "severity": "error", "passed": True,
             "failures": []},
        ],
    }


def changed_sample() -> tuple[Disclosure, Report]:
    """The sample with 2080109 社会保险经办机构 合计 printed 399.71 instead of 399.11, and its report."""
    doc = sample_disclosure("quyang-hrss-2022-budget-changed.txt")
    row = doc.tables["expenditure"].rows[15]
    assert row["code"] == "2080109"
    row["total"] = D("399.71")
    report = _sample_report("quyang-hrss-2022-budget-changed.txt")
    report["status"] = "failed"
    report["summary"] = {"rules": 3, "passed": 1, "failed_errors": 2, "failed_warnings": 0}
    report["results"][0]["passed"] = False
    report["results"][0]["failures"] = [
        {"table": "expenditure", "row": 11, "code": "20801", "column": "total",
         "expected": D("825.05"), "actual": D("824.44"), "difference": D("-0.61"),
         "message": "20801 人力资源和社会保障管理事务 合计 824.44 ≠ 下级合计 825.05"}]
    report["results"][1]["passed"] = False
    report["results"][1]["failures"] = [
        {"table": "expenditure", "row": 16, "code": "2080109", "column": "total",
         "expected": D("399.11"), "actual": D("399.71"), "difference": D("0.60"),
         "message": "2080109 社会保险经办机构 合计 399.71 ≠ 基本支出 + 项目支出 399.11"}]
    return doc, Report.from_dict(report)


# Each payload, if it ever ran, would leave a trace the test looks for: a changed title, an
# element with id "pwned", or a console message.
HOSTILE = {
    "script": '<script>document.title="PWNED-SCRIPT";</script>',
    "img": "<img src=x onerror=\"document.title='PWNED-IMG';var d=document.createElement('div');"
           "d.id='pwned';document.body.appendChild(d)\">",
    "svg": "<svg/onload=\"console.log('PWNED-SVG')\">",
    "attr": "\" onmouseover=\"document.title='PWNED-ATTR'\" x=\"",
    "close": "</title></script></textarea><script>document.title='PWNED-CLOSE'</script>",
    "js_link": "javascript:document.title='PWNED-JS'",
}


def hostile_disclosure() -> tuple[Disclosure, Report]:
    """A disclosure whose every text field carries a payload, with a failing report that repeats them."""
    doc = sample_disclosure('x"><img src=x onerror=alert(1)>.pdf')
    doc.department.name = "曲阳县" + HOSTILE["script"] + HOSTILE["img"]
    doc.department.code = HOSTILE["attr"]
    exp = doc.tables["expenditure"]
    exp.title = "支出总表" + HOSTILE["close"]
    exp.column_titles = {"basic": "基本支出" + HOSTILE["svg"]}
    exp.rows[1]["name"] = "教育支出" + HOSTILE["img"]
    exp.rows[2]["name"] = HOSTILE["js_link"]
    exp.rows[3]["code"] = '2050201"><script>document.title="PWNED-CODE"</script>'
    doc.warnings.append(HOSTILE["script"])
    doc.narrative = HOSTILE["close"] + "<a href=\"javascript:document.title='PWNED-A'\">点我</a>"
    report = _sample_report(doc.source)
    report["department"] = {"code": doc.department.code, "name": doc.department.name, "year": 2022,
                            "unit": "万元"}
    report["status"] = "failed"
    report["summary"] = {"rules": 3, "passed": 2, "failed_errors": 1, "failed_warnings": 0}
    report["results"][1].update(passed=False, title="规则" + HOSTILE["img"], failures=[
        {"table": "expenditure", "row": 2, "code": "205", "column": "total",
         "expected": D("92.82"), "actual": D("92.83"), "difference": D("0.01"),
         "message": "教育支出" + HOSTILE["svg"] + HOSTILE["script"]},
        {"table": HOSTILE["img"], "row": HOSTILE["attr"], "code": HOSTILE["script"], "column": HOSTILE["attr"],
         "expected": HOSTILE["script"], "actual": "1", "difference": "x", "message": HOSTILE["close"]},
    ])
    return doc, Report.from_dict(report)


def unreadable_report(source: str = "incoming/2022/scan.pdf") -> Report:
    return Report.from_dict({"source": source, "department": {}, "status": "unreadable",
                             "summary": {"rules": 0, "passed": 0, "failed_errors": 0, "failed_warnings": 0},
                             "results": [], "error": "第3页起无文字层，可能是扫描件，请上传可复制文字的PDF。"})


def with_source(report: Report, source: str) -> Report:
    return report.with_source(source)


class FolderStorage:
    """A minimal Storage over a folder, for unit tests when the storage backend is not importable."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.url = self.root.as_uri()
        self.content_types: dict[str, str] = {}

    def get(self, key: str) -> tuple[bytes, ObjectInfo]:
        data = (self.root / key).read_bytes()
        return data, ObjectInfo(key=key, etag=str(hash(data)), size=len(data))

    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> ObjectInfo:
        p = self.root / key
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
        self.content_types[key] = content_type
        return ObjectInfo(key=key, etag=str(hash(data)), size=len(data))

    def head(self, key: str) -> ObjectInfo | None:
        p = self.root / key
        return ObjectInfo(key=key, etag="", size=p.stat().st_size) if p.is_file() else None

    def list(self, prefix: str) -> Iterator[ObjectInfo]:
        for p in sorted(self.root.rglob("*")):
            key = p.relative_to(self.root).as_posix()
            if p.is_file() and key.startswith(prefix):
                yield ObjectInfo(key=key, etag="", size=p.stat().st_size)

    def delete(self, key: str) -> None:
        (self.root / key).unlink(missing_ok=True)


def local_storage(root: Path):
    """The project's local backend when it is there, else :class:`FolderStorage`."""
    try:
        from connectors.storage.local import LocalStorage
    except ImportError:
        return FolderStorage(root)
    return LocalStorage(root)


CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--no-first-run", "--disable-component-update", "--disable-sync", "--disable-quic",
                  "--hide-scrollbars"]


def chromium(url: str, *, screenshot: Path | None = None, window: str = "1400,1000",
             budget_ms: int = 3000) -> tuple[str, str]:
    """Open ``url`` in a fresh headless Chromium; the DOM after scripts ran, and its stderr (console)."""
    with tempfile.TemporaryDirectory(prefix="bc-chromium-") as profile:
        args = [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--virtual-time-budget={budget_ms}",
                "--enable-logging=stderr", "--v=0"]
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            args += [f"--screenshot={screenshot}", f"--window-size={window}"]
        else:
            args.append("--dump-dom")
        proc = subprocess.run([*args, url], capture_output=True, text=True, timeout=120,
                              env={**os.environ, "LANG": "zh_CN.UTF-8"})
        return proc.stdout, proc.stderr
