"""The 说明 as printed, with each sentence a finding quotes marked in place (issue 11).

A narrative finding carries ``quote``: its sentence with the whitespace removed (wrapped lines and
letter-spaced PDF text re-joined).  To mark it in the text as shown (line breaks kept), the quote is
found in the text with its whitespace removed, and its ends are mapped back.  Several findings on
the same sentence share one mark (the strongest kind colours it); a quote not found in the 说明 (a
table title, say) is simply not marked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_ORDER = {"error": 0, "warning": 1, "note": 2}


@dataclass
class Segment:
    """A run of the 说明: plain text, or a quoted sentence with the findings on it."""

    text: str
    kind: str | None = None  # error / warning / note for a marked sentence
    id: str = ""
    titles: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return "\n\n".join(self.titles)


def anchor_of(index: int) -> str:
    return f"q-{index}"


def mark_quotes(narrative: str, quotes: list[tuple[str, str, str]]) -> tuple[list[Segment], dict[str, str]]:
    """The 说明 cut into segments, each quoted sentence marked; and each quote's anchor id.

    ``quotes``: (quote, kind, title) per finding.  Returns the segments in order and a map from a
    quote to the id of its mark (for links from the list of findings)."""
    positions, squeezed = [], []
    for i, ch in enumerate(narrative):
        if not ch.isspace():
            positions.append(i)
            squeezed.append(ch)
    flat = "".join(squeezed)
    spans: dict[tuple[int, int], tuple[str, list[str]]] = {}
    for quote, kind, title in quotes:
        at = flat.find(quote) if quote else -1
        if at == -1:
            continue
        key = (positions[at], positions[at + len(quote) - 1] + 1)
        old = spans.get(key)
        if old is None:
            spans[key] = (kind, [title])
        else:
            spans[key] = (min(old[0], kind, key=lambda k: _ORDER.get(k, 9)), [*old[1], title])
    segments: list[Segment] = []
    anchors: dict[str, str] = {}
    cursor = 0
    for n, ((start, end), (kind, titles)) in enumerate(sorted(spans.items())):
        if start < cursor:
            continue  # overlaps a sentence already marked: the first mark stands
        if start > cursor:
            segments.append(Segment(narrative[cursor:start]))
        segments.append(Segment(narrative[start:end], kind, anchor_of(n), titles))
        anchors["".join(narrative[start:end].split())] = anchor_of(n)
        cursor = end
    if cursor < len(narrative):
        segments.append(Segment(narrative[cursor:]))
    return segments, anchors


def quotes_of(results: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(quote, kind, title) of every failure and note that quotes a sentence of the 说明."""
    out = []
    for res in results:
        for key, kind in (("failures", None), ("unconfirmed", "note"), ("notes", "note")):
            if key == "failures" and res.get("passed"):
                continue
            for f in res.get(key) or []:
                if isinstance(f, dict) and f.get("quote"):
                    k = kind or ("warning" if res.get("severity") == "warning" else "error")
                    out.append((str(f["quote"]), k, f"{res.get('rule', '')}：{f.get('message', '')}"))
    return out
