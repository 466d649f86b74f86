#!/usr/bin/env bash
# serve_e2e.sh — the browser test of the live page: index the SOURCEs, start notes-search serve on
# a free port, drive the page in headless Chromium (serve_page_test.js), stop the server.
# CTest gives the examples and serve_notes.jsonl (notes enough for "LoRA 量子化" to have facets to
# narrow by). Exits 77 when skipped (as run.sh); $NOTES_SERVE_QUERY replaces the query typed.
# usage: serve_e2e.sh NOTES_INDEX NOTES_SEARCH OUTDIR SOURCE...
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ "$#" -lt 4 ]; then
  echo "usage: serve_e2e.sh NOTES_INDEX NOTES_SEARCH OUTDIR SOURCE..." >&2
  exit 2
fi
index=$1 search=$2 out=$3
shift 3
query=${NOTES_SERVE_QUERY:-LoRA 量子化}
export NOTES_CHROMIUM="${NOTES_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$NOTES_CHROMIUM" ]; then echo "skipped: chromium not installed"; exit 77; fi
if ! command -v node >/dev/null 2>&1; then echo "skipped: node not installed"; exit 77; fi
if [ ! -d "$here/node_modules/playwright-core" ]; then
  echo "skipped: node_modules not installed (run: npm ci --prefix $here)"
  exit 77
fi
mkdir -p "$out"
work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
"$index" --quiet --db "$work/db" "$@"
"$search" serve --port 0 --db "$work/db" >"$work/serve.out" 2>"$work/serve.err" &
server=$!
url=""
for _ in $(seq 1 200); do  # up to 20 s for the line with the address
  url=$(sed -n 's|^notes-search serve: \(http://[^ ]*\) .*|\1|p' "$work/serve.out")
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "notes-search serve did not start:" >&2
  cat "$work/serve.err" >&2
  exit 1
fi
timeout 120 node "$here/serve_page_test.js" "$url" "$out/serve.png" "$query"
