"""Build ``disclosure/reference/code_names_by_year.csv``: subject names as published, by year.

The official catalogues (政府收支分类科目) are not available here, so the reference is what real
disclosures print, with the years each name was seen and the documents it came from:

* the Shanghai lists in ``tests/corpus/reference`` (2023–2026; years from the documents named in
  ``observed_codes_provenance.csv``);
* the Jiangsu provincial 部门预算 2017–2019 in ``tests/corpus/jiangsu``, read with ``pdftotext -layout``
  (an extraction independent of the project's reader): code rows ``2080505  机关事业单位…``.

A name is valid from the first to the last year it was seen.  Run again when documents are added:
``.venv/bin/python scripts/observed_codes.py``.
"""

from __future__ import annotations

import csv
import re
import subprocess
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
OUT = ROOT / "disclosure" / "reference" / "code_names_by_year.csv"
_ROW = re.compile(r"^\s*(\d{3}(?:\d{2}){0,2})\s+([^\d\s,][^\s]*?)\s+[\d,]+\.\d+")
_YEAR = re.compile(r"_(20\d{2})_")
_ECONOMIC = re.compile(r"^3\d\d")


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).replace("(", "（").replace(")", "）")


def _namespace(code: str) -> str:
    return "economic" if _ECONOMIC.match(code) else "function"


def shanghai() -> dict[tuple[str, str, str], set[str]]:
    """(namespace, code, name) → source documents, from the Shanghai observed lists."""
    seen: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    with (CORPUS / "reference" / "observed_codes_provenance.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            seen[(_namespace(row["code"]), row["code"], _norm(row["chosen_name"]))].update(row["docs"].split())
    return seen


def jiangsu() -> dict[tuple[str, str, str], set[str]]:
    seen: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for pdf in sorted((CORPUS / "jiangsu").glob("*.pdf")):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                              text=True).stdout
        for line in text.splitlines():
            m = _ROW.match(line)
            if m:
                seen[(_namespace(m[1]), m[1], _norm(m[2]))].add(pdf.stem)
    return seen


def main() -> int:
    rows = []
    for found in (shanghai(), jiangsu()):
        for (ns, code, name), docs in sorted(found.items()):
            years = sorted({int(m[1]) for d in docs if (m := _YEAR.search(d + "_"))})
            if not years:
                continue
            rows.append({"namespace": ns, "code": code, "name": name, "first_year": years[0],
                         "last_year": years[-1], "source": " ".join(sorted(docs))})
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["namespace", "code", "name", "first_year", "last_year", "source"])
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} names → {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
