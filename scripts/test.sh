#!/usr/bin/env bash
# The test command (README): sets up what it needs, then runs the tests on every core (pytest-xdist,
# one worker per core; each test module runs whole on one worker, so its module fixtures are made
# once; the longest modules start first: tests/scheduling.py).
#   scripts/test.sh            the whole suite (what CI runs: .ci/run)
#   scripts/test.sh --fast     the fast tier: the unit tests, not those marked slow (no LibreOffice,
#                              Chromium, Prefect server, service runs or CLI process batches)
# Anything else is passed to pytest (a file, -k EXPR; -n 0 runs in this one process).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
export PREFECT_SERVER_ANALYTICS_ENABLED=false
tier=()
if [ "${1:-}" = "--fast" ]; then
  shift
  tier=(-m "not slow")
fi
exec .venv/bin/python -m pytest -q -p no:cacheprovider -n "${BUDGETCHECK_TEST_WORKERS:-auto}" --dist loadfile \
  --no-loadscope-reorder \
  "${tier[@]}" "$@"
