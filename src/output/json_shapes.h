// json_shapes.h — the JSON objects --json and --format jsonl share: a result, a tag count.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "facets.h"
#include "searcher.h"

namespace notes {

// The version of the --json contract (docs/notes-search.schema.json), the "version" of every
// top-level object. Adding an optional field keeps it; removing, renaming or retyping one bumps it.
inline constexpr int kJsonVersion = 1;

// A note as a result: the note's fields (note.h's to_json) with "score" and "snippet".
nlohmann::json hit_json(const Hit& hit);
// [{"name", "count"}], in the order given.
nlohmann::json facets_json(const std::vector<FacetCount>& facets);

// `j` as --json writes it: two-space indents and a final newline. Control characters are escaped
// as JSON escapes them (\u001b); a byte that is not UTF-8 becomes U+FFFD rather than an exception
// after the search is done.
std::string dumped(const nlohmann::json& j);
// `j` on one line and a newline: a JSON Lines line.
std::string dumped_line(const nlohmann::json& j);

}  // namespace notes
