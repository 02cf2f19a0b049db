#!/usr/bin/env bash
# Browser-test prerequisites: Debian's chromium (Playwright drives it through executable_path, so no
# browser download) and Playwright for Python.  Idempotent and quiet; safe to run on every CI run.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
if ! python3 -c "import playwright" >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check "playwright>=1.45"
fi
