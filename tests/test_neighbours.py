"""Finding a disclosure's neighbours: names, rosters, pairing, and what is refused."""

from __future__ import annotations

import copy
from functools import cache

import pytest

from connectors.readers import read_path
from disclosure.model import Disclosure
from disclosure.report import Report
from neighbours import names
from neighbours.identity import identify
from neighbours.local import MemoryCatalogue
from neighbours.merge import combine
from neighbours.neighbourhood import Relation, find, other_part
from neighbours.roster import read_roster
from tests import documents


@cache
def _read(name: str) -> Disclosure:
    path = documents.real(name) if name.startswith("shanghai") else documents.jiangsu(name)
    return read_path(path)


def doc(name: str) -> Disclosure:
    """A fresh copy (tests may alter it)."""
    return copy.deepcopy(_read(name))


def catalogue(*files: str) -> MemoryCatalogue:
    cat = MemoryCatalogue()
    for i, f in enumerate(files):
        cat.add(f, doc(f), stored=float(i))
    return cat


# ------------------------------------------------------------------------------------ names


@pytest.mark.parametrize(("a", "b", "match"), [
    ("上海市普陀区司法局", "上海市普陀区司法局", names.Match.SURE),
    ("上海市普陀区人民政府石泉路街道办事处（本级）", "上海市普陀区人民政府石泉路街道办事处", names.Match.SURE),
    ("中国共产党上海市普陀区委员会宣传部", "中共上海市普陀区委员会宣传部", names.Match.SURE),
    ("江苏省 高级人民法院", "江苏省高级人民法院", names.Match.SURE),
    ("普陀区法律援助中心", "上海市普陀区法律援助中心", names.Match.REGION),
    ("财政局", "上海市普陀区财政局", names.Match.REGION),
    # a different body: the city's bureau is not the district's
    ("上海市财政局", "上海市普陀区财政局", names.Match.NONE),
    ("上海市普陀区财政局", "上海市静安区财政局", names.Match.NONE),
    # a short name is not guessed at
    ("省法院", "江苏省高级人民法院", names.Match.NONE),
    # a template's placeholder publisher pairs with nothing
    ("上海市XX局", "上海市XX局", names.Match.NONE),
])
def test_name_matching(a: str, b: str, match: names.Match) -> None:
    assert names.match(a, b) is match
    assert names.match(b, a) is match


def test_region_variants_share_a_bucket_and_different_bodies_are_told_apart_in_it() -> None:
    assert names.core("上海市普陀区法律援助中心") == names.core("普陀区法律援助中心") == "法律援助中心"
    assert names.core("上海市财政局") == names.core("上海市普陀区财政局")  # one bucket …
    assert names.match("上海市财政局", "上海市普陀区财政局") is names.Match.NONE  # … two bodies


# ----------------------------------------------------------------------------------- roster

SIFAJU_DEPT = "shanghai-putuo_sifaju_2026_yusuan-dept.pdf"
SIFAJU_UNIT = "shanghai-putuo_sifaju_2026_yusuan-unit.pdf"
SHANGWU_DEPT = "shanghai-putuo_shangwuwei_2025_yusuan-dept.pdf"
SHANGWU_UNIT = "shanghai-putuo_shangwuwei_2025_yusuan-unit.pdf"
QUFU_DEPT = "shanghai-putuo_quzhengfu-bangongshi_2025_yusuan-dept.pdf"
QUFU_UNIT = "shanghai-putuo_quzhengfu-bangongshi_2025_yusuan-unit.pdf"
CITY_CZJ_UNIT = "shanghai-city_caizhengju_2025_yusuan-unit.pdf"
PUTUO_CZJ_DEPT = "shanghai-putuo_caizhengju_2025_yusuan-dept.pdf"
WANLI = [f"shanghai-putuo_wanli-jiedao_{y}_yusuan-dept.pdf" for y in (2023, 2024, 2025)]
RD19_TEXT = "jiangsu-prov_renda_2019_yusuan-dept-text.pdf"
RD19_TABLES = "jiangsu-prov_renda_2019_yusuan-dept-tables.pdf"


@pytest.mark.parametrize(("name", "units"), [
    # 本部 and one unit of its own budget
    (SIFAJU_DEPT, [("普陀区司法局本部", True), ("普陀区法律援助中心", False)]),
    # the second body 不单列预算: one unit
    (SHANGWU_DEPT, [("商务委本部", True)]),
    (QUFU_DEPT, [("上海市普陀区人民政府办公室本部", True)]),
    # 本部 and five units, numbered on lines of their own
    (WANLI[1], [("上海市普陀区人民政府万里街道办事处（本部）", True), ("上海市普陀区万里街道社区事务受理服务中心", False),
                ("上海市普陀区万里街道社区党群服务中心", False), ("上海市普陀区万里街道城市运行管理中心", False),
                ("上海市普陀区万里街道经济发展服务中心", False), ("上海市普陀区万里街道综合行政执法队", False)]),
    # Jiangsu: count and list in one sentence, wrapped over lines
    ("jiangsu-prov_gaoyuan_2019_yusuan-dept.pdf", [("江苏省高级人民法院机关（本级）", True), ("徐州铁路运输法院", False)]),
])
def test_the_roster_of_units_is_read_from_the_narrative(name: str, units: list[tuple[str, bool]]) -> None:
    roster = read_roster(doc(name))
    assert roster is not None
    assert [(u.name, u.own) for u in roster.units] == units


