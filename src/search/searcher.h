// searcher.h — running a query against the index: ranked notes, snippets and tag facets.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analyzer.h"
#include "errors.h"
#include "facets.h"
#include "note.h"
#include "published_page.h"
#include "query.h"
#include "synonyms.h"

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

enum class SortOrder { Relevance, Newest, Oldest };

struct SearchRequest {
    std::string query;  // may be empty when filter_tags are given
    std::vector<std::string> filter_tags;
    std::size_t offset = 0;
    std::size_t limit = 20;
    SortOrder sort = SortOrder::Relevance;
    std::size_t snippet_columns = 100;  // terminal columns, see make_snippet
    bool explain = false;               // fill SearchResult::explanation
};

// A word --like chose from the source note, with the weight it was searched with.
struct LikeTerm {
    std::string word;       // as the note writes it (normalised)
    std::string term;       // the index term searched (Z<stem> for English words and inflected Japanese)
    double weight = 0;      // occurrences in the note (title x3) x idf
    std::size_t notes = 0;  // notes holding the term
};

// How the query was understood (--explain).
struct Explanation {
    std::vector<QueryText> texts;        // each word or phrase as the analyzer read it
    std::vector<Expansion> expansions;   // synonyms and tags they were widened with (tag display names)
    std::vector<std::string> filters;    // in the query and from --tag
    std::string synonyms;                // the synonyms file read, or why none
    bool any_word = false;               // no note had every word: the query run had any word
    std::string xapian_query;            // the query as run (Xapian's description)
    std::vector<LikeTerm> like_terms;    // --like: the words of the source note searched for
    std::vector<std::string> like_tags;  // --like: the source note's tags searched for
};

struct SearchResult {
    std::string query;
    std::size_t total = 0;  // matching notes, exact
    bool partial = false;   // no note had every word: these match some of them
    std::vector<Hit> hits;
    std::vector<FacetCount> tag_facets;      // over the whole matching set, most frequent first
    std::vector<FacetCount> year_facets;     // likewise, by year, newest first
    std::vector<QueryUnit> units;            // what the words were understood as
    std::string suggestion;                  // did-you-mean: the query with a misspelt word corrected
    std::int64_t like = 0;                   // --like: the source note's id (0 otherwise)
    std::string like_title;                  // and its title
    std::optional<Explanation> explanation;  // when the request asked for it
};

struct SearcherOptions {
    std::string synonyms;  // the synonyms file; "" = Synonyms::default_path()
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
    Searcher(const std::string& db_path, const Analyzer& analyzer, const SearcherOptions& options = {});
    ~Searcher();

    // Throws QueryError for a query that cannot be parsed or names nothing to search for, and
    // SynonymsError when the synonyms file (read at the first search) has a bad line.
    SearchResult search(const SearchRequest& request) const;
    // The notes most like note `id` (not itself), best first: its content words (nouns, verbs,
    // adjectives, English words but stop words; never particles or auxiliaries) weighted by
    // tf-idf, and its tags. request.query, when given, and filter_tags narrow the notes.
    // Throws QueryError when no note has that id.
    SearchResult like(std::int64_t id, const SearchRequest& request) const;
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

// A Xapian query description with its scale factors written short (0.8, not 0.80000000000000004441).
std::string tidy_scale_factors(const std::string& description);

// The best passage of `note` for `units` (see searcher.cc), at most `width` terminal columns
// (plus the ellipses; a marked word cut by the edge is shown whole).
Snippet make_snippet(const Note& note, const std::vector<QueryUnit>& units, const Analyzer& analyzer,
                     std::size_t width);

}  // namespace notes
