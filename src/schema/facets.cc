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

void TagTable::merge(TagTable&& other) {
    if (names_.empty())
        *this = std::move(other);
    else
        merge(other);
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
    add_value(doc.get_value(schema::kSlotFacets), 1);
    if (++seen_ == mark_) {
        docid_at_mark_ = doc.get_docid();
        at_mark_ = all_;
    }
}

void FacetCounter::add_value(const std::string& value, std::int64_t times) {
    std::size_t at = 0;
    std::uint32_t v = 0;
    if (!get_varint(value, at, v)) return;
    if (v != 0) all_.years[v] += times;
    while (get_varint(value, at, v)) add_tag(all_, v, times);
}

void FacetCounter::add_value_counts(const Xapian::ValueCountMatchSpy& spy) {
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
        add_value(*it, static_cast<std::int64_t>(it.get_termfreq()));
        seen_ += it.get_termfreq();
    }
}

void FacetCounter::add_tag(Counts& c, std::uint32_t id, std::int64_t times) {
    if (2 * (c.used + 1) > c.slot_ids.size()) {  // kept at most half full, so that probes stay short
        std::vector<std::uint64_t> ids = std::move(c.slot_ids);
        std::vector<std::int64_t> counts = std::move(c.slot_counts);
        c.slot_ids.assign(std::max<std::size_t>(64, 2 * ids.size()), 0);
        c.slot_counts.assign(c.slot_ids.size(), 0);
        c.used = 0;
        for (std::size_t i = 0; i < ids.size(); ++i)
            if (ids[i]) add_tag(c, static_cast<std::uint32_t>(ids[i] - 1), counts[i]);
    }
    const std::size_t mask = c.slot_ids.size() - 1;
    // The ids are hashes already; the multiplication spreads their low bits over the table.
    std::size_t i = static_cast<std::size_t>((static_cast<std::uint64_t>(id) * 0x9E3779B97F4A7C15ULL) >> 32) & mask;
    while (c.slot_ids[i] != 0 && c.slot_ids[i] != static_cast<std::uint64_t>(id) + 1) i = (i + 1) & mask;
    if (c.slot_ids[i] == 0) {
        c.slot_ids[i] = static_cast<std::uint64_t>(id) + 1;
        ++c.used;
    }
    c.slot_counts[i] += times;
}

std::vector<FacetCount> FacetCounter::tags(const TagTable& table, bool to_mark) const {
    const Counts& c = counts(to_mark);
    std::vector<FacetCount> out;
    for (std::size_t i = 0; i < c.slot_ids.size(); ++i) {
        if (c.slot_ids[i] == 0 || c.slot_counts[i] <= 0) continue;
        const std::string& name = table.name(static_cast<std::uint32_t>(c.slot_ids[i] - 1));
        if (!name.empty()) out.push_back({name, c.slot_counts[i]});
    }
    sort_facets(out);
    return out;
}

std::vector<FacetCount> FacetCounter::years(bool to_mark) const {
    const Counts& c = counts(to_mark);
    std::vector<FacetCount> out;
    for (auto it = c.years.rbegin(); it != c.years.rend(); ++it) out.push_back({std::to_string(it->first), it->second});
    return out;
}

}  // namespace notes
