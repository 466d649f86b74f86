// facets_test.cc — the tag id table, the facet value and the counter over a small index.
#include <xapian.h>
#include <catch2/catch.hpp>

#include <map>

#include <nlohmann/json.hpp>

#include "facets.h"
#include "schema.h"

namespace {

// FNV-1a 64 of `key`, folded to 32 bits: worked out here apart from facets.cc, as the spec says.
std::uint32_t fnv32(const std::string& key) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : key) h = (h ^ c) * 1099511628211ULL;
    return static_cast<std::uint32_t>(h ^ (h >> 32));
}

}  // namespace

TEST_CASE("tag ids: a hash of the tag key, the same in every index; the latest spelling kept", "[facets]") {
    notes::TagTable t;
    CHECK(t.id_for("NLP") == fnv32("nlp"));
    CHECK(t.id_for("Efficiency/SpeedUp") == fnv32("efficiency/speedup"));
    CHECK(t.id_for("Efficiency_SpeedUp") == fnv32("efficiency/speedup"));  // the same tag (schema::tag_key)
    CHECK(t.name(fnv32("efficiency/speedup")) == "Efficiency_SpeedUp");
    const std::uint32_t spaced = t.id_for("Information Extraction");
    CHECK(t.id_for("InformationExtraction") == spaced);
    CHECK(t.id_for("nlp") == fnv32("nlp"));
    CHECK(t.name(7).empty());
    CHECK(t.name_of_key("efficiency/speedup") == "Efficiency_SpeedUp");
    CHECK(t.name_of_key("informationextraction") == "InformationExtraction");  // the latest spelling
    CHECK(t.name_of_key("quantization").empty());
    CHECK(t.changed());

    auto back = notes::TagTable::decode(t.encode());
    CHECK_FALSE(back.changed());
    REQUIRE(back.size() == 3);
    CHECK(back.name(fnv32("nlp")) == "nlp");
    CHECK(back.names() == std::vector<std::string>{"nlp", "Efficiency_SpeedUp", "InformationExtraction"});
    CHECK(back.id_for("Quantization") == fnv32("quantization"));
    CHECK(notes::TagTable::decode("").size() == 0);
    CHECK_THROWS_WITH(notes::TagTable::decode("{\"x\":1}"), "the tag table in the index is damaged");
    CHECK_THROWS_WITH(notes::TagTable::decode("[\"a\", 3]"), "the tag table in the index is damaged");
}

TEST_CASE("tag tables of several shards join; a collision is refused", "[facets]") {
    notes::TagTable a, b;
    a.id_for("NLP");
    a.id_for("Survey");
    b.id_for("nlp");
    b.id_for("Agent");
    a.merge(b);
    CHECK(a.names() == std::vector<std::string>{"NLP", "Survey", "Agent"});  // a's spelling of a tag both have
    CHECK(a.name(fnv32("agent")) == "Agent");
    // Two keys of one 32-bit id, found by search over short keys (birthday bound: ~2^16 tries).
    std::map<std::uint32_t, std::string> seen;
    std::string first, second;
    for (int i = 0; first.empty(); ++i) {
        std::string key = "t" + std::to_string(i);
        auto [it, made] = seen.emplace(fnv32(key), key);
        if (!made) first = it->second, second = key;
    }
    notes::TagTable c;
    c.id_for(first);
    CHECK_THROWS_AS(c.id_for(second), notes::TagCollisionError);
    CHECK_THROWS_WITH(c.id_for(second), Catch::StartsWith("cannot index tag " + second + ": its facet id ("));
    CHECK_THROWS_AS(notes::TagTable::decode(nlohmann::json({first, second}).dump()), notes::TagCollisionError);
}

