"""The bureau's checklist filled from reports, the season's summary, every finding as Parquet rows (issue 18).

Acceptance: on the two real checklists' documents (上海市普陀区司法局 2026 部门预算 and 单位预算) every row
the reviewer marked agrees with the tool's 是/否, except 及时性 (it needs the deadline)."""

from __future__ import annotations

import copy
import csv
import io
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from connectors.publish.checklist import findings, judge, summary, workbook
from connectors.publish.checklist.store import checklist_key, publish_outputs
from connectors.storage import LocalStorage
from disclosure.report import Report

ROOT = Path(__file__).resolve().parent
REAL = ROOT / "corpus" / "real"
DOCS = {"dept": "shanghai-putuo_sifaju_2026_yusuan-dept", "unit": "shanghai-putuo_sifaju_2026_yusuan-unit"}


@pytest.fixture(scope="module")
def checked():
    from connectors.readers import read_path
    from tests.reports import validated

    out = {}
    for key, stem in DOCS.items():
        doc = read_path(str(REAL / f"{stem}.pdf"))
        out[key] = (validated(doc), doc)
    return out


def reviewer(stem: str) -> dict[str, str]:
    ws = openpyxl.load_workbook(REAL / f"{stem}.review-checklist.xlsx").active
    return {str(ws[f"B{r}"].value): str(ws[f"D{r}"].value) for r in range(6, ws.max_row + 1)
            if ws[f"B{r}"].value and ws[f"D{r}"].value}


@pytest.mark.parametrize("key", ["dept", "unit"])
def test_every_row_the_reviewer_marked_agrees(checked, key):
    report, doc = checked[key]
    tool = judge.fill(report, doc).verdicts()
    marked = reviewer(DOCS[key])
    assert len(marked) == 18
    side_by_side = {label: (verdict, tool.get(label)) for label, verdict in marked.items()}
    timeliness = next(label for label in marked if label.startswith("及时公开"))
    assert side_by_side.pop(timeliness) == ("是", judge.JUDGE)  # no deadline set: left for the reviewer
    disagree = {label: pair for label, pair in side_by_side.items() if pair[0] != pair[1]}
    assert not disagree, disagree


def test_the_problems_name_their_pages(checked):
    c = judge.fill(*checked["dept"])
    rows = {v.label: v for v in c.rows}
    assert c.title == "2026年度普陀区部门预算公开情况检查表" and c.name == "上海市普陀区司法局"
    assert rows["目录"].problems == ["第3页为空白页（目录之后），建议删除"]
    assert "第4页" in rows["主要职能"].text and "未正常显示" in rows["主要职能"].text
    assert "人民调解协议书检查" in rows["项目经费情况说明"].text and "第23页" in rows["项目经费情况说明"].text
    explanation = rows["预算编制说明"].problems
    assert all("第8页" in p or "第9页" in p for p in explanation)
    assert any("17.62" in p for p in explanation) and any("医疗卫生与计划生育支出" in p for p in explanation)
    unit = {v.label: v for v in judge.fill(*checked["unit"]).rows}
    assert unit["《单位支出预算总表》"].problems[0].startswith("第11页：2040601 行政运行")
    assert "主要原因是。" in unit["其他相关说明"].text


def test_an_unconfirmed_finding_is_never_no(checked):
    report, doc = checked["unit"]
    partial = copy.deepcopy(report)
    for res in partial["results"]:
        if res["rule"] in ("row.expenditure", "rollup.function.expenditure"):
            res["unconfirmed"], res["failures"], res["passed"] = res["failures"], [], True
    partial["status"] = "partial"
    partial["unread"] = [{"table": "expenditure", "title": "2026年预算单位支出预算总表", "page": 11,
                          "problems": ["表头未能识别"]}]
    row = {v.label: v for v in judge.fill(partial, doc).rows}["《单位支出预算总表》"]
    assert row.verdict == judge.CHECK
    assert all(p.startswith("待人工核对：") for p in row.problems) and len(row.problems) == 3


def test_timeliness_from_the_deadline_setting(checked, monkeypatch):
    report = dict(checked["dept"][0])
    report["source_version"] = {"key": "incoming/x.pdf", "validated_at": "2026-02-10T08:00:00Z"}
    monkeypatch.setenv(judge.DEADLINE_ENV, "2026预算=2026-02-20,2025决算=2026-09-30")
    assert judge.fill(report).rows[0].verdict == judge.YES
    monkeypatch.setenv(judge.DEADLINE_ENV, "2026-02-01")
    late = judge.fill(report).rows[0]
    assert late.verdict == judge.NO and "晚于截止日期2026-02-01" in late.text
    monkeypatch.setenv(judge.DEADLINE_ENV, "2024决算=2025-09-30")
    assert judge.fill(report).rows[0].verdict == judge.JUDGE
    assert judge.region_of("上海市财政局") == "上海市" and judge.region_of("湖州市财政局") == "湖州市"


