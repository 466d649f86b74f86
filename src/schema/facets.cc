// facets.cc — the facet value, the tag table and the counter (see facets.h).
#include "facets.h"

#include <algorithm>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "hash.h"
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

std::uint32_t tag_facet_id(std::string_view key) {
    Fnv1a h;
    h.add(key);
    return static_cast<std::uint32_t>(h.value() ^ (h.value() >> 32));
}

TagTable TagTable::decode(const std::string& metadata) {
    TagTable t;
    if (metadata.empty()) return t;
    auto j = nlohmann::json::parse(metadata, nullptr, false);
    if (!j.is_array()) throw std::runtime_error("the tag table in the index is damaged");
    for (const auto& name : j) {
        if (!name.is_string()) throw std::runtime_error("the tag table in the index is damaged");
        t.id_for(name.get<std::string>());
    }
    t.changed_ = false;
    return t;
}

std::string TagTable::encode() const { return nlohmann::json(names_).dump(); }

std::uint32_t TagTable::id_for(const std::string& name) {
    std::string key = tag_key(name);
    std::uint32_t id = tag_facet_id(key);
    auto [it, made] = by_id_.emplace(id, names_.size());
    if (made) {
        by_key_.emplace(key, names_.size());
        names_.push_back(name);
        changed_ = true;
    } else if (tag_key(names_[it->second]) != key) {
        throw TagCollisionError("cannot index tag " + name + ": its facet id (" + std::to_string(id) +
                                ") is the same as tag " + names_[it->second] +
                                "'s, and the facets would count one as the other; rename one of the two tags");
    } else if (names_[it->second] != name) {
        names_[it->second] = name;  // the site's spelling changed: the notes carrying it are rewritten
        changed_ = true;
    }
    return id;
}

void TagTable::merge(const TagTable& other) {
    for (const auto& name : other.names_) {
        std::uint32_t id = tag_facet_id(tag_key(name));
        if (by_id_.count(id)) continue;
        by_id_.emplace(id, names_.size());
        by_key_.emplace(tag_key(name), names_.size());
        names_.push_back(name);
    }
}

const std::string& TagTable::name(std::uint32_t id) const {
    auto it = by_id_.find(id);
    return it == by_id_.end() ? kNoName : names_[it->second];
}

const std::string& TagTable::name_of_key(const std::string& key) const {
    auto it = by_key_.find(key);
    return it == by_key_.end() ? kNoName : names_[it->second];
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
    add_value(doc.get_value(schema::kSlotFacets), 1);
}

void FacetCounter::add_value(const std::string& value, std::int64_t times) {
    std::size_t at = 0;
    std::uint32_t v = 0;
    if (!get_varint(value, at, v)) return;
    if (v != 0) year_counts_[v] += times;
    while (get_varint(value, at, v)) add_tag(v, times);
}

void FacetCounter::add_value_counts(const Xapian::ValueCountMatchSpy& spy) {
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
        add_value(*it, static_cast<std::int64_t>(it.get_termfreq()));
        seen_ += it.get_termfreq();
    }
}

void FacetCounter::add_tag(std::uint32_t id, std::int64_t times) {
    if (2 * (used_ + 1) > slot_ids_.size()) {  // kept at most half full, so that probes stay short
        std::vector<std::uint64_t> ids = std::move(slot_ids_);
        std::vector<std::int64_t> counts = std::move(slot_counts_);
        slot_ids_.assign(std::max<std::size_t>(64, 2 * ids.size()), 0);
        slot_counts_.assign(slot_ids_.size(), 0);
        used_ = 0;
        for (std::size_t i = 0; i < ids.size(); ++i)
            if (ids[i]) add_tag(static_cast<std::uint32_t>(ids[i] - 1), counts[i]);
    }
    const std::size_t mask = slot_ids_.size() - 1;
    // The ids are hashes already; the multiplication spreads their low bits over the table.
    std::size_t i = static_cast<std::size_t>((static_cast<std::uint64_t>(id) * 0x9E3779B97F4A7C15ULL) >> 32) & mask;
    while (slot_ids_[i] != 0 && slot_ids_[i] != static_cast<std::uint64_t>(id) + 1) i = (i + 1) & mask;
    if (slot_ids_[i] == 0) {
        slot_ids_[i] = static_cast<std::uint64_t>(id) + 1;
        ++used_;
    }
    slot_counts_[i] += times;
}

std::vector<FacetCount> FacetCounter::tags(const TagTable& table) const {
    std::vector<FacetCount> out;
    for (std::size_t i = 0; i < slot_ids_.size(); ++i) {
        if (slot_ids_[i] == 0 || slot_counts_[i] <= 0) continue;
        const std::string& name = table.name(static_cast<std::uint32_t>(slot_ids_[i] - 1));
        if (!name.empty()) out.push_back({name, slot_counts_[i]});
    }
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
