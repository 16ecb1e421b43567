"""Issue 11 on the review page: a finding about the 说明 quotes its sentence, names its page, links to
the sentence, and the sentence is marked (highlighted) where it is printed in the 说明."""

from __future__ import annotations

import re
from html import unescape

from connectors.publish.site.disclosure_page import render_disclosure_page
from connectors.publish.site.narrative_marks import mark_quotes
from disclosure.report import Report
from tests.narrative_documents import ORIGINAL, read, report


def _page(path) -> str:
    return render_disclosure_page(read(path), Report.from_dict(report(path)), source_name=path.name, original_href=None,
                                  original_text=path.name, gx_href=None, validated_at="2026-01-01T00:00:00Z")


def test_a_quoted_sentence_is_marked_in_the_narrative_and_linked_from_its_finding():
    html = _page(ORIGINAL)
    marks = re.findall(r'<mark id="(q-\d+)" class="quote quote-(\w+)" title="([^"]*)">(.*?)</mark>', html, re.S)
    by_text = {"".join(unescape(text).split()): (mid, kind, unescape(title)) for mid, kind, title, text in marks}
    sentence = "上海市普陀区财政局2024年度财政拨款收入支出总计0.3万元。"
    assert sentence in by_text, list(by_text)
    mid, kind, title = by_text[sentence]
    assert kind == "error" and "cross.narrative.total" in title and "2,961.68万元" in title
    # the finding's row links to the mark and shows the page and the sentence
    assert f'<a class="quote-link" href="#{mid}">第21页：{sentence}</a>' in html
    assert '<details class="narrative" id="narrative" open>' in html  # opened: there is something to see


def test_marks_follow_the_printed_line_breaks_and_several_findings_share_one_mark():
    narrative = "一、收入\n本年收入合计\n2946.25万元。其他。"
    segments, anchors = mark_quotes(narrative, [("本年收入合计2946.25万元。", "warning", "a"),
                                                ("本年收入合计2946.25万元。", "error", "b"),
                                                ("不在说明中。", "error", "c")])
    marked = [s for s in segments if s.kind]
    assert len(marked) == 1 and marked[0].text == "本年收入合计\n2946.25万元。"
    assert marked[0].kind == "error" and marked[0].title == "a\n\nb"
    assert "".join(s.text for s in segments) == narrative
    assert anchors == {"本年收入合计2946.25万元。": marked[0].id}
