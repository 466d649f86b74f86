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
        case QueryNode::Kind::Wildcard: return (n.field.empty() ? "" : n.field + ":") + n.value + "*";
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

TEST_CASE("words become stems; a compound is matched by its compound term, weighed by its words", "[query]") {
    auto built = notes::build_query(*notes::parse_query("Quantized 量子化"), analyzer(), notes::MatchMode::All);
    std::string d = built.query.get_description();
    CHECK(d.find("Zquantiz") != std::string::npos);
    // No phrase: the words in the free text and in the title weigh as their phrase would.
    CHECK(d.find("(0.5 * (C量子化 OR 量子化) AND_MAYBE ((量子 AND 化) OR (S量子 AND S化)))") != std::string::npos);
    CHECK(d.find("PHRASE") == std::string::npos);
    // A quoted Japanese phrase with a particle is no compound: its phrase matches.
    auto phrase = notes::build_query(*notes::parse_query("\"言語モデルの量子化\""), analyzer(), notes::MatchMode::All);
    CHECK(phrase.query.get_description().find("PHRASE") != std::string::npos);
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

TEST_CASE("queries a user can mistype or an attacker can write are refused with a reason", "[query]") {
    struct Case {
        std::string query;
        std::string message;
    } cases[] = {
        {"LoRA\xff", "cannot parse query: invalid UTF-8 at byte 4"},
        {"date:2023-13", "cannot parse query: date:2023-13 is not a date: there is no month 13"},
        {"date:2023-00", "cannot parse query: date:2023-00 is not a date: there is no month 00"},
        {"date:0000", "cannot parse query: date:0000 is not a date: there is no year 0000"},
        {"date:2023-02-29", "cannot parse query: date:2023-02-29 is not a date: 2023-02 has no day 29 (it has 28)"},
        {"date:2023-04-31", "cannot parse query: date:2023-04-31 is not a date: 2023-04 has no day 31 (it has 30)"},
        {"date:2023-01-00", "cannot parse query: date:2023-01-00 is not a date: 2023-01 has no day 00 (it has 31)"},
        {"date:2024..2023", "cannot parse query: date:2024..2023 is an empty range: 2024 comes after 2023"},
        {"date:2023-06..2023-05-31",
         "cannot parse query: date:2023-06..2023-05-31 is an empty range: 2023-06 comes after 2023-05-31"},
        {"date:abc", "cannot parse query: date:abc is not a date or range (YYYY, YYYY-MM, YYYY-MM-DD, A..B, ..B, A..)"},
        {"date:..", "cannot parse query: date:.. is not a date or range (YYYY, YYYY-MM, YYYY-MM-DD, A..B, ..B, A..)"},
        {"tag:", "cannot parse query: nothing after \"tag:\"; write tag:NAME, with no space after the colon"},
        {"tag: NLP", "cannot parse query: nothing after \"tag:\"; write tag:NAME, with no space after the colon"},
        {"LoRA title:",
         "cannot parse query: nothing after \"title:\"; write title:WORD, with no space after the colon"},
        {"summary:",
         "cannot parse query: nothing after \"summary:\"; write summary:WORD, with no space after the colon"},
        {"comment:\"\"",
         "cannot parse query: nothing after \"comment:\"; write comment:WORD, with no space after the colon"},
        {"id:", "cannot parse query: nothing after \"id:\"; write id:881, with no space after the colon"},
        {"date:", "cannot parse query: nothing after \"date:\"; write date:2023, with no space after the colon"},
        {"tag:\"\"", "cannot parse query: nothing after \"tag:\"; write tag:NAME, with no space after the colon"},
        {std::string(101, '(') + "LoRA" + std::string(101, ')'),
         "cannot parse query: too deeply nested (more than 100 levels of parentheses)"},
        {std::string(25000, '(') + "LoRA",
         "cannot parse query: too deeply nested (more than 100 levels of parentheses)"},
    };
    for (const auto& c : cases) {
        INFO(c.query.substr(0, 80));
        CHECK_THROWS_WITH(notes::parse_query(c.query), c.message);
        CHECK_THROWS_AS(notes::parse_query(c.query), notes::QueryError);
    }
}

TEST_CASE("real calendar dates and ranges are accepted, leap days included", "[query]") {
    for (std::string q : {"date:2024-02-29", "date:2000-02-29", "date:0001", "date:9999-12-31", "date:2023..2023",
                          "date:2023-05..2023", "date:2023-05-31..2023-05", "date:1900-02-28"})
        CHECK(parsed(q) == q);
    CHECK_THROWS_WITH(notes::parse_query("date:1900-02-29"), Catch::Contains("1900-02 has no day 29"));
    CHECK(parsed("tag:NLP:x") == "tag:NLP:x");  // a value may hold a colon
    CHECK(parsed("arXiv:") == "arXiv:");        // not a field: a word as written
}

TEST_CASE("nesting is bounded, and repeated operands are merged", "[query]") {
    CHECK(parsed(std::string(100, '(') + "LoRA" + std::string(100, ')')) == "LoRA");
    std::string lora_or;
    for (int i = 0; i < 2000; ++i) lora_or += "LoRA OR ";
    CHECK(parsed(lora_or + "LoRA") == "LoRA");
    CHECK(parsed("(a OR b) (a OR b) -c -c tag:X tag:X") == "AND(OR(a b) NOT(c) tag:X)");
    CHECK(parsed("a AND a") == "a");
    // Words typed one after another stay: the builder reads them as one text.
    CHECK(parsed("knowledge knowledge tracing") == "AND(knowledge knowledge tracing)");
}

TEST_CASE("a query has at most 64 distinct words; repeating one costs nothing", "[query]") {
    std::string words;
    for (int i = 0; i < 64; ++i) words += "w" + std::to_string(i) + " ";
    CHECK_NOTHROW(notes::parse_query(words));
    CHECK_THROWS_WITH(notes::parse_query(words + "w64"), "cannot parse query: too many words (65; at most 64)");
    std::string many;
    for (int i = 0; i < 5000; ++i) many += "word" + std::to_string(i) + " OR ";
    CHECK_THROWS_WITH(notes::parse_query(many + "x"), "cannot parse query: too many words (5001; at most 64)");
    // One typed word may be many as analysed.
    std::string joined;
    for (int i = 0; i < 70; ++i) joined += "w" + std::to_string(i) + ",";
    CHECK_THROWS_WITH(notes::build_query(*notes::parse_query(joined), analyzer(), notes::MatchMode::All),
                      "cannot parse query: too many words (70; at most 64)");
    std::string lora;
    for (int i = 0; i < 10000; ++i) lora += "LoRA ";
    auto built = notes::build_query(*notes::parse_query(lora), analyzer(), notes::MatchMode::All);
    auto once = notes::build_query(*notes::parse_query("LoRA"), analyzer(), notes::MatchMode::All);
    CHECK(built.query.get_description() == once.query.get_description());
    CHECK(built.units.size() == 1);
}

TEST_CASE("the query line is read as an IME types it: full-width operators, quotes and colons", "[query]") {
    CHECK(parsed("言語　モデル　－評価") == "AND(言語 モデル NOT(評価))");
    CHECK(parsed("ＬｏＲＡ ＯＲ 量子化") == "OR(LoRA 量子化)");
    CHECK(parsed("（LoRA OR QLoRA） 量子化") == "AND(OR(LoRA QLoRA) 量子化)");
    CHECK(parsed("tag：NLP ＃Quantization") == "AND(tag:NLP tag:Quantization)");
    CHECK(parsed("“large language model” bias") == "AND(\"large language model\" bias)");
    CHECK(parsed("＂few shot＂") == "\"few shot\"");
    CHECK(parsed("〝大規模言語モデル〟") == "\"大規模言語モデル\"");
    CHECK(parsed("date：2023") == "date:2023");
}

TEST_CASE("two or three words get a near boost beside their AND; one or four do not", "[query]") {
    auto described = [](const std::string& q, notes::MatchMode mode = notes::MatchMode::All) {
        return notes::build_query(*notes::parse_query(q), analyzer(), mode).query.get_description();
    };
    CHECK(described("reward model").find("AND_MAYBE") != std::string::npos);
    CHECK(described("reward model").find("NEAR 10") != std::string::npos);
    CHECK(described("量子化 LoRA 蒸留").find("NEAR 10") != std::string::npos);
    CHECK(described("reward").find("NEAR") == std::string::npos);
    CHECK(described("reward model human data").find("NEAR") == std::string::npos);
    CHECK(described("reward model", notes::MatchMode::Any).find("NEAR") == std::string::npos);
    CHECK(described("\"reward model\"").find("NEAR") == std::string::npos);
}

TEST_CASE("the near boost is kept apart from what decides the matches", "[query]") {
    auto built = [](const std::string& q, notes::MatchMode mode = notes::MatchMode::All) {
        return notes::build_query(*notes::parse_query(q), analyzer(), mode);
    };
    for (const char* q : {"reward model", "reward model -human", "reward model tag:NLP", "量子化 LoRA 蒸留"}) {
        INFO(q);
        notes::BuiltQuery b = built(q);
        CHECK(b.matched.get_description().find("NEAR") == std::string::npos);
        CHECK(b.boost.get_description().find("NEAR 10") != std::string::npos);
        CHECK(b.query.get_description() ==
              Xapian::Query(Xapian::Query::OP_AND_MAYBE, b.matched, b.boost).get_description());
    }
    for (const char* q : {"reward", "\"reward model\"", "reward OR model", "-reward model"}) {
        INFO(q);
        notes::BuiltQuery b = built(q);
        CHECK(b.boost.empty());
        CHECK(b.query.get_description() == b.matched.get_description());
    }
    CHECK(built("reward model", notes::MatchMode::Any).boost.empty());
}

TEST_CASE("a model name is its phrase lifted by the name written whole", "[query]") {
    for (const char* q : {"GPT-4", "GPT4", "gpt 4"}) {
        INFO(q);
        std::string d =
            notes::build_query(*notes::parse_query(q), analyzer(), notes::MatchMode::All).query.get_description();
        CHECK(d.find("(gpt PHRASE 2 4) AND_MAYBE gpt4") != std::string::npos);
    }
}

TEST_CASE("a kana word also searches its reading, scaled down", "[query]") {
    std::string d = notes::build_query(*notes::parse_query("りょうしか"), analyzer(), notes::MatchMode::All)
                        .query.get_description();
    CHECK(d.find("0.5 * Rリョウシカ") != std::string::npos);
    std::string kanji =
        notes::build_query(*notes::parse_query("量子化"), analyzer(), notes::MatchMode::All).query.get_description();
    CHECK(kanji.find(" R") == std::string::npos);
    // Kana words beside one a synonym widened, in either mode: every word is still searched.
    for (auto mode : {notes::MatchMode::All, notes::MatchMode::Any}) {
        auto built = notes::build_query(*notes::parse_query("ユーザー レビュー 要約"), analyzer(), mode);
        std::string both = built.query.get_description();
        CHECK(both.find("ユーザ") != std::string::npos);
        CHECK(both.find("レビュ") != std::string::npos);
        CHECK(both.find("要約") != std::string::npos);
    }
}

TEST_CASE("a trailing * makes a wildcard, in free text and in a field; quoted it is no operator", "[query][wildcard]") {
    CHECK(parsed("quant*") == "quant*");
    CHECK(parsed("title:quant*") == "title:quant*");
    CHECK(parsed("LoRA quant** -distil*") == "AND(LoRA quant* NOT(distil*))");
    CHECK(parsed("\"quant*\"") == "\"quant*\"");    // a phrase: the * is a character
    CHECK(parsed("arXiv:2305*") == "arXiv:2305*");  // not a field: the words as written
    CHECK(parsed("ｑｕａｎｔ＊") == "quant*");      // NFKC: a full-width * too
    CHECK(parsed("qu*nt") == "qu*nt");              // only at the end of a word
}

TEST_CASE("a wildcard searches the field's unstemmed words, bounded; bad ones are refused", "[query][wildcard]") {
    auto built = notes::build_query(*notes::parse_query("Quant*"), analyzer(), notes::MatchMode::All);
    std::string d = built.query.get_description();
    CHECK(d.find("WILDCARD SYNONYM quant") != std::string::npos);   // case-folded, not stemmed (quantiz)
    CHECK(d.find("WILDCARD SYNONYM Squant") != std::string::npos);  // and the title's copy, as a word
    REQUIRE(built.units.size() == 1);
    CHECK(built.units[0].text == "quant");
    REQUIRE(built.wildcards.size() == 1);
    CHECK(built.wildcards[0].start == "quant");
    auto field = notes::build_query(*notes::parse_query("summary:量子*"), analyzer(), notes::MatchMode::All);
    CHECK(field.query.get_description() == "Query(WILDCARD SYNONYM XS量子)");
    struct Case {
        std::string query;
        std::string message;
    } refused[] = {
        {"*",
         "cannot parse query: * has no word before the *; a wildcard ends a word (quant* finds quantization, "
         "quantized)"},
        {"title:**",
         "cannot parse query: title:** has no word before the *; a wildcard ends a word (quant* finds "
         "quantization, quantized)"},
        {"LoRA -*",
         "cannot parse query: * has no word before the *; a wildcard ends a word (quant* finds "
         "quantization, quantized)"},
        {"q*", "cannot parse query: q* is too short: a wildcard needs at least 2 characters before the * (quant*)"},
        {"量*", "cannot parse query: 量* is too short: a wildcard needs at least 2 characters before the * (quant*)"},
        {"fine-tun*",
         "cannot parse query: fine-tun* is more than one word before the *; a wildcard ends one word "
         "(quant*, 量子*)"},
        {"...*", "cannot parse query: ...* has no word before the *; a wildcard ends a word (quant*)"},
    };
    for (const auto& c : refused) {
        INFO(c.query);
        CHECK_THROWS_WITH(notes::build_query(*notes::parse_query(c.query), analyzer(), notes::MatchMode::All),
                          c.message);
    }
}
