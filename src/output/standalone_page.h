// standalone_page.h — the results as one HTML5 page to open straight from disk in a browser.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "html_page.h"

namespace notes {

// A results page to open in a browser.
struct StandalonePage {
    PageSpec page;           // title → <title>, heading → <h1>; own_tag left out of the buttons
    std::string query;       // as the user typed it (did-you-mean's correction when it was run); "" for a tag listing
    std::int64_t total = 0;  // how many notes matched (page.notes may show fewer)
    std::vector<std::pair<std::string, std::int64_t>> facets;  // tag and count, shown as chips
    std::vector<std::string> highlight_terms;                  // surface strings to <mark> in titles and snippets
    std::string typed = "";  // the query as typed when no note matched it and did-you-mean's `query` was run instead
    bool exact = true;       // false: `total` is an estimate, shown as 約 N件
};

// A complete HTML5 document that works opened straight from disk: <meta charset="utf-8">, inline
// CSS with Japanese fonts, inline showMore/hideContent, no external resources but the notes'
// images. Notes are written as on a tag page (html_page.h), but their buttons are plain chips (the
// tag pages they point to are not on disk). Highlighting marks every occurrence of every term,
// longest first, ASCII letters compared without case.
std::string render_standalone(const StandalonePage& p);

}  // namespace notes
