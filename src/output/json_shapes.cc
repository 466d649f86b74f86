// json_shapes.cc — the JSON objects --json and --format jsonl share.
#include "json_shapes.h"

namespace notes {

nlohmann::json hit_json(const Hit& hit) {
    nlohmann::json j = to_json(hit.note);
    j["score"] = hit.score;
    j["snippet"] = hit.snippet.text;
    return j;
}

nlohmann::json facets_json(const std::vector<FacetCount>& facets) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& f : facets) out.push_back({{"name", f.name}, {"count", f.count}});
    return out;
}

std::string dumped(const nlohmann::json& j) {
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string dumped_line(const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace notes
