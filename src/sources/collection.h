// collection.h — merging the notes read from every source into one note per issue number.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "note.h"
#include "spill_store.h"
#include "tag_page.h"

namespace notes {

// Author tallies: how many pages name each author, in first-seen order; the most named wins,
// the first seen on a tie.
using AuthorCounts = std::vector<std::pair<std::string, int>>;
void count_author(AuthorCounts& counts, const std::string& author, int pages);
std::string most_common_author(const AuthorCounts& counts);

// Feed sources in a fixed order (notes-index sorts paths) and the result is deterministic:
//  - tags: the union over every page (the page's heading tag, then the note's buttons) and every
//    JSON note, one per tag_key(), spelled as first seen in any source (one spelling per tag collection-wide); their
//    order keeps the relative order the pages show (pages list the same labels, each leaving its own tag out), else
//    first-seen order;
//  - summary, comment: real text beats a placeholder ("No description ...", " ..."); between two
//    real texts the longer wins (pages are truncated to different lengths); on a tie, the first;
//  - title, url, date: the first non-empty; images: the union by src, first-seen order.
// The text fields wait in a TextStore, in memory unless the collection is given one on disk
// (notes-index gives the run's collection a temporary file): the merge rules are decided on
// what the collection keeps of each text (its length, whether it is a placeholder), and only a
// text that wins is stored; the notes are put together again as notes() or take_notes() hand
// them out.
class Collection {
  public:
    Collection() : store_(std::make_shared<TextStore>()) {}
    explicit Collection(std::shared_ptr<TextStore> store) : store_(std::move(store)) {}

    void add_page(TagPage&& page);
    void add_page(const TagPage& page) { add_page(TagPage(page)); }
    void add_note(Note note);
    // Everything `other` read, as if its sources had been added here, in its order; the moving
    // form leaves `other` empty and copies no note (its texts, from another store, are copied
    // into this one: those that win).
    void absorb(Collection&& other);
    void absorb(const Collection& other) { absorb(Collection(other)); }
    // Spell tags as `names` says (tag_key -> spelling) where it knows them: notes-index reads
    // only some sources on a re-run, and the spelling is chosen over all of them.
    void use_tag_names(const std::map<std::string, std::string>& names);

    // Every note, by increasing issue number.
    std::vector<Note> notes() const;
    // The next `most` notes by increasing issue number (fewer at the end, none when all are
    // taken), as notes() has them, removed from the collection: a writer takes the notes a slice
    // at a time, in id order, so that they are never held twice. Taking ends the reading: the
    // collection holds the rest, its ids(), pages, authors and tag names, and adds nothing more.
    // Throws SpillError when the store cannot give back a text.
    std::vector<Note> take_notes(std::size_t most);
    // Forgets the notes whose id `drop` says (another shard's), without reading their texts.
    void drop_if(const std::function<bool(std::int64_t)>& drop);
    // Each note's merged tags (as notes() has them), by increasing issue number, without its texts.
    void for_each_tags(const std::function<void(std::int64_t, const std::vector<std::string>&)>& visit) const;
    std::size_t size() const { return entries_.size(); }
    const TextStore& store() const { return *store_; }
    // The author named by most pages (first seen on a tie); "" when none did.
    std::string author() const;
    const AuthorCounts& authors() const { return authors_; }
    const std::map<std::string, std::string>& tag_names() const { return tag_names_; }
    std::vector<std::int64_t> ids() const;
    // One page per tag_key() of its heading (the first read, for two spellings of one tag).
    const std::map<std::string, PublishedPage>& pages() const { return pages_; }

  private:
    // A text field in the store, and what the merge rules need to know of it.
    struct Text {
        std::uint64_t offset = 0;
        std::uint32_t size = 0;         // bytes
        std::uint32_t points : 31 = 0;  // code points (summary, comment)
        std::uint32_t placeholder : 1 = 1;
        TextRef ref() const { return {offset, size}; }
    };
    enum Field { kTitle, kUrl, kDate, kSummary, kComment, kFields };
    struct Entry {
        std::array<Text, kFields> texts;
        std::vector<Image> images;
        // Each source's tag list, as given, in the ids of tag_keys_, each list ended by
        // kTagViewEnd: the spelling is chosen collection-wide anyway, and an id costs a small
        // part of a name (a note on five pages has some thirty).
        std::vector<std::uint32_t> tag_views;
    };
    static Text describe(std::string_view text);
    static bool wins(std::size_t field, const Text& incoming, const Text& current);
    void merge(Note incoming, const std::vector<std::string>& tag_view);  // its texts freed after
    void merge_fields(Entry& into, Note& incoming);
    void merge_entry(Entry& into, Entry&& incoming, const TextStore& from);
    Text stored(const Text& t, const TextStore& from);
    Note note_of(std::int64_t id, const Entry& e) const;
    std::uint32_t tag_id(const std::string& key);
    void add_view(Entry& e, const std::vector<std::string>& view);
    std::vector<std::string> merged_tags(const Entry& e) const;

    std::shared_ptr<TextStore> store_;  // shared by copies, and by those given the same
    std::map<std::int64_t, Entry> entries_;
    AuthorCounts authors_;
    std::map<std::string, std::string> tag_names_;  // tag_key -> the spelling seen first anywhere
    std::map<std::string, PublishedPage> pages_;
    std::vector<std::string> tag_keys_;  // by tag id
    std::unordered_map<std::string, std::uint32_t> tag_ids_;
};

// The union of several orderings of the same set of tags, keeping every pairwise order that the
// views agree on, else first-seen order; one entry per tag_key().
std::vector<std::string> merge_tag_orders(const std::vector<std::vector<std::string>>& views);
// The same on tag ids: `views` holds each view's ids followed by kTagViewEnd.
constexpr std::uint32_t kTagViewEnd = UINT32_MAX;
std::vector<std::uint32_t> merge_tag_id_orders(const std::vector<std::uint32_t>& views);

}  // namespace notes
