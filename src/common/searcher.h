// searcher.h — running a query against the index: ranked notes, snippets and tag facets.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analyzer.h"
#include "index_writer.h"
#include "note.h"
#include "query.h"
#include "tag_page.h"

namespace notes {

// A one-line extract of a note with the matched words marked.
struct Snippet {
    std::string text;
    std::vector<std::pair<std::size_t, std::size_t>> marks;  // byte ranges in text, ascending
};

struct Hit {
    Note note;
    double score = 0;
    Snippet snippet;
};

struct FacetCount {
    std::string name;
    std::int64_t count = 0;
};

enum class SortOrder { Relevance, Newest, Oldest };

struct SearchRequest {
    std::string query;                // may be empty when filter_tags are given
    std::vector<std::string> filter_tags;
    std::size_t offset = 0;
    std::size_t limit = 20;
    SortOrder sort = SortOrder::Relevance;
    std::size_t snippet_chars = 100;
};

struct SearchResult {
    std::string query;
    std::size_t total = 0;     // matching notes, exact
    bool partial = false;      // no note had every word: these match some of them
    std::vector<Hit> hits;
    std::vector<FacetCount> tag_facets;   // over the whole matching set, most frequent first
    std::vector<FacetCount> year_facets;  // likewise, by year, newest first
    std::vector<QueryUnit> units;         // what the words were understood as
};

struct IndexStats {
    std::size_t notes = 0;
    std::size_t tags = 0;
    std::string db;
    std::string author;
};

class Searcher {
  public:
    // Throws IndexError: "cannot open index DIR: no index there (build it with: notes-index ...)",
    // or a schema/analyzer mismatch naming the command that rebuilds it.
    Searcher(const std::string& db_path, const Analyzer& analyzer);
    ~Searcher();

    // Throws QueryError for a query that cannot be parsed or names nothing to search for.
    SearchResult search(const SearchRequest& request) const;
    IndexStats stats() const;
    // Every tag with its note count, most frequent first.
    std::vector<FacetCount> all_tags() const;
    // Every note carrying `tag` (any spelling), in no particular order.
    std::vector<Note> notes_with_tag(const std::string& tag) const;
    // The tag page indexed for `tag`, if one was.
    std::optional<PublishedPage> published_page(const std::string& tag) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The best passage of `note` for `units` (see searcher.cc), at most `width` characters.
Snippet make_snippet(const Note& note, const std::vector<QueryUnit>& units, const Analyzer& analyzer,
                     std::size_t width);

}  // namespace notes
