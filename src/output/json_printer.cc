// json_printer.cc — the format for scripts: the --json contract (docs/notes-search.schema.json, the README).
#include <nlohmann/json.hpp>

#include "explain_format.h"
#include "json_shapes.h"
#include "printer.h"

namespace notes {

namespace {

nlohmann::json unknown_tags_json(const std::vector<UnknownTag>& tags) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& t : tags) out.push_back({{"name", t.name}, {"closest", t.closest}});
    return out;
}

class JsonPrinter final : public Printer {
  public:
    std::string_view option() const override { return "--json"; }
    bool prints(Mode mode) const override { return mode != Mode::tag_page; }

    // {"version", "query", "total", "partial", "total_exact" and "facets_exact" (false when the
    // total / the facet counts are estimates; absent when exact), "results": [{"id", "title", "url", "date", "tags",
    // "score", "snippet", "summary", "comment", "images"}], "facets": {"tags": [{"name", "count"}],
    // "years": [...]}}, "corrected" (the results are the suggestion's), and when they apply:
    // "suggestion" (did-you-mean), "unknown_tags" ([{"name", "closest"}]), "like" (the source note's
    // id), "explain", "missing_shards" (--partial). docs/notes-search.schema.json has every shape; the tests hold them
    // to it.
    std::string results(const Results& r) const override {
        const SearchResult& found = r.found;
        nlohmann::json results = nlohmann::json::array();
        for (const Hit& h : found.hits) results.push_back(hit_json(h));
        nlohmann::json out = {
            {"version", kJsonVersion},
            {"query", found.query},
            {"total", found.total},
            {"partial", found.partial},
            {"results", std::move(results)},
            {"facets", {{"tags", facets_json(found.tag_facets)}, {"years", facets_json(found.year_facets)}}}};
        // Only when false: an exact answer is written as it always was.
        if (!found.exact) out["total_exact"] = false;
        if (!found.facets_exact) out["facets_exact"] = false;
        if (!found.suggestion.empty()) out["suggestion"] = found.suggestion;
        out["corrected"] = found.corrected;
        if (!found.unknown_tags.empty()) out["unknown_tags"] = unknown_tags_json(found.unknown_tags);
        if (found.like) out["like"] = found.like;
        if (found.explanation) out["explain"] = render_explain_json(*found.explanation);
        if (!found.missing_shards.empty()) out["missing_shards"] = found.missing_shards;
        return dumped(out);
    }

    std::string tag_list(const std::vector<FacetCount>& tags) const override {
        return dumped({{"version", kJsonVersion}, {"tags", facets_json(tags)}});
    }

    std::string stats(const IndexStats& s) const override {
        return dumped(
            {{"version", kJsonVersion}, {"notes", s.notes}, {"tags", s.tags}, {"db", s.db}, {"author", s.author}});
    }

    std::string pages_written(std::size_t count, const std::string& dir) const override {
        return dumped({{"version", kJsonVersion}, {"pages", count}, {"dir", dir}});
    }

    // show: the note's own fields (no score, no snippet) and the version.
    std::string note(const Note& note) const override {
        nlohmann::json j = to_json(note);
        j["version"] = kJsonVersion;
        return dumped(j);
    }
};

}  // namespace

std::unique_ptr<Printer> make_json_printer() { return std::make_unique<JsonPrinter>(); }

}  // namespace notes
