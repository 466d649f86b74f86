// wildcard.h — a trailing wildcard (quant*): the Xapian query and the words of the index it stands for.
#pragma once

#include <xapian.h>

#include <cstddef>

#include "analyzer.h"
#include "query_builder.h"
#include "query_parser.h"

namespace notes {

// A wildcard stands for at most this many words, the index's most frequent (Xapian's
// WILDCARD_LIMIT_MOST_FREQUENT): `a*` over a large index would otherwise be a query of thousands
// of terms, and the rare ones say least about what was meant.
inline constexpr Xapian::termcount kMaxWildcardWords = 100;
// The start of a word a wildcard needs, in characters (after NFKC): one letter stands for too much.
inline constexpr std::size_t kMinWildcardChars = 2;

struct Wildcard {
    Xapian::Query query;          // OP_WILDCARD over the field's unstemmed words (free text: and the title's copy)
    QueryUnit unit;               // for snippets: the words it stands for, as alternatives
    std::vector<Token> tokens;    // the start as analysed (for --explain)
    WildcardExpansion expansion;  // what it stands for (for --explain)
};

// `node` (QueryNode::Kind::Wildcard): its start read as the analyzer reads every word (NFKC, case
// folding), unstemmed, as the field's words are indexed. Japanese: the start of a word as MeCab
// cut the notes (量子* finds 量子 and 量子論, not the 量子 of 量子化, which `量子` finds already).
// `db`, when given, lists the words it stands for. Throws QueryError when the start is not one
// word (fine-tun*, 言語モデル*) or is shorter than kMinWildcardChars.
Wildcard build_wildcard(const QueryNode& node, const Analyzer& analyzer, const Xapian::Database* db);

}  // namespace notes
