// query_builder.cc — the Xapian query built unit by unit, words widened by synonyms and tags.
#include "query_builder.h"

#include <algorithm>
#include <unordered_set>

#include "fields.h"
#include "normalize.h"
#include "query_terms.h"
#include "schema.h"
#include "stop_words.h"
#include "wildcard.h"

namespace notes {

namespace {

// A text field's copy, or the free text (nullptr): what a word of the query is looked for in.
using Field = const schema::TextField*;

std::string prefix_of(Field field) { return field ? std::string(field->prefix) : std::string(); }

Xapian::Query boolean(const std::string& term) {
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), 0.0);
}

class Builder {
  public:
    Builder(const Analyzer& analyzer, MatchMode mode, const QueryContext& context, BuiltQuery& out)
        : analyzer_(analyzer), mode_(mode), context_(context), out_(out) {}

    std::size_t words() const { return words_.size() + phrase_words_; }
    const std::vector<Xapian::Query>& boosts() const { return boosts_; }

    Xapian::Query build(const QueryNode& n, bool top) {
        switch (n.kind) {
            case QueryNode::Kind::And: return build_and(n, top);
            case QueryNode::Kind::Or: {
                std::vector<Xapian::Query> parts;
                for (const auto& c : n.children) {
                    Xapian::Query q = c->kind == QueryNode::Kind::Not ? negation(*c) : build(*c, false);
                    if (!q.empty()) parts.push_back(q);
                }
                return combine(Xapian::Query::OP_OR, parts);
            }
            case QueryNode::Kind::Not: return negation(n);
            case QueryNode::Kind::Text: return text(n, top);
            case QueryNode::Kind::Phrase: return phrase(n);
            case QueryNode::Kind::Wildcard: return wildcard(n, top);
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

    void record(QueryUnit unit, bool top) {
        if (negated_) return;
        out_.units.push_back(std::move(unit));
        if (top) ++out_.top_level_units;
    }

    // The words in a field's copy: one word by its stem, several in this order.
    static Xapian::Query copy_query(const std::vector<const Token*>& toks, const schema::TextField& copy) {
        std::string prefix(copy.prefix);
        if (toks.size() == 1 && !toks.front()->base.empty())
            return Xapian::Query(std::string(schema::kPrefixStem) + prefix + toks.front()->base);
        std::vector<Xapian::Query> terms;
        for (const Token* t : toks) terms.emplace_back(prefix + t->term);
        if (terms.size() == 1) return terms.front();
        return with_names(field_phrase(toks, &copy, terms), toks, prefix);
    }

    // Words in this order within a field. A copy without positions (fields.h) has the words
    // looked for in the field and their order in the free text.
    static Xapian::Query field_phrase(const std::vector<const Token*>& toks, Field field,
                                      const std::vector<Xapian::Query>& terms) {
        Xapian::Query phrase(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), terms.size());
        if (!field || field->positional) return phrase;
        std::vector<Xapian::Query> plain;
        for (const Token* t : toks) plain.emplace_back(t->term);
        Xapian::Query in_order(Xapian::Query::OP_PHRASE, plain.begin(), plain.end(), plain.size());
        return Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(Xapian::Query::OP_AND, terms.begin(), terms.end()),
                             in_order);
    }

