"""Invisible characters and typeset spaces inside a figure (issue 17, item 3): read when unambiguous
and named, named and not read when not; never a silent blank.  (The whole documents are in the
bad-input corpus: ``sample-*-in-amount.txt``, ``xlsx-*-in-amount.xlsx``.)"""

from __future__ import annotations

import pytest

from connectors.readers.text.figures import repair_figures
from disclosure.amounts import FIGURE_RUN_RE, read_figure


@pytest.mark.parametrize("printed, how, text", [
    ("2\u200b591.22", "stripped", "2591.22"),       # zero-width space
    ("2\u00ad591.22", "stripped", "2591.22"),       # soft hyphen between digits
    ("2591.22\ufeff", "stripped", "2591.22"),       # a BOM glued to the end
    ("2\u2009591.22", "grouped", "2591.22"),        # thin space as thousands separator
    ("12\u202f345\u202f678.00", "grouped", "12345678.00"),
    ("2\u00a0591", "grouped", "2591"),
    ("1591.22\u00a0200.00", "separate", "1591.22 200.00"),  # two figures set apart: no amount touched
    ("25\u00a091.22", "unclear", None),             # 25 and 91.22, or 2591.22?
    ("\u00ad591.22", "unclear", None),              # a soft hyphen where a minus may have been
    ("2\u2009591\u200922", "unclear", None),
])
def test_what_a_figure_with_invisible_characters_is(printed, how, text):
    [run] = FIGURE_RUN_RE.findall(printed)
    figure = read_figure(run)
    assert figure is not None and (figure.how, figure.text) == (how, text)


def test_plain_figures_are_left_alone():
    assert read_figure("2591.22") is None
    assert repair_figures("合计 2591.22 15.06\n") == ("合计 2591.22 15.06\n", [])


def test_text_lines_are_repaired_and_each_figure_named_by_its_line():
    text, said = repair_figures("标题\n合计 2\u200b591.22 1\u2009234.00\n其他 25\u00a091.22 3\n")
    assert text.splitlines()[1] == "合计 2591.22 1234.00"
    assert text.splitlines()[2] == "其他 25␣91.22 3"  # not a figure any more: the layouts do not take it
    assert len(said) == 3 and said[0].startswith("第 2 行的金额“2▯591.22”") and "第 3 行" in said[2]
    assert "未读取该金额" in said[2]
