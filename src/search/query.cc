// query.cc — a small recursive-descent parser, then the Xapian query built unit by unit.
#include "query.h"

#include <algorithm>

#include "normalize.h"
#include "schema.h"

namespace notes {

namespace {

struct Lexeme {
    enum class Type { Word, Phrase, LParen, RParen, Or, And, Not };
    Type type;
    std::string text;   // Word: as written; Phrase: inside the quotes
    std::string field;  // Phrase: the field before :"..." when there was one
};

bool space_at(std::string_view s, std::size_t i, std::size_t& width) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        width = 1;
        return true;
    }
    if (s.compare(i, 3, "\xE3\x80\x80") == 0) {  // U+3000, the ideographic space
        width = 3;
        return true;
    }
    return false;
}

std::vector<Lexeme> lex(std::string_view s) {
    std::vector<Lexeme> out;
    std::size_t i = 0, w = 0;
    while (i < s.size()) {
        if (space_at(s, i, w)) {
            i += w;
            continue;
        }
        char c = s[i];
        if (c == '(' || c == ')') {
            out.push_back({c == '(' ? Lexeme::Type::LParen : Lexeme::Type::RParen, std::string(1, c), ""});
            ++i;
            continue;
        }
        if (c == '-' && i + 1 < s.size() && !space_at(s, i + 1, w) && s[i + 1] != ')') {
            out.push_back({Lexeme::Type::Not, "-", ""});
            ++i;
            continue;
        }
        if (c == '"') {
            std::size_t close = s.find('"', i + 1);
            if (close == std::string_view::npos)
                throw QueryError("cannot parse query: unbalanced quote (\") at character " + std::to_string(i + 1));
            out.push_back({Lexeme::Type::Phrase, std::string(s.substr(i + 1, close - i - 1)), ""});
            i = close + 1;
            continue;
        }
        std::size_t start = i;
        while (i < s.size() && !space_at(s, i, w) && s[i] != '(' && s[i] != ')') {
            if (s[i] == ':' && i + 1 < s.size() && s[i + 1] == '"') {  // field:"quoted value"
                std::size_t close = s.find('"', i + 2);
                if (close == std::string_view::npos)
                    throw QueryError("cannot parse query: unbalanced quote (\") at character " + std::to_string(i + 2));
                out.push_back({Lexeme::Type::Phrase, std::string(s.substr(i + 2, close - i - 2)),
                               std::string(s.substr(start, i - start))});
                i = close + 1;
                start = std::string_view::npos;
                break;
            }
            ++i;
        }
        if (start == std::string_view::npos) continue;
        std::string word(s.substr(start, i - start));
        if (word == "OR")
            out.push_back({Lexeme::Type::Or, word, ""});
        else if (word == "AND")
            out.push_back({Lexeme::Type::And, word, ""});
        else if (word == "NOT")
            out.push_back({Lexeme::Type::Not, word, ""});
        else
            out.push_back({Lexeme::Type::Word, word, ""});
    }
    return out;
}

bool valid_date_bound(std::string_view d) {
    // YYYY, YYYY-MM or YYYY-MM-DD
    if (d.size() != 4 && d.size() != 7 && d.size() != 10) return false;
    for (std::size_t i = 0; i < d.size(); ++i) {
        bool dash = i == 4 || i == 7;
        if (dash ? d[i] != '-' : (d[i] < '0' || d[i] > '9')) return false;
    }
    return true;
}

class Parser {
  public:
    explicit Parser(std::vector<Lexeme> lexemes) : lx_(std::move(lexemes)) {}

    std::unique_ptr<QueryNode> parse() {
        if (lx_.empty()) throw QueryError("cannot parse query: it is empty");
        auto node = parse_or();
        if (pos_ < lx_.size()) {
            if (lx_[pos_].type == Lexeme::Type::RParen)
                throw QueryError("cannot parse query: unbalanced parenthesis: \")\" without \"(\"");
            throw QueryError("cannot parse query: unexpected \"" + lx_[pos_].text + "\"");
        }
        return node;
    }

  private:
    bool at(Lexeme::Type t) const { return pos_ < lx_.size() && lx_[pos_].type == t; }

