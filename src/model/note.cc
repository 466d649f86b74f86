// note.cc — the note's JSON form (JSON Lines import/export and the index's document data).
#include "note.h"

#include <nlohmann/json.hpp>

#include <stdexcept>

#include "ascii.h"
#include "tags.h"

namespace notes {

nlohmann::json to_json(const Note& note) {
    nlohmann::json images = nlohmann::json::array();
    for (const auto& img : note.images) images.push_back({{"src", img.src}, {"alt", img.alt}});
    return {{"id", note.id},     {"title", note.title},     {"url", note.url},         {"date", note.date},
            {"tags", note.tags}, {"summary", note.summary}, {"comment", note.comment}, {"images", std::move(images)}};
}

namespace {

std::string string_field(const nlohmann::json& j, const char* name, bool required) {
    auto it = j.find(name);
    if (it == j.end() || it->is_null()) {
        if (required) throw std::invalid_argument(std::string("missing field \"") + name + "\"");
        return "";
    }
    if (!it->is_string()) throw std::invalid_argument(std::string("field \"") + name + "\" is not a string");
    return it->get<std::string>();
}

}  // namespace

Note note_from_json(const nlohmann::json& j) {
    if (!j.is_object()) throw std::invalid_argument("a note must be a JSON object");
    Note note;
    auto id = j.find("id");
    if (id == j.end()) throw std::invalid_argument("missing field \"id\"");
    if (id->is_number_integer()) {
        note.id = id->get<std::int64_t>();
    } else if (id->is_string() && !id->get<std::string>().empty() &&
               id->get<std::string>().find_first_not_of("0123456789") == std::string::npos &&
               id->get<std::string>().size() < 19) {
        note.id = std::stoll(id->get<std::string>());
    } else {
        throw std::invalid_argument("field \"id\" is not an issue number");
    }
    if (note.id <= 0) throw std::invalid_argument("field \"id\" is not a positive issue number");
    note.title = string_field(j, "title", true);
    note.url = string_field(j, "url", false);
    note.date = string_field(j, "date", false);
    note.summary = string_field(j, "summary", false);
    note.comment = string_field(j, "comment", false);
    if (auto tags = j.find("tags"); tags != j.end() && !tags->is_null()) {
        if (!tags->is_array()) throw std::invalid_argument("field \"tags\" is not an array");
        for (const auto& t : *tags) {
            if (!t.is_string()) throw std::invalid_argument("field \"tags\" holds a non-string");
            if (std::string tag = clean_tag(t.get<std::string>()); !tag.empty()) note.tags.push_back(std::move(tag));
        }
    }
    if (auto images = j.find("images"); images != j.end() && !images->is_null()) {
        if (!images->is_array()) throw std::invalid_argument("field \"images\" is not an array");
        for (const auto& img : *images) {
            if (!img.is_object()) throw std::invalid_argument("field \"images\" holds a non-object");
            note.images.push_back({string_field(img, "src", true), string_field(img, "alt", false)});
        }
    }
    return note;
}

bool is_placeholder(std::string_view text) {
    std::string_view t = trim(text, " \t\r");
    while (!t.empty() && (t.front() == '\n' || t.front() == ' ')) t.remove_prefix(1);
    if (t.empty() || t == "..." || t == "…") return true;
    return (t.rfind("No description", 0) == 0 || t.rfind("No comment", 0) == 0) && t.size() <= 20;
}

}  // namespace notes
