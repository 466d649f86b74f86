#!/usr/bin/env bash
# run.sh — the browser test of a standalone results page: run.sh PAGE.html SHOT.png
# Exits 0 when it passed, 1 when it failed, 2 on bad usage, 77 when it was skipped because
# Chromium (/usr/bin/chromium), node or tests/browser/node_modules (npm ci) is not installed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [ "$#" -ne 2 ]; then
  echo "usage: run.sh PAGE.html SHOT.png" >&2
  exit 2
fi
# NOTES_CHROMIUM names another Chromium binary (the test is written for Debian's).
export NOTES_CHROMIUM="${NOTES_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$NOTES_CHROMIUM" ]; then
  echo "skipped: chromium not installed"
  exit 77
fi
if ! command -v node >/dev/null 2>&1; then
  echo "skipped: node not installed"
  exit 77
fi
if [ ! -d "$here/node_modules/playwright-core" ]; then
  echo "skipped: node_modules not installed (run: npm ci --prefix $here)"
  exit 77
fi
if command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list :lang=ja family 2>/dev/null)" ]; then
  echo "warning: no Japanese font installed (fonts-noto-cjk); the screenshot will show boxes" >&2
fi

exec node "$here/standalone_page_test.js" "$1" "$2"
