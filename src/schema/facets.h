// facets.h — the tag and year facets: the compact value each note carries for them, the table of
// tag ids the index keeps, and the counter Xapian calls for every match.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

namespace notes {

struct FacetCount {
    std::string name;
    std::int64_t count = 0;
};

// The order facets are shown in: most frequent first, ties by name.
void sort_facets(std::vector<FacetCount>& facets);

// Tag ids, dense from 0, in the order tags were first written; with each id the tag's key
// (tag_key) and display name. Kept whole in the index metadata (schema.h: tags), so a
// note's facet value holds a byte or two per tag rather than names.
class TagTable {
  public:
    static TagTable decode(const std::string& metadata);  // "" gives an empty table
    std::string encode() const;

    // The id of `name`'s tag, made when new; `name` becomes its display name.
    std::uint32_t id_for(const std::string& name);
    // The display name of the tag with `key` (tag_key), "" for one not in the table.
    const std::string& name_of_key(const std::string& key) const;
    // The display name of an id, "" for one not in the table.
    const std::string& name(std::uint32_t id) const;
    std::size_t size() const { return names_.size(); }
    bool changed() const { return changed_; }

  private:
    std::vector<std::string> names_;
    std::unordered_map<std::string, std::uint32_t> ids_;  // by tag key
    bool changed_ = false;
};

// A note's facet value: its year (0 when unknown), then its tag ids, each a LEB128 varint.
// `date` is schema::date_value's YYYYMMDD.
std::string facet_value(std::string_view date, const std::vector<std::uint32_t>& tag_ids);
struct FacetValue {
    std::uint32_t year = 0;
    std::vector<std::uint32_t> tag_ids;
};
FacetValue decode_facet_value(const std::string& value);

// Counts years and tag ids over every document Xapian shows it: one value read and a few array
// increments a match, which is what keeps facets exact at a million notes.
class FacetCounter : public Xapian::MatchSpy {
  public:
    // `mark`: the count at which to note the document's id (docid_at_mark), 0 for none.
    explicit FacetCounter(std::size_t mark = 0) : mark_(mark) {}
    void operator()(const Xapian::Document& doc, double) override;
    // Most frequent first, ties by name; ids with no name in `table` are left out.
    std::vector<FacetCount> tags(const TagTable& table) const;
    std::vector<FacetCount> years() const;      // newest first
    std::size_t seen() const { return seen_; }  // the documents counted
    // The id of the mark-th document counted, 0 before it. Xapian shows every match in id order
    // until it has its check_at_least: with that as the mark, `mark` notes matched among the
    // first docid_at_mark() of the index.
    Xapian::docid docid_at_mark() const { return docid_at_mark_; }

  private:
    std::size_t seen_ = 0, mark_ = 0;
    Xapian::docid docid_at_mark_ = 0;
    std::vector<std::int64_t> tag_counts_;
    std::map<std::uint32_t, std::int64_t> year_counts_;
};

}  // namespace notes
