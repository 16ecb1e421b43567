#!/usr/bin/env bash
# The test command (README): sets up what it needs, then runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
export PREFECT_SERVER_ANALYTICS_ENABLED=false
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
