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

// The page of `whole` among the notes `ids` alone.
Xapian::MSet page_among(const Xapian::Database& db, const Xapian::Query& whole, std::vector<Xapian::docid> ids,
                        Xapian::doccount offset, Xapian::doccount limit) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    DocidSource source(std::move(ids));
    return enquire(db, Xapian::Query(Xapian::Query::OP_FILTER, whole, Xapian::Query(&source))).get_mset(offset, limit);
}

// A full page whose last note weighs more than any note left out can.
bool settled(const Xapian::MSet& page, Xapian::doccount limit, double left_out) {
    return page.size() == limit && (page.end() - 1).get_weight() > left_out;
}

}  // namespace

std::optional<Xapian::MSet> rerank_page(const Xapian::Database& db, const Xapian::Query& matched,
                                        const Xapian::Query& boost, const Xapian::MSet& first, Xapian::doccount offset,
                                        Xapian::doccount limit, Xapian::doccount depth, Xapian::doccount most_lifted) {
    // Fewer notes than asked for: every match is among them, and nothing below can reach the page.
    const bool every_match = first.size() < offset + limit + depth;
    const double below = first.empty() ? 0.0 : (first.end() - 1).get_weight();
    std::vector<Xapian::docid> ids;
    for (auto it = first.begin(); it != first.end(); ++it) ids.push_back(*it);
    const Xapian::Query whole(Xapian::Query::OP_AND_MAYBE, matched, boost);
    Xapian::MSet page = page_among(db, whole, ids, offset, limit);
    if (every_match) return page;
    // get_mset(0, 0) builds the boost's match without running it: Xapian's bound on its weight.
    const double most = enquire(db, boost).get_mset(0, 0).get_max_possible();
    if (settled(page, limit, below + most)) return page;
    // What the boost gives a note is known only by matching it. Below `first` a note weighs at
    // most `below` plus the most the boost gives any match, and one it does not lift at most
    // `below`: when the notes it lifts are few, they are ranked with `first` (CoT 推論 and BERT
    // 事前学習 at 1M notes: 6,689 and 1,403 of 32,245 and 9,548 matches).
    const Xapian::Query lifting(Xapian::Query::OP_FILTER, boost, matched);
    Xapian::MSet best = enquire(db, lifting).get_mset(0, 1);
    if (settled(page, limit, below + (best.empty() ? 0.0 : best.begin().get_weight()))) return page;
    Xapian::Enquire any(db);  // the notes lifted, unweighed
    any.set_weighting_scheme(Xapian::BoolWeight());
    any.set_query(lifting);
    Xapian::MSet lifted = any.get_mset(0, most_lifted, most_lifted + 1);
    if (lifted.get_matches_lower_bound() > most_lifted) return std::nullopt;
    for (auto it = lifted.begin(); it != lifted.end(); ++it) ids.push_back(*it);
    page = page_among(db, whole, std::move(ids), offset, limit);
    if (settled(page, limit, below)) return page;
    return std::nullopt;
}

}  // namespace notes
