// searcher.cc — opening the index; search: BM25, an all-words pass then an any-word fallback, with
// facets (exact up to kExactMatches, estimated past it); the index's tags, stats and pages.
#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "ascii.h"
#include "document.h"
#include "index_errors.h"
#include "index_layout.h"
#include "rerank.h"
#include "schema.h"
#include "searcher_impl.h"

namespace notes {

QueryContext Searcher::Impl::context() const {
    if (!synonyms) synonyms = Synonyms::load_all(synonyms_paths, analyzer);
    if (!tags) {
        std::vector<std::string> keys;
        std::string prefix(schema::kPrefixTag);
        for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t)
            keys.push_back((*t).substr(prefix.size()));
        tags = TagLexicon::load(keys, analyzer);
    }
    return {&*synonyms, &*tags, &db};
}

const TagTable& Searcher::Impl::table() const {
    if (!tag_table) {
        try {
            // Xapian gives the first shard's metadata for several: each shard names its own tags.
            TagTable all;
            for (const Shard& s : shards.shards)
                all.merge(TagTable::decode(s.db.get_metadata(std::string(schema::kMetaTags))));
            tag_table = std::move(all);
        } catch (const std::exception& e) {
            throw IndexError("cannot use index " + path + ": " + e.what() + "; re-index with: notes-index --db " +
                             path + " <notes folder>");
        }
    }
    return *tag_table;
}

std::optional<Note> Searcher::Impl::find_note(const std::string& id_term) const {
    auto p = db.postlist_begin(id_term);
    if (p == db.postlist_end(id_term)) return std::nullopt;
    return note_of(db.get_document(*p));
}

std::string Searcher::Impl::tag_name(const std::string& key) const {
    const std::string& name = table().name_of_key(key);
    return name.empty() ? key : name;
}

Xapian::Query Searcher::Impl::tag_filter(const std::vector<std::string>& filter_tags) const {
    std::vector<Xapian::Query> parts;
    for (const auto& tag : filter_tags) {
        if (tag_key(tag).empty()) throw QueryError("cannot parse query: --tag names no tag");
        if (!has_tag(tag))
            throw UnknownTagError("cannot filter by tag " + tag + ": no note has that tag" +
                                  closest_tags_hint(notes::closest_tags(tag, tag_counts())));
        parts.emplace_back(schema::tag_term(tag));
    }
    if (parts.empty()) return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
}

Xapian::MSet Searcher::Impl::run(const Xapian::Query& q, const SearchRequest& req, bool filters_only, FacetCounter& spy,
                                 const Xapian::Query& boost, Xapian::MSet* page) const {
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    // xapian-tcpsrv runs only the match spies Xapian ships: a remote shard's facets come as counts
    // of each distinct facet value, which the counter then reads.
    std::optional<Xapian::ValueCountMatchSpy> values;
    if (shards.remote())
        enquire.add_matchspy(&values.emplace(schema::kSlotFacets));
    else
        enquire.add_matchspy(&spy);
    SortOrder sort = req.sort;
    if (sort == SortOrder::Relevance && filters_only) sort = SortOrder::Newest;
    if (sort == SortOrder::Newest)
        enquire.set_sort_by_value_then_relevance(schema::kSlotDate, true);
    else if (sort == SortOrder::Oldest)
        enquire.set_sort_by_value_then_relevance(schema::kSlotDate, false);
    else
        enquire.set_sort_by_relevance();
    const auto offset = static_cast<Xapian::doccount>(req.offset), limit = static_cast<Xapian::doccount>(req.limit);
    const auto check = static_cast<Xapian::doccount>(counted(req));
    // The boost changes no match, only the order: with no page it is left out, and ranked by
    // relevance in one local database it weighs only the notes that may reach the page (rerank.h).
    const bool rerank = page && !boost.empty() && sort == SortOrder::Relevance && !shards.remote() && db.size() == 1;
    if ((page && limit == 0) || rerank) {
        enquire.set_query(q);
        // No deeper than the matches counted, so that the total is exact or estimated as without it.
        const auto depth = std::min(kRerankDepth, static_cast<Xapian::doccount>(req.exact_matches));
        Xapian::MSet matched = enquire.get_mset(0, limit == 0 ? 0 : offset + limit + depth, check);
        if (values) spy.add_value_counts(*values);
        std::optional<Xapian::MSet> ranked;
        if (limit > 0) ranked = rerank_page(db, q, boost, matched, offset, limit, depth);
        if (ranked || limit == 0) {
            *page = ranked ? *ranked : matched;
        } else {  // the whole query's page; the spy has counted its matches already
            enquire.clear_matchspies();
            enquire.set_query(Xapian::Query(Xapian::Query::OP_AND_MAYBE, q, boost));
            *page = enquire.get_mset(offset, limit);
        }
        return matched;
    }
    // Xapian looks at every match up to `check` (so the total and the facets are exact up to
    // there) and past it only at notes that may still reach the page: the rest is estimated.
    enquire.set_query(boost.empty() ? q : Xapian::Query(Xapian::Query::OP_AND_MAYBE, q, boost));
    Xapian::MSet mset = enquire.get_mset(offset, limit, check);
    if (values) spy.add_value_counts(*values);
    if (page) *page = mset;
    return mset;
}

