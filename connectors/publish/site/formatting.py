"""Turning report values into the text a reviewer reads, and links into ones that are safe.

Amounts arrive as exact Decimals (from the reader) or as JSON numbers (from a stored report);
both are shown with thousands separators and exactly the printed decimals, never through a float.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit


def as_decimal(value: Any) -> Decimal | None:
    """An exact Decimal for a number-like value; ``None`` for anything else."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))  # the shortest repr is what the JSON said
    if isinstance(value, str):
        try:
            return Decimal(value.replace(",", "").strip())
        except InvalidOperation:
            return None
    return None


def amount(value: Any) -> str:
    """``Decimal('2591.22')`` → ``2,591.22``; text stays text; empty stays empty."""
    d = as_decimal(value)
    if d is None:
        return "" if value is None else str(value)
    return format(d, ",f")


def signed(value: Any) -> str:
    """A difference with its sign always shown (``+0.09``, ``-1.00``)."""
    d = as_decimal(value)
    if d is None:
        return "" if value is None else str(value)
    text = format(d, ",f")
    return text if text.startswith("-") else "+" + text


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def safe_href(url: str | None) -> str | None:
    """The URL when a browser may follow it from our pages: http(s) or a relative path.

    Everything else (``javascript:``, ``data:``, ``vbscript:``, protocol-relative ``//host``,
    ``file:``, ``s3:``) gives ``None`` and is shown as plain text. Control characters and
    whitespace that browsers strip before parsing a scheme are refused too.
    """
    if not url or not isinstance(url, str):
        return None
    if any(ord(ch) < 0x21 or ord(ch) == 0x7F for ch in url.strip()) or "\\" in url:
        return None
    url = url.strip()
    if url.startswith("//"):
        return None
    if _SCHEME.match(url):
        parts = urlsplit(url)
        return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None
    return url
