"""Department names as printed, made comparable across documents, and how sure a match is.

Two disclosures pair only when their publisher is the same body.  Names are printed in variants:
full-width or half-width brackets and spaces, ``（本级）`` / ``（本部）`` / ``（部门）`` after the name of
the body itself, ``中国共产党`` spelled out or as ``中共``, and the region before the name present or
left out (``普陀区司法局`` in the text, ``上海市普陀区司法局`` on the cover).  Everything else is
identity: ``上海市财政局`` (the city's) and ``上海市普陀区财政局`` (a district's) are different
bodies, so a region is never stripped from both names; it may only be *missing* from one of them.

A match is ``sure`` when the normalised names are equal, ``region`` when one name is the other with
a region in front (sure only when it is the one candidate so), and anything else is no match: a
short name (简称) that is not the full name with words left out in front is not guessed at.
"""

from __future__ import annotations

import re
import unicodedata
from enum import Enum

from disclosure.vocabulary import OWN_PART_RE, PLACEHOLDER_NAME_RE, REGION_PREFIX_RE, SAME_NAME_WORDS

_SPACES_RE = re.compile(r"\s+")


class Match(Enum):
    """How two names relate."""

    SURE = "sure"  # the same name once normalised
    REGION = "region"  # one is the other with a region in front: the same body if it is the only one
    NONE = "none"


def normalise(name: str | None) -> str:
    """The name with printing variants removed: NFKC, no spaces, own-part brackets dropped."""
    if not name:
        return ""
    text = _SPACES_RE.sub("", unicodedata.normalize("NFKC", name))
    text = text.replace("(", "（").replace(")", "）")
    for long, short in SAME_NAME_WORDS:
        text = text.replace(long, short)
    while True:
        stripped = OWN_PART_RE.sub("", text)
        if stripped == text:
            return text
        text = stripped


def is_placeholder(name: str | None) -> bool:
    """A template's publisher (``上海市XX局``): a blank form, not a body."""
    return bool(name and PLACEHOLDER_NAME_RE.search(unicodedata.normalize("NFKC", name).upper()))


def core(name: str | None) -> str:
    """The name with every leading region removed: the bucket a name is looked up in.  Both
    ``上海市普陀区司法局`` and ``普陀区司法局`` fall in ``司法局``; the bucket is only where to look,
    :func:`match` decides."""
    text = normalise(name)
    while True:
        m = REGION_PREFIX_RE.match(text)
        if not m or m.end() == len(text):
            return text
        text = text[m.end():]


def _region_prefix(longer: str, shorter: str) -> bool:
    """``longer`` is ``shorter`` with one or more whole regions in front."""
    if not shorter or not longer.endswith(shorter) or len(longer) == len(shorter):
        return False
    head = longer[: len(longer) - len(shorter)]
    while head:
        m = REGION_PREFIX_RE.match(head)
        if not m:
            return False
        head = head[m.end():]
    return True


def match(a: str | None, b: str | None) -> Match:
    """How sure it is that names ``a`` and ``b`` are the same body."""
    na, nb = normalise(a), normalise(b)
    if not na or not nb or is_placeholder(na) or is_placeholder(nb):
        return Match.NONE
    if na == nb:
        return Match.SURE
    if _region_prefix(na, nb) or _region_prefix(nb, na):
        return Match.REGION
    return Match.NONE
