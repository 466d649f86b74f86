// searcher.h — running a query against the index: ranked notes, snippets, tag facets, --like.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzer.h"
#include "errors.h"
#include "explain.h"
#include "facets.h"
#include "note.h"
#include "published_page.h"
#include "query_builder.h"
#include "snippets.h"
#include "synonyms.h"
#include "tag_suggest.h"

namespace notes {

struct Hit {
    Note note;
    double score = 0;
    Snippet snippet;
    std::vector<std::string> marked;  // when asked for: marked_words (snippets.h), for a page
};

enum class SortOrder { Relevance, Newest, Oldest };

// The matches counted one by one beyond the page asked for: up to the page's end plus this many,
// the total and the facets are exact; past it, estimated (SearchResult::exact false): Xapian may
// then skip the notes that cannot reach the page instead of checking every one.
inline constexpr std::size_t kExactMatches = 5000;

struct SearchRequest {
    std::string query;  // may be empty when filter_tags are given
    std::vector<std::string> filter_tags;
    std::size_t offset = 0;
    std::size_t limit = 20;
    SortOrder sort = SortOrder::Relevance;
    std::size_t snippet_columns = 100;  // terminal columns, see make_snippet
    bool explain = false;               // fill SearchResult::explanation
    bool mark_words = false;            // fill Hit::marked (a page shows whole notes)
    // Count every match, however many: an exact total and exact facets (--exact). Otherwise past
    // `exact_matches` after the page the total is Xapian's estimate and the facets are scaled.
    bool exact = false;
    std::size_t exact_matches = kExactMatches;
};

struct SearchResult {
    std::string query;
    std::size_t total = 0;  // matching notes: exact, or Xapian's estimate when `exact` is false
    // False when more notes matched than were counted (kExactMatches): `total` is an estimate.
    bool exact = true;
    // False when the facet counter saw only some of the matches: the counts are those of the first
    // matches in note order (or, short of those, of every match seen), scaled to `total` (so false whenever `exact` is;
    // also when a total Xapian knows exactly, a tag's note count, came with fewer notes examined).
    bool facets_exact = true;
    bool partial = false;  // no note had every word: these match some of them
    std::vector<Hit> hits;
    std::vector<FacetCount> tag_facets;       // over the matching set (see `exact`), most frequent first
    std::vector<FacetCount> year_facets;      // likewise, by year, newest first
    std::vector<QueryUnit> units;             // what the words were understood as
    std::string suggestion;                   // did-you-mean: the query with a misspelt word corrected
    bool corrected = false;                   // no note had every word of `query`: these are the suggestion's
    std::vector<UnknownTag> unknown_tags;     // the query's tag:NAME that no note carries
    std::int64_t like = 0;                    // --like: the source note's id (0 otherwise)
    std::string like_title;                   // and its title
    std::optional<Explanation> explanation;   // when the request asked for it
    std::vector<std::string> missing_shards;  // --partial: the shards the answer lacks, by name
};

struct SearcherOptions {
    // The synonyms file, alone; "" = Synonyms::default_paths(), the shipped file and the user's own.
    std::string synonyms;
    // An index of several shards (a stub, shards.h): the time a remote shard has for each
    // operation, connecting included, and whether to answer without the shards that fail.
    std::chrono::milliseconds shard_timeout{10000};
    bool partial = false;
    // With `partial`, a reader that stays open (serve) tries the shards it answers without again
    // at its first refresh() once this long has passed since it opened them.
    std::chrono::milliseconds retry_missing{30000};
};

struct IndexStats {
    std::size_t notes = 0;
    std::size_t tags = 0;
    std::string db;
    std::string author;
};

// Every function throws IndexError ("cannot <verb> index DIR: <reason>; <remedy>", index_errors.h)
// where Xapian fails: a damaged index, one that cannot be read, one that notes-index changed under
// the read more often than a few reopenings can follow. Xapian's own errors never leave it.
class Searcher {
  public:
    // `db_path` is what Xapian opens: an index folder, or a stub file (or a folder holding one,
    // XAPIANDB) listing shards, local or remote (remote HOST:PORT, remote :PROGRAM ARGS), searched
    // as one index. Throws IndexError: "cannot open index DIR: no index there; build it with: notes-index ...",
    // "...: its first build never finished; ...", or a schema/analyzer mismatch naming the command
    // that rebuilds it.
    Searcher(const std::string& db_path, const Analyzer& analyzer, const SearcherOptions& options = {});
    ~Searcher();

    // Throws QueryError for a query that cannot be parsed, is beyond the parser's bounds
    // (query_parser.h) or names nothing to search for, and SynonymsError when the synonyms file (read at the first
    // search) has a bad line or cannot be read (a folder, over 1 MiB).
    // When no note has every word of the query, did-you-mean has a suggestion whose corrected words
    // are each in 3 notes or more (spelling.cc), and the suggestion does better (some note; every
    // word when the query had partial matches), the result is the suggestion's, `corrected` set:
    // "transfomer" shows the transformer notes.
    // A --tag no note carries is an UnknownTagError naming the closest tags; a tag:NAME of the
    // query is searched, and listed in SearchResult::unknown_tags.
    SearchResult search(const SearchRequest& request) const;
    // The notes most like note `id` (not itself), best first: its content words (nouns, verbs,
    // adjectives, English words but stop words; never particles or auxiliaries) weighted by
    // tf-idf, and its tags. request.query, when given, and filter_tags narrow the notes.
    // Throws QueryError when no note has that id.
    SearchResult like(std::int64_t id, const SearchRequest& request) const;
    // The note with issue number `id`, whole (as stored), or nullopt when the index has none.
    std::optional<Note> note(std::int64_t id) const;
    IndexStats stats() const;
    // The shards of the index that could not be reached (with SearcherOptions::partial), by name.
    std::vector<std::string> missing_shards() const;
    // Every tag with its note count, most frequent first.
    std::vector<FacetCount> all_tags() const;
    // The index's tags closest to `tag` (tag_suggest.h), for a message about a tag it does not hold.
    std::vector<std::string> closest_tags(const std::string& tag) const;
    // Every note carrying `tag` (any spelling), in no particular order.
    std::vector<Note> notes_with_tag(const std::string& tag) const;
    // The tag page indexed for `tag`, if one was.
    std::optional<PublishedPage> published_page(const std::string& tag) const;

    // For a reader that stays open (notes-search serve), searcher_lookup.cc:
    // Moves to the newest revision notes-index has committed, when there is one, and forgets what
    // it remembered of the old one; true when the index may have changed.
    bool refresh();
    // The index's free-text words starting with `prefix` (normalised as the query is: ＬｏＲ ->
    // lor), most notes first, at most `limit`: completions for a search box.
    std::vector<std::string> complete(const std::string& prefix, std::size_t limit) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace notes
