// searcher.cc — Enquire with BM25, an all-words pass then an any-word fallback, facets, snippets.
#include "searcher.h"

#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <unordered_map>

#include "document.h"
#include "normalize.h"
#include "schema.h"
#include "tag_page.h"

namespace notes {

namespace {

// Counts tags and years over every matching document: Xapian calls it once per match, so the
// counts cover the whole matching set, not just the page of results shown.
class FacetSpy : public Xapian::MatchSpy {
  public:
    void operator()(const Xapian::Document& doc, double) override {
        std::string tags = doc.get_value(schema::kSlotTags);
        std::size_t start = 0;
        while (start < tags.size()) {
            std::size_t end = tags.find(schema::kTagSeparator, start);
            if (end == std::string::npos) end = tags.size();
            if (end > start) ++tags_[tags.substr(start, end - start)];
            start = end + 1;
        }
        std::string date = doc.get_value(schema::kSlotDate);
        if (date.size() >= 4) ++years_[date.substr(0, 4)];
    }

    std::vector<FacetCount> tags() const {
        std::vector<FacetCount> out;
        for (const auto& [name, n] : tags_) out.push_back({name, n});
        std::stable_sort(out.begin(), out.end(), [](const FacetCount& a, const FacetCount& b) {
            return a.count != b.count ? a.count > b.count : a.name < b.name;
        });
        return out;
    }

    std::vector<FacetCount> years() const {
        std::vector<FacetCount> out;
        for (auto it = years_.rbegin(); it != years_.rend(); ++it) out.push_back({it->first, it->second});
        return out;
    }