std::size_t Searcher::Impl::counted(const SearchRequest& req) const {
    const std::size_t all = db.get_doccount();
    return req.exact ? all : std::min(all, req.offset + req.limit + req.exact_matches);
}

namespace {

// How many notes match, from the density of the first matches: `counted` among the first
// docid_at_mark() notes, over the whole index. Xapian's own estimate assumes the query's terms
// independent; a word with its synonyms and its tag (要約 OR summarization OR #DocumentSummarization)
// goes together, and Xapian put 50,000 for 28,367 at 100K notes, this 28,092. Notes come in
// issue-number order, so a topic that grew over the years is under-counted; the bounds Xapian
// knows for certain keep the figure within what is possible.
std::size_t density_estimate(const Xapian::MSet& mset, const FacetCounter& spy, std::size_t mark, Xapian::docid last) {
    if (spy.docid_at_mark() == 0) return mset.get_matches_estimated();
    const double density = static_cast<double>(mark) / static_cast<double>(spy.docid_at_mark());
    const auto guess = static_cast<std::size_t>(std::llround(density * static_cast<double>(last)));
    const std::size_t low = std::max<std::size_t>(mset.get_matches_lower_bound(), spy.seen());
    return std::clamp<std::size_t>(guess, low, std::max<std::size_t>(low, mset.get_matches_upper_bound()));
}

// Counts of a sample of the matches, scaled to the estimated total (a count never below 1).
void scale_facets(std::vector<FacetCount>& facets, double factor) {
    for (auto& f : facets) f.count = std::max<std::int64_t>(1, std::llround(static_cast<double>(f.count) * factor));
}

}  // namespace

void Searcher::Impl::fill(SearchResult& result, const Xapian::MSet& mset, const FacetCounter& spy,
                          const SearchRequest& req, const std::vector<QueryUnit>& units,
                          const Xapian::MSet* page) const {
    result.total = mset.get_matches_estimated();
    // The total is exact when Xapian's bounds meet, the facets when the counter saw every match;
    // otherwise they are those of the first matches in id order (a fair sample: facets.h
    // docid_at_mark), scaled to the total; failing that (a remote shard's counts), of every note
    // examined.
    result.exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    if (!result.exact) result.total = density_estimate(mset, spy, counted(req), db.get_lastdocid());
    result.facets_exact = result.exact && spy.seen() == result.total;
    const bool sample = !result.facets_exact && spy.docid_at_mark() != 0;
    result.tag_facets = spy.tags(table(), sample);
    result.year_facets = spy.years(sample);
    if (!result.facets_exact && spy.seen() > 0) {
        const double factor =
            static_cast<double>(result.total) / static_cast<double>(sample ? counted(req) : spy.seen());
        scale_facets(result.tag_facets, factor);
        scale_facets(result.year_facets, factor);
    }
    if (!page) page = &mset;
    const bool readings = std::any_of(units.begin(), units.end(), [](const QueryUnit& u) {
        return !u.reading.empty() || std::any_of(u.alternatives.begin(), u.alternatives.end(),
                                                 [](const QueryUnit& a) { return !a.reading.empty(); });
    });
    for (auto it = page->begin(); it != page->end(); ++it) {
        Hit hit;
        Xapian::Document doc = it.get_document();
        hit.note = note_of(doc);
        hit.score = it.get_weight();
        std::vector<QueryUnit> held;
        if (readings)
            held = readings_held(units, [&](const std::string& reading) {
                return has_term(doc, std::string(schema::kPrefixReading) + reading);
            });
        const std::vector<QueryUnit>& marked = readings ? held : units;
        hit.snippet = make_snippet(hit.note, marked, analyzer, req.snippet_columns);
        if (req.mark_words) hit.marked = marked_words(hit.note, marked, analyzer);
        result.hits.push_back(std::move(hit));
    }
}

