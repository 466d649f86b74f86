// explain_format.cc — --explain's account of the query, as lines for a person and as the "explain" object.
#include "explain_format.h"

#include <algorithm>
#include <cstdio>

namespace notes {

namespace {

// Indexed by the enums' values, in their declaration order (analyzer.h).
const char* class_name(WordClass c) {
    static constexpr const char* kNames[] = {"noun", "noun suffix", "prefix",
                                             "verb", "adjective",   "particle/auxiliary"};
    return kNames[static_cast<std::size_t>(c)];
}

const char* kind_name(TokenKind k) {
    static constexpr const char* kNames[] = {"latin", "number", "japanese"};
    return kNames[static_cast<std::size_t>(k)];
}

std::string joined(const std::vector<std::string>& items, const std::string& sep) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
    return out;
}

std::string fixed(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

// quant* -> quantization, quantized, ...   (12 words; the 100 most frequent of 340)
std::string wildcard_line(const WildcardExpansion& w) {
    std::string head = (w.field.empty() ? "" : w.field + ":") + w.start + "* -> ";
    if (w.words.empty()) return head + "(no word of the index starts with it)";
    std::string counted =
        w.matched > w.words.size()
            ? "the " + std::to_string(w.words.size()) + " most frequent of " + std::to_string(w.matched) + " words"
            : std::to_string(w.words.size()) + (w.words.size() == 1 ? " word" : " words");
    return head + joined(w.words, ", ") + "   (" + counted + ")";
}

}  // namespace

std::string render_explain_text(const Explanation& e) {
    std::string out = "How the query was understood:\n";
    auto line = [&](const std::string& label, const std::string& text) {
        std::string padded = "  " + label;
        padded.resize(std::max<std::size_t>(padded.size() + 1, 13), ' ');
        out += padded + text + "\n";
    };
    for (const auto& t : e.texts) {
        std::string where = t.field.empty() ? "" : t.field + ":";
        std::string head = (t.negated ? "-" : "") + where + (t.phrase ? "\"" + t.written + "\"" : t.written);
        std::vector<std::string> tokens;
        for (const Token& tok : t.tokens) {
            std::string s = (tok.joins_previous ? "+" : "") + tok.term + " (" +
                            (tok.kind == TokenKind::Japanese ? class_name(tok.word_class) : kind_name(tok.kind));
            if (!tok.base.empty() && tok.base != tok.term)
                s += (tok.kind == TokenKind::Japanese ? ", base " : ", stem ") + tok.base;
            tokens.push_back(s + ")");
        }
        line(t.phrase ? "phrase" : "words", head + (t.negated ? "   (excluded, taken as written)" : ""));
        line("tokens", tokens.empty() ? "(none: nothing to search for)" : joined(tokens, " "));
        if (!t.ignored.empty())
            line("ignored", joined(t.ignored, " ") + "   (particles, auxiliaries, English function words)");
    }
    for (const auto& x : e.expansions) {
        if (!x.synonyms.empty()) {
            std::vector<std::string> lines;
            for (auto l : x.lines) lines.push_back(std::to_string(l));
            line("synonyms", x.words + " -> " + joined(x.synonyms, ", ") + "   (x" + fixed(kSynonymScale) + "; line " +
                                 joined(lines, ", ") + ")");
        }
        if (!x.tags.empty()) {
            std::vector<std::string> tags;
            for (const auto& t : x.tags) tags.push_back("#" + t);
            line("tags", x.words + " -> " + joined(tags, " ") + "   (notes with the tag are boosted, not filtered)");
        }
    }
    for (const auto& w : e.wildcards) line("wildcard", wildcard_line(w));
    if (!e.like_terms.empty() || !e.like_tags.empty()) {
        std::vector<std::string> words;
        for (const auto& t : e.like_terms) words.push_back(t.word + " " + fixed(t.weight));
        line("like words", words.empty() ? "(none)" : joined(words, ", "));
        std::vector<std::string> tags;
        for (const auto& t : e.like_tags) tags.push_back("#" + t);
        line("like tags", tags.empty() ? "(none)" : joined(tags, " "));
    }
    line("filters", e.filters.empty() ? "(none)" : joined(e.filters, " "));
    line("file", "synonyms from " + e.synonyms);
    line("file", "user dictionary " + (e.user_dictionary.empty() ? "(none)" : e.user_dictionary));
    if (!e.texts.empty() && e.like_terms.empty() && e.like_tags.empty())
        line("matching", e.any_word ? "any word (no note has every word)" : "every word");
    if (!e.spelling.empty()) line("spelling", e.spelling);
    line("xapian", e.xapian_query);
    return out;
}

nlohmann::json render_explain_json(const Explanation& e) {
    nlohmann::json words = nlohmann::json::array();
    for (const auto& t : e.texts) {
        nlohmann::json tokens = nlohmann::json::array();
        for (const Token& tok : t.tokens)
            tokens.push_back({{"term", tok.term},
                              {"base", tok.base},
                              {"kind", kind_name(tok.kind)},
                              {"class", class_name(tok.word_class)},
                              {"joins_previous", tok.joins_previous}});
        words.push_back({{"text", t.written},
                         {"field", t.field},
                         {"phrase", t.phrase},
                         {"negated", t.negated},
                         {"tokens", std::move(tokens)},
                         {"ignored", t.ignored}});
    }
    nlohmann::json expansions = nlohmann::json::array();
    for (const auto& x : e.expansions)
        expansions.push_back({{"words", x.words}, {"synonyms", x.synonyms}, {"lines", x.lines}, {"tags", x.tags}});
    nlohmann::json wildcards = nlohmann::json::array();
    for (const auto& w : e.wildcards)
        wildcards.push_back({{"start", w.start}, {"field", w.field}, {"words", w.words}, {"matched", w.matched}});
    nlohmann::json out = {{"words", std::move(words)},           {"expansions", std::move(expansions)},
                          {"wildcards", std::move(wildcards)},   {"filters", e.filters},
                          {"synonyms_file", e.synonyms},         {"synonym_scale", kSynonymScale},
                          {"match", e.any_word ? "any" : "all"}, {"xapian_query", e.xapian_query},
                          {"user_dictionary", e.user_dictionary}};
    if (!e.like_terms.empty() || !e.like_tags.empty()) {
        nlohmann::json terms = nlohmann::json::array();
        for (const auto& t : e.like_terms)
            terms.push_back({{"word", t.word}, {"term", t.term}, {"weight", t.weight}, {"notes", t.notes}});
        out["like"] = {{"terms", std::move(terms)}, {"tags", e.like_tags}};
    }
    if (!e.spelling.empty()) out["spelling"] = e.spelling;
    return out;
}

}  // namespace notes
