// snippets.h — the one-line extract shown under each hit, with the query's words marked.
#pragma once

#include <cstddef>
#include <functional>
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

// Whether a snippet finds `unit` by its text, without MeCab: a Japanese word of two characters or
// more (ー aside), neither inflected (用いた for 用いる) nor typed in kana (read as 量子化): a
// noun's text is where it is written, as its compound term says at index time. MeCab is most
// of what a Japanese query's whole process costs when it marks ten snippets (bench/startup).
bool found_by_text(const QueryUnit& unit);

// `units` for one note: a word typed in kana (りょうしか) marks the words read so, which only
// MeCab can find; where the note holds no word of its reading (`holds`, which the index's reading
// terms answer), the reading is dropped and the word is looked for by its text alone.
std::vector<QueryUnit> readings_held(const std::vector<QueryUnit>& units,
                                     const std::function<bool(const std::string& reading)>& holds);

// Every word of the note (title and text fields) that `units` match, as the note writes it
// (Quantized where 量子化 was widened to quantized, 量子化 for りょうしか, GPT4 for GPT-4), each once:
// what a page that shows the whole note marks.
std::vector<std::string> marked_words(const Note& note, const std::vector<QueryUnit>& units, const Analyzer& analyzer);

}  // namespace notes
