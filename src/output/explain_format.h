// explain_format.h — how the query was understood (--explain), for a person and as JSON's "explain" object.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "searcher.h"

namespace notes {

// Lines "  label       text": the words and their MeCab tokens, synonyms, tags, filters, the
// synonyms file, all or any word, and the Xapian query.
std::string render_explain_text(const Explanation& explanation);

// {"words", "expansions", "filters", "synonyms_file", "synonym_scale", "match", "xapian_query"},
// and "like" for --like (the README has the shape).
nlohmann::json render_explain_json(const Explanation& explanation);

}  // namespace notes