void Searcher::Impl::reopen() {
    // A reader that failed half-way may hold a revision no longer there: opened afresh.
    open_published();
    tags.reset();
    tag_table.reset();
}

void Searcher::Impl::open_published() {
    // A rebuild published between reading the stub and opening the generation it named removes
    // that generation: the stub names the new one by then, which is opened instead.
    for (int attempt = 1;; ++attempt) {
        generation = schema::published_generation(path);
        try {
            shards = open_shards(path, shard_options, given_up);
            opened_at = std::chrono::steady_clock::now();
            db = shards.all;
            return;
        } catch (const Xapian::DatabaseOpeningError&) {
            if (attempt == 3 || schema::published_generation(path) == generation) throw;
        } catch (const IndexError&) {  // open_shards' words for a generation no longer there
            if (attempt == 3 || schema::published_generation(path) == generation) throw;
        }
    }
}

void Searcher::Impl::shard_failed(const Xapian::NetworkError& e, std::string_view verb) {
    std::vector<std::string> lost = unanswering_shards(shards, shard_options);
    if (lost.empty()) throw_index_error(e, verb, path);
    if (!shard_options.partial)
        throw IndexError("cannot " + std::string(verb) + " shard " + lost.front() + " of index " + path + ": " +
                         e.get_msg() + "; --partial answers from the shards that can be reached");
    given_up.insert(lost.begin(), lost.end());
}

void Searcher::Impl::check_shards(const std::string& reindex) const {
    for (const Shard& s : shards.shards) {
        // A single generation (index_layout.h) is the index itself, not a shard of it.
        const bool alone =
            shards.shards.size() == 1 &&
            (s.name == path || s.name.rfind(path + "/" + std::string(schema::kGenerationPrefix), 0) == 0);
        const std::string what = alone ? "index " + path : "shard " + s.name + " of index " + path;
        const std::string again = "; re-index with: notes-index --db " + (alone ? path : s.name) + reindex;
        std::string version = s.db.get_metadata(std::string(schema::kMetaSchema));
        // notes-index writes the schema with its first commit: a database without it and without
        // notes is one whose first build was stopped before the end.
        if (version.empty() && s.db.get_doccount() == 0)
            throw IndexError(unfinished_index_message("open", alone ? path : s.name));
        if (version != schema::kSchemaVersion)
            throw IndexError("cannot use " + what + ": it was written by another version of notes-search (schema " +
                             (version.empty() ? "unknown" : version) + ", this one reads " +
                             std::string(schema::kSchemaVersion) + ")" + again);
        if (s.db.get_metadata(std::string(schema::kMetaAnalyzer)) != analyzer.fingerprint())
            throw IndexError("cannot use " + what +
                             ": it was built with other MeCab dictionaries than this notes-search uses" + again);
    }
}

Searcher::Searcher(const std::string& db_path, const Analyzer& analyzer, const SearcherOptions& options)
    : impl_(std::make_unique<Impl>(db_path, analyzer, options)) {
    std::string rebuild = "build it with: notes-index --db " + db_path + " <notes folder>";
    std::error_code ec;
    // An error other than "not there" (a folder that cannot be searched) is Xapian's to tell.
    if (!std::filesystem::exists(db_path, ec) && !ec)
        throw IndexError("cannot open index " + db_path + ": no index there; " + rebuild);
    impl_->guard("open", [&] {
        try {
            impl_->open_published();
        } catch (const Xapian::DatabaseNotFoundError&) {
            throw IndexError("cannot open index " + db_path + ": no index there; " + rebuild);
        }
        impl_->check_shards(" <notes folder>");
    });
}

Searcher::~Searcher() = default;

