"""The review site opened in headless Chromium: from file://, and from moto's S3 server over HTTP.

Checks what a reviewer sees after the page's scripts ran (``--dump-dom``): the index lists the
sample by its department with its status, filters from the URL hash work, the changed figure is
marked with expected vs actual, and no hostile text runs (neither with our CSP nor without it, so
escaping alone holds).  Screenshots go to tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest

from connectors.publish.site import build_document_site, layout, publish_disclosure
from connectors.publish.site.formatting import amount
from connectors.publish.site.render import CSP
from tests.test_site import Dom
from tests.test_site_support import (
    ARTIFACTS,
    CHROMIUM,
    HOSTILE,
    changed_sample,
    chromium,
    hostile_disclosure,
    sample_disclosure,
    sample_report,
    unreadable_report,
    with_source,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed"),
]

PWNED = re.compile(r"PWNED")


def _rows(dom_html: str) -> list[str]:
    return re.findall(r"<tr class=\"row-[a-z]+\">.*?</tr>", dom_html, re.S)


def _assert_nothing_ran(dom_html: str, console: str) -> None:
    dom = Dom(dom_html)
    assert not PWNED.search(dom.title.replace(HOSTILE["script"], "").replace(HOSTILE["img"], "")), dom.title
    assert "pwned" not in dom.by_id, "the onerror payload created its element"
    console_lines = [ln for ln in console.splitlines() if "CONSOLE" in ln]
    assert not [ln for ln in console_lines if "PWNED" in ln and "violates" not in ln], console_lines
    for tag, attrs in dom.elements:
        assert tag not in ("img", "svg", "iframe"), (tag, attrs)
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        assert not (attrs.get("href") or "").lower().startswith("javascript:"), attrs


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    build_document_site(out, sample_disclosure(), sample_report(), gx_docs_dir=out / "none")
    doc, report = changed_sample()
    build_document_site(out, doc, report, gx_docs_dir=out / "none")
    doc, report = hostile_disclosure()
    build_document_site(out, doc, report, gx_docs_dir=out / "none")
    build_document_site(out, None, unreadable_report(), gx_docs_dir=out / "none")
    return out


def _page(site: Path, source: str) -> Path:
    return site / layout.page_key(layout.doc_id(str(Path(source).resolve())))


def test_index_lists_sample_with_status(site):
    html, _ = chromium((site / "index.html").as_uri())
    dom = Dom(html)
    rows = _rows(html)
    assert len(rows) == 4, html[-3000:]
    sample = [r for r in rows if "曲阳县人力资源和社会保障局</a>" in r and "quyang-hrss-2022-budget.txt" in r]
    assert len(sample) == 1 and "通过" in sample[0] and "row-passed" in sample[0]
    changed = [r for r in rows if "budget-changed.txt" in r]
    assert "未通过" in changed[0]
    assert "第3页起无文字层" in html  # the unreadable upload's sentence is in the index
    assert "共 4 份" in dom.text_by_id["totals"]
    chromium((site / "index.html").as_uri(), screenshot=ARTIFACTS / "site-index.png")


def test_index_filters_from_hash(site):
    html, _ = chromium((site / "index.html").as_uri() + "#status=failed")
    rows = _rows(html)
    assert len(rows) == 2 and all("row-failed" in r for r in rows)
    html, _ = chromium((site / "index.html").as_uri() + "#q=changed")
    rows = _rows(html)
    assert len(rows) == 1 and "budget-changed.txt" in rows[0]


def test_changed_figure_is_marked_in_browser(site):
    page = _page(site, "quyang-hrss-2022-budget-changed.txt")
    html, _ = chromium(page.as_uri())
    dom = Dom(html)
    cell = dom.by_id["c-expenditure-15-total"]
    assert "mark-error" in cell["class"]
    text = dom.text_by_id["c-expenditure-15-total"]
    assert "399.71" in text and "应为 399.11" in text and "差额 +0.60" in text
    chromium(page.as_uri(), screenshot=ARTIFACTS / "site-disclosure-changed.png", window="1400,2400")


def test_hostile_disclosure_runs_nothing(site, tmp_path):
    page = _page(site, 'x"><img src=x onerror=alert(1)>.pdf')
    html, console = chromium(page.as_uri())
    _assert_nothing_ran(html, console)
    assert Dom(html).text_by_id["department"].startswith("曲阳县<script>")  # shown as text
    chromium(page.as_uri(), screenshot=ARTIFACTS / "site-disclosure-hostile.png", window="1400,1600")
    # escaping alone must hold: the same page without our CSP still runs nothing
    bare = tmp_path / "pages" / page.name
    bare.parent.mkdir()
    bare.write_text(page.read_text(encoding="utf-8").replace(CSP, "default-src * 'unsafe-inline'"),
                    encoding="utf-8")
    shutil.copytree(site / "assets", tmp_path / "assets")
    html, console = chromium(bare.as_uri())
    _assert_nothing_ran(html, console)
    # and the index, which renders the hostile record with script
    html, console = chromium((site / "index.html").as_uri())
    _assert_nothing_ran(html, console)


def test_gx_data_docs_offline_and_inert(tmp_path):
    """Real GX Data Docs whose unexpected values carry markup (GX does not escape them)."""
    gx = pytest.importorskip("great_expectations")
    import pandas as pd

    docs = tmp_path / "gx-src"
    ctx = gx.get_context(mode="ephemeral")
    ctx.add_data_docs_site(site_name="local", site_config={
        "class_name": "SiteBuilder", "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs)}})
    batch = ctx.data_sources.add_pandas("p").add_dataframe_asset("t").add_batch_definition_whole_dataframe("b")
    suite = ctx.suites.add(gx.ExpectationSuite(name="names"))
    suite.add_expectation(gx.expectations.ExpectColumnValuesToBeInSet(
        column="name", value_set=["行政运行"], description="科目名称与参考名称一致"))
    vd = ctx.validation_definitions.add(gx.ValidationDefinition(name="v", data=batch, suite=suite))
    cp = ctx.checkpoints.add(gx.Checkpoint(name="c", validation_definitions=[vd],
                                           actions=[gx.checkpoint.UpdateDataDocsAction(name="docs")]))
    cp.run(batch_parameters={"dataframe": pd.DataFrame({"name": ["行政运行", HOSTILE["img"], HOSTILE["svg"]]})})
    raw = next(docs.glob("validations/**/*.html")).read_text(encoding="utf-8")
    assert HOSTILE["img"].split(" onerror")[0] in raw  # GX leaves the markup unescaped

    site = tmp_path / "site"
    page = build_document_site(site, sample_disclosure(), sample_report(), gx_docs_dir=docs)
    dom = Dom(page.read_text(encoding="utf-8"))
    gx_href = dom.by_id["gx-link"]["href"]
    gx_page = (page.parent / unquote(gx_href)).resolve()
    assert gx_page.is_file() and "/validations/" in gx_page.as_posix()
    html, console = chromium(gx_page.as_uri())
    _assert_gx_inert(html, console)
    # the markup was there and was stopped by the CSP we add, not by luck
    assert any("inline event handler violates" in ln for ln in console.splitlines())
    assert "科目名称与参考名称一致" in html
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?://", gx_page.read_text(encoding="utf-8"))
    chromium(gx_page.as_uri(), screenshot=ARTIFACTS / "site-gx-validation.png")


def _assert_gx_inert(html: str, console: str) -> None:
    dom = Dom(html)
    assert "PWNED" not in dom.title and "pwned" not in dom.by_id
    assert not [ln for ln in console.splitlines() if "CONSOLE" in ln and "PWNED" in ln and "violates" not in ln]


def test_site_published_to_moto_s3_loads_over_http(moto_server, s3_bucket):
    from connectors.storage.s3 import S3Storage

    storage = S3Storage(s3_bucket, endpoint_url=moto_server.endpoint_url)
    key = "incoming/2022/quyang-hrss-2022-budget.txt"
    storage.put(key, b"sample", "text/plain; charset=utf-8")
    publish_disclosure(storage, key, sample_disclosure(key), with_source(sample_report(), key),
                       f"s3://{s3_bucket}/{key}")
    doc, report = changed_sample()
    publish_disclosure(storage, "incoming/2022/changed.txt", doc, report, "s3://x/incoming/2022/changed.txt")
    publish_disclosure(storage, "incoming/2022/scan.pdf", None, unreadable_report(), "s3://x/incoming/2022/scan.pdf")

    s3 = moto_server.s3()
    # reviewers read docs/ (and the uploads it links to) anonymously over HTTP, as from a bucket
    # website or a CDN in front of it: a read-only bucket policy on those two prefixes
    s3.put_bucket_policy(Bucket=s3_bucket, Policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Sid": "ReviewersRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                       "Resource": [f"arn:aws:s3:::{s3_bucket}/docs/*", f"arn:aws:s3:::{s3_bucket}/incoming/*"]}],
    }))
    assert s3.head_object(Bucket=s3_bucket, Key="docs/index.html")["ContentType"] == "text/html; charset=utf-8"
    assert s3.head_object(Bucket=s3_bucket, Key="docs/assets/index.js")["ContentType"].startswith("text/javascript")
    base = f"{moto_server.endpoint_url}/{s3_bucket}/docs/"
    html, _ = chromium(base + "index.html", budget_ms=5000)
    rows = _rows(html)
    assert len(rows) == 3, html[-2000:]
    assert any("曲阳县人力资源和社会保障局</a>" in r and "通过" in r for r in rows)
    chromium(base + "index.html", screenshot=ARTIFACTS / "site-index-s3.png", budget_ms=5000)

    page = layout.page_key(layout.doc_id("incoming/2022/changed.txt"))
    html, _ = chromium(base + page)
    dom = Dom(html)
    assert "mark-error" in dom.by_id["c-expenditure-15-total"]["class"]
    assert "应为 399.11" in dom.text_by_id["c-expenditure-15-total"]
    # the original upload is one relative link away, in the same bucket
    sample_page = layout.page_key(layout.doc_id(key))
    html, _ = chromium(base + sample_page)
    href = Dom(html).by_id["original"]["href"]
    assert href == "../../" + key
    body, _ = chromium(base + "pages/" + href)
    assert "sample" in body


def _real_pipeline():
    """The project's reader and rules engine."""
    from connectors.readers import read_document
    from expectations.runner import validate

    return read_document, validate