TEST_CASE("facet values: the year and the tag ids, a byte or two each", "[facets]") {
    auto v = notes::facet_value("20230722", {0, 5, 127, 128, 300000});
    auto d = notes::decode_facet_value(v);
    CHECK(d.year == 2023);
    CHECK(d.tag_ids == std::vector<std::uint32_t>{0, 5, 127, 128, 300000});
    CHECK(v.size() == 2 + 1 + 1 + 1 + 2 + 3);
    CHECK(notes::decode_facet_value(notes::facet_value("", {4})).year == 0);
    CHECK(notes::decode_facet_value(notes::facet_value("", {4})).tag_ids == std::vector<std::uint32_t>{4});
    // A value cut inside a varint gives what came before it, nothing invented.
    std::string cut = notes::facet_value("20230722", {1, 300000});
    cut.pop_back();
    CHECK(notes::decode_facet_value(cut).tag_ids == std::vector<std::uint32_t>{1});
    CHECK(notes::decode_facet_value("").tag_ids.empty());
}

TEST_CASE("the counter counts tags and years over every match", "[facets]") {
    notes::TagTable table;
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    struct Row {
        const char* date;
        std::vector<std::string> tags;
    };
    std::vector<Row> rows = {{"20230101", {"NLP", "Quantization"}},
                             {"20230505", {"NLP"}},
                             {"20210101", {"Survey", "NLP"}},
                             {"", {"Survey"}}};
    for (const auto& r : rows) {
        Xapian::Document doc;
        std::vector<std::uint32_t> ids;
        for (const auto& tag : r.tags) ids.push_back(table.id_for(tag));
        doc.add_value(notes::schema::kSlotFacets, notes::facet_value(r.date, ids));
        doc.add_term("x");
        db.add_document(doc);
    }
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query("x"));
    notes::FacetCounter counter;
    enquire.add_matchspy(&counter);
    enquire.get_mset(0, 1, db.get_doccount());  // one hit shown, every match counted
    auto tags = counter.tags(table);
    REQUIRE(tags.size() == 3);
    CHECK((tags[0].name == "NLP" && tags[0].count == 3));
    CHECK((tags[1].name == "Survey" && tags[1].count == 2));
    CHECK((tags[2].name == "Quantization" && tags[2].count == 1));
    auto years = counter.years();
    REQUIRE(years.size() == 2);
    CHECK((years[0].name == "2023" && years[0].count == 2));
    CHECK((years[1].name == "2021" && years[1].count == 1));
    // An id the table does not name (a damaged index) is left out, not shown as a number.
    CHECK(counter.tags(notes::TagTable()).empty());

    // What a remote shard gives instead: Xapian's ValueCountMatchSpy, a count per distinct value.
    Xapian::Enquire again(db);
    again.set_query(Xapian::Query("x"));
    Xapian::ValueCountMatchSpy values(notes::schema::kSlotFacets);
    again.add_matchspy(&values);
    again.get_mset(0, 1, db.get_doccount());
    notes::FacetCounter from_values;
    from_values.add_value_counts(values);
    auto same_tags = from_values.tags(table);
    REQUIRE(same_tags.size() == tags.size());
    for (std::size_t i = 0; i < tags.size(); ++i)
        CHECK((same_tags[i].name == tags[i].name && same_tags[i].count == tags[i].count));
    auto same_years = from_values.years();
    REQUIRE(same_years.size() == years.size());
    for (std::size_t i = 0; i < years.size(); ++i)
        CHECK((same_years[i].name == years[i].name && same_years[i].count == years[i].count));
}

TEST_CASE("the counter's table grows past its first size", "[facets]") {
    notes::FacetCounter counter;
    notes::TagTable table;
    std::vector<std::uint32_t> ids;
    for (int i = 0; i < 500; ++i) ids.push_back(table.id_for("tag" + std::to_string(i)));
    for (int i = 0; i < 500; ++i) counter.add_value(notes::facet_value("20200101", {ids[i]}), i + 1);
    auto tags = counter.tags(table);
    REQUIRE(tags.size() == 500);
    CHECK((tags.front().name == "tag499" && tags.front().count == 500));
    CHECK((tags.back().name == "tag0" && tags.back().count == 1));
    CHECK(counter.years().at(0).count == 500 * 501 / 2);
}