  private:
    std::unordered_map<std::string, std::int64_t> tags_;
    std::map<std::string, std::int64_t> years_;
};

struct Mark {
    std::size_t begin, end, unit;
};

std::vector<Mark> find_marks(std::string_view text, const std::vector<QueryUnit>& units, const Analyzer& analyzer) {
    std::vector<Mark> marks;
    if (text.empty() || units.empty()) return marks;
    Analysis a = analyzer.analyze(text);
    const auto& toks = a.tokens;
    std::unique_ptr<Normalized> normalized;  // made only when a substring search needs it
    for (std::size_t u = 0; u < units.size(); ++u) {
        const QueryUnit& unit = units[u];
        std::size_t k = unit.terms.size();
        bool found = false;
        for (std::size_t i = 0; k > 0 && i + k <= toks.size(); ++i) {
            bool match;
            if (k == 1 && !unit.stems.empty())
                match = toks[i].base == unit.stems.front() || toks[i].term == unit.terms.front();
            else {
                match = true;
                for (std::size_t j = 0; j < k && match; ++j) match = toks[i + j].term == unit.terms[j];
            }
            if (match) {
                marks.push_back({toks[i].begin, toks[i + k - 1].end, u});
                found = true;
            }
        }
        // The note may have split a Japanese compound differently: find its text instead, as
        // the bigram fallback did, but never for a single character.
        if (!found && unit.japanese && count_codepoints(unit.text) >= 2) {
            if (!normalized) normalized = std::make_unique<Normalized>(normalize_mapped(text));
            const std::string& n = normalized->text;
            for (std::size_t at = n.find(unit.text); at != std::string::npos; at = n.find(unit.text, at + 1))
                marks.push_back({normalized->source[at], normalized->source[at + unit.text.size()], u});
        }
    }
    std::sort(marks.begin(), marks.end(), [](const Mark& x, const Mark& y) {
        return x.begin != y.begin ? x.begin < y.begin : x.end > y.end;
    });
    return marks;
}

std::size_t distinct_units(const std::vector<Mark>& marks) {
    std::vector<std::size_t> seen;
    for (const auto& m : marks)
        if (std::find(seen.begin(), seen.end(), m.unit) == seen.end()) seen.push_back(m.unit);
    return seen.size();
}

// Markdown images (![image](https://...)) say nothing to a reader of a one-line snippet.
std::vector<std::pair<std::size_t, std::size_t>> image_spans(std::string_view text) {
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    for (std::size_t at = text.find("!["); at != std::string_view::npos; at = text.find("![", at + 2)) {
        std::size_t mid = text.find("](", at);
        if (mid == std::string_view::npos) break;
        std::size_t close = text.find(')', mid);
        if (close == std::string_view::npos || text.substr(at, mid - at).find('\n') != std::string_view::npos) continue;
        spans.emplace_back(at, close + 1);
        at = close;
    }
    return spans;
}

Snippet cut_snippet(std::string_view text, const std::vector<Mark>& marks, std::size_t width) {
    // Character starts, leaving out markdown images.
    auto skip = image_spans(text);
    std::vector<std::size_t> chars;
    for (std::size_t i = 0, s = 0; i < text.size();) {
        while (s < skip.size() && skip[s].second <= i) ++s;
        if (s < skip.size() && i >= skip[s].first) {
            i = skip[s].second;
            continue;
        }
        chars.push_back(i);
        next_codepoint(text, i);
    }
    auto char_index = [&](std::size_t byte) {
        return static_cast<std::size_t>(std::lower_bound(chars.begin(), chars.end(), byte) - chars.begin());
    };
    std::size_t best_start = 0, best_distinct = 0, best_count = 0;
    for (const Mark& anchor : marks) {
        std::size_t start = char_index(anchor.begin);
        start = start > width / 5 ? start - width / 5 : 0;
        std::size_t end_byte = start + width < chars.size() ? chars[start + width] : text.size();
        std::vector<Mark> inside;
        for (const Mark& m : marks)
            if (m.begin >= chars[std::min(start, chars.size() - 1)] && m.end <= end_byte) inside.push_back(m);
        std::size_t d = distinct_units(inside);
        if (d > best_distinct || (d == best_distinct && inside.size() > best_count)) {
            best_distinct = d;
            best_count = inside.size();
            best_start = start;
        }
    }
    std::size_t stop = std::min(chars.size(), best_start + width);
    // Never cut a marked word in two: the window grows to its end.
    for (const Mark& m : marks)
        if (stop < chars.size() && m.begin < chars[stop] && m.end > chars[stop])
            stop = char_index(m.end);
    Snippet out;
    if (best_start > 0) out.text = "…";
    bool space = false;  // white space runs (newlines too) become one space
    std::size_t mark_i = 0;
    std::size_t open_at = std::string::npos;
    for (std::size_t c = best_start; c < stop; ++c) {
        std::size_t b = chars[c], e = b;
        next_codepoint(text, e);
        std::string_view ch = text.substr(b, e - b);
        if (open_at != std::string::npos && b >= marks[mark_i].end) {
            out.marks.emplace_back(open_at, out.text.size());
            open_at = std::string::npos;
            ++mark_i;
        }
        while (mark_i < marks.size() && marks[mark_i].end <= b) ++mark_i;
        if (ch == " " || ch == "\n" || ch == "\r" || ch == "\t" || ch == "\xE3\x80\x80") {
            space = true;
            continue;
        }
        if (space && !out.text.empty() && out.text != "…") out.text.push_back(' ');
        space = false;
        if (open_at == std::string::npos && mark_i < marks.size() && b >= marks[mark_i].begin)
            open_at = out.text.size();
        out.text.append(ch);
    }
    if (open_at != std::string::npos) out.marks.emplace_back(open_at, out.text.size());
    if (stop < chars.size()) out.text += "…";
    return out;
}

}  // namespace

Snippet make_snippet(const Note& note, const std::vector<QueryUnit>& units, const Analyzer& analyzer,
                     std::size_t width) {
    const std::string* texts[] = {&note.summary, &note.comment, &note.title};
    const std::string* best = nullptr;
    std::vector<Mark> best_marks;
    std::size_t best_distinct = 0;
    for (const std::string* t : texts) {
        if (is_placeholder(*t)) continue;
        if (!best) best = t;  // with no match anywhere, the note's first text
        auto marks = find_marks(*t, units, analyzer);
        std::size_t d = distinct_units(marks);
        if (d > best_distinct) {
            best = t;
            best_marks = std::move(marks);
            best_distinct = d;
        }
    }
    if (!best) return {};
    // Overlapping marks (a word inside a matched compound) become one.
    std::vector<Mark> merged;
    for (const Mark& m : best_marks) {
        if (!merged.empty() && m.begin < merged.back().end)
            merged.back().end = std::max(merged.back().end, m.end);
        else
            merged.push_back(m);
    }
    return cut_snippet(*best, merged, width);
}

struct Searcher::Impl {
    Xapian::Database db;
    const Analyzer& analyzer;
    std::string path;
    Impl(const std::string& p, const Analyzer& a) : analyzer(a), path(p) {}
};

Searcher::Searcher(const std::string& db_path, const Analyzer& analyzer)
    : impl_(std::make_unique<Impl>(db_path, analyzer)) {
    namespace fs = std::filesystem;
    std::string rebuild = "build it with: notes-index --db " + db_path + " <notes folder>";
    if (!fs::exists(db_path)) throw IndexError("cannot open index " + db_path + ": no index there; " + rebuild);
    try {
        impl_->db = Xapian::Database(db_path);
    } catch (const Xapian::DatabaseNotFoundError&) {
        throw IndexError("cannot open index " + db_path + ": no index there; " + rebuild);
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot open index " + db_path + ": " + e.get_description());
    }
    std::string version = impl_->db.get_metadata(std::string(schema::kMetaSchema));
    if (version != schema::kSchemaVersion)
        throw IndexError("cannot use index " + db_path + ": it was written by another version of notes-search (schema " +
                         (version.empty() ? "unknown" : version) + ", this one reads " +
                         std::string(schema::kSchemaVersion) + "); re-index with: notes-index --db " + db_path +
                         " <notes folder>");
    if (impl_->db.get_metadata(std::string(schema::kMetaAnalyzer)) != analyzer.fingerprint())
        throw IndexError("cannot use index " + db_path +
                         ": it was built with other MeCab dictionaries than this notes-search uses; re-index with: "
                         "notes-index --db " + db_path + " <notes folder>");
}

Searcher::~Searcher() = default;

SearchResult Searcher::search(const SearchRequest& req) const {
    SearchResult result;
    result.query = req.query;
    bool blank = req.query.find_first_not_of(" \t\r\n") == std::string::npos;
    if (blank && req.filter_tags.empty()) throw QueryError("cannot parse query: it is empty");
    std::unique_ptr<QueryNode> tree = blank ? nullptr : parse_query(req.query);

    std::vector<Xapian::Query> tag_filters;
    for (const auto& tag : req.filter_tags) {
        if (schema::tag_key(tag).empty()) throw QueryError("cannot parse query: --tag names no tag");
        tag_filters.emplace_back(schema::tag_term(tag));
    }
    auto assemble = [&](MatchMode mode, BuiltQuery& built) {
        Xapian::Query q;
        if (tree) {
            built = build_query(*tree, impl_->analyzer, mode);
            q = built.query;
            if (q.empty()) throw QueryError("cannot parse query: no word to search for in \"" + req.query + "\"");
        }
        if (!tag_filters.empty()) {
            Xapian::Query filter(Xapian::Query::OP_AND, tag_filters.begin(), tag_filters.end());
            q = q.empty() ? Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, filter, 0.0)
                          : Xapian::Query(Xapian::Query::OP_FILTER, q, filter);
        }
        return q;
    };