def test_real_sample_and_changed_copy_through_reader_and_rules(tmp_path):
    """The sample text and a copy with one figure changed, read and validated for real."""
    from tests.test_site_support import SAMPLE_TEXT

    read_document, validate = _real_pipeline()
    text = SAMPLE_TEXT.read_text(encoding="utf-8")
    printed = "社会保险经办机构 399.11 289.16 109.95"
    first = text.index(printed)  # the 支出总表's row 16 (the 一般公共预算支出表 prints it again later)
    changed_text = text[:first] + printed.replace("399.11", "399.71") + text[first + len(printed):]
    site = tmp_path / "site"
    srcs = {}
    for name, body in (("quyang-hrss-2022-budget.txt", text), ("quyang-changed.txt", changed_text)):
        src = tmp_path / name
        src.write_text(body, encoding="utf-8")
        doc = read_document(src.read_bytes(), str(src))
        gx = tmp_path / f"gx-{name}"
        report = validate(doc, data_docs_dir=gx)  # one validation: report and its GX Data Docs
        srcs[name] = (build_document_site(site, doc, report, gx_docs_dir=gx), report.to_dict())

    page, report = srcs["quyang-hrss-2022-budget.txt"]
    assert report["status"] == "passed"
    html, _ = chromium((site / "index.html").as_uri())
    rows = _rows(html)
    passed = [r for r in rows if "曲阳县人力资源和社会保障局</a>" in r and "quyang-hrss-2022-budget.txt" in r]
    assert len(passed) == 1 and "row-passed" in passed[0] and "通过" in passed[0]
    html, _ = chromium(page.as_uri())
    dom = Dom(html)
    assert "mark-note" in dom.by_id["c-expenditure-10-project"]["class"]  # 184.18 vs Σ 184.19, a note
    if (tmp_path / "gx-quyang-hrss-2022-budget.txt" / "index.html").is_file():  # GX Data Docs were built
        assert "gx-link" in dom.by_id
        gx_page = (page.parent / unquote(dom.by_id["gx-link"]["href"])).resolve()
        html, console = chromium(gx_page.as_uri())
        _assert_gx_inert(html, console)
        assert "budgetcheck" in html and "Content-Security-Policy" in html

    page, report = srcs["quyang-changed.txt"]
    assert report["status"] == "failed"
    hits = [f for r in report["results"] for f in (r.get("failures") or [])
            if f.get("table") == "expenditure" and f.get("code") in ("2080109", "20801")]
    assert hits, "the rules did not name the changed row or its parent in 支出总表"
    html, _ = chromium(page.as_uri())
    dom = Dom(html)
    for f in hits:
        idx = next(i for i, r in enumerate(_expenditure_rows(tmp_path / "quyang-changed.txt", read_document))
                   if r.get("row") == f["row"])
        cell_id = f"c-expenditure-{idx}-{f['column']}"
        assert "mark-error" in dom.by_id[cell_id]["class"], cell_id
        text = dom.text_by_id[cell_id]
        assert f"应为 {amount(f['expected'])}" in text and f"实际 {amount(f['actual'])}" in text, text
    chromium(page.as_uri(), screenshot=ARTIFACTS / "site-real-changed.png", window="1400,3000")


def _expenditure_rows(src: Path, read_document) -> list[dict]:
    return read_document(src.read_bytes(), str(src)).tables["expenditure"].rows
