// request.h — a request's parameters read as a notes-search command, the same Command that
// notes-search --json runs, so that the API and the command line cannot answer differently.
#pragma once

#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "command.h"

namespace notes::serve {

// The query string's parameters, decoded, in order (httplib::Params is this type).
using Params = std::multimap<std::string, std::string>;

// A request that cannot be answered as asked: HTTP 400, what() the reason in one line.
struct BadRequest : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The most a request may ask for: a box's query is a few words, a page a few dozen notes.
inline constexpr std::size_t kMaxQueryBytes = 1000, kMaxTags = 16, kMaxTagBytes = 200, kMaxDateBytes = 40;
inline constexpr std::size_t kMaxLimit = 100, kMaxOffset = 1000000;

// What the page and /api/search are asked: q, tag (repeatable), date, sort, limit, offset.
struct SearchState {
    std::string q;
    std::vector<std::string> tags;
    std::string date;  // the query language's date: value (2023, 2023-01..2023-06, ..2021)
    std::string sort = "relevance";
    std::size_t limit = 20;
    std::size_t offset = 0;

    // Nothing to search for: no word, no tag, no date.
    bool blank() const;
};

// The parameters read and checked. Throws BadRequest for text that is not UTF-8, a value over
// the limits above, a number or sort order that is not one, a parameter that counts once given twice.
SearchState read_state(const Params& params);

// What `notes-search --json` is given for the same request: the words, then " date:DATE" when a
// date is asked for, --tag for each tag, --sort, --limit, --offset.
Command command_of(const SearchState& state);

// The page's address for `state`: "/?q=...&tag=...&date=...&sort=..." (sort only when not by
// relevance; limit and offset never), every value percent-encoded.
std::string page_url(const SearchState& state);

}  // namespace notes::serve
