#!/usr/bin/env bash
# e2e.sh — the browser test on a real results page: index the examples, write the standalone page
# with notes-search, then load it in headless Chromium (run.sh). Exits 77 when skipped.
# usage: e2e.sh NOTES_INDEX NOTES_SEARCH EXAMPLES OUTDIR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
index=$1 search=$2 examples=$3 out=$4
mkdir -p "$out"
db=$(mktemp -d)
trap 'rm -rf "$db"' EXIT
"$index" --quiet --db "$db/db" "$examples"
"$search" --db "$db/db" --standalone --limit 8 -o "$out/results.html" "LoRA OR 量子化 OR quantization"
exec "$here/run.sh" "$out/results.html" "$out/results.png"
