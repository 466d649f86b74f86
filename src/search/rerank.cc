// rerank.cc — the page ranked with its boost among the notes that may reach it.
#include "rerank.h"

#include <algorithm>
#include <vector>

namespace notes {

namespace {

// The given documents, weightless: FILTER(query, this) weighs those documents alone.
class DocidSource : public Xapian::PostingSource {
  public:
    explicit DocidSource(std::vector<Xapian::docid> ids) : ids_(std::move(ids)) {}

    Xapian::doccount get_termfreq_min() const override { return static_cast<Xapian::doccount>(ids_.size()); }
    Xapian::doccount get_termfreq_est() const override { return get_termfreq_min(); }
    Xapian::doccount get_termfreq_max() const override { return get_termfreq_min(); }
    Xapian::docid get_docid() const override { return ids_[at_]; }
    bool at_end() const override { return started_ && at_ >= ids_.size(); }
    void next(double) override {
        if (started_)
            ++at_;
        else
            started_ = true;
    }
    void skip_to(Xapian::docid did, double) override {
        started_ = true;
        at_ = static_cast<std::size_t>(
            std::lower_bound(ids_.begin() + static_cast<std::ptrdiff_t>(at_), ids_.end(), did) - ids_.begin());
    }
    void init(const Xapian::Database&) override {
        started_ = false;
        at_ = 0;
    }
    Xapian::PostingSource* clone() const override { return new DocidSource(ids_); }

  private:
    std::vector<Xapian::docid> ids_;  // ascending
    std::size_t at_ = 0;
    bool started_ = false;
};

Xapian::Enquire enquire(const Xapian::Database& db, const Xapian::Query& q) {
    Xapian::Enquire e(db);
    e.set_weighting_scheme(Xapian::BM25Weight());
    e.set_query(q);
    return e;
}

}  // namespace

std::optional<Xapian::MSet> rerank_page(const Xapian::Database& db, const Xapian::Query& matched,
                                        const Xapian::Query& boost, const Xapian::MSet& first, Xapian::doccount offset,
                                        Xapian::doccount limit, Xapian::doccount depth) {
    // Fewer notes than asked for: every match is among them, and nothing below can reach the page.
    const bool every_match = first.size() < offset + limit + depth;
    const double below = first.empty() ? 0.0 : (first.end() - 1).get_weight();
    std::vector<Xapian::docid> ids;
    for (auto it = first.begin(); it != first.end(); ++it) ids.push_back(*it);
    std::sort(ids.begin(), ids.end());
    DocidSource source(std::move(ids));
    const Xapian::Query whole(Xapian::Query::OP_AND_MAYBE, matched, boost);
    Xapian::MSet page =
        enquire(db, Xapian::Query(Xapian::Query::OP_FILTER, whole, Xapian::Query(&source))).get_mset(offset, limit);
    if (every_match) return page;
    // get_mset(0, 0) builds the boost's match without running it: Xapian's bound on its weight.
    const double most = enquire(db, boost).get_mset(0, 0).get_max_possible();
    if (page.size() < limit || (page.end() - 1).get_weight() <= below + most) return std::nullopt;
    return page;
}

}  // namespace notes
