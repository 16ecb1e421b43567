"""The review site without a browser: formatting, safe links, ids, index shards, page content,
publishing into storage at constant cost, and GX Data Docs made offline-safe."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest

from connectors.publish.site import (
    build_document_site,
    layout,
    publish_disclosure,
    rebuild_index,
    remove_disclosure,
)
from connectors.publish.site.disclosure_page import render_disclosure_page
from connectors.publish.site.formatting import amount, safe_href, signed
from connectors.publish.site.gx_docs import rewrite_page
from connectors.publish.site.index_data import decode_shard, encode_shard, make_record
from connectors.publish.site.targets import content_type
from tests.test_site_support import (
    HOSTILE,
    FolderStorage,
    changed_sample,
    hostile_disclosure,
    local_storage,
    sample_disclosure,
    sample_report,
    unreadable_report,
    with_source,
)


class Dom(HTMLParser):
    """Every element with its attributes, the text of each id'd element, and all text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.by_id: dict[str, dict[str, str | None]] = {}
        self.text_by_id: dict[str, str] = {}
        self._open: list[str] = []
        self.title = ""
        self._in_title = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a))
        if a.get("id"):
            self.by_id[a["id"]] = a
            self.text_by_id[a["id"]] = ""
        self._open.append(a.get("id") or "")
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        if self._open:
            self._open.pop()
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        for i in self._open:
            if i:
                self.text_by_id[i] += data


def test_amounts_keep_printed_digits_with_separators():
    assert amount(Decimal("2591.22")) == "2,591.22"
    assert amount(Decimal("371514655.00")) == "371,514,655.00"
    assert amount(Decimal("154369326")) == "154,369,326"
    assert amount(Decimal("2.80")) == "2.80"
    assert amount(None) == ""
    assert amount(184.1) == "184.1"  # a JSON float shows its shortest repr, not binary noise
    assert signed(Decimal("0.60")) == "+0.60" and signed(Decimal("-0.61")) == "-0.61"


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "java\nscript:alert(1)", "data:text/html,<script>1</script>", "vbscript:x", "//evil.example/x",
    "file:///etc/passwd", "s3://bucket/incoming/a.pdf", "http:", "\\\\evil\\share", "",
])
def test_only_http_and_relative_links_are_followed(url):
    assert safe_href(url) is None


@pytest.mark.parametrize("url", ["https://example.org/a.pdf", "http://127.0.0.1:9/b/k.pdf",
                                 "../../incoming/2022/316.pdf", "pages/x.html"])
def test_http_and_relative_links_pass(url):
    assert safe_href(url) == url


def test_ids_are_ascii_stable_and_distinct():
    a = layout.doc_id("incoming/2022/曲阳县人社局.pdf")
    b = layout.doc_id("incoming/2022/曲阳县财政局.pdf")
    assert a == layout.doc_id("incoming/2022/曲阳县人社局.pdf")
    assert a != b
    assert a.isascii() and b.isascii() and "/" not in a
    assert layout.doc_id("incoming/2022/316.pdf").startswith("2022-316.pdf-")
    assert all(0 <= int(layout.shard_of(layout.doc_id(f"k{i}"))) < layout.SHARDS for i in range(200))


def test_shard_round_trip_escapes_markup():
    rec = {"id": "x", "department": HOSTILE["close"] + "\u2028", "status": "failed"}
    data = encode_shard("07", [rec])
    text = data.decode()
    body = text.split("window.BC_SHARD(", 1)[1]
    assert "<" not in body and ">" not in body and "\u2028" not in body
    assert decode_shard(data) == [rec]


def test_record_counts_and_kind():
    doc, report = changed_sample()
    rec = make_record("id1", "incoming/2022/316.txt", doc, report, validated_at="2026-01-01T00:00:00Z")
    assert rec["department"] == "曲阳县人力资源和社会保障局" and rec["year"] == 2022
    assert rec["kind"] == "部门预算" and rec["status"] == "failed"
    assert (rec["errors"], rec["warnings"], rec["notes"]) == (2, 0, 2)
    assert rec["source"] == "316.txt" and rec["page"] == "pages/id1.html"


