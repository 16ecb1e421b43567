#!/usr/bin/env python3
"""Write the bad-input corpus (tests/corpus/bad/), or its large cases into a folder.

    .venv/bin/python scripts/make_bad_corpus.py                 # the committed files
    .venv/bin/python scripts/make_bad_corpus.py --large DIR     # the large ones (the test makes these itself)

What each file is and what `budgetcheck validate` must say about it: tests/bad_corpus.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.bad_corpus import BAD, write_corpus  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--large", metavar="DIR", help="write the large cases into DIR instead")
    args = ap.parse_args()
    if args.large:
        paths = write_corpus(Path(args.large), large=True)
    else:
        for old in BAD.glob("*"):
            old.unlink()
        paths = write_corpus(BAD)
    total = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} files, {total / 1e6:.1f} MB in {paths[0].parent if paths else '-'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