    Xapian::Enquire enquire(impl_->db);
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    Xapian::doccount all = impl_->db.get_doccount();
    auto run = [&](const Xapian::Query& q, FacetSpy& spy) {
        enquire.set_query(q);
        enquire.clear_matchspies();
        enquire.add_matchspy(&spy);
        SortOrder sort = req.sort;
        if (sort == SortOrder::Relevance && result.units.empty()) sort = SortOrder::Newest;  // filters only
        if (sort == SortOrder::Newest)
            enquire.set_sort_by_value_then_relevance(schema::kSlotDate, true);
        else if (sort == SortOrder::Oldest)
            enquire.set_sort_by_value_then_relevance(schema::kSlotDate, false);
        else
            enquire.set_sort_by_relevance();
        // Every match is looked at, so that the total and the facets are exact.
        return enquire.get_mset(static_cast<Xapian::doccount>(req.offset), static_cast<Xapian::doccount>(req.limit), all);
    };

    BuiltQuery built;
    Xapian::Query q = assemble(MatchMode::All, built);
    result.units = built.units;
    auto spy = std::make_unique<FacetSpy>();
    Xapian::MSet mset = run(q, *spy);
    if (mset.get_matches_estimated() == 0 && built.top_level_units >= 2) {
        BuiltQuery any;
        Xapian::Query q_any = assemble(MatchMode::Any, any);
        spy = std::make_unique<FacetSpy>();
        mset = run(q_any, *spy);
        result.partial = mset.get_matches_estimated() > 0;
    }
    result.total = mset.get_matches_estimated();
    result.tag_facets = spy->tags();
    result.year_facets = spy->years();
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        Hit hit;
        hit.note = note_of(it.get_document());
        hit.score = it.get_weight();
        hit.snippet = make_snippet(hit.note, result.units, impl_->analyzer, req.snippet_chars);
        result.hits.push_back(std::move(hit));
    }
    return result;
}

IndexStats Searcher::stats() const {
    IndexStats s;
    s.notes = impl_->db.get_doccount();
    std::string prefix(schema::kPrefixTag);
    for (auto t = impl_->db.allterms_begin(prefix); t != impl_->db.allterms_end(prefix); ++t) ++s.tags;
    s.db = impl_->path;
    s.author = impl_->db.get_metadata(std::string(schema::kMetaAuthor));
    return s;
}

std::vector<FacetCount> Searcher::all_tags() const {
    Xapian::Enquire enquire(impl_->db);
    enquire.set_query(Xapian::Query::MatchAll);
    FacetSpy spy;
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 0, impl_->db.get_doccount());
    return spy.tags();
}

}  // namespace notes

namespace notes {

std::vector<Note> Searcher::notes_with_tag(const std::string& tag) const {
    Xapian::Enquire enquire(impl_->db);
    enquire.set_query(Xapian::Query(schema::tag_term(tag)));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::MSet mset = enquire.get_mset(0, impl_->db.get_doccount());
    std::vector<Note> out;
    for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back(note_of(it.get_document()));
    return out;
}

std::optional<PublishedPage> Searcher::published_page(const std::string& tag) const {
    std::string value = impl_->db.get_metadata(std::string(schema::kMetaPagePrefix) + schema::tag_key(tag));
    if (value.empty()) return std::nullopt;
    return page_from_metadata(value);
}

}  // namespace notes
