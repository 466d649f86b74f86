// facets.cc — the facet value, the tag id table and the counter (see facets.h).
#include "facets.h"

#include <algorithm>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "schema.h"

namespace notes {

namespace {

const std::string kNoName;

void put_varint(std::string& out, std::uint32_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7F) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

// False at the end of `s` or on a varint cut short (a damaged value counts nothing more).
bool get_varint(const std::string& s, std::size_t& at, std::uint32_t& v) {
    v = 0;
    for (int shift = 0; at < s.size() && shift < 35; shift += 7) {
        auto byte = static_cast<unsigned char>(s[at++]);
        v |= static_cast<std::uint32_t>(byte & 0x7F) << shift;
        if (!(byte & 0x80)) return true;
    }
    return false;
}

}  // namespace

void sort_facets(std::vector<FacetCount>& facets) {
    std::sort(facets.begin(), facets.end(), [](const FacetCount& a, const FacetCount& b) {
        return a.count != b.count ? a.count > b.count : a.name < b.name;
    });
}

TagTable TagTable::decode(const std::string& metadata) {
    TagTable t;
    if (metadata.empty()) return t;
    auto j = nlohmann::json::parse(metadata, nullptr, false);
    if (!j.is_array()) throw std::runtime_error("the tag table in the index is damaged");
    for (const auto& name : j) {
        if (!name.is_string()) throw std::runtime_error("the tag table in the index is damaged");
        t.ids_.emplace(tag_key(name.get<std::string>()), static_cast<std::uint32_t>(t.names_.size()));
        t.names_.push_back(name.get<std::string>());
    }
    return t;
}

std::string TagTable::encode() const { return nlohmann::json(names_).dump(); }

std::uint32_t TagTable::id_for(const std::string& name) {
    auto [it, made] = ids_.emplace(tag_key(name), static_cast<std::uint32_t>(names_.size()));
    if (made) {
        names_.push_back(name);
        changed_ = true;
    } else if (names_[it->second] != name) {
        names_[it->second] = name;  // the site's spelling changed: the notes carrying it are rewritten
        changed_ = true;
    }
    return it->second;
}

const std::string& TagTable::name(std::uint32_t id) const { return id < names_.size() ? names_[id] : kNoName; }

const std::string& TagTable::name_of_key(const std::string& key) const {
    auto it = ids_.find(key);
    return it == ids_.end() ? kNoName : names_[it->second];
}

std::string facet_value(std::string_view date, const std::vector<std::uint32_t>& tag_ids) {
    std::uint32_t year = 0;
    if (date.size() >= 4 && std::all_of(date.begin(), date.begin() + 4, [](char c) { return c >= '0' && c <= '9'; }))
        year = static_cast<std::uint32_t>(std::stoul(std::string(date.substr(0, 4))));
    std::string out;
    put_varint(out, year);
    for (auto id : tag_ids) put_varint(out, id);
    return out;
}

FacetValue decode_facet_value(const std::string& value) {
    FacetValue out;
    std::size_t at = 0;
    std::uint32_t v = 0;
    if (!get_varint(value, at, out.year)) return out;
    while (get_varint(value, at, v)) out.tag_ids.push_back(v);
    return out;
}

void FacetCounter::operator()(const Xapian::Document& doc, double) {
    if (++seen_ == mark_) docid_at_mark_ = doc.get_docid();
    std::string value = doc.get_value(schema::kSlotFacets);
    std::size_t at = 0;
    std::uint32_t v = 0;
    if (!get_varint(value, at, v)) return;
    if (v != 0) ++year_counts_[v];
    while (get_varint(value, at, v)) {
        if (v >= tag_counts_.size()) tag_counts_.resize(v + 1, 0);
        ++tag_counts_[v];
    }
}

std::vector<FacetCount> FacetCounter::tags(const TagTable& table) const {
    std::vector<FacetCount> out;
    for (std::uint32_t id = 0; id < tag_counts_.size(); ++id)
        if (tag_counts_[id] > 0 && !table.name(id).empty()) out.push_back({table.name(id), tag_counts_[id]});
    sort_facets(out);
    return out;
}

std::vector<FacetCount> FacetCounter::years() const {
    std::vector<FacetCount> out;
    for (auto it = year_counts_.rbegin(); it != year_counts_.rend(); ++it)
        out.push_back({std::to_string(it->first), it->second});
    return out;
}

}  // namespace notes
