"""Every file of the bad-input corpus through ``budgetcheck validate``, each in its own process.

The processes are forked from one pool of warm ones (``tests/forkrun.py``): each file still has a
process of its own (exit code, signal, peak memory, output), without 80 interpreters importing GX.

For each (``tests/bad_corpus.py`` says what it is and what must come out): exit 2 with a Chinese
sentence naming the problem and an ``unreadable`` report, or exit 0/1 with a correct report (the
unreadable cells named in its warnings); never a traceback, a hang (each run is killed after
:data:`HANG_SECONDS` and that fails the case), a crash (death by a signal), or more than 1 GB of
memory (the child's peak resident size, from ``wait4``'s resource usage).

The committed files are checked against the generator's list, so none goes unchecked; the large
cases (a 1.5 GB PDF stream, a 4 GB zip bomb, a million-row sheet, a file over 64 MB) are made in
the test's folder by the same generator.
"""

from __future__ import annotations

import json
import re
import signal
from pathlib import Path

import pytest

from tests.bad_corpus import BAD, CASES, Case, write_corpus
from tests.forkrun import Run, validate_each

HANG_SECONDS = 300
MEMORY_LIMIT_KB = 1024 * 1024  # 1 GB
COMMITTED = [c for c in CASES if not c.large]
LARGE = [c for c in CASES if c.large]
CJK = re.compile(r"[\u4e00-\u9fff]")

#: The first case of each group bears its fixture, which runs the whole group (~90 processes, two
#: at a time): on a loaded two-core machine that is more than the suite's 900 s per test.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(2400)]


def run_all(cases: list[Case], folder: Path, work: Path) -> dict[str, Run]:
    """Each case through ``budgetcheck validate`` in a process of its own, forked from two warm
    processes (two at a time: the machine has two cores; see tests/forkrun.py)."""
    return validate_each([folder / c.name for c in cases], work, hang_seconds=HANG_SECONDS, workers=2)


def check(case: Case, run: Run) -> None:
    assert run.code is not None, f"{case.name}: still running after {HANG_SECONDS} s"
    assert run.signal is None, f"{case.name}: killed by signal {signal.Signals(run.signal).name}"
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert run.peak_kb < MEMORY_LIMIT_KB, f"{case.name}: peak {run.peak_kb / 1024:.0f} MB"
    assert run.code in case.codes, f"{case.name}: exit {run.code}, expected {case.codes}: {run.stdout[-1500:]}"
    report = json.loads(run.stdout)
    if run.code == 2:
        error = report["error"]
        assert report["status"] == "unreadable" and report["results"] == []
        assert CJK.search(error) and error.endswith("。"), error
        assert case.phrase in error, f"{case.name}: {error}"
    else:
        assert report["status"] == ("passed" if run.code == 0 else "failed")
        assert report["summary"]["rules"] > 0 and report["department"]
        said = report.get("warnings", []) + [f["message"] for r in report["results"] for f in r["failures"]]
        assert not case.phrase or any(case.phrase in s for s in said), f"{case.name}: {said[:5]}"
    if case.absent:
        assert case.absent not in run.stdout and case.absent not in run.stderr


def test_the_committed_corpus_is_the_generated_one():
    """Nothing in tests/corpus/bad goes unchecked, and there are at least 60 files."""
    assert sorted(p.name for p in BAD.iterdir()) == sorted(c.name for c in COMMITTED)
    assert len(COMMITTED) >= 60


@pytest.fixture(scope="module")
def committed_runs(tmp_path_factory) -> dict[str, Run]:
    return run_all(COMMITTED, BAD, tmp_path_factory.mktemp("bad-runs"))


@pytest.mark.parametrize("case", COMMITTED, ids=lambda c: c.name)
def test_bad_input(case: Case, committed_runs: dict[str, Run]) -> None:
    check(case, committed_runs[case.name])


@pytest.fixture(scope="module")
def large_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad-large")
    write_corpus(folder, large=True)
    yield folder
    for p in folder.iterdir():  # up to 64 MB each: do not keep them
        p.unlink()


@pytest.fixture(scope="module")
def large_runs(large_folder, tmp_path_factory) -> dict[str, Run]:
    return run_all(LARGE, large_folder, tmp_path_factory.mktemp("bad-large-runs"))


@pytest.mark.parametrize("case", LARGE, ids=lambda c: c.name)
def test_large_bad_input(case: Case, large_runs: dict[str, Run]) -> None:
    check(case, large_runs[case.name])


def test_the_hostile_cases_are_what_they_claim(large_folder):
    """Guard the generator: the zip bomb really declares gigabytes, the sheet really has a million
    rows, the PDF streams really inflate to what their names say."""
    import zipfile

    from connectors.readers.limits import inflated_pdf_streams, used_range

    bomb = zipfile.ZipFile(large_folder / "large-xlsx-zip-bomb-4gb.xlsx")
    assert sum(i.file_size for i in bomb.infolist()) > 4 * 1024**3
    assert (large_folder / "large-xlsx-zip-bomb-4gb.xlsx").stat().st_size < 10 * 1024**2
    rows = zipfile.ZipFile(large_folder / "large-xlsx-1048576-rows.xlsx").read("xl/worksheets/sheet1.xml")
    assert used_range(rows) == (1_048_576, 2)
    big = (large_folder / "large-pdf-flate-bomb-1500mb.pdf").read_bytes()
    assert inflated_pdf_streams(big, 2 * 1024**3) > 1500 * 1024**2
    assert (BAD / "pdf-double-flate-bomb-2gb.pdf").stat().st_size < 100_000
    assert inflated_pdf_streams((BAD / "pdf-double-flate-bomb-2gb.pdf").read_bytes(), 3 * 1024**3) >= 2048 * 1024**2