def _page(doc, report) -> Dom:
    html = render_disclosure_page(doc, report, source_name="x", original_href=None, original_text="x",
                                  gx_href=None, validated_at="2026-01-01T00:00:00Z")
    return Dom(html)


def test_failing_cell_marked_with_expected_actual_difference():
    doc, report = changed_sample()
    dom = _page(doc, report)
    cell = dom.by_id["c-expenditure-15-total"]  # 序号16 2080109 社会保险经办机构, 合计
    assert "mark-error" in cell["class"]
    assert "row.expenditure.total" in cell["title"] and "应为 399.11" in cell["title"]
    text = dom.text_by_id["c-expenditure-15-total"]
    assert text.startswith("399.71") and "应为 399.11" in text and "实际 399.71" in text and "+0.60" in text
    parent = dom.by_id["c-expenditure-10-total"]  # 序号11 20801: the roll-up that no longer holds
    assert "mark-error" in parent["class"] and "825.05" in dom.text_by_id["c-expenditure-10-total"]
    note = dom.by_id["c-expenditure-10-project"]  # inside tolerance: a note, not an error
    assert "mark-note" in note["class"] and "mark-error" not in note["class"]
    untouched = dom.by_id["c-expenditure-16-total"]
    assert "mark" not in (untouched.get("class") or "")
    assert dom.text_by_id["status"] == "未通过"
    rules = dom.text_by_id["failed-rules"]
    assert "rollup.function.expenditure" in rules and "支出总表：类、款金额等于其下级科目之和" in rules
    assert "错误" in rules
    assert "容差内" in dom.text_by_id["notes"] and "184.19" in dom.text_by_id["notes"]


def test_passing_sample_shows_notes_not_errors():
    dom = _page(sample_disclosure(), sample_report())
    assert dom.text_by_id["status"] == "通过"
    assert "failed-rules" not in dom.by_id
    assert "mark-note" in dom.by_id["c-expenditure-10-total"]["class"]
    assert not any("mark-error" in (a.get("class") or "") for t, a in dom.elements if t in ("td", "p"))
    # the empty 国有资本经营 table is shown with its note
    assert "空表列示" in dom.text_by_id["t-capital_expenditure"]


def test_unreadable_upload_shows_the_error_sentence():
    dom = _page(None, unreadable_report())
    assert "第3页起无文字层" in dom.text_by_id["unreadable"]
    assert dom.text_by_id["status"] == "无法读取"


def _assert_inert(dom: Dom) -> None:
    for tag, attrs in dom.elements:
        assert tag not in ("img", "svg", "iframe", "object", "embed", "textarea"), tag
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        for k in ("href", "src", "action", "formaction"):
            v = (attrs.get(k) or "").strip().lower()
            assert not v.startswith(("javascript:", "data:", "vbscript:")), (tag, k, v)
        if tag == "script":
            assert attrs.get("src") and not attrs["src"].startswith(("http:", "https:", "//")), attrs


def test_hostile_text_is_escaped_everywhere():
    doc, report = hostile_disclosure()
    dom = _page(doc, report)
    _assert_inert(dom)
    assert dom.text_by_id["department"] == doc.department.name  # shown as text, exactly
    assert HOSTILE["script"] in dom.title
    assert dom.text_by_id["dept-code"] == HOSTILE["attr"]


def test_build_document_site_links_original_relatively(tmp_path):
    src = tmp_path / "in" / "316 曲阳.txt"
    src.parent.mkdir()
    src.write_text("x", encoding="utf-8")
    doc = sample_disclosure(str(src))
    page = build_document_site(tmp_path / "site", doc, with_source(sample_report(), str(src)),
                               gx_docs_dir=tmp_path / "no-gx")
    dom = Dom(page.read_text(encoding="utf-8"))
    href = dom.by_id["original"]["href"]
    assert href == "../../in/316%20%E6%9B%B2%E9%98%B3.txt"
    assert (page.parent / "../../in/316 曲阳.txt").resolve() == src.resolve()
    assert (tmp_path / "site" / "index.html").is_file() and (tmp_path / "site" / "assets" / "index.js").is_file()


def test_content_types():
    assert content_type("docs/index.html") == "text/html; charset=utf-8"
    assert content_type("docs/index-data/shard-01.js").startswith("text/javascript")
    assert content_type("docs/assets/site.css").startswith("text/css")
    assert content_type("docs/gx/_static/images/logo-long.png") == "image/png"