def test_a_final_accounts_form_and_an_unreadable_upload():
    from disclosure.report import Report

    report = {"source": "x.pdf", "department": {"name": "上海市普陀区财政局", "year": 2024, "kind": "决算",
                                                "level": "部门"}, "status": "passed", "results": []}
    c = judge.fill(report)
    labels = [v.label for v in c.rows]
    assert c.title == "2024年度普陀区部门决算公开情况检查表"
    assert labels[0] == "及时公开部门决算" and "部门决算情况说明" in labels and "《收入支出决算总表》" in labels
    assert labels.index("《财政拨款“三公”经费支出决算表》") < labels.index("《政府性基金预算财政拨款收入支出决算表》")
    bad = judge.fill(Report.unreadable("x.pdf", "第3页起无文字层"))
    assert {v.verdict for v in bad.rows[1:]} == {judge.CHECK} and "第3页起无文字层" in bad.rows[1].text


def test_the_workbook_in_the_bureaus_layout(checked):
    c = judge.fill(*checked["dept"])
    ws = openpyxl.load_workbook(io.BytesIO(workbook.to_bytes(c))).active
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:E1", "A3:D3", "A4:E4", "A5:C5", "B6:C6", "A7:A23"} <= merged
    assert ws["A1"].value == "2026年度普陀区部门预算公开情况检查表" and ws["A1"].font.sz == 18
    assert ws["A3"].value == "部门名称: 上海市普陀区司法局"
    assert (ws["A5"].value, ws["D5"].value, ws["E5"].value) == ("2026年度部门预算公开检查内容", "符合要求", "问题截图")
    assert (ws["A6"].value, ws["B6"].value) == ("及时性", "及时公开部门预算") and ws["A7"].value == "内容规范性"
    assert ws["B8"].value == "目录" and ws["D8"].value == "否" and ws["E8"].alignment.wrap_text
    assert workbook.read_verdicts(workbook.to_bytes(c)) == c.verdicts()


