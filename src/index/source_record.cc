// source_record.cc — a source file's record to and from its JSON metadata value.
#include "source_record.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <exception>

#include "document.h"
#include "hash.h"
#include "schema.h"

namespace notes {

std::string source_key(const std::string& path) {
    // Xapian refuses metadata keys over 253 bytes (glass); a margin for other backends.
    constexpr std::size_t kMaxKey = 240;
    const std::string prefix(schema::kMetaSourcePrefix);
    if (prefix.size() + path.size() <= kMaxKey) return prefix + path;
    Fnv1a h;
    h.add(path);
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h.value()));
    return prefix + "#" + hex;
}

std::string record_json(const SourceRecord& r) {
    nlohmann::json pages = nlohmann::json::object();
    for (const auto& [key, page] : r.pages) pages[key] = nlohmann::json::parse(page_metadata(page));
    return nlohmann::json{{"path", r.path},       {"size", r.size},      {"mtime", r.mtime}, {"hash", r.hash},
                          {"readers", r.readers}, {"seq", r.seq},        {"ids", r.ids},     {"tags", r.tag_names},
                          {"pages", pages},       {"authors", r.authors}}
        .dump();
}

bool parse_record(const std::string& value, SourceRecord& r) {
    auto j = nlohmann::json::parse(value, nullptr, false);
    if (!j.is_object()) return false;
    try {
        r.path = j.value("path", std::string());
        r.size = j.at("size").get<std::uint64_t>();
        r.mtime = j.at("mtime").get<std::int64_t>();
        r.hash = j.at("hash").get<std::string>();
        r.readers = j.value("readers", std::string());
        r.seq = j.at("seq").get<std::size_t>();
        r.ids = j.at("ids").get<std::vector<std::int64_t>>();
        r.tag_names = j.at("tags").get<std::map<std::string, std::string>>();
        for (const auto& [key, page] : j.at("pages").items()) r.pages[key] = page_from_metadata(page.dump());
        r.authors = j.at("authors").get<AuthorCounts>();
        return true;
    } catch (const std::exception&) {
        return false;  // an unreadable record only costs a re-read of its file
    }
}

SourceRecord record_of(const Collection& local) {
    SourceRecord r;
    r.readers = std::string(schema::kReadersVersion);
    r.ids = local.ids();
    r.tag_names = local.tag_names();
    r.pages = local.pages();
    r.authors = local.authors();
    return r;
}

}  // namespace notes
