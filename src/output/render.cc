// render.cc — the text layout and the JSON shape of search results.
#include "render.h"

#include <algorithm>
#include <cstdio>

#include "normalize.h"

namespace notes {

namespace {

const char* kBold = "\x1b[1m";
const char* kDim = "\x1b[2m";
const char* kCyan = "\x1b[36m";
const char* kMark = "\x1b[1;33m";
const char* kReset = "\x1b[0m";

std::string styled(const std::string& s, const char* style, bool color) { return color ? style + s + kReset : s; }

std::string snippet_text(const Snippet& s, bool color) {
    if (!color) return s.text;
    std::string out;
    std::size_t at = 0;
    for (auto [b, e] : s.marks) {
        out.append(s.text, at, b - at);
        out += kMark;
        out.append(s.text, b, e - b);
        out += kReset;
        at = e;
    }
    out.append(s.text, at, std::string::npos);
    return out;
}

nlohmann::json facets_json(const std::vector<FacetCount>& facets) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& f : facets) out.push_back({{"name", f.name}, {"count", f.count}});
    return out;
}

}  // namespace

std::string render_text(const SearchResult& r, const TextOptions& o) {
    std::string out;
    if (r.explanation) out += render_explain_text(*r.explanation) + "\n";
    if (!r.suggestion.empty()) out += "Did you mean: " + styled(r.suggestion, kBold, o.color) + "?\n";
    std::string q = "\"" + r.query + "\"";
    if (r.query.empty()) q = "the filter";
    std::string like = r.like ? "#" + std::to_string(r.like) + " " + r.like_title : "";
    if (r.total == 0) {
        out += r.like ? "No other note shares words or tags with " + like + ".\n" : "No notes match " + q + ".\n";
        return out;
    }
    if (r.partial) out += "No note contains every word of " + q + "; showing the best partial matches.\n";
    if (r.like)
        out += "Notes like " + like + ", closest first: " + std::to_string(r.total) +
               (r.total == 1 ? " note shares" : " notes share") + " words or tags with it";
    else
        out += std::to_string(r.total) + (r.total == 1 ? " note matches " : " notes match ") + q;
    if (!r.hits.empty() && (o.offset > 0 || r.hits.size() < r.total))
        out += " (showing " + std::to_string(o.offset + 1) + "–" + std::to_string(o.offset + r.hits.size()) + ")";
    out += ".\n";
    std::size_t rank = o.offset;
    for (const Hit& h : r.hits) {
        ++rank;
        char num[16];
        std::snprintf(num, sizeof num, "%2zu. ", rank);
        out += "\n" + std::string(num) + styled("#" + std::to_string(h.note.id), kCyan, o.color) + "  " +
               (h.note.date.empty() ? "----------" : h.note.date) + "  " + styled(h.note.title, kBold, o.color) + "\n";
        if (!h.note.tags.empty()) {
            std::string tags;
            for (const auto& t : h.note.tags) tags += (tags.empty() ? "#" : "  #") + t;
            out += "    " + styled(tags, kDim, o.color) + "\n";
        }
        if (!h.snippet.text.empty()) out += "    " + snippet_text(h.snippet, o.color) + "\n";
        if (!h.note.url.empty()) out += "    " + styled(h.note.url, kDim, o.color) + "\n";
    }
    if (!r.tag_facets.empty()) {
        // On a terminal the list wraps between tags, never inside one, under the first.
        out += "\nTags:";
        std::size_t n = 0, column = 5;
        for (const auto& f : r.tag_facets) {
            if (n++ == o.max_facets) break;
            std::string item = f.name + " (" + std::to_string(f.count) + ")";
            std::size_t width = display_columns(item);
            std::size_t gap = n == 1 ? 1 : 3;                                  // " " or " · "
            if (n > 1 && o.width > 0 && column + gap + width + 2 > o.width) {  // 2: room for a " ·" after it
                out += " ·\n     ";
                column = 5;
                gap = 1;
            }
            out += (gap == 1 ? " " : " · ") + item;
            column += gap + width;
        }
        out += "\n";
    }
    return out;
}

nlohmann::json render_json(const SearchResult& r) {
    nlohmann::json results = nlohmann::json::array();
    for (const Hit& h : r.hits) {
        nlohmann::json j = to_json(h.note);
        j["score"] = h.score;
        j["snippet"] = h.snippet.text;
        results.push_back(std::move(j));
    }
    nlohmann::json out = {{"query", r.query},
                          {"total", r.total},
                          {"partial", r.partial},
                          {"results", std::move(results)},
                          {"facets", {{"tags", facets_json(r.tag_facets)}, {"years", facets_json(r.year_facets)}}}};
    if (!r.suggestion.empty()) out["suggestion"] = r.suggestion;
    if (r.like) out["like"] = r.like;
    if (r.explanation) out["explain"] = render_explain_json(*r.explanation);
    return out;
}

namespace {

const char* class_name(WordClass c) {
    switch (c) {
        case WordClass::Noun:
            return "noun";
        case WordClass::NounSuffix:
            return "noun suffix";
        case WordClass::Prefix:
            return "prefix";
        case WordClass::Verb:
            return "verb";
        case WordClass::Adjective:
            return "adjective";
        case WordClass::Function:
            return "particle/auxiliary";
    }
    return "?";
}

const char* kind_name(TokenKind k) {
    switch (k) {
        case TokenKind::Latin:
            return "latin";
        case TokenKind::Number:
            return "number";
        case TokenKind::Japanese:
            return "japanese";
    }
    return "?";
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
        if (!t.ignored.empty()) line("ignored", joined(t.ignored, " ") + "   (particles and auxiliaries)");
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
    if (!e.texts.empty() && e.like_terms.empty() && e.like_tags.empty())
        line("matching", e.any_word ? "any word (no note has every word)" : "every word");
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
    nlohmann::json out = {{"words", std::move(words)},      {"expansions", std::move(expansions)},
                          {"filters", e.filters},           {"synonyms_file", e.synonyms},
                          {"synonym_scale", kSynonymScale}, {"match", e.any_word ? "any" : "all"},
                          {"xapian_query", e.xapian_query}};
    if (!e.like_terms.empty() || !e.like_tags.empty()) {
        nlohmann::json terms = nlohmann::json::array();
        for (const auto& t : e.like_terms)
            terms.push_back({{"word", t.word}, {"term", t.term}, {"weight", t.weight}, {"notes", t.notes}});
        out["like"] = {{"terms", std::move(terms)}, {"tags", e.like_tags}};
    }
    return out;
}

std::string render_tags_text(const std::vector<FacetCount>& tags) {
    std::string out;
    for (const auto& t : tags) {
        char num[24];
        std::snprintf(num, sizeof num, "%6lld  ", static_cast<long long>(t.count));
        out += num + t.name + "\n";
    }
    return out;
}

nlohmann::json render_tags_json(const std::vector<FacetCount>& tags) { return {{"tags", facets_json(tags)}}; }

}  // namespace notes