@pytest.mark.slow
def test_libreoffice_opens_the_checklist(checked, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (scripts/bootstrap.sh installs it)")
    path = tmp_path / "sifaju.checklist.xlsx"
    path.write_bytes(workbook.to_bytes(judge.fill(*checked["dept"])))
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    rows = list(csv.reader((tmp_path / "sifaju.checklist.csv").read_text(encoding="utf-8").splitlines()))
    assert rows[0][0] == "2026年度普陀区部门预算公开情况检查表"
    by_label = {r[1]: r for r in rows[5:] if len(r) > 4 and r[1]}
    assert by_label["目录"][3] == "否" and "第3页为空白页" in by_label["目录"][4]
    assert by_label["封面"][3] == "是" and by_label["机构设置"][3] == "是"
    assert by_label["项目经费情况说明"][3] == "否"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    assert (tmp_path / "sifaju.checklist.pdf").stat().st_size > 1000


def test_findings_as_rows_queried_with_duckdb(checked, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    store = LocalStorage(tmp_path)
    for key, stem in DOCS.items():
        report, doc = checked[key]
        keys = publish_outputs(store, f"incoming/2026/{stem}.pdf", doc, report)
        assert keys["checklist"] == checklist_key(f"incoming/2026/{stem}.pdf")
        assert keys["checklist"].endswith(f"{stem}.pdf.checklist.xlsx") and keys["checklist"].startswith("results/")
        assert keys["findings"].startswith("findings/year=2026/kind=预算/")
    rows = findings.rows_of(*checked["dept"])
    failures = sum(len(r["failures"]) for r in checked["dept"][0]["results"])
    assert len(rows) == failures and {r["status"] for r in rows} == {"failure"}
    pct = next(r for r in rows if r["rule"] == "cross.narrative.percent")
    assert pct["page"] == 9 and pct["actual"] == Decimal("17.62") and pct["checklist_row"] == "预算编制说明"
    con = duckdb.connect()
    con.execute(f"CREATE VIEW findings AS SELECT * FROM read_parquet('{tmp_path}/findings/**/*.parquet', "
                "hive_partitioning = true)")
    contradict = con.sql("SELECT DISTINCT department, level FROM findings WHERE year = 2026 AND kind = '预算' "
                         "AND rule LIKE 'cross.narrative.%' AND severity = 'error' ORDER BY level").fetchall()
    assert contradict == [("上海市普陀区司法局", "单位"), ("上海市普陀区司法局", "部门")]
    by_row = dict(con.sql("SELECT checklist_row, count(*) FROM findings WHERE level = '单位' GROUP BY 1").fetchall())
    assert by_row["《单位支出预算总表》"] == 2 and by_row["其他相关说明"] == 2
    # checked again (a neighbour arrived): the upload's rows are replaced, not added
    publish_outputs(store, f"incoming/2026/{DOCS['dept']}.pdf", *reversed(checked["dept"]))
    n = con.execute("SELECT count(*) FROM findings WHERE level = '部门'").fetchone()[0]
    assert n == len(rows)


def test_the_season_summary_from_a_store(checked, tmp_path):
    store = LocalStorage(tmp_path)
    from connectors.publish.reports import write_report

    for key, stem in DOCS.items():
        report, doc = checked[key]
        write_report(store, f"incoming/{stem}.pdf", Report.from_dict(report))
        publish_outputs(store, f"incoming/{stem}.pdf", doc, report)
    entries = summary.from_store(store, year=2026, kind="预算")
    assert [e.level for e in entries] == ["单位", "部门"] and {e.status for e in entries} == {"failed"}
    dept = entries[1]
    assert dept.verdicts["contents"] == "否" and dept.verdicts["cover"] == "是" and dept.link.endswith(".pdf.json")
    ws = openpyxl.load_workbook(io.BytesIO(summary.to_xlsx(entries, kind="预算"))).active
    header = [c.value for c in ws[2]]
    assert header[:4] == ["部门", "年度", "类别", "状态"] and "目录" in header and header[-3:] == ["错误", "警告", "报告"]
    line = [c.value for c in ws[4]]
    assert line[0] == "上海市普陀区司法局" and line[3] == "未通过" and line[header.index("目录")] == "否"
    page = summary.to_html(entries, kind="预算")
    assert "上海市普陀区司法局" in page and "<script" not in page


def test_the_review_page_links_the_checklist_and_the_site_has_the_summary(checked, tmp_path):
    from connectors.publish.site import publish_disclosure
    from connectors.publish.site.index_data import decode_shard

    store = LocalStorage(tmp_path)
    report, doc = checked["dept"]
    key = f"incoming/{DOCS['dept']}.pdf"
    publish_disclosure(store, key, doc, Report.from_dict(report), key)
    pages = list((tmp_path / "docs" / "pages").glob("*.html"))
    html = pages[0].read_text(encoding="utf-8")
    assert 'id="checklist-link"' in html and ".pdf.checklist.xlsx" in html
    assert (tmp_path / checklist_key(key)).is_file()
    assert (tmp_path / "docs" / "summary.html").is_file() and (tmp_path / "docs" / "assets" / "summary.js").is_file()
    assert 'href="summary.html"' in (tmp_path / "docs" / "index.html").read_text(encoding="utf-8")
    records = [r for s in (tmp_path / "docs" / "index-data").glob("shard-*.js") for r in decode_shard(s.read_bytes())]
    assert {c[0]: c[1] for c in records[0]["checklist"]}["目录"] == "否" and records[0]["checklist_file"] == checklist_key(key)
    assert list((tmp_path / "findings").rglob("*.parquet"))
    from connectors.publish.site import remove_disclosure

    remove_disclosure(store, key)
    assert not list((tmp_path / "findings").rglob("*.parquet"))


def test_findings_land_in_s3(checked, moto_server):
    from connectors.storage.s3 import S3Storage

    bucket = moto_server.new_bucket("findings")
    store = S3Storage(bucket, endpoint_url=moto_server.endpoint_url)
    report, doc = checked["unit"]
    keys = publish_outputs(store, f"incoming/2026/{DOCS['unit']}.pdf", doc, report)
    listed = [o["Key"] for o in moto_server.s3().list_objects_v2(Bucket=bucket)["Contents"]]
    assert keys["findings"] in listed and keys["checklist"] in listed
    data, _ = store.get(keys["findings"])
    table = findings.read_table(data)
    assert table.num_rows == sum(len(r["failures"]) for r in report["results"])
    assert set(table.column_names) >= {"department", "year", "kind", "rule", "severity", "table", "row", "column",
                                       "expected", "actual", "page", "message", "status"}
