// paths.cc — the XDG defaults for the index, cache and config, and the shipped data files.
#include "paths.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace notes {

namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v && *v ? v : "";
}

// The folder of the running executable ("" when /proc is not there).
std::filesystem::path executable_dir() {
    std::error_code ec;
    std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::path() : exe.parent_path();
}

}  // namespace

std::string resolve_db_path(const std::string& explicit_db) {
    if (!explicit_db.empty()) return explicit_db;
    if (auto db = env("NOTES_SEARCH_DB"); !db.empty()) return db;
    if (auto xdg = env("XDG_DATA_HOME"); !xdg.empty()) return xdg + "/notes-search/db";
    if (auto home = env("HOME"); !home.empty()) return home + "/.local/share/notes-search/db";
    // Not the current folder: an index there would be one more the user never asked for.
    throw std::runtime_error(
        "cannot find the index: neither HOME nor XDG_DATA_HOME is set; give --db DIR or set NOTES_SEARCH_DB");
}

std::string cache_dir() {
    if (const char* v = std::getenv("NOTES_SEARCH_CACHE")) return v;
    if (auto xdg = env("XDG_CACHE_HOME"); !xdg.empty()) return xdg + "/notes-search";
    if (auto home = env("HOME"); !home.empty()) return home + "/.cache/notes-search";
    return "";
}

std::string config_dir() {
    if (auto xdg = env("XDG_CONFIG_HOME"); !xdg.empty()) return xdg + "/notes-search";
    if (auto home = env("HOME"); !home.empty()) return home + "/.config/notes-search";
    return "";
}

std::string config_file() {
    if (const char* v = std::getenv("NOTES_SEARCH_CONFIG")) return v;
    std::string dir = config_dir();
    return dir.empty() ? "" : dir + "/config.toml";
}

std::string user_synonyms_file() {
    std::string dir = config_dir();
    return dir.empty() ? "" : dir + "/synonyms";
}

std::vector<std::string> data_file_candidates(const std::string& name) {
    std::vector<std::string> out;
    if (auto dir = executable_dir(); !dir.empty())
        out.push_back((dir / NOTES_BIN_TO_DATADIR / name).lexically_normal().string());
    out.push_back(std::string(NOTES_INSTALLED_DATADIR) + "/" + name);
    for (const char* dir : {NOTES_BUILD_DATADIR, NOTES_SOURCE_DATADIR}) out.push_back(std::string(dir) + "/" + name);
    return out;
}

std::string data_file(const std::string& name) {
    std::error_code ec;
    for (const auto& candidate : data_file_candidates(name))
        if (std::filesystem::is_regular_file(candidate, ec)) return candidate;
    return "";
}

}  // namespace notes
