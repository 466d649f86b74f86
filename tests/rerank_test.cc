// rerank_test.cc — the page ranked with the boost among the notes that may reach it is the whole
// query's page, or none when a note further down might still reach it.
#include "rerank.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace {

// 600 documents holding "a" and "b": their weights spread by wdf and length, and "a" next to "b"
// (what NEAR boosts) in every seventh, most of them far down the ranking by "a AND b" alone.
Xapian::WritableDatabase documents() {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (unsigned i = 0; i < 600; ++i) {
        Xapian::Document doc;
        Xapian::termpos pos = 1;
        for (unsigned k = 0; k < 1 + i % 5; ++k) doc.add_posting("a", pos++);
        if (i % 7 != 0) pos += 20;  // far from "b": no NEAR
        doc.add_posting("b", pos++);
        for (unsigned k = 0; k < i % 11; ++k) doc.add_posting("filler" + std::to_string(k), pos++);
        db.add_document(doc);
    }
    db.commit();
    return db;
}

std::vector<std::pair<Xapian::docid, double>> ranked(const Xapian::MSet& m) {
    std::vector<std::pair<Xapian::docid, double>> out;
    for (auto it = m.begin(); it != m.end(); ++it) out.emplace_back(*it, it.get_weight());
    return out;
}

Xapian::MSet run(const Xapian::Database& db, const Xapian::Query& q, Xapian::doccount first, Xapian::doccount n) {
    Xapian::Enquire e(db);
    e.set_weighting_scheme(Xapian::BM25Weight());
    e.set_query(q);
    return e.get_mset(first, n);
}

Xapian::Query near_scaled(double scale) {
    std::vector<Xapian::Query> terms{Xapian::Query("a"), Xapian::Query("b")};
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                         Xapian::Query(Xapian::Query::OP_NEAR, terms.begin(), terms.end(), 2), scale);
}

}  // namespace

TEST_CASE("a page reranked with its boost is the whole query's page", "[rerank]") {
    Xapian::WritableDatabase db = documents();
    const Xapian::Query matched(Xapian::Query::OP_AND, Xapian::Query("a"), Xapian::Query("b"));
    const Xapian::Query boost = near_scaled(0.05);
    const Xapian::Query whole(Xapian::Query::OP_AND_MAYBE, matched, boost);
    for (Xapian::doccount offset : {0U, 10U, 25U})
        for (Xapian::doccount limit : {1U, 10U, 30U}) {
            INFO("offset " << offset << " limit " << limit);
            Xapian::MSet first = run(db, matched, 0, offset + limit + notes::kRerankDepth);
            auto page = notes::rerank_page(db, matched, boost, first, offset, limit);
            REQUIRE(page);
            CHECK(ranked(*page) == ranked(run(db, whole, offset, limit)));
        }
}

TEST_CASE("notes a big boost lifts from below the reranked ones are ranked with them", "[rerank]") {
    Xapian::WritableDatabase db = documents();
    const Xapian::Query matched(Xapian::Query::OP_AND, Xapian::Query("a"), Xapian::Query("b"));
    const Xapian::Query boost = near_scaled(50);
    const Xapian::Query whole(Xapian::Query::OP_AND_MAYBE, matched, boost);
    for (Xapian::doccount offset : {0U, 10U, 80U})
        for (Xapian::doccount limit : {1U, 10U}) {
            INFO("offset " << offset << " limit " << limit);
            // Few reranked: the lifted notes (every seventh) are mostly below them.
            Xapian::MSet first = run(db, matched, 0, offset + limit + 5);
            auto page = notes::rerank_page(db, matched, boost, first, offset, limit, 5);
            REQUIRE(page);
            CHECK(ranked(*page) == ranked(run(db, whole, offset, limit)));
        }
}

TEST_CASE("a boost that lifts more notes than it may rank gives no page", "[rerank]") {
    Xapian::WritableDatabase db = documents();
    const Xapian::Query matched(Xapian::Query::OP_AND, Xapian::Query("a"), Xapian::Query("b"));
    const Xapian::Query boost = near_scaled(50);
    Xapian::MSet first = run(db, matched, 0, 10 + notes::kRerankDepth);
    CHECK_FALSE(notes::rerank_page(db, matched, boost, first, 0, 10, notes::kRerankDepth, 20));  // 86 lifted
    CHECK(notes::rerank_page(db, matched, boost, first, 0, 10, notes::kRerankDepth, 86));
}

TEST_CASE("every match among the notes reranked gives the whole query's page, however big the boost", "[rerank]") {
    Xapian::WritableDatabase db = documents();
    const Xapian::Query matched(Xapian::Query::OP_AND, Xapian::Query("a"), Xapian::Query("filler9"));
    const Xapian::Query boost = near_scaled(50);
    Xapian::MSet first = run(db, matched, 0, 10 + notes::kRerankDepth);
    REQUIRE(first.size() < 10 + notes::kRerankDepth);
    auto page = notes::rerank_page(db, matched, boost, first, 0, 10);
    REQUIRE(page);
    CHECK(ranked(*page) == ranked(run(db, Xapian::Query(Xapian::Query::OP_AND_MAYBE, matched, boost), 0, 10)));
}