class CountingStorage:
    """Wraps a Storage and records every call, to check what one publish costs."""

    def __init__(self, inner):
        self.inner, self.url, self.calls = inner, inner.url, []

    def __getattr__(self, name):
        fn = getattr(self.inner, name)

        def wrapped(*a, **kw):
            self.calls.append((name, a[0] if a else None))
            return fn(*a, **kw)
        return wrapped


def _publish(storage, key, doc=None, report=None):
    doc = doc if doc is not None else sample_disclosure(key)
    report = report if report is not None else with_source(sample_report(), key)
    publish_disclosure(storage, key, doc, report, f"s3://bucket/{key}")


def test_publish_replaces_one_record_and_costs_the_same_as_the_site_grows(tmp_path):
    storage = local_storage(tmp_path)
    _publish(storage, "incoming/2022/a.txt")
    _publish(storage, "incoming/2022/a.txt")  # re-published: replaced, not duplicated
    recs = [r for n in range(layout.SHARDS)
            for r in decode_shard(storage.get(f"docs/{layout.shard_key(f'{n:02d}')}")[0])]
    assert [r["upload"] for r in recs] == ["incoming/2022/a.txt"]

    costs = []
    for i in range(40):
        counting = CountingStorage(storage)
        _publish(counting, f"incoming/2022/d{i}.txt")
        costs.append((i, sorted(counting.calls)))
    for i, calls in costs:
        puts = [k for op, k in calls if op == "put"]
        gets = [k for op, k in calls if op in ("get", "head")]
        # page, record, one shard; and (issue 18) the upload's checklist and its findings file
        assert len(puts) == 5 and sum(k.startswith(("results/", "findings/")) for k in puts) == 2, puts
        assert len(gets) <= 2, gets  # version stamp and that shard
        assert [k for op, k in calls if op == "list"] == [  # that shard's record keys, nothing wider
            f"docs/{layout.record_prefix(layout.shard_of(layout.doc_id(f'incoming/2022/d{i}.txt')))}"]
    page = f"docs/{layout.page_key(layout.doc_id('incoming/2022/d7.txt'))}"
    dom = Dom(storage.get(page)[0].decode())
    assert dom.by_id["original"]["href"] == "../../incoming/2022/d7.txt"
    assert dom.text_by_id["original"] == "s3://bucket/incoming/2022/d7.txt"


def test_remove_and_rebuild_index(tmp_path):
    storage = local_storage(tmp_path)
    for name in ("a", "b", "c"):
        _publish(storage, f"incoming/{name}.txt")
    remove_disclosure(storage, "incoming/b.txt")
    ids = {json.loads(storage.get(i.key)[0])["upload"] for i in storage.list("docs/index-data/records/")}
    assert ids == {"incoming/a.txt", "incoming/c.txt"}
    assert storage.head(f"docs/{layout.page_key(layout.doc_id('incoming/b.txt'))}") is None
    # a lost shard update (e.g. two publishers racing) is repaired from the records
    shard = layout.shard_key(layout.shard_of(layout.doc_id("incoming/a.txt")))
    storage.put(f"docs/{shard}", encode_shard("00", []), "text/javascript")
    assert rebuild_index(storage) == 2
    recs = [r for n in range(layout.SHARDS)
            for r in decode_shard(storage.get(f"docs/{layout.shard_key(f'{n:02d}')}")[0])]
    assert {r["upload"] for r in recs} == {"incoming/a.txt", "incoming/c.txt"}


def test_folder_storage_records_content_types(tmp_path):
    storage = FolderStorage(tmp_path)
    _publish(storage, "incoming/x.txt")
    assert storage.content_types["docs/index.html"] == "text/html; charset=utf-8"
    assert storage.content_types["docs/assets/index.js"].startswith("text/javascript")


GX_PAGE = """<!DOCTYPE html><html><head>
<link rel="stylesheet" href="https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css"/>
<link rel="shortcut icon" href="../../../static/images/favicon.ico" type="image/x-icon"/>
<script src="https://cdn.jsdelivr.net/npm/vega@5"></script>
<script src="https://code.jquery.com/jquery-3.7.1.min.js"></script>
<script src="https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js" integrity="sha" crossorigin="anonymous"></script>
</head><body><img src="https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/logo-long.png?d=1">
<td><img src=x onerror=alert(1)></td></body></html>"""


