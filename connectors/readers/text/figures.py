"""Figures in extracted text with invisible characters or typeset spaces inside (issue 17, item 3).

Text splits into cells at ordinary spaces, so a figure printed ``2 591.22`` with a thin space, or
``2591.22`` with a zero-width space inside, reaches the layouts as two figures or as a word: its
cell ends up blank and no one is told.  Before the layouts see the text, every such figure is
read by :func:`disclosure.amounts.read_figure`: when it is unambiguous it is rewritten as plain
digits and a warning names the line; when it is not, it is made a word the layouts do not take for
a figure (its digits kept, the characters shown as ▯ and ␣) and a warning names the line and says
it was not read.  Never a silent blank.

Only text that holds such a character is looked at, line by line, so a large text without any costs
one scan.
"""

from __future__ import annotations

from disclosure.amounts import FIGURE_RUN_RE, INVISIBLE, SPECIAL_RE, figure_warning, read_figure


def repair_figures(text: str, where: str = "") -> tuple[str, list[str]]:
    """``text`` with its figures repaired, and one warning per figure touched (``where`` is put
    before the line number: ``第 3 页``)."""
    if not SPECIAL_RE.search(text):
        return text, []
    warnings: list[str] = []
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if SPECIAL_RE.search(line):
            lines[n] = _repair_line(line, f"{where}第 {n + 1} 行", warnings)
    return "\n".join(lines), warnings


def _repair_line(line: str, where: str, warnings: list[str]) -> str:
    out: list[str] = []
    pos = 0
    for m in FIGURE_RUN_RE.finditer(line):
        figure = read_figure(m.group(0))
        if figure is None:
            continue
        out.append(line[pos:m.start()])
        if figure.how == "unclear":
            out.append("".join("▯" if ch in INVISIBLE else "␣" if SPECIAL_RE.match(ch) else ch for ch in m.group(0)))
        else:
            out.append(figure.text or "")
        if figure.how != "separate":  # figures only set apart by such a space: no amount was touched
            warnings.append(figure_warning(where, m.group(0), figure))
        pos = m.end()
    out.append(line[pos:])
    return "".join(out)
