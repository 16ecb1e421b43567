"""A cold ``budgetcheck validate`` pays only for what it runs (issue 19): GX's unused heavy imports
are deferred, and one-shot commands leave without the interpreter's teardown, output intact."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "quyang-hrss-2022-budget.txt"


def _python(code: str) -> str:
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_checking_does_not_load_scipy_stats_or_altair():
    out = _python("import sys, expectations.runner, great_expectations\n"
                  "print(type(sys.modules['scipy.stats']).__name__, type(sys.modules['altair']).__name__)")
    assert out == "_Deferred _Deferred"


def test_a_deferred_module_is_the_real_module_on_first_use():
    out = _python("import sys\n"
                  "from expectations.lazy_imports import defer\n"
                  "assert 'colorsys' not in sys.modules\n"
                  "print(defer(('colorsys', 'no_such_module_here', 'sys')))\n"
                  "import colorsys\n"
                  "from colorsys import rgb_to_hsv\n"
                  "print(colorsys.hls_to_rgb(0, 0.5, 0), rgb_to_hsv(1, 0, 0), type(sys.modules['colorsys']).__name__)")
    first, second = out.splitlines()
    assert first == "['colorsys']"  # missing and already-imported modules are left alone
    assert second == "(0.5, 0.5, 0.5) (0.0, 1.0, 1) module"


def test_quick_exit_keeps_the_report_and_the_exit_code(tmp_path):
    out = tmp_path / "report.json"
    proc = subprocess.run([sys.executable, "-m", "flows.cli", "validate", str(SAMPLE), "--json", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["status"] in {"passed", "failed", "partial"} and written["summary"]["rules"] > 0
    printed = subprocess.run([sys.executable, "-m", "flows.cli", "validate", str(SAMPLE)], cwd=ROOT,
                             capture_output=True, text=True, timeout=300)
    assert json.loads(printed.stdout)["summary"] == written["summary"]  # stdout flushed before the exit

    from flows.cli import main

    again = tmp_path / "again.json"
    code = main(["validate", str(SAMPLE), "--json", str(again)])
    assert code == proc.returncode
    assert json.loads(again.read_text(encoding="utf-8"))["summary"] == written["summary"]

    usage = subprocess.run([sys.executable, "-m", "flows.cli", "validate"], cwd=ROOT, capture_output=True,
                           text=True, timeout=120)
    assert usage.returncode == 2 and "usage" in usage.stderr
