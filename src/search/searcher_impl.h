// searcher_impl.h — the Searcher's state, shared by the files that define its parts (private).
#pragma once

#include <xapian.h>

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "index_errors.h"
#include "searcher.h"
#include "shard_set.h"

namespace notes {

struct Searcher::Impl {
    Xapian::Database db;  // shards.all: every shard reached, as one
    ShardSet shards;
    ShardOptions shard_options;
    std::set<std::string> given_up;  // --partial: remote shards that failed in a read
    std::chrono::steady_clock::time_point opened_at = std::chrono::steady_clock::now();
    std::chrono::milliseconds retry_missing;
    const Analyzer& analyzer;
    std::string path;
    std::string generation;  // the published generation `db` was opened as (index_layout.h)
    std::vector<std::string> synonyms_paths;
    // Made at the first search rather than at start, so that --stats and --tags work even with a
    // broken synonyms file. notes-search is single-threaded; nothing here is shared across threads.
    mutable std::optional<Synonyms> synonyms;
    mutable std::optional<TagLexicon> tags;
    mutable std::optional<TagTable> tag_table;

    Impl(const std::string& p, const Analyzer& a, const SearcherOptions& o)
        : retry_missing(o.retry_missing),
          analyzer(a),
          path(p),
          synonyms_paths(o.synonyms.empty() ? Synonyms::default_paths() : std::vector<std::string>{o.synonyms}) {
        shard_options.timeout = o.shard_timeout;
        shard_options.partial = o.partial;
    }

    // `read()` with the index's errors as IndexError ("cannot <verb> index DIR: ..."). A reader
    // sees the revision it opened until notes-index has committed twice more; then Xapian throws
    // DatabaseModifiedError, and the read starts again on the newest revision, a few times.
    template <class Read>
    auto guard(std::string_view verb, Read&& read) -> decltype(read()) {
        constexpr int kAttempts = 5;
        for (int attempt = 1;; ++attempt) {
            try {
                if (attempt > 1) reopen();
                return read();
            } catch (const Xapian::DatabaseModifiedError& e) {
                if (attempt == kAttempts) throw_index_error(e, verb, path);
            } catch (const Xapian::NetworkError& e) {
                if (attempt == kAttempts) throw_index_error(e, verb, path);
                shard_failed(e, verb);
            } catch (const Xapian::Error& e) {
                throw_index_error(e, verb, path);
            }
        }
    }
    // The newest revision, and nothing remembered of the one before.
    void reopen();
    // A remote shard failed in a read: an IndexError naming it, or with --partial, the shard given
    // up so that the read runs again without it (reopen() makes every connection anew).
    void shard_failed(const Xapian::NetworkError& e, std::string_view verb);
    // Each shard's own schema and analyzer: a shard built by another version cannot join.
    void check_shards(const std::string& reindex) const;
    // Opens `path` as published now, remembering which generation that was.
    void open_published();

    // searcher.cc
    QueryContext context() const;
    // The note stored under `id_term` (schema::id_term), if any; call it inside guard().
    std::optional<Note> find_note(const std::string& id_term) const;
    const TagTable& table() const;
    // A tag's display name, as the site spells it.
    std::string tag_name(const std::string& key) const;
    Xapian::Query tag_filter(const std::vector<std::string>& filter_tags) const;
    // Every match is looked at up to the page's end + req.exact_matches (all of them with req.exact).
    // The notes of the page are those of `q` lifted by `boost` (query_builder.h BuiltQuery), in
    // `page` when it is given (the MSet returned then holds the counts, not necessarily the page).
    Xapian::MSet run(const Xapian::Query& q, const SearchRequest& req, bool filters_only, FacetCounter& spy,
                     const Xapian::Query& boost = {}, Xapian::MSet* page = nullptr) const;
    // The matches counted one by one: Xapian's check_at_least, the FacetCounter's mark.
    std::size_t counted(const SearchRequest& req) const;
    // One query as typed (`query`, the request's other fields), with its did-you-mean suggestion.
    // `sure`: whether the suggestion may be run in the query's place (spelling.cc).
    SearchResult search(const SearchRequest& req, const std::string& query, bool& sure) const;
    // The totals and facets from `mset`, the hits from `page` (nullptr: from `mset`).
    void fill(SearchResult& result, const Xapian::MSet& mset, const FacetCounter& spy, const SearchRequest& req,
              const std::vector<QueryUnit>& units, const Xapian::MSet* page = nullptr) const;

    // tag_suggest.cc: every tag with its note count, most frequent first; whether a note carries
    // `tag`; the tags the query asks for that no note carries.
    std::vector<FacetCount> tag_counts() const;
    bool has_tag(const std::string& tag) const;
    void find_unknown_tags(const QueryNode& node, std::vector<UnknownTag>& out) const;

    // spelling.cc: did-you-mean, the query with its misspelt words corrected ("" when none is), and
    // whether the corrections are common enough to be run in its place.
    std::string suggest(const std::string& query, const std::vector<QueryUnit>& units, bool& sure) const;
    std::string katakana_suggestion(const std::string& word) const;

    // explain.cc
    Explanation explain(const BuiltQuery& built, const std::vector<std::string>& filter_tags, bool any_word,
                        const Xapian::Query& q) const;
};

}  // namespace notes
