// site.h — the site's pages made from the index: a tag page, a results page, every tag page.
#pragma once

#include <string>

#include "html_page.h"
#include "results.h"
#include "searcher.h"
#include "standalone_page.h"

namespace notes {

// The page of `tag`, as the site would publish it: every note with the tag, the page's own tag
// left out of the buttons. When the index holds the page as it was published, with the same
// notes, its title, label style and note order are kept; otherwise the site's order
// (sort_site_order) and title "<Tag>に関する論文・技術記事メモの一覧". `author` overrides the page's.
// Throws std::runtime_error when no note has the tag.
PageSpec tag_page(const Searcher& searcher, const std::string& tag, const std::string& author);

// A page of search results, in rank order, titled 「QUERY」の検索結果, QUERY being the words, "like
// #881 words" for --like, or "#Tag" for tags alone; or the tag's own page when results.listing has it.
PageSpec results_page(const Results& results);

// The results as a page for a browser: query, count, tag facets, matched words marked.
StandalonePage standalone_page(const Results& results);

// "Efficiency/SpeedUp" -> "Efficiency_SpeedUp.markdown", as the site names its files; always a
// plain name inside the folder, the one the tag's links point to (tag_file_stem, html_page.h).
std::string page_file_name(const std::string& tag);

// Writes every tag's page into `dir` (created if needed), each atomically; returns how many.
std::size_t write_all_pages(const Searcher& searcher, const std::string& dir, const std::string& author);

}  // namespace notes
