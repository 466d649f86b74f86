// related.cc — --like: the notes nearest one note, by its content words weighted tf-idf and its tags.
#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_set>

#include "ascii.h"
#include "document.h"
#include "fields.h"
#include "normalize.h"
#include "schema.h"
#include "searcher_impl.h"
#include "stop_words.h"

namespace notes {

namespace {

// Link and image-URL pieces that notes are full of: no topic either, for --like alone.
bool is_link_piece(std::string_view w) {
    static const std::unordered_set<std::string_view> kPieces = {
        "http", "https",  "www",   "com",    "org", "html", "github", "githubusercontent",
        "user", "images", "image", "assets", "abs", "pdf",  "status", "twitter",
        "io",   "jp",     "png",   "jpg"};
    return kPieces.count(w) > 0;
}

// A content word of the --like source: as the note writes it, as a unit to highlight, and how
// often the note has it (each time times its field's weight, fields.h).
struct TermCount {
    std::string word;
    QueryUnit unit;
    double count = 0;
};

using TermCounts = std::map<std::string, TermCount>;  // by index term

// The content words of one text of a note, counted into `counts`.
void count_terms(const Analyzer& analyzer, const std::string& text, double weight, TermCounts& counts) {
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
                    if (t.term.size() < 2 || is_stop_word(t.term) || is_link_piece(t.term) || t.base.empty()) continue;
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

// The content words of the fields --like reads (fields.h), in the table's order.
TermCounts count_note_terms(const Note& source, const Analyzer& analyzer) {
    TermCounts counts;
    for (const schema::TextField& f : schema::kTextFields)
        if (f.related) count_terms(analyzer, source.*f.member, f.weight, counts);
    return counts;
}

// The words worth searching for, best first: tf-idf, a word of this note alone or of most notes
// left out.
std::vector<LikeTerm> choose_terms(const TermCounts& counts, const Xapian::Database& db) {
    // How many of the source note's words are searched for: enough to describe its topic, few
    // enough that a note sharing one common word does not rank with one sharing the subject.
    constexpr std::size_t kLikeTerms = 24;
    double all = db.get_doccount();
    std::vector<LikeTerm> chosen;
    for (const auto& [term, c] : counts) {
        Xapian::doccount notes = db.get_termfreq(term);
        // A word of this note alone finds nothing; one in most notes says nothing.
        if (notes < 2 || notes * 2 > all) continue;
        chosen.push_back({c.word, term, c.count * std::log(all / notes), notes});
    }
    std::sort(chosen.begin(), chosen.end(), [](const LikeTerm& a, const LikeTerm& b) {
        return a.weight != b.weight ? a.weight > b.weight : a.term < b.term;
    });
    if (chosen.size() > kLikeTerms) chosen.resize(kLikeTerms);
    return chosen;
}

// Any of the chosen words or the source's tags, the source itself left out; `units` receives the
// best words, highlighted in the snippets.
Xapian::Query like_query(const std::vector<LikeTerm>& chosen, const TermCounts& counts, const Note& source,
                         const std::string& source_term, std::vector<QueryUnit>& units) {
    // Each tag of the source counts as much as a word (its K term's BM25 weight: a rare tag
    // relates two notes more than #NLP does).
    constexpr double kLikeTagScale = 1.0;
    std::vector<Xapian::Query> parts;
    for (const auto& t : chosen) {
        // The source's emphasis on a word multiplies, gently, the BM25 weight it earns a match.
        double emphasis = 1 + std::log(std::max(1.0, counts.at(t.term).count));
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(t.term), emphasis);
        if (units.size() < 8) units.push_back(counts.at(t.term).unit);
    }
    for (const auto& tag : source.tags)
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(schema::tag_term(tag)), kLikeTagScale);
    if (parts.empty()) return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()),
                         Xapian::Query(source_term));
}

}  // namespace

SearchResult Searcher::like(std::int64_t id, const SearchRequest& req) const {
    return impl_->guard("search", [&] {
        const Xapian::Database& db = impl_->db;
        std::string id_term = schema::id_term(id);
        std::optional<Note> found = impl_->find_note(id_term);
        if (!found) throw QueryError("cannot find note #" + std::to_string(id) + ": it is not in the index");
        const Note& source = *found;

        SearchResult result;
        result.query = req.query;
        result.like = id;
        result.like_title = source.title;

        TermCounts counts = count_note_terms(source, impl_->analyzer);
        std::vector<LikeTerm> chosen = choose_terms(counts, db);
        std::vector<QueryUnit> units;
        Xapian::Query q = like_query(chosen, counts, source, id_term, units);
        BuiltQuery built;
        if (!trim(req.query).empty()) {
            built = build_query(*parse_query(req.query), impl_->analyzer, MatchMode::All, impl_->context());
            if (built.query.empty())
                throw QueryError("cannot parse query: no word to search for in \"" + req.query + "\"");
            if (!q.empty()) q = Xapian::Query(Xapian::Query::OP_FILTER, q, built.query);
        }
        Xapian::Query tag_filter = impl_->tag_filter(req.filter_tags);
        if (!q.empty() && !tag_filter.empty()) q = Xapian::Query(Xapian::Query::OP_FILTER, q, tag_filter);

        FacetCounter spy(impl_->counted(req));
        if (!q.empty()) {
            Xapian::MSet mset = impl_->run(q, req, false, spy);
            impl_->fill(result, mset, spy, req, units);
        }
        result.units = std::move(units);
        result.missing_shards = impl_->shards.missing;
        if (req.explain) {
            result.explanation = impl_->explain(built, req.filter_tags, false, q);
            result.explanation->like_terms = std::move(chosen);
            result.explanation->like_tags = source.tags;
        }
        return result;
    });
}

}  // namespace notes
