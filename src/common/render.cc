// render.cc — the text layout and the JSON shape of search results.
#include "render.h"

#include <cstdio>

namespace notes {

namespace {

const char* kBold = "\x1b[1m";
const char* kDim = "\x1b[2m";
const char* kCyan = "\x1b[36m";
const char* kMark = "\x1b[1;33m";
const char* kReset = "\x1b[0m";

std::string styled(const std::string& s, const char* style, bool color) {
    return color ? style + s + kReset : s;
}

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
    std::string q = "\"" + r.query + "\"";
    if (r.query.empty()) q = "the filter";
    if (r.total == 0) {
        out += "No notes match " + q + ".\n";
        return out;
    }
    if (r.partial) out += "No note contains every word of " + q + "; showing the best partial matches.\n";
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
        out += "\nTags:";
        std::size_t n = 0;
        for (const auto& f : r.tag_facets) {
            if (n++ == o.max_facets) break;
            out += (n == 1 ? " " : " · ") + f.name + " (" + std::to_string(f.count) + ")";
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
    return {{"query", r.query},
            {"total", r.total},
            {"partial", r.partial},
            {"results", std::move(results)},
            {"facets", {{"tags", facets_json(r.tag_facets)}, {"years", facets_json(r.year_facets)}}}};
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
