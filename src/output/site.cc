// site.cc — choosing the notes, order, title and author of each page; the *_page.cc files write them.
#include "site.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <stdexcept>
#include <unordered_map>

#include "files.h"
#include "schema.h"

namespace notes {

namespace {

std::string page_author(const std::string& override_author, const std::string& page_author, const Searcher& searcher) {
    if (!override_author.empty()) return override_author;
    if (!page_author.empty()) return page_author;
    return searcher.stats().author;
}

// What a page calls the query: the words; "like #881 words" for --like; "#Tag" for tags alone.
std::string page_query(const Results& results) {
    const SearchResult& found = results.found;
    const bool blank = found.query.find_first_not_of(" \t") == std::string::npos;
    if (found.like) return "like #" + std::to_string(found.like) + (blank ? "" : " " + found.query);
    if (blank && !results.filter_tags.empty()) return "#" + results.filter_tags.front();
    return found.corrected ? found.suggestion : found.query;  // the words the notes shown match
}

}  // namespace

PageSpec tag_page(const Searcher& searcher, const std::string& tag, const std::string& author) {
    std::vector<Note> notes = searcher.notes_with_tag(tag);
    if (notes.empty())
        throw std::runtime_error("cannot make the page of tag " + tag + ": no note has that tag" +
                                 closest_tags_hint(searcher.closest_tags(tag)));
    auto published = searcher.published_page(tag);
    // The display spelling the index uses for this tag.
    std::string key = tag_key(tag), name = tag;
    for (const auto& t : notes.front().tags)
        if (tag_key(t) == key) name = t;
    PageSpec spec;
    spec.own_tag = name;
    spec.heading = published ? published->tag : name;
    spec.title = published ? published->title : name + "に関する論文・技術記事メモの一覧";
    spec.author = page_author(author, published ? published->author : "", searcher);
    if (published && published->unlabeled_snippets) spec.snippet_labels = SnippetLabels::hidden;

    std::set<std::int64_t> have;
    for (const auto& n : notes) have.insert(n.id);
    bool same_notes = published && std::set<std::int64_t>(published->order.begin(), published->order.end()) == have &&
                      published->order.size() == have.size();
    if (same_notes) {
        std::unordered_map<std::int64_t, std::size_t> rank;
        for (std::size_t i = 0; i < published->order.size(); ++i) rank[published->order[i]] = i;
        std::sort(notes.begin(), notes.end(), [&](const Note& a, const Note& b) { return rank[a.id] < rank[b.id]; });
    } else {
        sort_site_order(notes);
    }
    spec.notes = std::move(notes);
    return spec;
}

PageSpec results_page(const Results& results) {
    if (results.listing) return *results.listing;
    PageSpec spec;
    spec.title = "「" + page_query(results) + "」の検索結果";
    spec.heading = spec.title;
    spec.author = results.author;
    for (const auto& hit : results.found.hits) spec.notes.push_back(hit.note);
    return spec;
}

StandalonePage standalone_page(const Results& results) {
    const SearchResult& result = results.found;
    StandalonePage p;
    p.page = results_page(results);
    p.query = results.listing ? result.query : page_query(results);
    if (result.corrected) p.typed = result.query;
    p.total = static_cast<std::int64_t>(result.total);
    p.exact = result.exact;
    for (const auto& f : result.tag_facets) p.facets.emplace_back(f.name, f.count);
    // What the query matched, as written in the notes (Quantized for quantize, 量子化 for its
    // synonym quantization or its reading りょうしか), wherever in the note it stands.
    std::set<std::string> terms;
    for (const auto& hit : result.hits) {
        for (auto [b, e] : hit.snippet.marks) terms.insert(hit.snippet.text.substr(b, e - b));
        terms.insert(hit.marked.begin(), hit.marked.end());
    }
    for (const auto& u : result.units)
        if (!u.text.empty()) terms.insert(u.text);
    p.highlight_terms.assign(terms.begin(), terms.end());
    return p;
}

std::string page_file_name(const std::string& tag) { return tag_file_stem(tag) + ".markdown"; }

std::size_t write_all_pages(const Searcher& searcher, const std::string& dir, const std::string& author) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw std::runtime_error("cannot write pages to " + dir + ": " + ec.message());
    std::size_t written = 0;
    for (const auto& tag : searcher.all_tags()) {
        PageSpec spec = tag_page(searcher, tag.name, author);
        write_file_atomically((std::filesystem::path(dir) / page_file_name(tag.name)).string(), render_tag_page(spec));
        ++written;
    }
    return written;
}

}  // namespace notes
