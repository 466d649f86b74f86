// tag_suggest.cc — the closest tag names by path part, edit distance, prefix and substring; the
// query's and --tag's tag names checked against the index.
#include "tag_suggest.h"

#include <algorithm>
#include <climits>

#include "normalize.h"
#include "schema.h"
#include "searcher_impl.h"
#include "tags.h"

namespace notes {

namespace {

// How far `key` is from `wanted` (lower is closer); INT_MAX when it is not close at all.
int distance(const std::string& wanted, const std::u32string& wanted_cps, const std::string& key) {
    const std::size_t allowed = wanted_cps.size() <= 4 ? 1 : wanted_cps.size() <= 8 ? 2 : 3;
    const bool long_enough = wanted_cps.size() >= 3;
    std::vector<std::string> forms{key};  // the key, and each part of a path (adapter/lora: adapter, lora)
    for (std::size_t at = 0; key.find('/') != std::string::npos;) {
        std::size_t slash = key.find('/', at);
        forms.push_back(key.substr(at, slash - at));
        if (slash == std::string::npos) break;
        at = slash + 1;
    }
    int cost = INT_MAX;
    for (const std::string& form : forms) {
        if (form == wanted) return 0;
        if (std::size_t d = edit_distance(wanted_cps, code_points(form)); d <= allowed)
            cost = std::min(cost, static_cast<int>(2 * d));
        if (long_enough && form.starts_with(wanted)) cost = std::min(cost, 3);
        if (long_enough && form.find(wanted) != std::string::npos) cost = std::min(cost, 5);
    }
    return cost;
}

}  // namespace

std::vector<std::string> closest_tags(std::string_view wanted, const std::vector<FacetCount>& tags, std::size_t limit) {
    const std::string w = tag_key(wanted);
    const std::u32string w_cps = code_points(w);
    struct Scored {
        int cost;
        const FacetCount* tag;
    };
    std::vector<Scored> found;
    if (w.empty()) return {};
    for (const FacetCount& t : tags)
        if (int cost = distance(w, w_cps, tag_key(t.name)); cost != INT_MAX) found.push_back({cost, &t});
    std::sort(found.begin(), found.end(), [](const Scored& a, const Scored& b) {
        if (a.cost != b.cost) return a.cost < b.cost;
        if (a.tag->count != b.tag->count) return a.tag->count > b.tag->count;
        return a.tag->name < b.tag->name;
    });
    std::vector<std::string> out;
    for (std::size_t i = 0; i < found.size() && i < limit; ++i) out.push_back(found[i].tag->name);
    return out;
}

std::string closest_tags_hint(const std::vector<std::string>& closest) {
    if (closest.empty()) return "; notes-search --tags lists them";
    std::string out = "; closest: ";
    for (std::size_t i = 0; i < closest.size(); ++i) out += (i ? ", " : "") + closest[i];
    return out;
}

std::vector<FacetCount> Searcher::Impl::tag_counts() const {
    // A tag's K term is in as many documents as notes carry the tag: no document is read.
    std::vector<FacetCount> out;
    const TagTable& t = table();
    for (const std::string& name : t.names()) {
        Xapian::doccount n = db.get_termfreq(schema::tag_term(name));
        if (n > 0) out.push_back({name, static_cast<std::int64_t>(n)});
    }
    sort_facets(out);
    return out;
}

bool Searcher::Impl::has_tag(const std::string& tag) const { return db.term_exists(schema::tag_term(tag)); }

// The tags the query asks for (not those it excludes) that no note carries.
void Searcher::Impl::find_unknown_tags(const QueryNode& node, std::vector<UnknownTag>& out) const {
    if (node.kind == QueryNode::Kind::Not) return;
    if (node.kind == QueryNode::Kind::Tag && !has_tag(node.value) &&
        std::none_of(out.begin(), out.end(), [&](const UnknownTag& u) { return u.name == node.value; }))
        out.push_back({node.value, notes::closest_tags(node.value, tag_counts())});
    for (const auto& child : node.children) find_unknown_tags(*child, out);
}

std::vector<std::string> Searcher::closest_tags(const std::string& tag) const {
    return impl_->guard("read", [&] { return notes::closest_tags(tag, impl_->tag_counts()); });
}

}  // namespace notes