def test_a_roster_whose_count_and_list_disagree_is_not_used() -> None:
    d = doc(SIFAJU_DEPT)
    d.narrative = d.narrative.replace("下属1家预算单位", "下属2家预算单位")
    assert read_roster(d) is None


# ---------------------------------------------------------------------------------- pairing


def test_consecutive_years_pair_and_the_earlier_is_used_by_the_later() -> None:
    cat = catalogue(*WANLI)
    hood = find(doc(WANLI[1]), identify(doc(WANLI[1])), cat, own_source=WANLI[1])
    assert [(n.relation, n.entry.source) for n in hood.uses] == [(Relation.LAST_YEAR, WANLI[0])]
    assert [(n.relation, n.entry.source) for n in hood.used_by] == [(Relation.NEXT_YEAR, WANLI[2])]


def test_a_department_finds_its_unit_and_the_unit_its_department() -> None:
    cat = catalogue(SHANGWU_DEPT, SHANGWU_UNIT)
    hood = find(doc(SHANGWU_DEPT), identify(doc(SHANGWU_DEPT)), cat, own_source=SHANGWU_DEPT)
    assert hood.units_complete and hood.units[0][1].entry.source == SHANGWU_UNIT
    back = find(doc(SHANGWU_UNIT), identify(doc(SHANGWU_UNIT)), cat, own_source=SHANGWU_UNIT)
    assert [(n.relation, n.entry.source) for n in back.used_by] == [(Relation.DEPARTMENT, SHANGWU_DEPT)]


def test_a_missing_unit_leaves_the_comparison_incomplete_and_says_so() -> None:
    cat = catalogue(SIFAJU_DEPT, SIFAJU_UNIT)
    hood = find(doc(SIFAJU_DEPT), identify(doc(SIFAJU_DEPT)), cat, own_source=SIFAJU_DEPT)
    assert not hood.units_complete
    assert [n.entry.source if n else None for _, n in hood.units] == [SIFAJU_UNIT, None]
    assert any("普陀区法律援助中心" in note and "尚未上传" in note for note in hood.notes)


def test_the_city_bureau_is_not_taken_for_the_district_bureau() -> None:
    """上海市财政局 (a city unit) and 上海市普陀区财政局 (a district department) share a bucket; neither
    is the other's unit or department."""
    cat = catalogue(CITY_CZJ_UNIT, PUTUO_CZJ_DEPT)
    hood = find(doc(PUTUO_CZJ_DEPT), identify(doc(PUTUO_CZJ_DEPT)), cat, own_source=PUTUO_CZJ_DEPT)
    assert [n for _, n in hood.units] == [None]
    back = find(doc(CITY_CZJ_UNIT), identify(doc(CITY_CZJ_UNIT)), cat, own_source=CITY_CZJ_UNIT)
    assert back.used_by == []


def test_two_bodies_equally_near_are_not_guessed_between() -> None:
    """A roster name that is a region-less form of two stored units' names pairs with neither."""
    cat = MemoryCatalogue()
    a, b = doc(SIFAJU_UNIT), doc(SIFAJU_UNIT)
    a.department.name, b.department.name = "上海市普陀区法律援助中心", "上海市静安区普陀区法律援助中心"
    cat.add("a.pdf", a)
    cat.add("b.pdf", b)
    cat.add(SIFAJU_UNIT, doc(SIFAJU_UNIT))
    hood = find(doc(SIFAJU_DEPT), identify(doc(SIFAJU_DEPT)), cat, own_source=SIFAJU_DEPT)
    assert hood.units[1][1] is None
    assert any("无法确定" in note for note in hood.notes)


def test_the_newest_of_two_uploads_of_one_disclosure_is_used_and_the_choice_is_said() -> None:
    cat = MemoryCatalogue()
    cat.add("old.pdf", doc(WANLI[0]), stored=1.0)
    cat.add("new.pdf", doc(WANLI[0]), stored=2.0)
    hood = find(doc(WANLI[1]), identify(doc(WANLI[1])), cat, own_source=WANLI[1])
    assert [n.entry.source for n in hood.uses] == ["new.pdf"]
    assert any("old.pdf" in note and "new.pdf" in note for note in hood.notes)


