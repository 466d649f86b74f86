// snippets.h — the one-line extract shown under each hit, with the query's words marked.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "analyzer.h"
#include "note.h"
#include "query_builder.h"

namespace notes {

// A one-line extract of a note with the matched words marked.
struct Snippet {
    std::string text;
    std::vector<std::pair<std::size_t, std::size_t>> marks;  // byte ranges in text, ascending
};

// The passage of `note` that shows the most of `units` (the text fields in their snippet order,
// fields.h; the first on a tie), at most `width` terminal columns (plus the ellipses; a marked
// word cut by the edge is shown whole).
Snippet make_snippet(const Note& note, const std::vector<QueryUnit>& units, const Analyzer& analyzer,
                     std::size_t width);

}  // namespace notes
