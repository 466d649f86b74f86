// live_page.h — the live search page: its frame, and the results part the page's script replaces
// as the reader types (GET /results), written in C++ only so that escaping and highlighting are
// the standalone page's own (note_markup.h, highlighter.h).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "printer.h"
#include "request.h"

namespace notes::serve {

// The results part for `state`: the count, did-you-mean, the partial-match notice, the tag and
// year facets as chips that narrow and widen, the notes with their words marked, and "more".
// Every link in it is a page address (page_url), so it also works without the script.
std::unique_ptr<Printer> make_live_printer(const SearchState& state);

// What the results part shows before anything is asked: the index's size and its tags as chips.
std::string render_start(std::size_t notes, const std::vector<FacetCount>& tags);

// A request that could not be answered, as the results part.
std::string render_problem(std::string_view message);

// The whole page: the search form filled from `state`, then `results` (a part above), with the
// stylesheets and the script as files of the server's own (no inline script or style).
std::string render_live_page(const SearchState& state, const std::string& results);

}  // namespace notes::serve