SearchResult Searcher::Impl::search(const SearchRequest& req, const std::string& query, bool& sure) const {
    SearchResult result;
    result.query = query;
    bool blank = trim(query).empty();
    if (blank && req.filter_tags.empty()) throw QueryError("cannot parse query: it is empty");
    std::unique_ptr<QueryNode> tree = blank ? nullptr : parse_query(query);
    Xapian::Query tag_filter = this->tag_filter(req.filter_tags);
    QueryContext context = tree ? this->context() : QueryContext{};
    if (tree) find_unknown_tags(*tree, result.unknown_tags);
    auto assemble = [&](MatchMode mode, BuiltQuery& built) {
        Xapian::Query q;
        if (tree) {
            built = build_query(*tree, analyzer, mode, context);
            q = built.matched;
            if (q.empty()) throw QueryError("cannot parse query: no word to search for in \"" + query + "\"");
        }
        if (!tag_filter.empty())
            q = q.empty() ? Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, tag_filter, 0.0)
                          : Xapian::Query(Xapian::Query::OP_FILTER, q, tag_filter);
        return q;
    };

    BuiltQuery built;
    Xapian::Query q = assemble(MatchMode::All, built);
    result.units = built.units;
    bool filters_only = result.units.empty();
    Xapian::Query boost = built.boost;
    auto spy = std::make_unique<FacetCounter>(counted(req));
    Xapian::MSet page;
    Xapian::MSet mset = run(q, req, filters_only, *spy, boost, &page);
    bool any_word = false;
    if (mset.get_matches_estimated() == 0 && built.top_level_units >= 2) {
        BuiltQuery any;
        q = assemble(MatchMode::Any, any);
        boost = any.boost;
        spy = std::make_unique<FacetCounter>(counted(req));
        mset = run(q, req, filters_only, *spy, boost, &page);
        result.partial = mset.get_matches_estimated() > 0;
        any_word = true;
    }
    fill(result, mset, *spy, req, result.units, &page);
    result.suggestion = suggest(query, result.units, sure);
    if (!boost.empty()) q = Xapian::Query(Xapian::Query::OP_AND_MAYBE, q, boost);
    if (req.explain) result.explanation = explain(built, req.filter_tags, any_word, q);
    return result;
}

SearchResult Searcher::search(const SearchRequest& req) const {
    return impl_->guard("search", [&] {
        bool sure = false;
        SearchResult result = impl_->search(req, req.query, sure);
        result.missing_shards = impl_->shards.missing;
        if ((result.total > 0 && !result.partial) || result.suggestion.empty() || !sure) return result;
        SearchResult corrected = impl_->search(req, result.suggestion, sure);
        if (corrected.total == 0 || (result.total > 0 && corrected.partial)) return result;
        corrected.query = req.query;
        corrected.suggestion = result.suggestion;
        corrected.corrected = true;
        corrected.missing_shards = impl_->shards.missing;
        return corrected;
    });
}

std::optional<Note> Searcher::note(std::int64_t id) const {
    return impl_->guard("read", [&] { return impl_->find_note(schema::id_term(id)); });
}

IndexStats Searcher::stats() const {
    return impl_->guard("read", [&] {
        IndexStats s;
        s.notes = impl_->db.get_doccount();
        std::string prefix(schema::kPrefixTag);
        for (auto t = impl_->db.allterms_begin(prefix); t != impl_->db.allterms_end(prefix); ++t) ++s.tags;
        s.db = impl_->path;
        s.author = impl_->db.get_metadata(std::string(schema::kMetaAuthor));
        return s;
    });
}

std::vector<std::string> Searcher::missing_shards() const { return impl_->shards.missing; }

std::vector<FacetCount> Searcher::all_tags() const {
    return impl_->guard("read", [&] { return impl_->tag_counts(); });
}

std::vector<Note> Searcher::notes_with_tag(const std::string& tag) const {
    return impl_->guard("read", [&] {
        Xapian::Enquire enquire(impl_->db);
        enquire.set_query(Xapian::Query(schema::tag_term(tag)));
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        Xapian::MSet mset = enquire.get_mset(0, impl_->db.get_doccount());
        std::vector<Note> out;
        for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back(note_of(it.get_document()));
        return out;
    });
}

std::optional<PublishedPage> Searcher::published_page(const std::string& tag) const {
    return impl_->guard("read", [&]() -> std::optional<PublishedPage> {
        std::string value = impl_->db.get_metadata(schema::page_key(tag));
        if (value.empty()) return std::nullopt;
        return page_from_metadata(value);
    });
}

}  // namespace notes
