// rerank.h — a page ranked by a query and its boost (query_builder.h BuiltQuery), the boost checked
// only on the notes that may reach the page (private to the search layer).
#pragma once

#include <xapian.h>

#include <optional>

namespace notes {

// How far past the page's end the notes ranked by the matching query alone are ranked again with
// the boost. The near-words boost is small beside a common query's weights (about 3.5 of 28 at
// 100K notes), so the page is settled by the first few dozen; deeper costs a little per note.
inline constexpr Xapian::doccount kRerankDepth = 200;
// How many notes the boost may lift for them to be ranked with those (more: the whole query runs).
inline constexpr Xapian::doccount kMostLifted = 5000;

// The page [offset, offset + limit) of AND_MAYBE(matched, boost), exactly as Xapian ranks that
// query, from `first`: matched's own best offset + limit + `depth` notes (get_mset(0, ...)), whose
// match set is the whole query's. Those notes are ranked again with the boost; a note below them
// weighs at most the last one's weight plus the boost's greatest possible weight, so when the
// page's last note weighs more than that, the page is the whole query's. When it does not, the
// same with the most the boost gives any match, found by matching it; then the notes it lifts at
// all (at most `most_lifted`) are ranked with them, and the page is the whole query's when its last
// note outweighs every note left out. nullopt when none settles it (the caller runs the whole
// query). `db` must be one local database (its docids are the
// PostingSource's).
std::optional<Xapian::MSet> rerank_page(const Xapian::Database& db, const Xapian::Query& matched,
                                        const Xapian::Query& boost, const Xapian::MSet& first, Xapian::doccount offset,
                                        Xapian::doccount limit, Xapian::doccount depth = kRerankDepth,
                                        Xapian::doccount most_lifted = kMostLifted);

}  // namespace notes
