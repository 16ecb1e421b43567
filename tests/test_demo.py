"""`budgetcheck demo` as a user runs it: a fresh process, a fresh Prefect home, no network."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_demo_exits_0_and_prints_the_summary(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PREFECT_", "BUDGETCHECK_", "AWS_"))}  # as on a fresh machine
    cmd = [sys.executable, "-m", "flows.cli", "demo", "--workdir", str(tmp_path / "demo")]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    out = proc.stdout
    bucket = tmp_path / "demo" / "bucket"
    for header in ("部门", "状态", "错误", "警告"):
        assert header in out
    assert "曲阳县人力资源和社会保障局" in out and "上海市普陀区司法局" in out
    assert f"审核网站：{bucket / 'docs' / 'index.html'}" in out
    reports = sorted(p.relative_to(bucket / "results").as_posix() for p in (bucket / "results").rglob("*.json"))
    assert reports == ["hebei/2022/quyang-hrss-2022-budget.txt.json",
                       "shanghai/shanghai-city_caizhengju_2025_yusuan-unit.pdf.json",
                       "shanghai/shanghai-putuo_sifaju_2026_yusuan-unit.pdf.json",
                       "shanghai/shanghai-putuo_wanli-jiedao_2025_yusuan-dept.pdf.json"]
    assert (tmp_path / "demo" / "prefect").is_dir()  # Prefect's state stayed in the workdir

    # run again: the ledger knows every version, nothing is validated twice, same table
    stamps = {p: p.stat().st_mtime_ns for p in (bucket / "results").rglob("*.json")}
    again = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr[-3000:]
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps
    assert again.stdout.split("\n\n", 1)[1] == out.split("\n\n", 1)[1]
