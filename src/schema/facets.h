// facets.h — the tag and year facets: the compact value each note carries for them, the table of
// tags the index keeps, and the counter Xapian calls for every match.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
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

// A tag's facet id: FNV-1a (util/hash.h) of its tag_key, folded to 32 bits. It depends on the
// tag alone, so the same tag has the same id in every shard (a stub of several indexes counts
// them as one) and an id never has to be handed out in order.
std::uint32_t tag_facet_id(std::string_view key);

// Two tags whose keys hash to the same facet id: the index would count one as the other.
struct TagCollisionError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The tags an index's facet values may name, with each one's key (tag_key) and display name.
// Kept whole in the index metadata (schema.h: tags) as a JSON array of display names, so a note's
// facet value holds a few bytes per tag rather than names.
class TagTable {
  public:
    // "" gives an empty table. Throws std::runtime_error for a value that is not an array of
    // names, TagCollisionError for two names whose ids collide.
    static TagTable decode(const std::string& metadata);
    std::string encode() const;

    // The id of `name`'s tag, added when new; `name` becomes its display name. Throws
    // TagCollisionError ("cannot index tag A: its facet id is tag B's; ...") when another tag has
    // the id.
    std::uint32_t id_for(const std::string& name);
    // Adds the tags of `other` not in this table (a shard's table into the union of all): a tag
    // both name keeps this table's spelling; one colliding with a tag here is left out (the
    // indexer refuses a collision among the tags of its sources, which every shard reads).
    void merge(const TagTable& other);
    // The same; into an empty table, `other` is taken whole (one shard's table, without a copy).
    void merge(TagTable&& other);
    // The display name of the tag with `key` (tag_key), "" for one not in the table.
    const std::string& name_of_key(const std::string& key) const;
    // The display name of an id, "" for one not in the table.
    const std::string& name(std::uint32_t id) const;
    // Every display name, in the order the tags were added.
    const std::vector<std::string>& names() const { return names_; }
    std::size_t size() const { return names_.size(); }
    bool changed() const { return changed_; }

  private:
    std::vector<std::string> names_;
    std::unordered_map<std::string, std::size_t> by_key_;   // tag key -> index in names_
    std::unordered_map<std::uint32_t, std::size_t> by_id_;  // facet id -> index in names_
    bool changed_ = false;
};

// A note's facet value: its year (0 when unknown), then its tags' facet ids, each a LEB128 varint.
// `date` is schema::date_value's YYYYMMDD.
std::string facet_value(std::string_view date, const std::vector<std::uint32_t>& tag_ids);
struct FacetValue {
    std::uint32_t year = 0;
    std::vector<std::uint32_t> tag_ids;
};
FacetValue decode_facet_value(const std::string& value);

// Counts years and tag ids over every document Xapian shows it: one value read and a few
// increments in a small open-addressed table a match, which keeps facets exact at a million notes.
// A remote shard cannot run it (xapian-tcpsrv knows only Xapian's own match spies): there Xapian's
// ValueCountMatchSpy on kSlotFacets counts each distinct value, and add_value_counts() adds them.
class FacetCounter : public Xapian::MatchSpy {
  public:
    // `mark`: the count at which to note the document's id (docid_at_mark), 0 for none.
    explicit FacetCounter(std::size_t mark = 0) : mark_(mark) {}
    void operator()(const Xapian::Document& doc, double) override;
    // `times` notes with facet value `value`.
    void add_value(const std::string& value, std::int64_t times);
    // What a ValueCountMatchSpy on kSlotFacets counted: each distinct value's notes (seen() counts
    // them; docid_at_mark() stays 0: a remote shard's matches are not shown here one by one).
    void add_value_counts(const Xapian::ValueCountMatchSpy& spy);
    // Most frequent first, ties by name; ids with no name in `table` are left out. With
    // `to_mark`, the counts of the first `mark` documents alone (none before the mark).
    std::vector<FacetCount> tags(const TagTable& table, bool to_mark = false) const;
    std::vector<FacetCount> years(bool to_mark = false) const;  // newest first
    std::size_t seen() const { return seen_; }                  // the documents counted
    // The id of the mark-th document counted, 0 before it. Xapian shows every match in id order
    // until it has its check_at_least: with that as the mark, `mark` notes matched among the
    // first docid_at_mark() of the index, and their facets are a fair sample of every match's.
    // The documents after them are not: Xapian shows only those that may reach the page, the
    // notes that weigh most, and their tags lean to the query's topic.
    Xapian::docid docid_at_mark() const { return docid_at_mark_; }

  private:
    // Open addressing, linear probing: slot i holds id + 1 (0: empty) and its count.
    struct Counts {
        std::vector<std::uint64_t> slot_ids;
        std::vector<std::int64_t> slot_counts;
        std::size_t used = 0;
        std::map<std::uint32_t, std::int64_t> years;
    };
    static void add_tag(Counts& c, std::uint32_t id, std::int64_t times);
    const Counts& counts(bool to_mark) const { return to_mark ? at_mark_ : all_; }
    Counts all_, at_mark_;
    std::size_t seen_ = 0, mark_ = 0;
    Xapian::docid docid_at_mark_ = 0;
};

}  // namespace notes
