#!/usr/bin/env bash
# Sets up everything budgetcheck needs on a fresh Debian machine: system packages (poppler for
# checking PDFs, LibreOffice + CJK fonts for making real test documents, Chromium for the review
# site's browser tests), a virtualenv in .venv, and the Python packages.  Idempotent and quiet
# when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
[ -d /usr/share/fonts/opentype/noto ] || need+=(fonts-noto-cjk)
[ -d /usr/share/fonts/truetype/wqy ] || need+=(fonts-wqy-zenhei)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# Local copies of the scripts GX Data Docs load from CDNs, so the review site works offline.
[ -f /usr/share/javascript/jquery/jquery.min.js ] || need+=(libjs-jquery)
[ -d /usr/share/javascript/bootstrap4 ] || need+=(libjs-bootstrap4)
[ -d /usr/share/javascript/popper.js ] || need+=(libjs-popper.js)
if [ ${#need[@]} -gt 0 ] && [ "${BUDGETCHECK_SKIP_APT:-0}" != 1 ]; then
  echo "bootstrap: installing Debian packages: ${need[*]}" >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.bootstrap-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  echo "bootstrap: installing Python packages into .venv" >&2
  .venv/bin/pip install -q --upgrade pip >/dev/null 2>&1 || true
  .venv/bin/pip install -q -e ".[dev]" 2>&1 | grep -v "^WARNING: Location" || true
  .venv/bin/python -c "import prefect, great_expectations, pandas, boto3, pypdfium2, openpyxl" 
  rm -f .venv/.bootstrap-*
  touch "$stamp"
fi
