// render.h — search results for a person (terminal text) and for scripts (the --json contract).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "searcher.h"

namespace notes {

struct TextOptions {
    bool color = false;      // ANSI colours: only when stdout is a terminal and NO_COLOR is unset
    std::size_t offset = 0;  // rank of the first hit is offset + 1
    std::size_t max_facets = 10;
    std::size_t width = 0;  // terminal columns the Tags line wraps at; 0: one line
};

std::string render_text(const SearchResult& result, const TextOptions& options);

// {"query", "total", "partial", "results": [{"id", "title", "url", "date", "tags", "score", "snippet",
//   "summary", "comment", "images"}], "facets": {"tags": [{"name", "count"}], "years": [...]}}, and
// when they apply: "suggestion" (did-you-mean), "like" (--like: the source note's id), "explain".
nlohmann::json render_json(const SearchResult& result);

// --explain: how the query was understood, for a person and as the "explain" object.
std::string render_explain_text(const Explanation& explanation);
nlohmann::json render_explain_json(const Explanation& explanation);

std::string render_tags_text(const std::vector<FacetCount>& tags);
nlohmann::json render_tags_json(const std::vector<FacetCount>& tags);

}  // namespace notes
