// collection.cc — the merge rules of collection.h.
#include "collection.h"

#include <algorithm>
#include <array>
#include <set>
#include <unordered_map>

#include "normalize.h"
#include "tags.h"

namespace notes {

namespace {

// The text fields of a note, in the order of Collection::Field.
constexpr std::array<std::string Note::*, 5> kNoteFields = {&Note::title, &Note::url, &Note::date, &Note::summary,
                                                            &Note::comment};

}  // namespace

std::vector<std::uint32_t> merge_tag_id_orders(const std::vector<std::uint32_t>& views) {
    // Nodes are tags; an edge a -> b for each consecutive pair in a view. Kahn's algorithm, taking
    // among the ready tags the one seen first; a cycle (views that disagree) is broken by
    // first-seen order too. A note has a handful of tags: a linear search finds a node.
    std::vector<std::uint32_t> ids;  // node -> tag id, first-seen order
    std::vector<std::set<std::size_t>> out_edges;
    std::size_t prev = SIZE_MAX;
    for (std::uint32_t id : views) {
        if (id == kTagViewEnd) {
            prev = SIZE_MAX;
            continue;
        }
        std::size_t node = std::find(ids.begin(), ids.end(), id) - ids.begin();
        if (node == ids.size()) {
            ids.push_back(id);
            out_edges.emplace_back();
        }
        if (prev != SIZE_MAX && prev != node) out_edges[prev].insert(node);
        prev = node;
    }
    std::vector<int> in_degree(ids.size(), 0);
    for (const auto& edges : out_edges)
        for (auto to : edges) ++in_degree[to];
    std::vector<bool> done(ids.size(), false);
    std::vector<std::uint32_t> order;
    while (order.size() < ids.size()) {
        std::size_t pick = SIZE_MAX;
        for (std::size_t i = 0; i < ids.size() && pick == SIZE_MAX; ++i)
            if (!done[i] && in_degree[i] == 0) pick = i;
        if (pick == SIZE_MAX)  // a cycle: take the first seen of what is left
            for (std::size_t i = 0; i < ids.size() && pick == SIZE_MAX; ++i)
                if (!done[i]) pick = i;
        done[pick] = true;
        order.push_back(ids[pick]);
        for (auto to : out_edges[pick]) --in_degree[to];
    }
    return order;
}

std::vector<std::string> merge_tag_orders(const std::vector<std::vector<std::string>>& views) {
    std::vector<std::string> names;  // by id: the first spelling of each tag_key
    std::unordered_map<std::string, std::uint32_t> ids;
    std::vector<std::uint32_t> flat;
    for (const auto& view : views) {
        for (const auto& name : view) {
            std::string key = tag_key(name);
            if (key.empty()) continue;  // no tag, and no break in the view's order
            auto [it, added] = ids.emplace(std::move(key), static_cast<std::uint32_t>(names.size()));
            if (added) names.push_back(name);
            flat.push_back(it->second);
        }
        flat.push_back(kTagViewEnd);
    }
    std::vector<std::string> order;
    for (auto id : merge_tag_id_orders(flat)) order.push_back(names[id]);
    return order;
}

std::uint32_t Collection::tag_id(const std::string& key) {
    auto [it, added] = tag_ids_.emplace(key, static_cast<std::uint32_t>(tag_keys_.size()));
    if (added) tag_keys_.push_back(key);
    return it->second;
}

void Collection::add_view(Entry& e, const std::vector<std::string>& view) {
    for (const auto& tag : view) {
        std::string key = tag_key(tag);
        if (!key.empty()) e.tag_views.push_back(tag_id(key));
        tag_names_.try_emplace(std::move(key), tag);
    }
    e.tag_views.push_back(kTagViewEnd);
}

std::vector<std::string> Collection::merged_tags(const Entry& e) const {
    std::vector<std::string> tags;
    for (auto id : merge_tag_id_orders(e.tag_views)) tags.push_back(tag_names_.at(tag_keys_[id]));
    return tags;
}

// What the rules need of a text, before it is stored.
Collection::Text Collection::describe(std::string_view text) {
    Text t;
    t.size = static_cast<std::uint32_t>(text.size());
    t.points = static_cast<std::uint32_t>(count_codepoints(text));
    t.placeholder = is_placeholder(text);
    return t;
}

// Whether `incoming` replaces `current` in field `f`: see the rules in collection.h.
bool Collection::wins(std::size_t f, const Text& incoming, const Text& current) {
    if (f < kSummary) return current.size == 0 && incoming.size != 0;
    bool in_real = !incoming.placeholder, cur_real = !current.placeholder;
    if (in_real != cur_real) return in_real;
    if (!in_real && current.size == 0) return incoming.size != 0;
    return incoming.points > current.points;
}

namespace {

void add_images(std::vector<Image>& into, std::vector<Image>&& incoming) {
    for (auto& img : incoming)
        if (std::none_of(into.begin(), into.end(), [&](const Image& i) { return i.src == img.src; }))
            into.push_back(std::move(img));
}

}  // namespace

void Collection::merge_fields(Entry& e, Note& incoming) {
    for (std::size_t f = 0; f < kFields; ++f) {
        const std::string& text = incoming.*kNoteFields[f];
        Text t = describe(text);
        if (!wins(f, t, e.texts[f])) continue;
        TextRef ref = store_->append(text);
        t.offset = ref.offset;
        e.texts[f] = t;
    }
    add_images(e.images, std::move(incoming.images));
}

// `t` from the store `from`, in this collection's store.
Collection::Text Collection::stored(const Text& t, const TextStore& from) {
    if (&from == store_.get() || t.size == 0) return t;
    Text copy = t;
    copy.offset = store_->append(from.read(t.ref())).offset;
    return copy;
}

void Collection::merge_entry(Entry& mine, Entry&& theirs, const TextStore& from) {
    for (std::size_t f = 0; f < kFields; ++f)
        if (wins(f, theirs.texts[f], mine.texts[f])) mine.texts[f] = stored(theirs.texts[f], from);
    add_images(mine.images, std::move(theirs.images));
    mine.tag_views.insert(mine.tag_views.end(), theirs.tag_views.begin(), theirs.tag_views.end());
}

void Collection::merge(Note incoming, const std::vector<std::string>& tag_view) {
    auto [it, added] = entries_.try_emplace(incoming.id);
    Entry& e = it->second;
    add_view(e, tag_view);
    merge_fields(e, incoming);  // a new entry holds empty placeholders, which any text replaces
}

void Collection::absorb(Collection&& other) {
    for (const auto& [name, n] : other.authors_) count_author(authors_, name, n);
    for (auto& [key, name] : other.tag_names_) tag_names_.try_emplace(key, std::move(name));
    for (auto& [key, page] : other.pages_) pages_.try_emplace(key, std::move(page));
    std::vector<std::uint32_t> ours;  // their tag ids -> ours
    for (const auto& key : other.tag_keys_) ours.push_back(tag_id(key));
    // Map nodes move across without a copy; a note both hold is merged into ours.
    const std::shared_ptr<TextStore> from = other.store_;
    auto hint = entries_.begin();
    while (!other.entries_.empty()) {
        auto node = other.entries_.extract(other.entries_.begin());
        for (auto& id : node.mapped().tag_views)
            if (id != kTagViewEnd) id = ours[id];
        hint = entries_.lower_bound(node.key());
        if (hint == entries_.end() || hint->first != node.key()) {
            for (Text& t : node.mapped().texts) t = stored(t, *from);
            hint = entries_.insert(hint, std::move(node));
            continue;
        }
        merge_entry(hint->second, std::move(node.mapped()), *from);
    }
    other = Collection();
}

void Collection::use_tag_names(const std::map<std::string, std::string>& names) {
    for (auto& [key, name] : tag_names_)
        if (auto it = names.find(key); it != names.end()) name = it->second;
}

void count_author(AuthorCounts& counts, const std::string& author, int pages) {
    auto a = std::find_if(counts.begin(), counts.end(), [&author](const auto& p) { return p.first == author; });
    if (a == counts.end())
        counts.emplace_back(author, pages);
    else
        a->second += pages;
}

std::string most_common_author(const AuthorCounts& counts) {
    std::string best;
    int most = 0;
    for (const auto& [name, n] : counts)
        if (n > most) {
            best = name;
            most = n;
        }
    return best;
}

std::vector<std::int64_t> Collection::ids() const {
    std::vector<std::int64_t> out;
    out.reserve(entries_.size());
    for (const auto& [id, e] : entries_) out.push_back(id);
    return out;
}

void Collection::add_page(TagPage&& page) {
    if (!page.author.empty()) count_author(authors_, page.author, 1);
    PublishedPage published{page.tag, page.title, page.author, page.unlabeled_snippets, {}};
    for (const auto& note : page.notes) published.order.push_back(note.id);
    pages_.try_emplace(tag_key(page.tag), std::move(published));
    for (auto& note : page.notes) {
        // The page's own tag is not among its buttons, and where it stood among the note's labels
        // is unknown here: a view of its own says only that it was seen, and first.
        std::int64_t id = note.id;
        std::vector<std::string> buttons = std::move(note.tags);
        merge(std::move(note), {page.tag});
        add_view(entries_.at(id), buttons);
    }
}

void Collection::add_note(Note note) {
    std::vector<std::string> view = std::move(note.tags);
    merge(std::move(note), view);
}

Note Collection::note_of(std::int64_t id, const Entry& e) const {
    Note n;
    n.id = id;
    // A note's texts were mostly stored one after the other: one read for them all, then.
    std::uint64_t begin = UINT64_MAX, end = 0, sum = 0;
    for (const Text& t : e.texts)
        if (t.size) {
            begin = std::min(begin, t.offset);
            end = std::max(end, t.offset + t.size);
            sum += t.size;
        }
    if (sum != 0 && end - begin <= 2 * sum + 256) {
        std::string span;
        store_->read_span(begin, static_cast<std::size_t>(end - begin), span);
        for (std::size_t f = 0; f < kFields; ++f)
            if (e.texts[f].size) n.*kNoteFields[f] = span.substr(e.texts[f].offset - begin, e.texts[f].size);
    } else if (sum != 0) {
        for (std::size_t f = 0; f < kFields; ++f)
            if (e.texts[f].size) store_->read(e.texts[f].ref(), n.*kNoteFields[f]);
    }
    n.tags = merged_tags(e);
    n.images = e.images;
    return n;
}

std::vector<Note> Collection::notes() const {
    std::vector<Note> out;
    out.reserve(entries_.size());
    for (const auto& [id, e] : entries_) out.push_back(note_of(id, e));
    return out;
}

std::vector<Note> Collection::take_notes(std::size_t most) {
    std::vector<Note> out;
    out.reserve(std::min(most, entries_.size()));
    while (out.size() < most && !entries_.empty()) {
        out.push_back(note_of(entries_.begin()->first, entries_.begin()->second));
        entries_.erase(entries_.begin());
    }
    return out;
}

void Collection::drop_if(const std::function<bool(std::int64_t)>& drop) {
    std::erase_if(entries_, [&](const auto& entry) { return drop(entry.first); });
}

void Collection::for_each_tags(const std::function<void(std::int64_t, const std::vector<std::string>&)>& visit) const {
    for (const auto& [id, e] : entries_) visit(id, merged_tags(e));
}

std::string Collection::author() const { return most_common_author(authors_); }

}  // namespace notes
