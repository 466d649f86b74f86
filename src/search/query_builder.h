// query_builder.h — a parsed query turned into a Xapian query through the analyzer, widened by
// synonyms and tag names.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "analyzer.h"
#include "query_parser.h"
#include "synonyms.h"

namespace notes {

// What a user asked for, for highlighting and --explain.
struct QueryUnit {
    std::string text;                // normalised written form of the unit (量子化, fine-tuning)
    std::vector<std::string> terms;  // positional terms (normalised words)
    std::vector<std::string> stems;  // the bases unquoted words search ("Z" terms without prefix)
    bool japanese = false;
    std::vector<QueryUnit> alternatives;  // synonyms searched with it: highlighted as it is
    // A word typed in kana, searched by its reading too: marks the words of a note that read so
    // (りょうしか marks 量子化). Katakana; "" for every other unit.
    std::string reading;
};

// One word or quoted phrase of the query as the analyzer read it (for --explain).
struct QueryText {
    std::string written;  // as in the query
    std::string field;    // "" or a text field's name (fields.h)
    bool phrase = false;
    bool negated = false;
    std::vector<Token> tokens;
    std::vector<std::string> ignored;  // particles, auxiliaries, English function words left out
};

// A run of query words that the synonyms file or the index's tag names widened.
struct Expansion {
    std::string words;                  // the query words, normalised (量子化, knowledge tracing)
    std::vector<std::string> synonyms;  // the other terms of its groups, as the file writes them
    std::vector<std::size_t> lines;     // the groups' lines in the synonyms file
    std::vector<std::string> tags;      // keys of the tags whose notes it boosts
};

// A trailing wildcard (quant*) as searched, for --explain.
struct WildcardExpansion {
    std::string start;               // the word before the *, normalised (quant)
    std::string field;               // "" or a text field's name
    std::vector<std::string> words;  // the index's words it stands for, most frequent first (wildcard.h's bound)
    std::size_t matched = 0;         // the index's words that start with it, all told
};

// What a query word may be widened with, and the index a wildcard lists its words from; any may be absent.
struct QueryContext {
    const Synonyms* synonyms = nullptr;
    const TagLexicon* tags = nullptr;
    const Xapian::Database* db = nullptr;
};

// A synonym counts a little less than the word typed: a note with the user's own word comes first.
inline constexpr double kSynonymScale = 0.8;
// A tag named by the query adds the BM25 weight of its K term, unscaled: a rare tag (#Quantization,
// 3 notes) adds about what a rare word does, a common one (#NLP) little. On the real notes this
// puts a tagged note that never says the word after those that do (量子化: #886 fifth of five).
// x2 or x3 gain ~0.01 nDCG@10 on bench/relevance (noise: one query moves a class by 0.1) but let
// a one-line note carrying both tags outrank the paper itself (LoRA 量子化: #886 above QLoRA #881).
inline constexpr double kTagBoostScale = 1.0;

// The most synonyms a query is widened with, all its words together: past it a word is searched
// as itself, so that a synonyms file of huge groups cannot make a query of thousands of terms.
inline constexpr std::size_t kMaxQuerySynonyms = 256;

struct BuiltQuery {
    Xapian::Query query;  // what is searched: `matched`, lifted by `boost` where it matches
    // The same split in two: what decides which notes match and most of their weight, and what
    // only adds weight (the near-words boosts, query_terms.h). The searcher ranks with the boost
    // only the notes that may still reach the page (searcher.cc), since checking where the words
    // stand in every match is most of a common query's time. `boost` is empty when there is none.
    Xapian::Query matched;
    Xapian::Query boost;
    std::vector<QueryUnit> units;       // every positive text unit, in query order
    std::size_t top_level_units = 0;    // units joined by the outermost implicit AND
    bool has_filters = false;           // tag/id/date filters present
    std::vector<QueryText> texts;       // for --explain: the words as analysed,
    std::vector<Expansion> expansions;  // what they were widened with,
    std::vector<std::string> filters;   // and the filters ("tag:NLP", "-date:2021")
    std::vector<WildcardExpansion> wildcards;
};

enum class MatchMode {
    All,  // every word required (implicit AND)
    Any,  // implicit AND read as OR: the fallback when no note has every word
};

// Unquoted words of the query are widened through `context`: a run of words matching a synonym
// group is OR'ed with the group's other terms (x kSynonymScale), and one naming a tag — or whose
// synonym names one — with that tag's K term (x kTagBoostScale). Excluded words and quoted phrases
// are taken as written. Throws QueryError for more than kMaxQueryWords words as analysed.
BuiltQuery build_query(const QueryNode& root, const Analyzer& analyzer, MatchMode mode,
                       const QueryContext& context = {});

}  // namespace notes