def test_gx_page_rewrite_removes_cdns_and_adds_csp():
    html, removed = rewrite_page(GX_PAGE, "../../../../../", {"jquery.min.js", "bootstrap.min.css"})
    assert "https://cdn.jsdelivr.net/npm/vega@5" in removed
    assert any("popper" in u for u in removed)  # not available in this call: removed, not left to hang
    assert '<script src="../../../../../_vendor/jquery.min.js"></script>' in html
    assert 'href="../../../../../_vendor/bootstrap.min.css"' in html
    assert 'href="../../../../../_static/images/favicon.ico"' in html
    assert 'src="../../../../../_static/images/logo-long.png"' in html
    assert "https://" not in html
    assert html.index("Content-Security-Policy") < html.index("<link")
    assert 'href="../../../../../_static/gx-offline.css"' in html
    assert "script-src 'self'" in html


def test_gx_site_import_links_every_validation(tmp_path):
    src = tmp_path / "gx"
    for suite in ("sum", "rollup"):  # GX names the run folder after the run: Chinese and spaces
        p = src / "validations" / "budgetcheck" / suite / "曲阳县人社局 2022" / "20260101T000000Z" / "checks.html"
        p.parent.mkdir(parents=True)
        p.write_text(GX_PAGE, encoding="utf-8")
    (src / "index.html").write_text(GX_PAGE, encoding="utf-8")
    (src / "static" / "fonts").mkdir(parents=True)
    (src / "static" / "fonts" / "big.otf").write_bytes(b"x" * 1000)
    site = tmp_path / "site"
    page = build_document_site(site, sample_disclosure(), sample_report(), gx_docs_dir=src)
    dom = Dom(page.read_text(encoding="utf-8"))
    links = [a["href"] for t, a in dom.elements if t == "a" and "/validations/" in (a.get("href") or "")]
    assert len(links) == 3  # the main link and one per suite
    for href in links:
        assert " " not in href and href.isascii()
        gx_page = (page.parent / unquote(href)).resolve()
        assert gx_page.is_file()
        text = gx_page.read_text(encoding="utf-8")
        assert "Content-Security-Policy" in text
        # shared files referenced from the page exist where the page points
        for ref in re.findall(r'(?:src|href)="(\.\./[^"]+)"', text):
            if "_vendor/" in ref or "_static/" in ref:
                assert (gx_page.parent / ref).resolve().is_file(), ref
    assert not list(site.glob("gx/*/static"))  # GX's 4 MB static folder is not copied per document


def _all_records(storage) -> list[dict]:
    return [r for n in range(layout.SHARDS)
            for r in decode_shard(storage.get(f"docs/{layout.shard_key(f'{n:02d}')}")[0])]


def test_concurrent_publishers_lose_no_record(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    storage = local_storage(tmp_path)
    _publish(storage, "incoming/first.txt")  # the site exists before the workers start
    keys = [f"incoming/2022/p{i}.txt" for i in range(160)]  # 160 into 64 shards: many share one
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda k: _publish(storage, k), keys))
    assert sorted(r["upload"] for r in _all_records(storage)) == sorted(keys + ["incoming/first.txt"])


def test_a_record_lost_in_a_race_comes_back_at_the_next_publish(tmp_path):
    storage = local_storage(tmp_path)
    _publish(storage, "incoming/a.txt")
    lost = layout.doc_id("incoming/a.txt")
    shard = layout.shard_of(lost)
    # another process wrote this shard from a copy read before a.txt was added
    storage.put(f"docs/{layout.shard_key(shard)}", encode_shard(shard, []), "text/javascript")
    assert not _all_records(storage)
    neighbour = next(k for k in (f"incoming/n{i}.txt" for i in range(1000))
                     if layout.shard_of(layout.doc_id(k)) == shard)
    _publish(storage, neighbour)
    assert sorted(r["upload"] for r in _all_records(storage)) == sorted(["incoming/a.txt", neighbour])
