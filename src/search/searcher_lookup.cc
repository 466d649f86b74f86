// searcher_lookup.cc — what a reader that stays open asks besides searches: the newest revision,
// words for completion.
#include <xapian.h>

#include <algorithm>

#include "index_layout.h"
#include "normalize.h"
#include "schema.h"
#include "searcher_impl.h"

namespace notes {

namespace {

// A prefix matching most of the vocabulary ("a") is cut short: completion is for a search box,
// and the most frequent words among the first few thousand are the ones worth offering.
constexpr std::size_t kMaxScanned = 5000;

}  // namespace

bool Searcher::refresh() {
    return impl_->guard("reopen", [&] {
        // A rebuild publishes a new generation and removes the one open here, which Xapian's
        // reopen() would look for in vain: the stub says so first (one small read). A reader that
        // stays open also tries the shards it answers without again, now and then.
        const bool retry = !impl_->shards.missing.empty() &&
                           std::chrono::steady_clock::now() - impl_->opened_at >= impl_->retry_missing;
        if (schema::published_generation(impl_->path) != impl_->generation || retry) {
            if (retry) impl_->given_up.clear();
            impl_->reopen();
            return true;
        }
        // reopen() is a cheap look at the revision on disk: false when it is the one already open.
        if (!impl_->db.reopen()) return false;
        impl_->tags.reset();
        impl_->tag_table.reset();
        return true;
    });
}

std::vector<std::string> Searcher::complete(const std::string& prefix, std::size_t limit) const {
    // Normalised words are case-folded, so a key never starts with a term prefix's capital and
    // cannot complete into the index's own bookkeeping terms.
    const std::string key = normalize(prefix);
    if (key.empty()) return {};
    return impl_->guard("read", [&] {
        std::vector<std::pair<Xapian::doccount, std::string>> found;
        for (auto t = impl_->db.allterms_begin(key); t != impl_->db.allterms_end(key); ++t) {
            if (found.size() == kMaxScanned) break;
            found.emplace_back(t.get_termfreq(), *t);
        }
        const std::size_t n = std::min(limit, found.size());
        std::partial_sort(
            found.begin(), found.begin() + static_cast<std::ptrdiff_t>(n), found.end(),
            [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
        std::vector<std::string> out;
        for (std::size_t i = 0; i < n; ++i) out.push_back(std::move(found[i].second));
        return out;
    });
}

}  // namespace notes
