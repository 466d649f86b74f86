// explain.h — how a query was understood, for --explain.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "query_builder.h"

namespace notes {

// A word --like chose from the source note, with the weight it was searched with.
struct LikeTerm {
    std::string word;       // as the note writes it (normalised)
    std::string term;       // the index term searched (Z<stem> for English words and inflected Japanese)
    double weight = 0;      // occurrences in the note (x the field's weight, fields.h) x idf
    std::size_t notes = 0;  // notes holding the term
};

// How the query was understood (--explain).
struct Explanation {
    std::vector<QueryText> texts;              // each word or phrase as the analyzer read it
    std::vector<Expansion> expansions;         // synonyms and tags they were widened with (tag display names)
    std::vector<WildcardExpansion> wildcards;  // the words each trailing wildcard stands for
    std::vector<std::string> filters;          // in the query and from --tag
    std::string synonyms;                      // the synonyms files read, or why none
    std::string user_dictionary;               // the MeCab user dictionary in use, "" for none
    bool any_word = false;                     // no note had every word: the query run had any word
    std::string xapian_query;                  // the query as run (Xapian's description)
    std::vector<LikeTerm> like_terms;          // --like: the words of the source note searched for
    std::vector<std::string> like_tags;        // --like: the source note's tags searched for
    std::string spelling;                      // why did-you-mean cannot see every shard, "" when it can
};

// A Xapian query description with its scale factors written short (0.8, not 0.80000000000000004441).
std::string tidy_scale_factors(const std::string& description);

}  // namespace notes
