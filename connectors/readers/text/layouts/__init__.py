"""Text layouts, in the order they are tried: each module has ``detect(pages)`` and ``read(pages, source, fmt)``.

A new province's extracted-text layout is one module here and one entry in :data:`LAYOUTS`.
``pages`` is ``[(page number, page text), …]`` (plain text is split into pages at form feeds).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from disclosure.model import Disclosure

from . import hebei, shanghai_pages

Pages = list[tuple[int, str]]


@dataclass(frozen=True)
class Layout:
    name: str
    detect: Callable[[Pages], bool]
    read: Callable[[Pages, str, str], Disclosure]


LAYOUTS: tuple[Layout, ...] = (
    Layout("hebei", hebei.detect, hebei.read),  # department line under every title: the most specific
    Layout("shanghai_pages", shanghai_pages.detect, shanghai_pages.read),
)


def layout_for(pages: Pages) -> Layout | None:
    """The first layout that recognises the pages, else ``None``."""
    return next((layout for layout in LAYOUTS if layout.detect(pages)), None)
