// paths.cc — the XDG default for the index location.
#include "paths.h"

#include <cstdlib>
#include <stdexcept>

namespace notes {

std::string resolve_db_path(const std::string& explicit_db) {
    if (!explicit_db.empty()) return explicit_db;
    auto env = [](const char* name) -> std::string {
        const char* v = std::getenv(name);
        return v && *v ? v : "";
    };
    if (auto db = env("NOTES_SEARCH_DB"); !db.empty()) return db;
    if (auto xdg = env("XDG_DATA_HOME"); !xdg.empty()) return xdg + "/notes-search/db";
    if (auto home = env("HOME"); !home.empty()) return home + "/.local/share/notes-search/db";
    // Not the current folder: an index there would be one more the user never asked for.
    throw std::runtime_error(
        "cannot find the index: neither HOME nor XDG_DATA_HOME is set; give --db DIR or set NOTES_SEARCH_DB");
}

std::string cache_dir() {
    if (const char* v = std::getenv("NOTES_SEARCH_CACHE")) return v;
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return std::string(xdg) + "/notes-search";
    if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.cache/notes-search";
    return "";
}

}  // namespace notes
