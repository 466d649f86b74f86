// note.h — the note model shared by the readers, the index and every renderer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace notes {

// An image attached to a note on a tag page (`<img src=... alt=...>`).
struct Image {
    std::string src;
    std::string alt;
    bool operator==(const Image&) const = default;
};

// One paper or article. Text fields hold the decoded text exactly as published (entities decoded,
// carriage returns kept), so that a page can be written back byte for byte.
struct Note {
    std::int64_t id = 0;  // the GitHub issue number; unique
    std::string title;
    std::string url;
    std::string date;               // "YYYY-MM-DD", or empty when unknown
    std::vector<std::string> tags;  // display names, first-seen order, no duplicates
    std::string summary;            // "" when absent or a placeholder
    std::string comment;            // "" when absent
    std::vector<Image> images;
    bool operator==(const Note&) const = default;
};

// "No description ..." and the like: text the site's generator writes when a note has none.
bool is_placeholder(std::string_view snippet_text);

// The JSON Lines import/export shape, which is also the shape of a `--json` result's note fields:
// {"id", "title", "url", "date", "tags", "summary", "comment", "images"}.
nlohmann::json to_json(const Note& note);
// Throws std::invalid_argument naming the first missing or ill-typed field.
Note note_from_json(const nlohmann::json& j);

}  // namespace notes
