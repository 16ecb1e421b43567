"""``budgetcheck validate PATH`` in a fresh process each, without paying Python's and GX's start each time.

Why: the bad-input corpus is 80-odd files, and a new interpreter that imports GX costs 3–8 s
before it reads a byte, most of the corpus test's time.  Here a pool of a few warm processes
(the CLI, the readers and GX imported, the GX context built) *forks* one child per file: the
child is a process of its own (its exit code, the signal that killed it, its peak memory from
``wait4``, its own stdout and stderr), started in milliseconds.  What the corpus test asserts
about each file is unchanged; only the interpreter's start-up is shared.

The child runs :func:`flows.cli.main` as ``python -m flows.cli`` would, and an exception escaping
it is printed as Python prints it (a ``Traceback``) with exit 1, as the interpreter would.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import signal
import sys
import threading
import traceback
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Run:
    code: int | None  # None: killed after the hang limit
    signal: int | None  # the signal that ended it, if one did
    peak_kb: int
    stdout: str
    stderr: str


def _warm(env_drop_prefix: str) -> None:
    """Pool initializer: the environment as a fresh process would see it, then the imports."""
    for k in [k for k in os.environ if env_drop_prefix and k.startswith(env_drop_prefix)]:
        del os.environ[k]
    os.chdir(ROOT)
    import logging

    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    import connectors.readers  # noqa: F401
    import flows.cli  # noqa: F401
    from expectations.gx_context import get_gx

    get_gx()


def _child(args: list[str], out: str, err: str) -> None:
    """In the forked child: stdout and stderr to files, run the CLI, leave with its exit code."""
    code = 1
    try:
        os.dup2(os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), 1)
        os.dup2(os.open(err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), 2)
        sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8")
        sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8",
                                      line_buffering=True)
        from flows.cli import main

        code = main(args)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # what the interpreter would print for an uncaught exception
        traceback.print_exc()
        code = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _forked(args: list[str], out: str, err: str, hang_seconds: float) -> tuple[int | None, int | None, int]:
    """Fork one child for ``budgetcheck ARGS``; (exit code or None if hung, signal, peak RSS in KB)."""
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        _child(args, out, err)
    hung = threading.Event()

    def kill() -> None:
        hung.set()
        os.kill(pid, signal.SIGKILL)

    timer = threading.Timer(hang_seconds, kill)
    timer.start()
    try:
        _, status, usage = os.wait4(pid, 0)
    finally:
        timer.cancel()
    code = os.waitstatus_to_exitcode(status)
    return (None if hung.is_set() else code), (-code if code < 0 else None), usage.ru_maxrss


def _one(path: str, work: str, hang_seconds: float) -> Run:
    name = Path(path).name
    out, err = Path(work) / f"{name}.out", Path(work) / f"{name}.err"
    code, sig, peak = _forked(["validate", path], str(out), str(err), hang_seconds)
    return Run(code, sig, peak, out.read_text(errors="replace"), err.read_text(errors="replace"))


def validate_each(paths: Iterable[Path], work: Path, *, hang_seconds: float, workers: int = 2,
                  env_drop_prefix: str = "BUDGETCHECK_MAX_") -> dict[str, Run]:
    """``budgetcheck validate`` of each path, each in its own forked process (see the module
    docstring), ``workers`` at a time; by file name.  Variables starting ``env_drop_prefix`` are
    taken out of the environment (the limits' defaults are what is tested)."""
    paths = list(paths)
    ctx = multiprocessing.get_context("spawn")  # a clean process to fork from, not pytest's
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_warm, initargs=(env_drop_prefix,)) as pool:
        runs = pool.map(_one, [str(p) for p in paths], [str(work)] * len(paths), [hang_seconds] * len(paths))
        return {p.name: run for p, run in zip(paths, runs, strict=True)}
