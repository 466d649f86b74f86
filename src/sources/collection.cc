// collection.cc — the merge rules of collection.h.
#include "collection.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "normalize.h"
#include "tags.h"

namespace notes {

namespace {

// Which of two snippet texts to keep: see the rules in collection.h.
bool better_text(const std::string& candidate, const std::string& current) {
    bool cand_real = !is_placeholder(candidate), cur_real = !is_placeholder(current);
    if (cand_real != cur_real) return cand_real;
    if (!cand_real && current.empty()) return !candidate.empty();
    return count_codepoints(candidate) > count_codepoints(current);
}

}  // namespace

std::vector<std::string> merge_tag_orders(const std::vector<std::vector<std::string>>& views) {
    // Nodes are tag keys; an edge a -> b for each consecutive pair in a view. Kahn's algorithm,
    // taking among the ready tags the one seen first; a cycle (views that disagree) is broken by
    // first-seen order too.
    std::vector<std::string> keys, names;
    std::unordered_map<std::string, std::size_t> index;
    std::vector<std::set<std::size_t>> out_edges;
    for (const auto& view : views) {
        std::size_t prev = SIZE_MAX;
        for (const auto& name : view) {
            std::string key = tag_key(name);
            if (key.empty()) continue;
            auto [it, added] = index.emplace(key, keys.size());
            if (added) {
                keys.push_back(key);
                names.push_back(name);
                out_edges.emplace_back();
            }
            if (prev != SIZE_MAX && prev != it->second) out_edges[prev].insert(it->second);
            prev = it->second;
        }
    }
    std::vector<int> in_degree(keys.size(), 0);
    for (const auto& edges : out_edges)
        for (auto to : edges) ++in_degree[to];
    std::vector<bool> done(keys.size(), false);
    std::vector<std::string> order;
    while (order.size() < keys.size()) {
        std::size_t pick = SIZE_MAX;
        for (std::size_t i = 0; i < keys.size() && pick == SIZE_MAX; ++i)
            if (!done[i] && in_degree[i] == 0) pick = i;
        if (pick == SIZE_MAX)  // a cycle: take the first seen of what is left
            for (std::size_t i = 0; i < keys.size() && pick == SIZE_MAX; ++i)
                if (!done[i]) pick = i;
        done[pick] = true;
        order.push_back(names[pick]);
        for (auto to : out_edges[pick]) --in_degree[to];
    }
    return order;
}

void Collection::merge_fields(Note& n, const Note& incoming) {
    if (n.title.empty()) n.title = incoming.title;
    if (n.url.empty()) n.url = incoming.url;
    if (n.date.empty()) n.date = incoming.date;
    if (better_text(incoming.summary, n.summary)) n.summary = incoming.summary;
    if (better_text(incoming.comment, n.comment)) n.comment = incoming.comment;
    for (const auto& img : incoming.images)
        if (std::none_of(n.images.begin(), n.images.end(), [&](const Image& i) { return i.src == img.src; }))
            n.images.push_back(img);
}

void Collection::merge(const Note& incoming, std::vector<std::string> tag_view) {
    for (const auto& tag : tag_view) tag_names_.try_emplace(tag_key(tag), tag);
    auto [it, added] = entries_.try_emplace(incoming.id);
    Entry& e = it->second;
    e.tag_views.push_back(std::move(tag_view));
    if (added) {
        e.note = incoming;
        e.note.tags.clear();
    } else {
        merge_fields(e.note, incoming);
    }
}

void Collection::absorb(const Collection& other) {
    for (const auto& [name, n] : other.authors_) count_author(authors_, name, n);
    for (const auto& [key, name] : other.tag_names_) tag_names_.try_emplace(key, name);
    for (const auto& [key, page] : other.pages_) pages_.try_emplace(key, page);
    for (const auto& [id, theirs] : other.entries_) {
        auto [it, added] = entries_.try_emplace(id, theirs);
        if (added) continue;
        merge_fields(it->second.note, theirs.note);
        auto& views = it->second.tag_views;
        views.insert(views.end(), theirs.tag_views.begin(), theirs.tag_views.end());
    }
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

void Collection::add_page(const TagPage& page) {
    if (!page.author.empty()) count_author(authors_, page.author, 1);
    PublishedPage published{page.tag, page.title, page.author, page.unlabeled_snippets, {}};
    for (const auto& note : page.notes) published.order.push_back(note.id);
    pages_.try_emplace(tag_key(page.tag), std::move(published));
    for (const auto& note : page.notes) {
        // The page's own tag is not among its buttons, and where it stood among the note's labels
        // is unknown here: a view of its own says only that it was seen, and first.
        merge(note, {page.tag});
        entries_[note.id].tag_views.push_back(note.tags);
        for (const auto& tag : note.tags) tag_names_.try_emplace(tag_key(tag), tag);
    }
}

void Collection::add_note(const Note& note) { merge(note, note.tags); }

std::vector<Note> Collection::notes() const {
    std::vector<Note> out;
    out.reserve(entries_.size());
    for (const auto& [id, e] : entries_) {
        out.push_back(e.note);
        out.back().tags = merge_tag_orders(e.tag_views);
        for (auto& tag : out.back().tags) tag = tag_names_.at(tag_key(tag));
    }
    return out;
}

std::string Collection::author() const { return most_common_author(authors_); }

}  // namespace notes
