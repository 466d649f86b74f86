// results.h — a search's results with what the formats need beyond them (the printers' input).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "html_page.h"
#include "searcher.h"

namespace notes {

struct Results {
    SearchResult found;
    std::size_t offset = 0;                // hits skipped: the first shown has rank offset + 1
    std::vector<std::string> filter_tags;  // --tag, as given
    // Filled only for the formats that write pages (Printer::writes_pages):
    std::string author;               // --author, else the indexed pages' author
    std::optional<PageSpec> listing;  // the query is one --tag alone: that tag's page, cut to --limit
};

}  // namespace notes
