"""Where the tests' real documents are: the one way of locating fixtures.

Everything a test reads lives in this repository under ``tests/corpus/`` (copied unchanged from
the team's shared corpus, each file with its ``.source.txt`` provenance sidecar), so a clone on a
fresh machine with nothing beside it runs the whole suite:

* ``real/``     Shanghai disclosures (PDF, page JSON), templates, reviewers' check sheets
* ``jiangsu/``  Jiangsu provincial 部门预算 2017–2019 (another province's layout)
* ``samples/``  the Hebei extracted-text sample (曲阳县人社局 2022)
* ``reference/`` observed classification codes with their sources
"""

from __future__ import annotations

from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"
REAL = CORPUS / "real"
JIANGSU = CORPUS / "jiangsu"
SAMPLE = CORPUS / "samples" / "quyang-hrss-2022-budget.txt"
PAGES_JSON = REAL / "shanghai-putuo_shiquanlu-jiedao-benji_2026_yusuan-unit.pages.json"


def real(name: str) -> Path:
    """A document of the Shanghai corpus by file name; fails loudly when it is not there."""
    return _existing(REAL / name)


def jiangsu(name: str) -> Path:
    """A document of the Jiangsu corpus by file name."""
    return _existing(JIANGSU / name)


def real_pdfs() -> list[Path]:
    """The real Shanghai PDFs (no templates, not the altered MODIFIED_ copy)."""
    return sorted(p for p in REAL.glob("*.pdf") if not p.name.startswith(("TEMPLATE_", "MODIFIED_")))


def jiangsu_pdfs() -> list[Path]:
    return sorted(JIANGSU.glob("*.pdf"))


def _existing(path: Path) -> Path:
    if not path.exists():
        raise FileNotFoundError(f"test document missing from tests/corpus: {path.name}")
    return path
