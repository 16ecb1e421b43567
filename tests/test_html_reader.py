"""A saved web page holding the disclosure is read as the text it shows (issue 17, item 4); the whole
document is the bad-input corpus case ``sample-as-web-page.pdf``."""

from __future__ import annotations

from connectors.readers import read_document
from connectors.readers.html import html_to_text, looks_like_html
from connectors.readers.sniff import sniff
from tests.bad_corpus import sample_as_web_page


def test_markup_scripts_and_styles_go_rows_stay_rows():
    page = ("<!doctype html><html><head><title>t</title><style>p{}</style></head><body>"
            "<script>var x = '<p>no</p>';</script><h3>部门预算收支总表</h3><p>单位：万元&nbsp;</p>"
            "<table><tr><th>序号</th><th>项目<br/>名称</th></tr><tr><td>1</td><td> 一、一般公共预算拨款收入 </td>"
            "<td>2591.22</td></tr></table><pre>a  b\nc</pre>说明：A&amp;B<br>下一行</body></html>")
    assert html_to_text(page).splitlines() == ["部门预算收支总表", "单位：万元", "序号 项目名称",
                                               "1 一、一般公共预算拨款收入 2591.22", "a  b", "c", "说明：A&B", "下一行"]


def test_a_web_page_named_pdf_is_read_with_its_first_table():
    data = sample_as_web_page()
    assert looks_like_html(data.decode()) and sniff(data) == "html"
    doc = read_document(data, "x.pdf")
    assert doc.format == "html" and "summary" in doc.tables
    assert doc.tables["summary"].title == "部门预算收支总表"
    assert doc.department.name == "曲阳县人力资源和社会保障局"
