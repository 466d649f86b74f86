// query_terms.h — what the query builder adds beside the words typed: model names written whole,
// compound terms, readings of kana words, and the boost of words near each other (private to the search layer).
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

#include "analyzer.h"
#include "query_builder.h"

namespace notes {

using TokenUnits = std::vector<std::vector<const Token*>>;

// `parts` joined by `op`; one part is itself, none the empty query.
Xapian::Query combine(Xapian::Query::op op, const std::vector<Xapian::Query>& parts);

// A date: filter's bound as the date slot sorts: "2023" -> "20230000" as a lower bound, "20239999"
// as an upper one.
std::string date_bound(const std::string& d, bool upper);

// `q` (the phrase of a unit's words), lifted by the model names the unit holds written whole
// (GPT-4's gpt4, under `prefix`): the phrase finds every spelling, the name gives it its weight.
Xapian::Query with_names(const Xapian::Query& q, const std::vector<const Token*>& unit, const std::string& prefix);

// The words of one unit as one compound term (schema.h C), found however MeCab split them in the
// note; several words also as the one word the note may write (不|正確 in the query, 不正確 in
// the note), x kCompoundScale. Empty past kMaxCompoundRun words: no compound term is that long.
Xapian::Query compound_query(const std::vector<const Token*>& toks);

// Several Japanese words read as one compound noun (each joins the one before it), no longer
// than a compound term: a note that holds them side by side holds them in one compound, so it
// holds that compound's term (every run of a compound is one, analyzer.h Analysis::compounds).
bool one_compound(const std::vector<const Token*>& toks);

// Such words matched by their compound term and weighed as their phrase was: Xapian weighs a
// phrase as the AND of its words, so the AND gives the same weight without reading a position
// (in the free text, and with `with_copies` in the copies searched with it). Matched by an OR of
// phrases, or weighed by one, they made Xapian read the positions of every note holding the
// words, even under an AND whose other words rule the note out (BERT 事前学習 at 1M notes:
// 172 ms, this 23).
Xapian::Query compound_matched(const Xapian::Query& compound, const std::vector<const Token*>& toks, bool with_copies);

// A word of the query written in kana alone (りょうしか), as the analyzer cut it into units.
struct KanaWord {
    std::size_t first_unit = 0, last_unit = 0;  // units[first_unit .. last_unit]
    std::string written;                        // as typed, normalised
    std::string reading;                        // in katakana: the R term it searches
};

// The kana words of `text` of two characters or more, each as the units that lie inside it.
std::vector<KanaWord> kana_words(std::string_view text, const TokenUnits& units);

// What one part of a text's query searches: units[first..last] of its analysis, the first
// recorded as the builder's units[recorded]. `phrases` are its synonyms of several words
// (chain of thought for CoT), OR'd with `query` by `searched`.
struct QueryPart {
    Xapian::Query query;
    std::size_t first = 0, last = 0, recorded = 0;
    std::vector<Xapian::Query> phrases;
};

// The part as it is matched: its query OR its phrases, each phrase looked for only in the notes
// `others` match (the AND of the text's other parts) when that is not empty. Inside that AND the
// filter changes no match and no weight, but Xapian, which turns an OR with a phrase into
// AND_MAYBE, would otherwise read the phrase's positions for every note of the OR's other side
// (CoT 推論 at 1M notes: 90 ms, 60 with the filter).
Xapian::Query searched(const QueryPart& part, const Xapian::Query& others);

// The parts' queries, to be joined by `op`: under an AND, each part's phrases filtered by the
// AND of the other parts.
std::vector<Xapian::Query> searched(const std::vector<QueryPart>& parts, Xapian::Query::op op);

// The parts inside kana word `w` become one: their query (joined by `op`) OR the word's reading
// (x kReadingScale); the reading is added to the first one's unit in `recorded` as an
// alternative, to mark the note's words that read so. Nothing when no part lies inside (its units
// were particles, or searched in a wider run).
void with_reading(const KanaWord& w, Xapian::Query::op op, std::vector<QueryPart>& parts,
                  std::vector<QueryUnit>& recorded);

// Words near each other rank higher: for 2 or 3 units, a boost when they stand within
// kNearWindow positions (about one sentence), to be added beside the AND of the words. Each unit
// is stood for by its first word (量子 for 量子|化, gpt for GPT-4, at the name's position) and,
// for an English word, its stem as well. An empty query when there is nothing to boost.
inline constexpr Xapian::termcount kNearWindow = 10;
inline constexpr double kNearScale = 0.5;
Xapian::Query near_boost(const TokenUnits& units);

}  // namespace notes
