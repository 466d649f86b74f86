// searcher_impl.h — the Searcher's state, shared by the files that define its parts (private).
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <vector>

#include "searcher.h"

namespace notes {

struct Searcher::Impl {
    Xapian::Database db;
    const Analyzer& analyzer;
    std::string path;
    std::string synonyms_path;
    // Made at the first search rather than at start, so that --stats and --tags work even with a
    // broken synonyms file. notes-search is single-threaded; nothing here is shared across threads.
    mutable std::optional<Synonyms> synonyms;
    mutable std::optional<TagLexicon> tags;
    mutable std::optional<TagTable> tag_table;

    Impl(const std::string& p, const Analyzer& a, const SearcherOptions& o)
        : analyzer(a), path(p), synonyms_path(Synonyms::default_path(o.synonyms)) {}

    // searcher.cc
    QueryContext context() const;
    const TagTable& table() const;
    // A tag's display name, as the site spells it.
    std::string tag_name(const std::string& key) const;
    Xapian::Query tag_filter(const std::vector<std::string>& filter_tags) const;
    // Every match is looked at, so that the total and the facets are exact.
    Xapian::MSet run(const Xapian::Query& q, const SearchRequest& req, bool filters_only, FacetCounter& spy) const;
    void fill(SearchResult& result, const Xapian::MSet& mset, const FacetCounter& spy, const SearchRequest& req,
              const std::vector<QueryUnit>& units) const;

    // spelling.cc: did-you-mean, the query with its misspelt words corrected ("" when none is).
    std::string suggest(const std::string& query, const std::vector<QueryUnit>& units) const;

    // explain.cc
    Explanation explain(const BuiltQuery& built, const std::vector<std::string>& filter_tags, bool any_word,
                        const Xapian::Query& q) const;
};

}  // namespace notes
