"""Amounts too large for int64 (an 18-digit figure) are checked exactly, never a traceback.

The GX metric computes in int64; :func:`expectations.frames.frame_values` decides the rows that do
not fit with Python integers and hands the metric integers with the same outcome.  These tests
compare that outcome with the comparison written out in Python, and run the CLI on the Hebei
sample with one amount made 18 digits long.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure.model import Table
from expectations.custom import KIND_AT_MOST, evaluate_checks
from expectations.frames import INT64_SAFE, Term, checks_frame, tolerance_check
from tests import documents

ROOT = Path(__file__).resolve().parents[1]
TABLE = Table(key="income", title="收入总表", columns=["row", "total"], rows=[], unit="元")


def _check(actual: D, addends: list[D], unit: str = "元", at_most: bool = False):
    return tolerance_check("sum.x", table=TABLE, row=1, code=None, column="total", subject="s",
                           actual=Term(actual, unit), addends=[Term(a, unit) for a in addends],
                           expected_label="e", at_most=at_most)


def _exact(check) -> tuple[bool, bool]:
    """(failed, noted) written out with Decimals, as the module docstring of frames states it."""
    diff = check.actual_yuan - check.expected_yuan
    if check.kind == KIND_AT_MOST:
        failed = diff > check.tolerance_yuan
        return failed, (not failed and diff > 0)
    failed = abs(diff) > check.tolerance_yuan
    return failed, (not failed and diff != 0)


def _outcomes(checks) -> list[tuple[bool, bool]]:
    out = evaluate_checks(checks_frame(checks))["sum.x"]
    return [(i in out["failed"], i in out["within_tolerance"]) for i in range(len(checks))]


def test_eighteen_digit_amounts_are_decided_exactly():
    big = D("123456789012345678.12")
    checks = [
        _check(big, [D("123456789012345670.00"), D("8.12")]),  # equal
        _check(big, [D("123456789012345678.11")]),  # off by one cent: within the ±0.01 tolerance
        _check(big, [D("123456789012345678.10")]),  # off by two cents: failed
        _check(D("999999999999999999"), [D("999999999999999999")], unit="万元"),  # 1e22 元
        _check(D("-999999999999999999"), [D("999999999999999999")], unit="万元"),  # difference 2e22
        _check(D("1.25"), [D("0.5"), D("0.75")]),  # an ordinary row beside them stays as it is
        _check(big, [big + 1], at_most=True),  # a part smaller than its whole
        _check(big + 1, [big], at_most=True),  # a part larger than its whole
    ]
    assert _outcomes(checks) == [_exact(c) for c in checks] == [
        (False, False), (False, True), (True, False), (False, False), (True, False), (False, False),
        (False, False), (True, False)]
    frame = checks_frame(checks)
    assert str(frame["actual"].dtype) == "int64"
    assert list(frame.loc[5, ["actual", "expected", "tolerance"]]) == [1250, 1250, 60]  # scaled (0.001 元), not re-encoded
    assert checks[2].difference == D("0.02")  # the report's figures come from the check, exactly


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(-(10**24), 10**24), st.lists(st.integers(-(10**24), 10**24), max_size=3),
                          st.integers(0, 3), st.booleans()), min_size=1, max_size=6))
def test_any_size_gives_the_exact_outcome(rows):
    checks = [_check(D(a).scaleb(-places), [D(x).scaleb(-places) for x in adds], at_most=most)
              for a, adds, places, most in rows]
    assert _outcomes(checks) == [_exact(c) for c in checks]


def test_values_near_the_int64_edge_are_kept_or_re_encoded_never_wrapped():
    edge = D(INT64_SAFE - 1)
    checks = [_check(edge, [-edge]), _check(edge, [edge]), _check(-edge, [edge], at_most=True)]
    assert _outcomes(checks) == [_exact(c) for c in checks] == [(True, False), (False, False), (False, False)]


@pytest.mark.slow  # a CLI process
def test_cli_validate_reports_an_eighteen_digit_amount(tmp_path):
    text = documents.SAMPLE.read_text(encoding="utf-8")
    assert "一般公共预算拨款收入 2591.22" in text
    path = tmp_path / "huge.txt"
    path.write_text(text.replace("一般公共预算拨款收入 2591.22", "一般公共预算拨款收入 123456789012345678.12", 1),
                    encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "flows.cli", "validate", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode == 1  # failed: a correct report of a wrong figure
    report = json.loads(proc.stdout)
    messages = [f["message"] for r in report["results"] for f in r["failures"]]
    assert any("123,456,789,012,345,678.12" in m and "-123456789012343086.9" in m for m in messages), messages
