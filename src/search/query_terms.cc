// query_terms.cc — model names written whole, readings of kana words, and the near-words boost.
#include "query_terms.h"

#include "fields.h"
#include "normalize.h"
#include "schema.h"

namespace notes {

Xapian::Query combine(Xapian::Query::op op, const std::vector<Xapian::Query>& parts) {
    if (parts.empty()) return Xapian::Query();
    if (parts.size() == 1) return parts.front();
    return Xapian::Query(op, parts.begin(), parts.end());
}

std::string date_bound(const std::string& d, bool upper) {
    std::string v;
    for (char c : d)
        if (c != '-') v.push_back(c);
    v.resize(8, upper ? '9' : '0');
    return v;
}

Xapian::Query with_names(const Xapian::Query& q, const std::vector<const Token*>& unit, const std::string& prefix) {
    std::vector<Xapian::Query> names;
    for (const Token* t : unit)
        if (!t->name.empty()) names.emplace_back(prefix + t->name);
    if (names.empty()) return q;
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, q,
                         Xapian::Query(Xapian::Query::OP_OR, names.begin(), names.end()));
}

namespace {

bool is_kana_unit(const std::vector<const Token*>& unit) {
    for (const Token* t : unit)
        if (t->kind != TokenKind::Japanese || kana_reading(t->term).empty()) return false;
    return true;
}

// Whether the character just before `at` (or the one at `at`) is Japanese: a kana word must not
// be the tail or the head of a word with kanji (量子かの).
bool japanese_before(std::string_view text, std::size_t at) {
    if (at == 0) return false;
    std::size_t start = at - 1;
    while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    return is_japanese_char(next_codepoint(text, start));
}

bool japanese_at(std::string_view text, std::size_t at) {
    return at < text.size() && is_japanese_char(next_codepoint(text, at));
}

}  // namespace

std::vector<KanaWord> kana_words(std::string_view text, const TokenUnits& units) {
    std::vector<KanaWord> words;
    for (std::size_t u = 0; u < units.size();) {
        if (!is_kana_unit(units[u])) {
            ++u;
            continue;
        }
        std::size_t last = u;
        while (last + 1 < units.size() && is_kana_unit(units[last + 1]) &&
               units[last + 1].front()->begin == units[last].back()->end)
            ++last;
        std::size_t begin = units[u].front()->begin, end = units[last].back()->end;
        KanaWord w{u, last, normalize(text.substr(begin, end - begin)), ""};
        w.reading = kana_reading(w.written);
        if (!japanese_before(text, begin) && !japanese_at(text, end) && count_codepoints(w.reading) >= 2)
            words.push_back(std::move(w));
        u = last + 1;
    }
    return words;
}

Xapian::Query searched(const QueryPart& part, const Xapian::Query& others) {
    if (part.phrases.empty()) return part.query;
    Xapian::Query phrases(Xapian::Query::OP_OR, part.phrases.begin(), part.phrases.end());
    if (!others.empty()) phrases = Xapian::Query(Xapian::Query::OP_FILTER, phrases, others);
    return part.query.empty() ? phrases : Xapian::Query(Xapian::Query::OP_OR, part.query, phrases);
}

std::vector<Xapian::Query> searched(const std::vector<QueryPart>& parts, Xapian::Query::op op) {
    std::vector<Xapian::Query> queries;
    for (const QueryPart& p : parts) queries.push_back(searched(p, Xapian::Query()));
    if (op != Xapian::Query::OP_AND || parts.size() < 2) return queries;
    std::vector<Xapian::Query> filtered = queries;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (parts[i].phrases.empty()) continue;
        std::vector<Xapian::Query> others;
        for (std::size_t j = 0; j < parts.size(); ++j)
            if (j != i) others.push_back(queries[j]);
        filtered[i] = searched(parts[i], combine(op, others));
    }
    return filtered;
}

void with_reading(const KanaWord& w, Xapian::Query::op op, std::vector<QueryPart>& parts,
                  std::vector<QueryUnit>& recorded) {
    std::vector<Xapian::Query> inside;
    std::vector<QueryPart> rest;
    QueryPart merged{Xapian::Query(), w.first_unit, w.last_unit, 0, {}};
    std::size_t at = 0;
    for (QueryPart& p : parts) {
        if (p.first < w.first_unit || p.last > w.last_unit) {
            rest.push_back(std::move(p));
            continue;
        }
        if (inside.empty()) {
            at = rest.size();
            merged.recorded = p.recorded;
        }
        inside.push_back(searched(p, Xapian::Query()));
    }
    if (inside.empty()) {
        parts = std::move(rest);
        return;
    }
    Xapian::Query words = inside.size() == 1 ? inside.front() : Xapian::Query(op, inside.begin(), inside.end());
    Xapian::Query reading(std::string(schema::kPrefixReading) + w.reading);
    merged.query = Xapian::Query(Xapian::Query::OP_OR, words,
                                 Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, reading, schema::kReadingScale));
    std::size_t first = merged.recorded;
    rest.insert(rest.begin() + static_cast<std::ptrdiff_t>(at), std::move(merged));
    parts = std::move(rest);
    if (first >= recorded.size()) return;
    QueryUnit alternative;
    alternative.text = w.written;
    alternative.reading = w.reading;
    recorded[first].alternatives.push_back(std::move(alternative));
}

Xapian::Query near_boost(const TokenUnits& units) {
    if (units.size() < 2 || units.size() > 3) return Xapian::Query();
    std::vector<Xapian::Query> firsts;
    for (const auto& unit : units) {
        const Token* first = unit.front();
        for (const Token* t : unit)
            if (t->content()) {
                first = t;
                break;
            }
        firsts.emplace_back(first->term);
    }
    Xapian::Query near(Xapian::Query::OP_NEAR, firsts.begin(), firsts.end(), kNearWindow);
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, near, kNearScale);
}

Xapian::Query compound_query(const std::vector<const Token*>& toks) {
    if (toks.size() > kMaxCompoundRun) return Xapian::Query();
    std::string joined;
    for (const Token* t : toks) joined += t->term;
    Xapian::Query q(std::string(schema::kPrefixCompound) + compound_key(joined));
    if (toks.size() > 1) q = Xapian::Query(Xapian::Query::OP_OR, q, Xapian::Query(joined));
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, schema::kCompoundScale);
}

bool one_compound(const std::vector<const Token*>& toks) {
    if (toks.size() < 2 || toks.size() > kMaxCompoundRun) return false;
    for (std::size_t i = 0; i < toks.size(); ++i)
        if (toks[i]->kind != TokenKind::Japanese || (i > 0 && !toks[i]->joins_previous)) return false;
    return true;
}

Xapian::Query compound_matched(const Xapian::Query& compound, const std::vector<const Token*>& toks, bool with_copies) {
    std::vector<Xapian::Query> weights;
    auto words_in = [&](std::string_view prefix) {
        std::vector<Xapian::Query> terms;
        for (const Token* t : toks) terms.emplace_back(std::string(prefix) + t->term);
        weights.emplace_back(Xapian::Query::OP_AND, terms.begin(), terms.end());
    };
    words_in("");
    if (with_copies)
        for (const schema::TextField& f : schema::kTextFields)
            if (f.searched_with_free_text) words_in(f.prefix);
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, compound,
                         Xapian::Query(Xapian::Query::OP_OR, weights.begin(), weights.end()));
}

}  // namespace notes
