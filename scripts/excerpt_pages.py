"""Copy pages of a real disclosure into the repository's test corpus, with their provenance.

Usage::

    .venv/bin/python scripts/excerpt_pages.py SOURCE.pdf PAGES OUT.pdf [--why TEXT]

``PAGES`` is a list of 1-based pages and ranges (``3-13``, ``10,16,18,22``).  The pages are copied
unchanged (pypdfium2 imports them with their fonts and text layer, nothing re-rendered), and
``OUT.source.txt`` records where they come from (file, pages, sha256 of the source) and why they
are kept: the repository stands on its own, so the tests read these excerpts, never the corpus beside it.
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path


def page_list(spec: str) -> list[int]:
    out: list[int] = []
    for part in spec.split(","):
        if "-" in part:
            a, b = part.split("-")
            out.extend(range(int(a), int(b) + 1))
        else:
            out.append(int(part))
    return out


def excerpt(source: Path, pages: list[int], out: Path, why: str = "") -> None:
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(source))
    new = pdfium.PdfDocument.new()
    new.import_pages(src, [p - 1 for p in pages])
    out.parent.mkdir(parents=True, exist_ok=True)
    new.save(str(out))
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    shown = "/".join(source.parts[-3:])
    out.with_suffix(".source.txt").write_text(
        f"excerpt of: {shown}\npages: {','.join(map(str, pages))} (1-based, in the source)\n"
        f"source sha256: {digest}\nwhy: {why}\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", type=Path)
    ap.add_argument("pages")
    ap.add_argument("out", type=Path)
    ap.add_argument("--why", default="")
    args = ap.parse_args(argv)
    excerpt(args.source, page_list(args.pages), args.out, args.why)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