    // One unit: a word, a compound (量子化: PHRASE(量子 化) OR ½·(C量子化 OR 量子化)) or a
    // hyphenated word (fine-tuning).
    Xapian::Query unit_terms(const std::vector<const Token*>& toks, Field field, QueryUnit& unit) {
        unit.japanese = toks.front()->kind == TokenKind::Japanese;
        std::string prefix = prefix_of(field);
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
            q = with_names(field_phrase(toks, field, terms), toks, prefix);
        }
        if (!field) {
            // The same words in the copies searched with the free text (the title's) add their own score.
            std::vector<Xapian::Query> alternatives{q};
            for (const schema::TextField& f : schema::kTextFields)
                if (f.searched_with_free_text) alternatives.push_back(copy_query(toks, f));
            Xapian::Query compound = unit.japanese ? compound_query(toks) : Xapian::Query();
            if (!compound.empty() && one_compound(toks)) return compound_matched(compound, toks, true);
            if (!compound.empty()) alternatives.push_back(compound);
            q = Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
        }
        return q;
    }

    Xapian::Query unit_query(const std::vector<const Token*>& toks, Field field, bool top) {
        QueryUnit unit;
        Xapian::Query q = unit_terms(toks, field, unit);
        record(std::move(unit), top);
        return q;
    }

    // Words in this order: PHRASE of the words (Japanese: OR their compound term).
    Xapian::Query phrase_terms(const std::vector<const Token*>& toks, Field field, QueryUnit& unit) {
        std::string prefix = prefix_of(field);
        std::vector<Xapian::Query> terms;
        bool all_japanese = true;
        for (const Token* t : toks) {
            unit.text += t->term;
            unit.terms.push_back(t->term);
            terms.emplace_back(prefix + t->term);
            all_japanese = all_japanese && t->kind == TokenKind::Japanese;
        }
        unit.japanese = all_japanese;
        Xapian::Query q = with_names(field_phrase(toks, field, terms), toks, prefix);
        if (all_japanese && !field) {
            Xapian::Query compound = compound_query(toks);
            if (!compound.empty())
                q = one_compound(toks) ? compound_matched(compound, toks, false)
                                       : Xapian::Query(Xapian::Query::OP_OR, q, compound);
        }
        return q;
    }

    // A synonym as the query would search it: one unit as a word, several as a phrase.
    Xapian::Query synonym_query(const SynonymTerm& term, const TokenUnits& units, Field field, QueryUnit& unit) {
        if (units.size() == 1) return unit_terms(units.front(), field, unit);
        std::vector<const Token*> all;
        for (const Token& t : term.tokens) all.push_back(&t);
        return phrase_terms(all, field, unit);
    }

    static bool is_function_unit(const std::vector<const Token*>& unit) {
        return unit.size() == 1 && unit.front()->kind == TokenKind::Latin && is_function_word(unit.front()->term);
    }

    static bool has_content(const std::vector<const Token*>& unit) {
        for (const Token* t : unit)
            if (t->content()) return true;
        return false;
    }

    Xapian::Query text(const QueryNode& n, bool top) {
        Analysis a = analyzer_.analyze(n.value);
        join_spaced_names(n.value, a.tokens);
        Field field = schema::find_text_field(n.field);
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
        const std::size_t text_index = out_.texts.size();
        out_.texts.push_back(std::move(seen));
        // English function words are kept for synonym runs ("chain of thought") and left out of
        // the search only when a word that says something stands beside them.
        bool any_topic = false;
        for (std::size_t i : kept) any_topic = any_topic || !is_function_unit(units[i]);
        for (std::size_t i : kept) words_.insert(n.field + '\x1f' + match_key(units[i]));
        if (words() > kMaxQueryWords) return Xapian::Query();  // counted on, refused by build_query
        std::vector<QueryPart> parts;
        std::unordered_set<std::string> done;  // the units and runs searched: a repeated one adds nothing
        for (std::size_t k = 0; k < kept.size();) {
            QueryPart part;
            part.recorded = out_.units.size();
            std::size_t taken = negated_ ? 0 : widened(units, kept, k, field, top, part, done);
            if (taken > 0 && !part.query.empty()) {
                part.first = kept[k];
                part.last = kept[k + taken - 1];
                parts.push_back(std::move(part));
            } else if (taken == 0) {
                const auto& unit = units[kept[k]];
                if (any_topic && is_function_unit(unit))  // "the transformer": the is no required word
                    out_.texts[text_index].ignored.push_back(unit.front()->term);
                else if (done.insert(match_key(unit)).second)
                    parts.push_back({unit_query(unit, field, top), kept[k], kept[k], part.recorded, {}});
                taken = 1;
            }
            k += taken;
        }
        return combine_parts(n.value, units, field, top, parts);
    }

    // The parts of a text joined: a kana word OR its reading (りょうしか finds 量子化), and two or
    // three words lifted where they stand near each other.
    Xapian::Query combine_parts(std::string_view text, const TokenUnits& units, Field field, bool top,
                                std::vector<QueryPart>& parts) {
        auto op = mode_ == MatchMode::Any ? Xapian::Query::OP_OR : Xapian::Query::OP_AND;
        if (!negated_ && !field)
            for (const KanaWord& w : kana_words(text, units)) with_reading(w, op, parts, out_.units);
        TokenUnits words;
        for (const QueryPart& p : parts)
            for (std::size_t u = p.first; u <= p.last; ++u) words.push_back(units[u]);
        // A text of the outermost implicit AND must match, so its boost may as well lift the whole query.
        if (top && mode_ == MatchMode::All && !field && !negated_ && parts.size() >= 2) {
            Xapian::Query near = near_boost(words);
            if (!near.empty()) boosts_.push_back(near);
        }
        return combine(op, searched(parts, op));
    }

    // The longest run of searched units from kept[k] that is a synonym or names a tag, searched
    // as itself OR its synonyms OR its tags, into `part` (its synonyms of several words into
    // part.phrases). Returns the units it took (0: none).
    std::size_t widened(const std::vector<std::vector<const Token*>>& units, const std::vector<std::size_t>& kept,
                        std::size_t k, Field field, bool top, QueryPart& part, std::unordered_set<std::string>& done) {
        const Synonyms* synonyms = context_.synonyms;
        const TagLexicon* tags = field ? nullptr : context_.tags;  // title:WORD names no tag
        if ((!synonyms || synonyms->size() == 0) && (!tags || tags->size() == 0)) return 0;
        // Tag names run to four words (Spoken Language Processing, Out-of-Distribution Detection).
        constexpr std::size_t kLongestTagName = 4;
        std::size_t longest =
            std::min(kept.size() - k, std::max(synonyms ? synonyms->longest_term() : 0, kLongestTagName));
        for (std::size_t len = longest; len >= 1; --len) {
            // The tokens from the run's first unit to its last, the particles between them included
            // (思考の連鎖), as the synonyms file's terms were analysed.
            const Token* first = units[kept[k]].front();
            const Token* last = units[kept[k + len - 1]].back();
            std::vector<const Token*> run;
            for (const Token* t = first; t <= last; ++t) run.push_back(t);
            std::string key = match_key(run);
            std::vector<std::size_t> groups = synonyms ? synonyms->find(key) : std::vector<std::size_t>();
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
            if (!done.insert(key).second) return len;

            std::size_t first_unit = out_.units.size();
            std::vector<Xapian::Query> own;
            Expansion expansion;
            for (std::size_t i = k; i < k + len; ++i) {
                own.push_back(unit_query(units[kept[i]], field, top));
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
                    if (++synonyms_ > kMaxQuerySynonyms) break;
                    forms.push_back(term.form);
                    QueryUnit alternative;
                    const TokenUnits term_units = token_units(term.tokens);
                    (term_units.size() > 1 ? part.phrases : either)
                        .emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                                      synonym_query(term, term_units, field, alternative), kSynonymScale);
                    out_.units[first_unit].alternatives.push_back(std::move(alternative));
                    expansion.synonyms.push_back(term.written);
                }
            }
            for (const auto& tag : named)
                either.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                                    Xapian::Query(std::string(schema::kPrefixTag) + tag), kTagBoostScale);
            expansion.tags = std::move(named);
            out_.expansions.push_back(std::move(expansion));
            part.query = Xapian::Query(Xapian::Query::OP_OR, either.begin(), either.end());
            return len;
        }
        return 0;
    }

    Xapian::Query phrase(const QueryNode& n) {
        Analysis a = analyzer_.analyze(n.value);
        out_.texts.push_back({n.value, n.field, true, negated_, a.tokens, {}});
        phrase_words_ += a.tokens.size();
        if (a.tokens.empty() || words() > kMaxQueryWords) return Xapian::Query();
        Field field = schema::find_text_field(n.field);
        if (a.tokens.size() == 1) return unit_query({&a.tokens.front()}, field, false);
        std::vector<const Token*> all;
        for (const Token& t : a.tokens) all.push_back(&t);
        QueryUnit unit;
        Xapian::Query q = phrase_terms(all, field, unit);
        record(std::move(unit), false);
        return q;
    }

    Xapian::Query wildcard(const QueryNode& n, bool top) {
        Wildcard w = build_wildcard(n, analyzer_, context_.db);
        out_.texts.push_back({n.value + "*", n.field, false, negated_, std::move(w.tokens), {}});
        words_.insert(n.field + "\x1f*" + w.unit.text);
        if (!negated_) out_.wildcards.push_back(std::move(w.expansion));
        record(std::move(w.unit), top);
        return w.query;
    }

    // The words of the query as analysed: distinct words (a field's apart), and each word of a
    // phrase. Past kMaxQueryWords the rest is counted, not built, and build_query refuses it.
    std::unordered_set<std::string> words_;
    std::size_t phrase_words_ = 0;
    std::size_t synonyms_ = 0;  // the synonyms the query was widened with so far
    std::vector<Xapian::Query> boosts_;
    const Analyzer& analyzer_;
    MatchMode mode_;
    const QueryContext& context_;
    BuiltQuery& out_;
    bool negated_ = false;
};

}  // namespace

BuiltQuery build_query(const QueryNode& root, const Analyzer& analyzer, MatchMode mode, const QueryContext& context) {
    BuiltQuery out;
    Builder builder(analyzer, mode, context, out);
    out.matched = builder.build(root, true);
    out.boost = combine(Xapian::Query::OP_OR, builder.boosts());
    out.query = out.boost.empty() || out.matched.empty()
                    ? out.matched
                    : Xapian::Query(Xapian::Query::OP_AND_MAYBE, out.matched, out.boost);
    // The parser counted the words as typed; one typed word may be many (a,b,c,...).
    if (builder.words() > kMaxQueryWords)
        throw QueryError("cannot parse query: too many words (" + std::to_string(builder.words()) + "; at most " +
                         std::to_string(kMaxQueryWords) + ")");
    return out;
}

}  // namespace notes
