// searcher.cc — Enquire with BM25, an all-words pass then an any-word fallback, facets, snippets.
#include "searcher.h"

#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <regex>
#include <unordered_map>
#include <unordered_set>

#include "document.h"
#include "normalize.h"
#include "schema.h"

namespace notes {

namespace {

struct Mark {
    std::size_t begin, end, unit;
};

std::vector<Mark> find_marks(std::string_view text, const std::vector<QueryUnit>& units, const Analyzer& analyzer) {
    std::vector<Mark> marks;
    if (text.empty() || units.empty()) return marks;
    Analysis a = analyzer.analyze(text);
    const auto& toks = a.tokens;
    std::unique_ptr<Normalized> normalized;                       // made only when a substring search needs it
    std::vector<std::pair<std::size_t, const QueryUnit*>> forms;  // a synonym marks as its unit
    for (std::size_t u = 0; u < units.size(); ++u) {
        forms.emplace_back(u, &units[u]);
        for (const auto& alternative : units[u].alternatives) forms.emplace_back(u, &alternative);
    }
    for (const auto& [u, form] : forms) {
        const QueryUnit& unit = *form;
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
    std::sort(marks.begin(), marks.end(),
              [](const Mark& x, const Mark& y) { return x.begin != y.begin ? x.begin < y.begin : x.end > y.end; });
    return marks;
}

std::size_t distinct_units(const std::vector<Mark>& marks) {
    std::vector<std::size_t> seen;
    for (const auto& m : marks)
        if (std::find(seen.begin(), seen.end(), m.unit) == seen.end()) seen.push_back(m.unit);
    return seen.size();
}

// Markdown says nothing to a reader of a one-line snippet: an image (![image](https://...)) is
// left out whole, a link ([text](https://...)) keeps only its text. Byte ranges to skip, in order.
std::vector<std::pair<std::size_t, std::size_t>> markdown_spans(std::string_view text) {
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    for (std::size_t at = text.find('['); at != std::string_view::npos; at = text.find('[', at + 1)) {
        std::size_t mid = text.find("](", at);
        if (mid == std::string_view::npos) break;
        std::size_t close = text.find(')', mid);
        if (close == std::string_view::npos) break;
        if (text.substr(at, mid - at).find('\n') != std::string_view::npos ||
            text.substr(at + 1, mid - at - 1).find('[') != std::string_view::npos)
            continue;  // not one link: try from the next bracket
        bool image = at > 0 && text[at - 1] == '!';
        if (image) {
            spans.emplace_back(at - 1, close + 1);
        } else {
            spans.emplace_back(at, at + 1);
            spans.emplace_back(mid, close + 1);
        }
        at = close;
    }
    return spans;
}

Snippet cut_snippet(std::string_view text, const std::vector<Mark>& marks, std::size_t width) {
    // Character starts, leaving out markdown images and link targets; cols[k] is the number of
    // terminal columns before character k, so that the window is `width` columns wide, not
    // characters (a Japanese character takes two).
    auto skip = markdown_spans(text);
    std::vector<std::size_t> chars;
    std::vector<std::size_t> cols{0};
    for (std::size_t i = 0, s = 0; i < text.size();) {
        while (s < skip.size() && skip[s].second <= i) ++s;
        if (s < skip.size() && i >= skip[s].first) {
            i = skip[s].second;
            continue;
        }
        chars.push_back(i);
        cols.push_back(cols.back() + char_columns(next_codepoint(text, i)));
    }
    auto char_index = [&](std::size_t byte) {
        return static_cast<std::size_t>(std::lower_bound(chars.begin(), chars.end(), byte) - chars.begin());
    };
    // The end (a character index) of the widest window from `start` that fits in `width` columns.
    auto window_end = [&](std::size_t start) {
        auto past =
            std::upper_bound(cols.begin() + static_cast<std::ptrdiff_t>(start), cols.end(), cols[start] + width);
        return static_cast<std::size_t>(past - cols.begin()) - 1;
    };
    std::size_t best_start = 0, best_distinct = 0, best_count = 0;
    for (const Mark& anchor : marks) {
        // The match a fifth of the way in, so that the reader sees what leads to it.
        std::size_t at = char_index(anchor.begin);
        std::size_t lead = cols[at] > width / 5 ? cols[at] - width / 5 : 0;
        auto first = std::lower_bound(cols.begin(), cols.begin() + static_cast<std::ptrdiff_t>(at) + 1, lead);
        std::size_t start = static_cast<std::size_t>(first - cols.begin());
        std::size_t end = window_end(start);
        std::size_t end_byte = end < chars.size() ? chars[end] : text.size();
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
    std::size_t stop = window_end(best_start);
    // Never cut a marked word in two: the window grows to its end.
    for (const Mark& m : marks)
        if (stop < chars.size() && m.begin < chars[stop] && m.end > chars[stop]) stop = char_index(m.end);
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

// Xapian describes a scale factor with every digit of its double (0.80000000000000004441 * ...):
// shown to a person as the number that was written (0.8).
std::string tidy_scale_factors(const std::string& description) {
    static const std::regex factor(R"((^|[( ])(\d+\.\d{6,}) \* )");
    std::string out;
    auto begin = description.cbegin();
    for (std::sregex_iterator it(description.begin(), description.end(), factor), end; it != end; ++it) {
        const auto& m = *it;
        out.append(begin, m[2].first);
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.6g", std::strtod(m[2].str().c_str(), nullptr));
        out += buf;
        out += " * ";
        begin = m[0].second;
    }
    out.append(begin, description.cend());
    return out;
}

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

namespace {

// English words that say nothing about a note's topic, left out of --like.
bool is_stop_word(std::string_view w) {
    static const std::unordered_set<std::string_view> kStop = {
        "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
        "because", "been", "before", "being", "between", "both", "but", "by", "can", "could", "did", "do", "does",
        "doing", "down", "during", "each", "et", "few", "for", "from", "further", "had", "has", "have", "having", "he",
        "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just",
        "more", "most", "my", "no", "nor", "not", "of", "off", "on", "once", "only", "or", "other", "our", "ours",
        "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "them",
        "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "us", "use",
        "used", "using", "very", "via", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom",
        "why", "will", "with", "would", "you", "your", "al", "vs",
        // the pieces of links and image URLs that notes are full of
        "http", "https", "www", "com", "org", "html", "github", "githubusercontent", "user", "images", "image",
        "assets", "abs", "pdf", "status", "twitter", "io", "jp", "png", "jpg"};
    return kStop.count(w) > 0;
}

// A content word of the --like source: as the note writes it, as a unit to highlight, and how
// often the note has it (title words count kTitleWeight times).
struct TermCount {
    std::string word;
    QueryUnit unit;
    double count = 0;
};

}  // namespace

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

    QueryContext context() const {
        if (!synonyms) synonyms = Synonyms::load(synonyms_path, analyzer);
        if (!tags) {
            std::vector<std::string> keys;
            std::string prefix(schema::kPrefixTag);
            for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t)
                keys.push_back((*t).substr(prefix.size()));
            tags = TagLexicon(keys, analyzer);
        }
        return {&*synonyms, &*tags};
    }

    const TagTable& table() const {
        if (!tag_table) {
            try {
                tag_table = TagTable::decode(db.get_metadata(std::string(schema::kMetaTags)));
            } catch (const std::exception& e) {
                throw IndexError("cannot use index " + path + ": " + e.what() + "; re-index with: notes-index --db " +
                                 path + " <notes folder>");
            }
        }
        return *tag_table;
    }

    // A tag's display name, as the site spells it.
    std::string tag_name(const std::string& key) const {
        const std::string& name = table().name_of_key(key);
        return name.empty() ? key : name;
    }

    Xapian::Query tag_filter(const std::vector<std::string>& filter_tags) const {
        std::vector<Xapian::Query> parts;
        for (const auto& tag : filter_tags) {
            if (tag_key(tag).empty()) throw QueryError("cannot parse query: --tag names no tag");
            parts.emplace_back(schema::tag_term(tag));
        }
        if (parts.empty()) return Xapian::Query();
        return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
    }

    // Every match is looked at, so that the total and the facets are exact.
    Xapian::MSet run(const Xapian::Query& q, const SearchRequest& req, bool filters_only, FacetCounter& spy) const {
        Xapian::Enquire enquire(db);
        enquire.set_weighting_scheme(Xapian::BM25Weight());
        enquire.set_query(q);
        enquire.add_matchspy(&spy);
        SortOrder sort = req.sort;
        if (sort == SortOrder::Relevance && filters_only) sort = SortOrder::Newest;
        if (sort == SortOrder::Newest)
            enquire.set_sort_by_value_then_relevance(schema::kSlotDate, true);
        else if (sort == SortOrder::Oldest)
            enquire.set_sort_by_value_then_relevance(schema::kSlotDate, false);
        else
            enquire.set_sort_by_relevance();
        return enquire.get_mset(static_cast<Xapian::doccount>(req.offset), static_cast<Xapian::doccount>(req.limit),
                                db.get_doccount());
    }

    void fill(SearchResult& result, const Xapian::MSet& mset, const FacetCounter& spy, const SearchRequest& req,
              const std::vector<QueryUnit>& units) const {
        result.total = mset.get_matches_estimated();
        result.tag_facets = spy.tags(table());
        result.year_facets = spy.years();
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            Hit hit;
            hit.note = note_of(it.get_document());
            hit.score = it.get_weight();
            hit.snippet = make_snippet(hit.note, units, analyzer, req.snippet_columns);
            result.hits.push_back(std::move(hit));
        }
    }

    // Did-you-mean: an English word found in no note, or in very few, where a word one or two
    // edits away is in many (Xapian's spelling table counts notes). The query comes back as the
    // user wrote it, the corrected words replaced; "" when nothing needs correcting.
    std::string suggest(const std::string& query, const std::vector<QueryUnit>& units) const {
        constexpr Xapian::doccount kFewNotes = 2;  // "very few"
        constexpr Xapian::doccount kRatio = 20;    // how many more notes the correction must be in
        std::map<std::string, std::string> fixes;
        for (const QueryUnit& u : units) {
            if (u.japanese || u.terms.size() != 1 || u.stems.empty()) continue;
            const std::string& word = u.terms.front();
            if (word.size() < 3 || word.find_first_not_of("abcdefghijklmnopqrstuvwxyz") != std::string::npos) continue;
            Xapian::doccount notes = db.get_termfreq(std::string(schema::kPrefixStem) + u.stems.front());
            if (notes > kFewNotes) continue;
            std::string better = db.get_spelling_suggestion(word, 2);
            if (better.empty() || better == word) continue;
            Analysis b = analyzer.analyze(better);
            if (b.tokens.size() != 1 || b.tokens.front().base == u.stems.front()) continue;  // only an inflection
            if (db.get_termfreq(better) < std::max<Xapian::doccount>(1, kRatio * notes)) continue;
            fixes[word] = better;
        }
        if (fixes.empty()) return "";
        std::string out = query;
        Analysis a = analyzer.analyze(query);
        for (auto t = a.tokens.rbegin(); t != a.tokens.rend(); ++t) {
            auto fix = fixes.find(t->term);
            if (t->kind == TokenKind::Latin && fix != fixes.end())
                out.replace(t->begin, t->end - t->begin, fix->second);
        }
        return out == query ? "" : out;
    }

    Explanation explain(const BuiltQuery& built, const std::vector<std::string>& filter_tags, bool any_word,
                        const Xapian::Query& q) const {
        Explanation e;
        e.texts = built.texts;
        e.expansions = built.expansions;
        for (auto& x : e.expansions)
            for (auto& tag : x.tags) tag = tag_name(tag);
        e.filters = built.filters;
        for (const auto& tag : filter_tags) e.filters.push_back("--tag " + tag);
        if (!synonyms) synonyms = Synonyms::load(synonyms_path, analyzer);
        e.synonyms = synonyms->describe();
        e.any_word = any_word;
        e.xapian_query = tidy_scale_factors(q.get_description());
        return e;
    }

    // The content words of one text of a note, counted into `counts` by index term.
    void count_terms(const std::string& text, double weight, std::map<std::string, TermCount>& counts) const {
        if (is_placeholder(text)) return;
        Analysis a = analyzer.analyze(text);
        for (const Token& t : a.tokens) {
            std::string term;
            QueryUnit unit;
            unit.text = t.term;
            unit.terms = {t.term};
            switch (t.word_class) {
                case WordClass::Noun:
                    if (t.kind == TokenKind::Number) continue;
                    if (t.kind == TokenKind::Latin) {
                        if (t.term.size() < 2 || is_stop_word(t.term) || t.base.empty()) continue;
                        term = std::string(schema::kPrefixStem) + t.base;
                        unit.stems = {t.base};
                    } else {
                        // One kana or kanji alone (他, 中, 際) is too vague to relate two notes.
                        if (count_codepoints(t.term) < 2) continue;
                        term = t.term;
                        unit.japanese = true;
                    }
                    break;
                case WordClass::Verb:
                case WordClass::Adjective:
                    if (t.base.empty()) continue;
                    term = std::string(schema::kPrefixStem) + t.base;
                    unit.stems = {t.base};
                    unit.japanese = t.kind == TokenKind::Japanese;
                    break;
                default:  // particles, auxiliaries, light verbs, prefixes and suffixes (の, した, する, 化)
                    continue;
            }
            auto& c = counts[term];
            if (c.word.empty()) {
                c.word = t.kind == TokenKind::Japanese && !t.base.empty() ? t.base : t.term;
                c.unit = std::move(unit);
            }
            c.count += weight;
        }
    }
};

Searcher::Searcher(const std::string& db_path, const Analyzer& analyzer, const SearcherOptions& options)
    : impl_(std::make_unique<Impl>(db_path, analyzer, options)) {
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
        throw IndexError(
            "cannot use index " + db_path + ": it was written by another version of notes-search (schema " +
            (version.empty() ? "unknown" : version) + ", this one reads " + std::string(schema::kSchemaVersion) +
            "); re-index with: notes-index --db " + db_path + " <notes folder>");
    if (impl_->db.get_metadata(std::string(schema::kMetaAnalyzer)) != analyzer.fingerprint())
        throw IndexError("cannot use index " + db_path +
                         ": it was built with other MeCab dictionaries than this notes-search uses; re-index with: "
                         "notes-index --db " +
                         db_path + " <notes folder>");
}

Searcher::~Searcher() = default;

SearchResult Searcher::search(const SearchRequest& req) const {
    SearchResult result;
    result.query = req.query;
    bool blank = req.query.find_first_not_of(" \t\r\n") == std::string::npos;
    if (blank && req.filter_tags.empty()) throw QueryError("cannot parse query: it is empty");
    std::unique_ptr<QueryNode> tree = blank ? nullptr : parse_query(req.query);
    Xapian::Query tag_filter = impl_->tag_filter(req.filter_tags);
    QueryContext context = tree ? impl_->context() : QueryContext{};
    auto assemble = [&](MatchMode mode, BuiltQuery& built) {
        Xapian::Query q;
        if (tree) {
            built = build_query(*tree, impl_->analyzer, mode, context);
            q = built.query;
            if (q.empty()) throw QueryError("cannot parse query: no word to search for in \"" + req.query + "\"");
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
    auto spy = std::make_unique<FacetCounter>();
    Xapian::MSet mset = impl_->run(q, req, filters_only, *spy);
    bool any_word = false;
    if (mset.get_matches_estimated() == 0 && built.top_level_units >= 2) {
        BuiltQuery any;
        q = assemble(MatchMode::Any, any);
        spy = std::make_unique<FacetCounter>();
        mset = impl_->run(q, req, filters_only, *spy);
        result.partial = mset.get_matches_estimated() > 0;
        any_word = true;
    }
    impl_->fill(result, mset, *spy, req, result.units);
    result.suggestion = impl_->suggest(req.query, result.units);
    if (req.explain) result.explanation = impl_->explain(built, req.filter_tags, any_word, q);
    return result;
}

SearchResult Searcher::like(std::int64_t id, const SearchRequest& req) const {
    // How many of the source note's words are searched for: enough to describe its topic, few
    // enough that a note sharing one common word does not rank with one sharing the subject.
    constexpr std::size_t kLikeTerms = 24;
    // Each tag of the source counts as much as a word (its K term's BM25 weight: a rare tag
    // relates two notes more than #NLP does).
    constexpr double kLikeTagScale = 1.0;

    const Xapian::Database& db = impl_->db;
    std::string id_term = schema::id_term(id);
    auto p = db.postlist_begin(id_term);
    if (p == db.postlist_end(id_term))
        throw QueryError("cannot find note #" + std::to_string(id) + ": it is not in the index");
    Note source = note_of(db.get_document(*p));

    SearchResult result;
    result.query = req.query;
    result.like = id;
    result.like_title = source.title;

    std::map<std::string, TermCount> counts;
    impl_->count_terms(source.title, schema::kTitleWeight, counts);
    impl_->count_terms(source.summary, 1, counts);
    impl_->count_terms(source.comment, 1, counts);
    double all = db.get_doccount();
    std::vector<LikeTerm> chosen;
    std::map<std::string, QueryUnit> units_by_term;
    for (auto& [term, c] : counts) {
        Xapian::doccount notes = db.get_termfreq(term);
        // A word of this note alone finds nothing; one in most notes says nothing.
        if (notes < 2 || notes * 2 > all) continue;
        chosen.push_back({c.word, term, c.count * std::log(all / notes), notes});
        units_by_term[term] = c.unit;
    }
    std::sort(chosen.begin(), chosen.end(), [](const LikeTerm& a, const LikeTerm& b) {
        return a.weight != b.weight ? a.weight > b.weight : a.term < b.term;
    });
    if (chosen.size() > kLikeTerms) chosen.resize(kLikeTerms);

    std::vector<Xapian::Query> parts;
    std::vector<QueryUnit> units;  // the note's best words, highlighted in the snippets
    for (const auto& t : chosen) {
        // The source's emphasis on a word multiplies, gently, the BM25 weight it earns a match.
        double emphasis = 1 + std::log(std::max(1.0, counts[t.term].count));
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(t.term), emphasis);
        if (units.size() < 8) units.push_back(units_by_term[t.term]);
    }
    std::vector<std::string> tags;
    for (const auto& tag : source.tags) {
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(schema::tag_term(tag)), kLikeTagScale);
        tags.push_back(tag);
    }
    Xapian::Query q;
    if (!parts.empty())
        q = Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()),
                          Xapian::Query(id_term));
    BuiltQuery built;
    if (req.query.find_first_not_of(" \t\r\n") != std::string::npos) {
        built = build_query(*parse_query(req.query), impl_->analyzer, MatchMode::All, impl_->context());
        if (built.query.empty()) throw QueryError("cannot parse query: no word to search for in \"" + req.query + "\"");
        if (!q.empty()) q = Xapian::Query(Xapian::Query::OP_FILTER, q, built.query);
    }
    Xapian::Query tag_filter = impl_->tag_filter(req.filter_tags);
    if (!q.empty() && !tag_filter.empty()) q = Xapian::Query(Xapian::Query::OP_FILTER, q, tag_filter);

    FacetCounter spy;
    if (!q.empty()) {
        Xapian::MSet mset = impl_->run(q, req, false, spy);
        impl_->fill(result, mset, spy, req, units);
    }
    result.units = std::move(units);
    if (req.explain) {
        result.explanation = impl_->explain(built, req.filter_tags, false, q);
        result.explanation->like_terms = std::move(chosen);
        result.explanation->like_tags = std::move(tags);
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
    // A tag's K term is in as many documents as notes carry the tag: no document is read.
    std::vector<FacetCount> out;
    const TagTable& t = impl_->table();
    for (std::uint32_t id = 0; id < t.size(); ++id) {
        Xapian::doccount n = impl_->db.get_termfreq(schema::tag_term(t.name(id)));
        if (n > 0) out.push_back({t.name(id), static_cast<std::int64_t>(n)});
    }
    sort_facets(out);
    return out;
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
    std::string value = impl_->db.get_metadata(std::string(schema::kMetaPagePrefix) + tag_key(tag));
    if (value.empty()) return std::nullopt;
    return page_from_metadata(value);
}

}  // namespace notes