    std::unique_ptr<QueryNode> parse_or() {
        auto left = parse_and();
        if (!at(Lexeme::Type::Or)) return left;
        auto node = std::make_unique<QueryNode>();
        node->kind = QueryNode::Kind::Or;
        node->children.push_back(std::move(left));
        while (at(Lexeme::Type::Or)) {
            ++pos_;
            node->children.push_back(parse_and());
        }
        return node;
    }

    std::unique_ptr<QueryNode> parse_and() {
        auto node = std::make_unique<QueryNode>();
        node->kind = QueryNode::Kind::And;
        node->implicit = true;
        while (pos_ < lx_.size() && !at(Lexeme::Type::Or) && !at(Lexeme::Type::RParen)) {
            if (at(Lexeme::Type::And)) {
                node->implicit = false;
                ++pos_;
                continue;
            }
            node->children.push_back(parse_unary());
        }
        if (node->children.empty()) {
            std::string what = pos_ < lx_.size() ? "before \"" + lx_[pos_].text + "\"" : "at the end";
            throw QueryError("cannot parse query: a word is missing " + what);
        }
        if (node->children.size() == 1) return std::move(node->children.front());
        return node;
    }

    std::unique_ptr<QueryNode> parse_unary() {
        if (at(Lexeme::Type::Not)) {
            ++pos_;
            if (pos_ >= lx_.size() || at(Lexeme::Type::Or) || at(Lexeme::Type::RParen))
                throw QueryError("cannot parse query: nothing to exclude after \"NOT\" or \"-\"");
            auto node = std::make_unique<QueryNode>();
            node->kind = QueryNode::Kind::Not;
            node->children.push_back(parse_primary());
            return node;
        }
        return parse_primary();
    }

    std::unique_ptr<QueryNode> parse_primary() {
        const Lexeme& l = lx_[pos_++];
        auto node = std::make_unique<QueryNode>();
        switch (l.type) {
            case Lexeme::Type::LParen: {
                auto inner = parse_or();
                if (!at(Lexeme::Type::RParen))
                    throw QueryError("cannot parse query: unbalanced parenthesis: \"(\" is never closed");
                ++pos_;
                return inner;
            }
            case Lexeme::Type::Phrase:
                return field_node(l.field, l.text, /*quoted=*/true);
            case Lexeme::Type::Word: {
                if (l.text.size() > 1 && l.text[0] == '#') return field_node("tag", l.text.substr(1), false);
                auto colon = l.text.find(':');
                if (colon != std::string::npos && colon > 0 && colon + 1 < l.text.size())
                    return field_node(l.text.substr(0, colon), l.text.substr(colon + 1), false, l.text);
                node->kind = QueryNode::Kind::Text;
                node->value = l.text;
                return node;
            }
            default:
                throw QueryError("cannot parse query: unexpected \"" + l.text + "\"");
        }
    }

    static std::unique_ptr<QueryNode> field_node(const std::string& field, const std::string& value, bool quoted,
                                                 const std::string& as_written = "") {
        auto node = std::make_unique<QueryNode>();
        node->value = value;
        if (field == "tag") {
            node->kind = QueryNode::Kind::Tag;
            if (tag_key(value).empty()) throw QueryError("cannot parse query: tag: names no tag");
        } else if (field == "id") {
            node->kind = QueryNode::Kind::Id;
            std::string v = value.size() > 1 && value[0] == '#' ? value.substr(1) : value;
            if (v.empty() || v.size() > 15 || v.find_first_not_of("0123456789") != std::string::npos)
                throw QueryError("cannot parse query: id:" + value + " is not an issue number");
            node->value = v;
        } else if (field == "date") {
            node->kind = QueryNode::Kind::Date;
            auto dots = value.find("..");
            std::string lo = dots == std::string::npos ? value : value.substr(0, dots);
            std::string hi = dots == std::string::npos ? value : value.substr(dots + 2);
            if ((lo.empty() && hi.empty()) || (!lo.empty() && !valid_date_bound(lo)) ||
                (!hi.empty() && !valid_date_bound(hi)))
                throw QueryError("cannot parse query: date:" + value +
                                 " is not a date or range (YYYY, YYYY-MM, YYYY-MM-DD, A..B, ..B, A..)");
        } else if (field == "title" || field == "summary" || field == "comment" || field.empty()) {
            node->kind = quoted ? QueryNode::Kind::Phrase : QueryNode::Kind::Text;
            node->field = field;
        } else {  // not a field we know: the words as written (arXiv:2305.14314, http://...)
            node->kind = quoted ? QueryNode::Kind::Phrase : QueryNode::Kind::Text;
            node->value = quoted ? field + " " + value : as_written;
        }
        return node;
    }

