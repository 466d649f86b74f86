# notes-search.bash — bash completion for notes-search and notes-index.
# Installed as share/bash-completion/completions/notes-search and .../notes-index (loaded on first
# use by bash-completion); or source it from ~/.bashrc.

# The tags of the index the command line names (its --db, --config), one per line, from
# `notes-search --tags --json` read with grep and sed (always there; no JSON tool needed).
_notes_search_tags() {
    local -a opts=()
    local i w
    for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do
        w=${COMP_WORDS[i]}
        case $w in
            --db | --config) [[ ${COMP_WORDS[i + 1]} == = ]] && ((i++)); opts+=("$w=${COMP_WORDS[i + 1]}") ;;
            --db=* | --config=*) opts+=("$w") ;;
        esac
    done
    local exe=${_NOTES_SEARCH_EXE:-notes-search}
    "$exe" "${opts[@]}" --tags --json 2>/dev/null |
        grep -o '"name": *"\([^"\\]\|\\.\)*"' |
        sed 's/^"name": *"//; s/"$//; s/\\\(["\\/]\)/\1/g'
}

# The word being completed as typed: bash cuts words at : and =, the query's tag:NAME included.
_notes_search_word() {
    if [[ -n ${COMP_LINE+set} ]]; then
        local left=${COMP_LINE:0:${COMP_POINT:-${#COMP_LINE}}}
        printf '%s' "${left##*[[:space:]]}"
    else
        printf '%s' "${COMP_WORDS[COMP_CWORD]}"
    fi
}

_notes_search() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
    # --tag=NAME arrives as "--tag" "=" "NAME".
    if [[ $cur == = ]]; then
        cur=
    elif [[ $prev == = ]]; then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    fi
    local IFS=$'\n' name
    COMPREPLY=()
    case $prev in
        --db | --all-pages)
            COMPREPLY=($(compgen -d -- "$cur"))
            compopt -o filenames 2>/dev/null
            return ;;
        -o | --output | --config)
            COMPREPLY=($(compgen -f -- "$cur"))
            compopt -o filenames 2>/dev/null
            return ;;
        --sort)
            COMPREPLY=($(compgen -W $'relevance\nnewest\noldest' -- "$cur"))
            return ;;
        --format)
            COMPREPLY=($(compgen -W $'text\njson\njsonl\ntsv' -- "$cur"))
            return ;;
        --color)
            COMPREPLY=($(compgen -W $'auto\nalways\nnever' -- "$cur"))
            return ;;
        --tag)
            for name in $(_notes_search_tags); do
                [[ $name == "$cur"* ]] && COMPREPLY+=("$(printf '%q' "$name")")
            done
            return ;;
        --limit | --offset | --like | --author)
            return ;;
    esac
    local word
    word=$(_notes_search_word)
    if [[ $word == tag:* || $word == -tag:* ]]; then
        # A tag in the query: its spaces dropped (tag names are compared without them).
        local typed=${word#*tag:} head=${word%%tag:*}tag:
        for name in $(_notes_search_tags); do
            name=${name// /}
            [[ $name == "$typed"* ]] || continue
            # bash replaces only what follows the last ':' when ':' breaks words.
            if [[ $COMP_WORDBREAKS == *:* ]]; then COMPREPLY+=("$name"); else COMPREPLY+=("$head$name"); fi
        done
        return
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W $'--db\n--limit\n--offset\n--tag\n--sort\n--exact\n--like\n--explain\n--stats\n--tags\n--all-pages\n--json\n--format\n--html\n--standalone\n--color\n-o\n--output\n--author\n--partial\n--shard-timeout\n--config\n--version\n--help\n-h' -- "$cur"))
        return
    fi
    # The first word may be a subcommand: show ID, serve.
    local fields=$'tag:\ndate:\nid:\ntitle:\nsummary:\ncomment:'
    ((COMP_CWORD == 1)) && fields+=$'\nshow\nserve'
    # The start of a field: a query word is the user's own.
    COMPREPLY=($(compgen -W "$fields" -- "$cur"))
    [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *: ]] && compopt -o nospace 2>/dev/null
    return 0
}

_notes_index() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
    if [[ $cur == = ]]; then
        cur=
    elif [[ $prev == = ]]; then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    fi
    local IFS=$'\n'
    COMPREPLY=()
    case $prev in
        --db)
            COMPREPLY=($(compgen -d -- "$cur"))
            compopt -o filenames 2>/dev/null
            return ;;
        --dump | --config)
            COMPREPLY=($(compgen -f -- "$cur"))
            compopt -o filenames 2>/dev/null
            return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W $'--db\n--dump\n--forget\n--sources\n--json\n--quiet\n-q\n--strict\n--shard\n--shards\n--jobs\n-j\n--config\n--version\n--help\n-h' -- "$cur"))
        return
    fi
    # A source: a folder of tag pages, a tag page, a .jsonl file or an issue export.
    COMPREPLY=($(compgen -f -- "$cur"))
    compopt -o filenames 2>/dev/null
    return 0
}

complete -F _notes_search notes-search
complete -F _notes_index notes-index
