// facets_test.cc — the tag id table, the facet value and the counter over a small index.
#include <xapian.h>
#include <catch2/catch.hpp>

#include "facets.h"
#include "schema.h"

TEST_CASE("tag ids: one per tag key, stable, the latest spelling kept", "[facets]") {
    notes::TagTable t;
    CHECK(t.id_for("NLP") == 0);
    CHECK(t.id_for("Efficiency/SpeedUp") == 1);
    CHECK(t.id_for("Efficiency_SpeedUp") == 1);  // the same tag (schema::tag_key)
    CHECK(t.name(1) == "Efficiency_SpeedUp");
    CHECK(t.id_for("Information Extraction") == 2);
    CHECK(t.id_for("InformationExtraction") == 2);
    CHECK(t.id_for("nlp") == 0);
    CHECK(t.name(7).empty());
    CHECK(t.name_of_key("efficiency/speedup") == "Efficiency_SpeedUp");
    CHECK(t.name_of_key("informationextraction") == "InformationExtraction");  // the latest spelling
    CHECK(t.name_of_key("quantization").empty());
    CHECK(t.changed());

    auto back = notes::TagTable::decode(t.encode());
    CHECK_FALSE(back.changed());
    REQUIRE(back.size() == 3);
    CHECK(back.name(0) == "nlp");
    CHECK(back.id_for("Efficiency/SpeedUp") == 1);  // ids survive the round trip
    CHECK(back.id_for("Quantization") == 3);        // a new tag takes the next id
    CHECK(notes::TagTable::decode("").size() == 0);
    CHECK_THROWS_WITH(notes::TagTable::decode("{\"x\":1}"), "the tag table in the index is damaged");
    CHECK_THROWS_WITH(notes::TagTable::decode("[\"a\", 3]"), "the tag table in the index is damaged");
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
}