def test_the_two_files_of_one_disclosure_pair_and_combine() -> None:
    cat = catalogue(RD19_TEXT, RD19_TABLES)
    text, tables = doc(RD19_TEXT), doc(RD19_TABLES)
    assert other_part(identify(text), cat, own_source=RD19_TEXT).source == RD19_TABLES
    assert other_part(identify(tables), cat, own_source=RD19_TABLES).source == RD19_TEXT
    whole = combine(text, tables)
    assert whole.part is None and whole.narrative == text.narrative and whole.tables.keys() == tables.tables.keys()
    assert whole.department.unit == "万元" and whole.department.name == "江苏省人大常委会办公厅"


def test_last_years_disclosure_in_two_files_is_combined_for_the_next_year() -> None:
    """A 2020 disclosure would find 2019's two files as one last-year disclosure."""
    cat = catalogue(RD19_TEXT, RD19_TABLES)
    d = doc("jiangsu-prov_renda_2018_yusuan-dept.pdf")
    d.department.year = 2020
    hood = find(d, identify(d), cat, own_source="2020.pdf")
    [last] = hood.uses
    assert last.relation is Relation.LAST_YEAR and last.entry.source == RD19_TABLES
    assert last.doc.part is None and last.doc.narrative and last.doc.tables


# ---------------------------------------------------------------------------- stored index


def test_the_stored_index_finds_neighbours_by_listing_one_prefix_and_is_rebuilt_when_lost(tmp_path) -> None:
    import shutil

    from connectors.storage import LocalStorage
    from neighbours.index import StoredIndex

    store = LocalStorage(tmp_path)
    index = StoredIndex(store)
    for i, name in enumerate([*WANLI, SHANGWU_DEPT, SHANGWU_UNIT]):
        index.record(f"incoming/{name}", doc(name), stored=float(i), report=f"results/{name}.json", version="v1")
    listed: list[str] = []
    original = store.list

    def spy(prefix: str):
        listed.append(prefix)
        return original(prefix)

    store.list = spy  # type: ignore[method-assign]
    d = doc(WANLI[1])
    hood = find(d, identify(d), StoredIndex(store), own_source=f"incoming/{WANLI[1]}")
    assert [(n.relation, n.entry.source, n.entry.report) for n in hood.uses] == [
        (Relation.LAST_YEAR, f"incoming/{WANLI[0]}", f"results/{WANLI[0]}.json")]
    assert hood.uses[0].doc.tables.keys() == doc(WANLI[0]).tables.keys()  # the kept tables, not the PDF
    assert all(p.startswith("index/") and p.count("/") >= 6 for p in listed), listed  # never the whole store

    shutil.rmtree(tmp_path / "index")
    store.list = original  # type: ignore[method-assign]
    assert StoredIndex(store).rebuild() == 5
    hood = find(doc(SHANGWU_DEPT), identify(doc(SHANGWU_DEPT)), StoredIndex(store),
                own_source=f"incoming/{SHANGWU_DEPT}")
    assert hood.units_complete

    StoredIndex(store).remove(f"incoming/{SHANGWU_UNIT}", tables=True)
    hood = find(doc(SHANGWU_DEPT), identify(doc(SHANGWU_DEPT)), StoredIndex(store),
                own_source=f"incoming/{SHANGWU_DEPT}")
    assert not hood.units_complete
    assert not (tmp_path / "tables" / "incoming" / f"{SHANGWU_UNIT}.json").exists()


# ---------------------------------------------------------------------------------- upkeep


def test_a_late_unit_re_checks_its_department_and_withdrawing_it_takes_the_result_back(tmp_path) -> None:
    """The department arrives first (nothing to compare), then its unit: the department's report is
    handed back with the comparison made; when the unit is withdrawn, without it."""
    from connectors.storage import LocalStorage
    from expectations.runner import apply_neighbours, validate
    from neighbours.index import StoredIndex
    from neighbours.upkeep import check_upload, withdraw_upload

    index = StoredIndex(LocalStorage(tmp_path))
    reports: dict[str, Report] = {}

    def upload(name: str, stored: float):
        d = doc(name)
        report, republish = check_upload(index, name, d, validate(d), stored=stored, report_key=f"r/{name}",
                                         version="v1", validate=validate, apply_neighbours=apply_neighbours,
                                         read_report=reports.get)
        reports[name] = report
        for r in republish:
            reports[r.source] = r.report
        return report, republish

    def units_checked(name: str) -> int:
        [r] = [r for r in reports[name].to_dict()["results"] if r["rule"] == "neighbour.units"]
        return r["checked"]

    dept_report, republish = upload(SHANGWU_DEPT, 1.0)
    assert republish == [] and units_checked(SHANGWU_DEPT) == 0
    unit_report, republish = upload(SHANGWU_UNIT, 2.0)
    assert [r.source for r in republish] == [SHANGWU_DEPT]
    assert units_checked(SHANGWU_DEPT) > 150 and reports[SHANGWU_DEPT].to_dict()["status"] == "passed"
    assert [n["source"] for n in unit_report.to_dict()["neighbours"]["used_by"]] == [SHANGWU_DEPT]

    republish = withdraw_upload(index, SHANGWU_UNIT, validate=validate, apply_neighbours=apply_neighbours,
                                read_report=reports.get)
    assert [r.source for r in republish] == [SHANGWU_DEPT]
    reports[SHANGWU_DEPT] = republish[0].report
    assert units_checked(SHANGWU_DEPT) == 0
    assert reports[SHANGWU_DEPT].to_dict()["neighbours"]["units"] == [{"name": "商务委本部", "source": None}]


