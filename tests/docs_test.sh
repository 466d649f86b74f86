#!/usr/bin/env bash
# docs_test.sh — the man pages and shell completions stay true to the commands:
#   every man page renders without a warning (groff, as man does);
#   every option `--help` lists is in the command's man page and in its bash completion;
#   the bash completion, sourced and called as bash calls it, offers the index's tags after --tag
#   and tag:, folders after --db and files for notes-index's sources; the zsh completion parses.
# Usage: docs_test.sh NOTES_INDEX NOTES_SEARCH SOURCE_DIR EXAMPLES
set -uo pipefail
index=$1 search=$2 src=$3 examples=$4
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME=$tmp/no-config NOTES_SEARCH_CONFIG= NO_COLOR=1 LC_ALL=C.UTF-8
export _NOTES_SEARCH_EXE=$search  # the completion's tags come from this build's notes-search

command -v groff >/dev/null || { echo "docs_test: groff is not installed (apt-get install groff-base)" >&2; exit 77; }

# The options of a command's --help: --long names and -x short ones, from its option lines.
options_of() {
  "$1" --help | sed -n '/^Options:/,/^$/p' | grep -oE '(^|[ ,])--?[a-z][a-z-]*' | sed 's/^[ ,]//' | sort -u
}

for page in "$src"/docs/man/*.[17]; do
  warnings=$(groff -k -man -Tutf8 -ww -z "$page" 2>&1)
  [[ -z $warnings ]] || fail "$(basename "$page") renders with warnings: $warnings"
done

for command in notes-index notes-search; do
  exe=$index; [[ $command == notes-search ]] && exe=$search
  # Wide lines and no hyphenation, so that an option is never cut at a line's end.
  text=$(groff -k -man -Tutf8 -rLL=300n -rHY=0 -P-c -P-b -P-u "$src/docs/man/$command.1" 2>/dev/null)
  listed=$(options_of "$exe")
  [[ $(wc -l <<<"$listed") -ge 5 ]] || fail "$command --help lists too few options: $listed"
  for option in $listed; do
    grep -qe "$option\b" <<<"$text" || fail "$command.1 does not name $option, which --help lists"
  done
done

# The bash completion, as bash calls it: COMP_WORDS, COMP_CWORD, COMP_LINE, COMP_POINT.
"$index" --db "$tmp/db" --quiet "$examples" || fail "notes-index failed on $examples"
# shellcheck source=/dev/null
source "$src/completions/notes-search.bash"
complete_line() {  # complete_line FUNCTION WORD... — the completions of the last word
  local function=$1; shift
  COMP_WORDS=("$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMP_LINE="$*"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  "$function"
  printf '%s\n' "${COMPREPLY[@]}"
}
for command in notes-index notes-search; do
  exe=$index function=_notes_index
  [[ $command == notes-search ]] && exe=$search function=_notes_search
  offered=$(complete_line "$function" "$command" -)
  for option in $(options_of "$exe"); do
    grep -qx -e "$option" <<<"$offered" || fail "the bash completion of $command does not offer $option"
  done
done
tags=$(complete_line _notes_search notes-search --db "$tmp/db" --tag "")
grep -qx 'NLP' <<<"$tags" || fail "--tag offers no NLP: $tags"
grep -qx 'Adapter/LoRA' <<<"$tags" || fail "--tag offers no Adapter/LoRA: $tags"
[[ $(complete_line _notes_search notes-search --db "$tmp/db" --tag Qua) == Quantization ]] ||
  fail "--tag Qua does not complete to Quantization"
# tag: inside the query: bash breaks the word at ':', so the reply is what follows it.
COMP_WORDBREAKS=${COMP_WORDBREAKS:-$' \t\n"\'><=;|&(:'}
query_tags=$(complete_line _notes_search notes-search --db "$tmp/db" LoRA tag:Qua)
[[ $query_tags == Quantization ]] || fail "tag:Qua does not complete to Quantization: $query_tags"
[[ $(complete_line _notes_search notes-search --db "$tmp/db" --sort n) == newest ]] || fail "--sort n is not newest"
mkdir -p "$tmp/folder-a" && touch "$tmp/file-b"
[[ $(complete_line _notes_search notes-search --db "$tmp/fold") == "$tmp/folder-a" ]] || fail "--db does not offer folders"
[[ $(complete_line _notes_index notes-index "$tmp/file-") == "$tmp/file-b" ]] || fail "notes-index does not offer files"

if command -v zsh >/dev/null; then
  zsh -n "$src/completions/_notes-search" || fail "the zsh completion does not parse"
else
  echo "docs_test: zsh is not installed: its completion was not checked" >&2
fi

((failures == 0)) || exit 1
echo "docs_test: man pages and completions agree with --help"
