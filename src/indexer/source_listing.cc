// source_listing.cc — the recorded sources written for a person or for a script.
#include "source_listing.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <ctime>

#include "printable.h"

namespace notes {

namespace {

// `format` of the Unix time `t`, local or UTC; "" for 0 (never read).
std::string time_text(std::int64_t t, const char* format, bool utc) {
    if (t == 0) return "";
    std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    if (!(utc ? gmtime_r(&tt, &tm) : localtime_r(&tt, &tm))) return "";
    char buf[64];
    return std::strftime(buf, sizeof buf, format, &tm) ? std::string(buf) : std::string();
}

}  // namespace

std::string sources_table(const std::vector<RecordedSource>& sources, const std::string& db_path) {
    if (sources.empty())
        return "No source is recorded in " + printable(db_path) +
               " yet: index a folder or file once (notes-index DIR) and it is recorded; notes-index alone then "
               "reads it again.\n";
    std::string out = "KIND        FILES   NOTES  LAST READ         PATH\n";
    for (const auto& s : sources) {
        char row[96];
        std::string read = time_text(s.read_at, "%Y-%m-%d %H:%M", false);
        std::snprintf(row, sizeof row, "%-10s %6zu  %6zu  %-16s  ", s.kind.c_str(), s.files, s.notes,
                      read.empty() ? "never" : read.c_str());
        out += row + printable(s.path);
        if (!s.missing.empty())
            out += "  (" + printable(s.missing) + " at the last run: its notes are kept; --forget drops them)";
        out += "\n";
    }
    out += std::to_string(sources.size()) + " source(s) recorded in " + printable(db_path) +
           "; notes-index alone reads them all again\n";
    return out;
}

std::string sources_listing_json(const std::vector<RecordedSource>& sources, const std::string& db_path) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& s : sources) {
        std::string read = time_text(s.read_at, "%Y-%m-%dT%H:%M:%SZ", true);
        list.push_back({{"path", s.path},
                        {"kind", s.kind},
                        {"files", s.files},
                        {"notes", s.notes},
                        {"read", read.empty() ? nlohmann::json(nullptr) : nlohmann::json(read)},
                        {"missing", s.missing.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.missing)}});
    }
    // A path that is not UTF-8 is shown with U+FFFD rather than refused.
    return nlohmann::json{{"db", db_path}, {"sources", list}}.dump(-1, ' ', false,
                                                                   nlohmann::json::error_handler_t::replace) +
           "\n";
}

}  // namespace notes