def test_the_second_file_of_a_disclosure_makes_both_files_one_disclosure(tmp_path) -> None:
    from connectors.storage import LocalStorage
    from expectations.runner import apply_neighbours, validate
    from neighbours.index import StoredIndex
    from neighbours.upkeep import check_upload

    index = StoredIndex(LocalStorage(tmp_path))
    reports: dict[str, Report] = {}
    tables = doc(RD19_TABLES)
    first, _ = check_upload(index, RD19_TABLES, tables, validate(tables), stored=1.0, report_key="r/t",
                            version="v1", validate=validate, apply_neighbours=apply_neighbours,
                            read_report=reports.get)
    reports[RD19_TABLES] = first
    assert first.to_dict().get("part") == "表格"
    text = doc(RD19_TEXT)
    second, republish = check_upload(index, RD19_TEXT, text, validate(text), stored=2.0, report_key="r/x",
                                     version="v1", validate=validate, apply_neighbours=apply_neighbours,
                                     read_report=reports.get)
    second = second.to_dict()
    assert "part" not in second and any("合并核对" in n for n in second["neighbours"]["notes"])
    [again] = republish
    assert again.source == RD19_TABLES and "part" not in again.report.to_dict()
    assert again.report.to_dict()["summary"] == second["summary"]  # one disclosure, one set of results


def test_the_review_page_links_the_neighbours_pages_and_names_what_is_missing() -> None:
    from connectors.publish.site.disclosure_page import render_disclosure_page
    from connectors.publish.site.layout import doc_id
    from expectations.runner import validate
    from neighbours.together import validate_together

    sources = [f"incoming/{SIFAJU_DEPT}", f"incoming/{SIFAJU_UNIT}"]
    docs = [doc(SIFAJU_DEPT), doc(SIFAJU_UNIT)]
    dept_report, unit_report = validate_together(list(zip(sources, docs, strict=True)), validate)
    html = render_disclosure_page(docs[0], dept_report, source_name="x", original_href=None, original_text="x",
                                  gx_href=None, validated_at="2026-01-01T00:00:00Z")
    assert f'href="{doc_id(sources[1])}.html"' in html and "所属单位公开" in html
    assert "所属单位尚未上传：普陀区法律援助中心" in html
    html = render_disclosure_page(docs[1], unit_report, source_name="x", original_href=None, original_text="x",
                                  gx_href=None, validated_at="2026-01-01T00:00:00Z")
    assert f'href="{doc_id(sources[0])}.html"' in html and "引用本文件比对的：所属部门公开" in html


@pytest.mark.slow
def test_validate_several_files_checks_them_together_with_one_report_each(tmp_path) -> None:
    """``budgetcheck validate A B C``: a list of reports in the order given; the 说明 file and the
    tables file of one disclosure are checked as one; an unreadable file gets its own report and
    sets the exit code (the worst of the reports)."""
    import json
    import subprocess
    import sys

    text, tables = documents.jiangsu(RD19_TEXT), documents.jiangsu(RD19_TABLES)
    missing = tmp_path / "nowhere.pdf"
    out = tmp_path / "reports.json"
    proc = subprocess.run([sys.executable, "-m", "flows.cli", "validate", str(text), str(tables), str(missing),
                           "--json", str(out)], capture_output=True, text=True)
    assert proc.returncode == 2, proc.stderr[-2000:]
    first, second, third = json.loads(out.read_text(encoding="utf-8"))
    assert third["status"] == "unreadable" and "找不到文件" in third["error"]
    for report, other in ((first, tables), (second, text)):
        assert "part" not in report  # one disclosure, not one part of it
        assert any("合并核对" in n and str(other.resolve()) in n for n in report["neighbours"]["notes"])
        assert report["status"] == "passed"
    assert first["summary"] == second["summary"]
    alone = subprocess.run([sys.executable, "-m", "flows.cli", "validate", str(text)], capture_output=True, text=True)
    assert json.loads(alone.stdout)["part"] == "说明"
