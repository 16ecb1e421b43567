"""One place per word (issue 16): a regular expression with a Chinese literal lives in the vocabulary.

The printed words every reader and rule recognises are in :mod:`disclosure.vocabulary`, one module per
kind of word (titles, headers, rows, layout, narrative, names, meta, …).  A ``re.compile("…中文…")``
anywhere else in the source is a second place for a word: this test finds it.  A few patterns may stay
where they are, each listed in ALLOWED with the reason.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Folders that are not the source: tests, benchmarks, scripts, the virtualenv, run state.
SKIPPED = frozenset({".venv", "tests", "var", "bench", "scripts"})
#: ``re.compile(`` then a string literal (raw or not, on the same or the next line) holding a CJK character.
CHINESE_REGEX = re.compile(r're\.compile\(\s*r?["\'][^"\']*[\u4e00-\u9fff]')

#: Patterns with a Chinese literal allowed outside ``disclosure/vocabulary/``: file → how many, each with
#: its reason.  Empty: every such pattern has moved into the vocabulary.
ALLOWED: dict[str, tuple[int, str]] = {}


def chinese_regexes(text: str) -> int:
    """How many ``re.compile`` calls with a Chinese literal a module's text holds."""
    return len(CHINESE_REGEX.findall(text))


def found_outside_vocabulary() -> dict[str, int]:
    found = {}
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if SKIPPED & set(rel.parts) or "vocabulary" in rel.parts:
            continue
        n = chinese_regexes(path.read_text(encoding="utf-8", errors="replace"))
        if n:
            found[rel.as_posix()] = n
    return found


def test_detector_finds_chinese_literal_regexes():
    sample = (
        'A = re.compile(r"^合计$")\n'
        "B = re.compile('单位')\n"
        'C = re.compile(\n    r"(?:与|和)上年"\n)\n'
        'D = re.compile(r"^\\d+$")\n'  # no Chinese: not counted
        'E = "re.compile" + "合计"\n'  # not a call with a literal: not counted
    )
    assert chinese_regexes(sample) == 3


def test_allowed_list_is_short_and_explained():
    assert sum(n for n, _ in ALLOWED.values()) <= 10
    assert all(reason.strip() for _, reason in ALLOWED.values())


def test_chinese_regexes_live_in_the_vocabulary():
    found = found_outside_vocabulary()
    extra = {f: n for f, n in found.items() if n > ALLOWED.get(f, (0, ""))[0]}
    assert not extra, (
        f"regular expressions with Chinese literals outside disclosure/vocabulary/: {extra}; move them into "
        "the vocabulary module they belong to (titles, headers, rows, layout, narrative, names, meta …)")
    stale = {f: (n, found.get(f, 0)) for f, (n, _) in ALLOWED.items() if found.get(f, 0) < n}
    assert not stale, f"ALLOWED lists more than remains (allowed, found): {stale}; shrink it"
