// query_test.cc — the query language: what parses, what is refused, and the Xapian query built.
#include <catch2/catch.hpp>

#include "query_builder.h"
#include "support.h"

using notes::QueryNode;
using namespace notes::test;

namespace {

// The parse tree in a compact form: AND(..) OR(..) NOT(..) text phrase"" tag: id: date: field:
std::string tree(const QueryNode& n) {
    auto list = [&](const char* op) {
        std::string s = op;
        s += "(";
        for (std::size_t i = 0; i < n.children.size(); ++i) s += (i ? " " : "") + tree(*n.children[i]);
        return s + ")";
    };
    switch (n.kind) {
        case QueryNode::Kind::And: return list("AND");
        case QueryNode::Kind::Or: return list("OR");
        case QueryNode::Kind::Not: return list("NOT");
        case QueryNode::Kind::Text: return (n.field.empty() ? "" : n.field + ":") + n.value;
        case QueryNode::Kind::Phrase: return (n.field.empty() ? "" : n.field + ":") + "\"" + n.value + "\"";
        case QueryNode::Kind::Tag: return "tag:" + n.value;
        case QueryNode::Kind::Id: return "id:" + n.value;
        case QueryNode::Kind::Date: return "date:" + n.value;
    }
    return "?";
}

std::string parsed(std::string_view q) { return tree(*notes::parse_query(q)); }

}  // namespace

TEST_CASE("query syntax parses to the expected tree", "[query]") {
    CHECK(parsed("LoRA 量子化") == "AND(LoRA 量子化)");
    CHECK(parsed("LoRA　量子化") == "AND(LoRA 量子化)");  // ideographic space
    CHECK(parsed("LoRA OR QLoRA") == "OR(LoRA QLoRA)");
    CHECK(parsed("a b OR c") == "OR(AND(a b) c)");
    CHECK(parsed("LoRA -survey") == "AND(LoRA NOT(survey))");
    CHECK(parsed("LoRA NOT survey") == "AND(LoRA NOT(survey))");
    CHECK(parsed("(LoRA OR QLoRA) 量子化") == "AND(OR(LoRA QLoRA) 量子化)");
    CHECK(parsed("\"language model\" bias") == "AND(\"language model\" bias)");
    CHECK(parsed("tag:NLP #Quantization") == "AND(tag:NLP tag:Quantization)");
    CHECK(parsed("tag:\"In-Context Learning\"") == "tag:In-Context Learning");
    CHECK(parsed("-tag:Survey LLM") == "AND(NOT(tag:Survey) LLM)");
    CHECK(parsed("id:881") == "id:881");
    CHECK(parsed("date:2023-01..2023-06 date:..2021 date:2024..") ==
          "AND(date:2023-01..2023-06 date:..2021 date:2024..)");
    CHECK(parsed("title:LoRA summary:量子化 comment:\"few shot\"") ==
          "AND(title:LoRA summary:量子化 comment:\"few shot\")");
    CHECK(parsed("arXiv:2305.14314") == "arXiv:2305.14314");  // not a field: words as written
    CHECK(parsed("fine-tuning") == "fine-tuning");            // a hyphen inside a word is no NOT
}

TEST_CASE("malformed queries are refused with a reason", "[query]") {
    CHECK_THROWS_WITH(notes::parse_query("\"LoRA"), Catch::StartsWith("cannot parse query: unbalanced quote"));
    CHECK_THROWS_WITH(notes::parse_query("(LoRA"), Catch::StartsWith("cannot parse query: unbalanced parenthesis"));
    CHECK_THROWS_WITH(notes::parse_query("LoRA)"), Catch::StartsWith("cannot parse query: unbalanced parenthesis"));
    CHECK_THROWS_WITH(notes::parse_query(""), "cannot parse query: it is empty");
    CHECK_THROWS_WITH(notes::parse_query("   "), "cannot parse query: it is empty");
    CHECK_THROWS_WITH(notes::parse_query("OR"), Catch::StartsWith("cannot parse query: a word is missing"));
    CHECK_THROWS_WITH(notes::parse_query("NOT"), Catch::StartsWith("cannot parse query: nothing to exclude"));
    CHECK_THROWS_WITH(notes::parse_query("id:abc"), "cannot parse query: id:abc is not an issue number");
    CHECK_THROWS_WITH(notes::parse_query("date:2023-13-99x"),
                      Catch::StartsWith("cannot parse query: date:2023-13-99x"));
    CHECK_THROWS_WITH(notes::parse_query("a\xff"), Catch::StartsWith("cannot parse query: invalid UTF-8"));
}

TEST_CASE("words become stems, compounds phrases with a bigram fallback", "[query]") {
    auto built = notes::build_query(*notes::parse_query("Quantized 量子化"), analyzer(), notes::MatchMode::All);
    std::string d = built.query.get_description();
    CHECK(d.find("Zquantiz") != std::string::npos);
    CHECK(d.find("(量子 PHRASE 2 化)") != std::string::npos);
    CHECK(d.find("(B量子 PHRASE 2 B子化)") != std::string::npos);
    REQUIRE(built.units.size() == 2);
    CHECK(built.top_level_units == 2);
    CHECK(built.units[1].text == "量子化");
    CHECK(built.units[1].japanese);
}

TEST_CASE("a stray dash or punctuation is read leniently", "[query]") {
    auto built = notes::build_query(*notes::parse_query("LoRA - ..."), analyzer(), notes::MatchMode::All);
    REQUIRE(built.units.size() == 1);
    CHECK(built.units[0].text == "lora");
    auto nothing = notes::build_query(*notes::parse_query("..."), analyzer(), notes::MatchMode::All);
    CHECK(nothing.query.empty());
}

TEST_CASE("particles are dropped unless nothing else was asked", "[query]") {
    auto built = notes::build_query(*notes::parse_query("LoRAの量子化"), analyzer(), notes::MatchMode::All);
    REQUIRE(built.units.size() == 2);
    CHECK(built.units[0].text == "lora");
    CHECK(built.units[1].text == "量子化");
    auto only = notes::build_query(*notes::parse_query("の"), analyzer(), notes::MatchMode::All);
    CHECK(only.units.size() == 1);
}

TEST_CASE("field words carry the field's prefix; filters are boolean", "[query]") {
    auto built =
        notes::build_query(*notes::parse_query("title:LoRA tag:Efficiency_SpeedUp"), analyzer(), notes::MatchMode::All);
    std::string d = built.query.get_description();
    CHECK(d.find("ZSlora") != std::string::npos);
    CHECK(d.find("Kefficiency/speedup") != std::string::npos);
    CHECK(built.has_filters);
}

TEST_CASE("Any mode makes only the words optional", "[query]") {
    auto built = notes::build_query(*notes::parse_query("LoRA 量子化 tag:NLP"), analyzer(), notes::MatchMode::Any);
    std::string d = built.query.get_description();
    CHECK(d.find("FILTER") != std::string::npos);
    CHECK(d.find(" OR ") != std::string::npos);
}