    std::vector<Lexeme> lx_;
    std::size_t pos_ = 0;
};

std::string field_prefix(const std::string& field) {
    if (field == "title") return std::string(schema::kPrefixTitle);
    if (field == "summary") return std::string(schema::kPrefixSummary);
    if (field == "comment") return std::string(schema::kPrefixComment);
    return "";
}

Xapian::Query boolean(const std::string& term) {
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), 0.0);
}

Xapian::Query combine(Xapian::Query::op op, const std::vector<Xapian::Query>& parts) {
    if (parts.empty()) return Xapian::Query();
    if (parts.size() == 1) return parts.front();
    return Xapian::Query(op, parts.begin(), parts.end());
}

// "2023" -> "20230000" as a lower bound, "20239999" as an upper one.
std::string date_bound(const std::string& d, bool upper) {
    std::string v;
    for (char c : d)
        if (c != '-') v.push_back(c);
    v.resize(8, upper ? '9' : '0');
    return v;
}

class Builder {
  public:
    Builder(const Analyzer& analyzer, MatchMode mode, const QueryContext& context, BuiltQuery& out)
        : analyzer_(analyzer), mode_(mode), context_(context), out_(out) {}

    Xapian::Query build(const QueryNode& n, bool top) {
        switch (n.kind) {
            case QueryNode::Kind::And:
                return build_and(n, top);
            case QueryNode::Kind::Or: {
                std::vector<Xapian::Query> parts;
                for (const auto& c : n.children) {
                    Xapian::Query q = c->kind == QueryNode::Kind::Not ? negation(*c) : build(*c, false);
                    if (!q.empty()) parts.push_back(q);
                }
                return combine(Xapian::Query::OP_OR, parts);
            }
            case QueryNode::Kind::Not:
                return negation(n);
            case QueryNode::Kind::Text:
                return text(n, top);
            case QueryNode::Kind::Phrase:
                return phrase(n);
            case QueryNode::Kind::Tag:
                out_.has_filters = true;
                out_.filters.push_back((negated_ ? "-tag:" : "tag:") + n.value);
                return boolean(schema::tag_term(n.value));
            case QueryNode::Kind::Id:
                out_.has_filters = true;
                out_.filters.push_back((negated_ ? "-id:" : "id:") + n.value);
                return boolean(std::string(schema::kPrefixId) + n.value);
            case QueryNode::Kind::Date: {
                out_.has_filters = true;
                out_.filters.push_back((negated_ ? "-date:" : "date:") + n.value);
                auto dots = n.value.find("..");
                std::string lo = dots == std::string::npos ? n.value : n.value.substr(0, dots);
                std::string hi = dots == std::string::npos ? n.value : n.value.substr(dots + 2);
                if (lo.empty())
                    return Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kSlotDate, date_bound(hi, true));
                if (hi.empty())
                    return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kSlotDate, date_bound(lo, false));
                return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotDate, date_bound(lo, false),
                                     date_bound(hi, true));
            }
        }
        return Xapian::Query();
    }

  private:
    Xapian::Query negation(const QueryNode& n) {
        bool saved = negated_;
        negated_ = true;
        Xapian::Query inner = build(*n.children.front(), false);
        negated_ = saved;
        if (inner.empty()) return Xapian::Query();
        return Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, inner);
    }

    static bool is_filter(const QueryNode& n) {
        return n.kind == QueryNode::Kind::Tag || n.kind == QueryNode::Kind::Id || n.kind == QueryNode::Kind::Date;
    }

    Xapian::Query build_and(const QueryNode& n, bool top) {
        std::vector<Xapian::Query> words, filters, negative;
        for (std::size_t i = 0; i < n.children.size(); ++i) {
            const auto& c = n.children[i];
            // Words typed one after another are read as one text, so that a synonym or a tag
            // name of several words (knowledge tracing, "事前 学習") is seen whole.
            if (n.implicit && c->kind == QueryNode::Kind::Text && i + 1 < n.children.size() &&
                n.children[i + 1]->kind == QueryNode::Kind::Text && n.children[i + 1]->field == c->field) {
                QueryNode run;
                run.field = c->field;
                run.value = c->value;
                for (; i + 1 < n.children.size() && n.children[i + 1]->kind == QueryNode::Kind::Text &&
                       n.children[i + 1]->field == c->field;
                     ++i)
                    run.value += " " + n.children[i + 1]->value;
                Xapian::Query q = text(run, top);
                if (!q.empty()) words.push_back(q);
                continue;
            }
            if (c->kind == QueryNode::Kind::Not) {
                bool saved = negated_;
                negated_ = true;
                Xapian::Query q = build(*c->children.front(), false);
                negated_ = saved;
                if (!q.empty()) negative.push_back(q);
                continue;
            }
            Xapian::Query q = build(*c, top && n.implicit);
            if (!q.empty()) (is_filter(*c) ? filters : words).push_back(q);
        }
        // In Any mode only the words of an implicit AND become optional; filters stay filters.
        bool any = mode_ == MatchMode::Any && n.implicit;
        Xapian::Query result = combine(any ? Xapian::Query::OP_OR : Xapian::Query::OP_AND, words);
        Xapian::Query filter = combine(Xapian::Query::OP_AND, filters);
        if (result.empty())
            result = filter;
        else if (!filter.empty())
            result = Xapian::Query(Xapian::Query::OP_FILTER, result, filter);
        if (result.empty() && !negative.empty()) result = Xapian::Query::MatchAll;
        for (const auto& q : negative) result = Xapian::Query(Xapian::Query::OP_AND_NOT, result, q);
        return result;
    }

    Xapian::Query bigram_phrase(const std::string& text) {
        std::vector<Xapian::Query> grams;
        for (const auto& g : japanese_bigrams(text)) grams.emplace_back(std::string(schema::kPrefixBigram) + g);
        if (grams.empty()) return Xapian::Query();
        Xapian::Query q = grams.size() == 1
                              ? grams.front()
                              : Xapian::Query(Xapian::Query::OP_PHRASE, grams.begin(), grams.end(), grams.size());
        return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, schema::kBigramScale);
    }

    void record(QueryUnit unit, bool top) {
        if (negated_) return;
        out_.units.push_back(std::move(unit));
        if (top) ++out_.top_level_units;
    }

    static Xapian::Query title_query(const std::vector<const Token*>& toks) {
        std::string title(schema::kPrefixTitle);
        if (toks.size() == 1 && !toks.front()->base.empty())
            return Xapian::Query(std::string(schema::kPrefixStem) + title + toks.front()->base);
        std::vector<Xapian::Query> terms;
        for (const Token* t : toks) terms.emplace_back(title + t->term);
        if (terms.size() == 1) return terms.front();
        return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), terms.size());
    }

    // Words in this order within a field. The summary and comment copies have no positions
    // (schema.h): there the words are looked for in the field and their order in the free text.
    static Xapian::Query field_phrase(const std::vector<const Token*>& toks, const std::string& prefix,
                                      const std::vector<Xapian::Query>& terms) {
        Xapian::Query phrase(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), terms.size());
        if (schema::positional_field(prefix)) return phrase;
        std::vector<Xapian::Query> plain;
        for (const Token* t : toks) plain.emplace_back(t->term);
        Xapian::Query in_order(Xapian::Query::OP_PHRASE, plain.begin(), plain.end(), plain.size());
        return Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(Xapian::Query::OP_AND, terms.begin(), terms.end()),
                             in_order);
    }

    // One unit: a word, a compound (量子化: PHRASE(量子 化) OR ½·PHRASE(B量子 B子化)) or a
    // hyphenated word (fine-tuning).
    Xapian::Query unit_terms(const std::vector<const Token*>& toks, const std::string& prefix, QueryUnit& unit) {
        unit.japanese = toks.front()->kind == TokenKind::Japanese;
        std::vector<Xapian::Query> terms;
        for (const Token* t : toks) {
            unit.text += t->term;
            unit.terms.push_back(t->term);
            terms.emplace_back(prefix + t->term);
        }
        Xapian::Query q;
        if (toks.size() == 1) {
            const Token& t = *toks.front();
            if (!t.base.empty()) {
                unit.stems.push_back(t.base);
                q = Xapian::Query(std::string(schema::kPrefixStem) + prefix + t.base);
            } else {
                q = terms.front();
            }
        } else {
            q = field_phrase(toks, prefix, terms);
        }
        if (prefix.empty()) {
            // The same words in the title field add their own score: with BM25's saturation,
            // title wdf alone cannot lift a title hit above a note that repeats the word.
            std::vector<Xapian::Query> alternatives{q, title_query(toks)};
            if (unit.japanese) {
                Xapian::Query fallback = bigram_phrase(unit.text);
                if (!fallback.empty()) alternatives.push_back(fallback);
            }
            q = Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
        }
        return q;
    }

    Xapian::Query unit_query(const std::vector<const Token*>& toks, const std::string& prefix, bool top) {
        QueryUnit unit;
        Xapian::Query q = unit_terms(toks, prefix, unit);
        record(std::move(unit), top);
        return q;
    }

    // Words in this order: PHRASE of the words (Japanese: OR the bigram phrase).
    Xapian::Query phrase_terms(const std::vector<const Token*>& toks, const std::string& prefix, QueryUnit& unit) {
        std::vector<Xapian::Query> terms;
        bool all_japanese = true;
        for (const Token* t : toks) {
            unit.text += t->term;
            unit.terms.push_back(t->term);
            terms.emplace_back(prefix + t->term);
            all_japanese = all_japanese && t->kind == TokenKind::Japanese;
        }
        unit.japanese = all_japanese;
        Xapian::Query q = field_phrase(toks, prefix, terms);
        if (all_japanese && prefix.empty()) {
            Xapian::Query fallback = bigram_phrase(unit.text);
            if (!fallback.empty()) q = Xapian::Query(Xapian::Query::OP_OR, q, fallback);
        }
        return q;
    }

    // A synonym as the query would search it: one unit as a word, several as a phrase.
    Xapian::Query synonym_query(const SynonymTerm& term, const std::string& prefix, QueryUnit& unit) {
        auto units = token_units(term.tokens);
        if (units.size() == 1) return unit_terms(units.front(), prefix, unit);
        std::vector<const Token*> all;
        for (const Token& t : term.tokens) all.push_back(&t);
        return phrase_terms(all, prefix, unit);
    }

    static bool has_content(const std::vector<const Token*>& unit) {
        for (const Token* t : unit)
            if (t->content()) return true;
        return false;
    }

    Xapian::Query text(const QueryNode& n, bool top) {
        Analysis a = analyzer_.analyze(n.value);
        std::string prefix = field_prefix(n.field);
        auto units = token_units(a.tokens);
        bool any_content = false;
        for (const auto& u : units) any_content = any_content || has_content(u);
        QueryText seen{n.value, n.field, false, negated_, a.tokens, {}};
        std::vector<std::size_t> kept;  // the units searched
        for (std::size_t i = 0; i < units.size(); ++i) {
            // Particles and auxiliaries (の, した) only count when nothing else was asked.
            if (!has_content(units[i]) && any_content) {
                std::string word;
                for (const Token* t : units[i]) word += t->term;
                seen.ignored.push_back(std::move(word));
                continue;
            }
            kept.push_back(i);
        }
        out_.texts.push_back(std::move(seen));
        std::vector<Xapian::Query> parts;
        for (std::size_t k = 0; k < kept.size();) {
            std::size_t taken = negated_ ? 0 : widened(units, kept, k, prefix, top, parts);
            if (taken == 0) {
                parts.push_back(unit_query(units[kept[k]], prefix, top));
                taken = 1;
            }
            k += taken;
        }
        return combine(mode_ == MatchMode::Any ? Xapian::Query::OP_OR : Xapian::Query::OP_AND, parts);
    }

    // The longest run of searched units from kept[k] that is a synonym or names a tag, searched
    // as itself OR its synonyms OR its tags; appended to `parts`. Returns the units it took (0: none).
    std::size_t widened(const std::vector<std::vector<const Token*>>& units, const std::vector<std::size_t>& kept,
                        std::size_t k, const std::string& prefix, bool top, std::vector<Xapian::Query>& parts) {
        const Synonyms* synonyms = context_.synonyms;
        const TagLexicon* tags = prefix.empty() ? context_.tags : nullptr;  // title:WORD names no tag
        if ((!synonyms || synonyms->size() == 0) && (!tags || tags->size() == 0)) return 0;
        // Tag names run to four words (Spoken Language Processing, Out-of-Distribution Detection).
        constexpr std::size_t kLongestTagName = 4;
        std::size_t longest =
            std::min(kept.size() - k, std::max(synonyms ? synonyms->longest_term() : 0, kLongestTagName));
        static const std::vector<std::size_t> kNoGroups;
        for (std::size_t len = longest; len >= 1; --len) {
            // The tokens from the run's first unit to its last, the particles between them included
            // (思考の連鎖), as the synonyms file's terms were analysed.
            const Token* first = units[kept[k]].front();
            const Token* last = units[kept[k + len - 1]].back();
            std::vector<const Token*> run;
            for (const Token* t = first; t <= last; ++t) run.push_back(t);
            std::string key = match_key(run);
            const auto& groups = synonyms ? synonyms->find(key) : kNoGroups;
            std::vector<std::string> named = tags ? tags->find(run) : std::vector<std::string>();
            for (std::size_t g : groups)
                for (const auto& term : synonyms->group(g).terms) {
                    if (!tags) break;
                    std::vector<const Token*> toks;
                    for (const Token& t : term.tokens) toks.push_back(&t);
                    for (auto& tag : tags->find(toks))
                        if (std::find(named.begin(), named.end(), tag) == named.end()) named.push_back(tag);
                }
            if (groups.empty() && named.empty()) continue;

            std::size_t first_unit = out_.units.size();
            std::vector<Xapian::Query> own;
            Expansion expansion;
            for (std::size_t i = k; i < k + len; ++i) {
                own.push_back(unit_query(units[kept[i]], prefix, top));
                expansion.words += (i == k ? "" : " ") + out_.units.back().text;
            }
            std::vector<Xapian::Query> either{
                combine(mode_ == MatchMode::Any ? Xapian::Query::OP_OR : Xapian::Query::OP_AND, own)};
            std::vector<std::string> forms;
            for (std::size_t g : groups) {
                expansion.lines.push_back(synonyms->group(g).line);
                for (const auto& term : synonyms->group(g).terms) {
                    // The words typed, searched by stem, already cover a term of their key.
                    if (term.key == key || std::find(forms.begin(), forms.end(), term.form) != forms.end()) continue;
                    forms.push_back(term.form);
                    QueryUnit alternative;
                    either.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, synonym_query(term, prefix, alternative),
                                        kSynonymScale);
                    out_.units[first_unit].alternatives.push_back(std::move(alternative));
                    expansion.synonyms.push_back(term.written);
                }
            }
            for (const auto& tag : named)
                either.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                                    Xapian::Query(std::string(schema::kPrefixTag) + tag), kTagBoostScale);
            expansion.tags = std::move(named);
            out_.expansions.push_back(std::move(expansion));
            parts.emplace_back(Xapian::Query::OP_OR, either.begin(), either.end());
            return len;
        }
        return 0;
    }

    Xapian::Query phrase(const QueryNode& n) {
        Analysis a = analyzer_.analyze(n.value);
        out_.texts.push_back({n.value, n.field, true, negated_, a.tokens, {}});
        if (a.tokens.empty()) return Xapian::Query();
        std::string prefix = field_prefix(n.field);
        if (a.tokens.size() == 1) return unit_query({&a.tokens.front()}, prefix, false);
        std::vector<const Token*> all;
        for (const Token& t : a.tokens) all.push_back(&t);
        QueryUnit unit;
        Xapian::Query q = phrase_terms(all, prefix, unit);
        record(std::move(unit), false);
        return q;
    }

    const Analyzer& analyzer_;
    MatchMode mode_;
    const QueryContext& context_;
    BuiltQuery& out_;
    bool negated_ = false;
};

}  // namespace

std::unique_ptr<QueryNode> parse_query(std::string_view text) {
    if (std::size_t bad = find_invalid_utf8(text); bad != std::string_view::npos)
        throw QueryError("cannot parse query: invalid UTF-8 at byte " + std::to_string(bad));
    return Parser(lex(text)).parse();
}

BuiltQuery build_query(const QueryNode& root, const Analyzer& analyzer, MatchMode mode, const QueryContext& context) {
    BuiltQuery out;
    out.query = Builder(analyzer, mode, context, out).build(root, true);
    return out;
}

}  // namespace notes
