// related_test.cc — --like on Japanese and English notes, and did-you-mean with its spelling table.
#include <xapian.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "index_writer.h"
#include "searcher.h"
#include "support.h"

using namespace notes::test;

namespace {

// The particle-only note: every token MeCab gives for it is a particle, an auxiliary, a light
// verb or a pronoun, and it shares many of them with note 1.
const char* kParticlesTitle = "これはそれです";
const char* kParticlesSummary = "それはこれでしたので、そのようなことがあるのでした。これをしたのです。";

std::vector<notes::Note> like_notes() {
    return {
        note(1, "推薦システムの評価", "推薦システムの評価指標を比べた。オフライン評価とオンライン評価の違いを論じた。",
             {"RecommenderSystems", "Evaluation"}, "2023-05-01"),
        note(2, "オンライン評価の設計", "推薦のオンライン評価をどう設計するかを述べた。", {"RecommenderSystems"},
             "2024-02-01"),
        note(3, kParticlesTitle, kParticlesSummary, {"Misc"}, "2023-06-01"),
        note(4, "行列分解による推薦", "評価値の行列を分解して推薦する。二つの手法を比べた。", {"RecommenderSystems"},
             "2021-03-01"),
        note(5, "量子化の入門", "モデルの重みを量子化する方法を紹介した。", {"Quantization"}, "2023-07-01"),
        note(6, "Offline evaluation of recommenders", "Comparing offline metrics for recommendation.",
             {"RecommenderSystems", "Evaluation"}, "2022-01-01"),
        note(7, "Summarization with transformers", "An abstractive summarization model.", {"Summarization"}),
        note(8, "Evaluating summarization", "Metrics for summarization.", {"Summarization", "Evaluation"}),
        note(9, "Multi-document summarization", "Summarization of many documents.", {"Summarization"}),
    };
}

struct Fixture : TempIndex {
    Fixture() : TempIndex(like_notes(), {.synonyms_file = "no-synonyms"}) {}
    notes::SearchResult like(std::int64_t id, const std::string& query = "", std::vector<std::string> tags = {},
                             std::size_t limit = 20) const {
        notes::SearchRequest r;
        r.query = query;
        r.filter_tags = std::move(tags);
        r.limit = limit;
        r.explain = true;
        return searcher->like(id, r);
    }
    notes::SearchResult search(const std::string& q) const {
        notes::SearchRequest r;
        r.query = q;
        return searcher->search(r);
    }
};

// The notes' spelling table, word -> notes.
std::map<std::string, Xapian::doccount> spellings(const std::string& db) {
    Xapian::Database d(db);
    std::map<std::string, Xapian::doccount> out;
    for (auto it = d.spellings_begin(); it != d.spellings_end(); ++it) out[*it] = it.get_termfreq();
    return out;
}

}  // namespace

TEST_CASE("the particle-only fixture really is particles only", "[like]") {
    for (const char* text : {kParticlesTitle, kParticlesSummary}) {
        auto a = analyzer().analyze(text);
        REQUIRE_FALSE(a.tokens.empty());
        for (const auto& t : a.tokens) {
            INFO(t.term);
            CHECK(t.word_class == notes::WordClass::Function);
        }
    }
}

TEST_CASE_METHOD(Fixture, "--like ranks notes sharing content words and tags; never by particles", "[like]") {
    auto r = like(1);
    auto found = ids(r);
    CHECK(r.like == 1);
    CHECK(r.like_title == "推薦システムの評価");
    REQUIRE(found.size() >= 3);
    CHECK_FALSE(has(found, 1));  // itself left out
    CHECK_FALSE(has(found, 3));  // shares の, は, した, です... and nothing else
    CHECK(found.front() == 2);   // 推薦, オンライン評価, #RecommenderSystems
    CHECK(has(found, 4));
    CHECK(has(found, 6));  // the tags, in English
    REQUIRE(r.explanation);
    std::set<std::string> words;
    for (const auto& t : r.explanation->like_terms) words.insert(t.word);
    CHECK(words.count("推薦"));
    CHECK(words.count("評価"));
    for (const char* particle : {"の", "を", "と", "た", "した", "する"}) {
        INFO(particle);
        CHECK_FALSE(words.count(particle));
    }
    CHECK(words.count("比べる"));  // a verb, by its dictionary form
    CHECK(r.explanation->like_tags == std::vector<std::string>{"RecommenderSystems", "Evaluation"});
}

TEST_CASE_METHOD(Fixture, "--like on English notes leaves out stop words", "[like]") {
    auto r = like(8);
    auto found = ids(r);
    REQUIRE(found.size() >= 2);
    CHECK_FALSE(has(found, 8));
    // the other summarization notes come first
    std::set<std::int64_t> top(found.begin(), found.begin() + std::min<std::size_t>(3, found.size()));
    CHECK(top.count(7));
    CHECK(top.count(9));
    for (const auto& t : r.explanation->like_terms) {
        INFO(t.word);
        CHECK(t.word != "for");
        CHECK(t.notes >= 2);  // a word of this note alone relates it to nothing
    }
}

TEST_CASE_METHOD(Fixture, "--like with --tag, query words, --limit; an unknown id is refused", "[like]") {
    CHECK(ids(like(1, "", {"Evaluation"})) == Ids{6, 8});
    CHECK(ids(like(1, "date:2024")) == Ids{2});
    CHECK(ids(like(1, "", {}, 1)).size() == 1);
    CHECK(like(1, "", {}, 1).total >= 3);
    CHECK_THROWS_WITH(like(999), "cannot find note #999: it is not in the index");
    CHECK_THROWS_AS(like(999), notes::QueryError);
}

TEST_CASE_METHOD(Fixture, "did-you-mean: a misspelt English word and a frequent neighbour", "[spelling]") {
    auto r = search("summarizaton");
    CHECK(r.suggestion == "summarization");
    // issue 11: no note had the word and summarization is in three: the correction was run
    CHECK(r.corrected);
    CHECK(r.total == 3);
    // the rest of the query is kept as written
    CHECK(search("Abstractive summarizaton").suggestion == "Abstractive summarization");
    CHECK(search("ＳＵＭＭＡＲＩＺＡＴＯＮ").suggestion == "summarization");
    // words that are there, Japanese words, and excluded words are left alone
    CHECK(search("summarization").suggestion.empty());
    CHECK(search("推薦").suggestion.empty());
    CHECK(search("summarization -transformerz").suggestion.empty());
}

TEST_CASE("the spelling table follows added, changed and removed notes", "[spelling]") {
    TempDir dir;
    auto a = note(1, "Zephyrine winds", "Zephyrine again.", {"Weather"});
    auto b = note(2, "More zephyrine", "Text.", {"Weather"});
    auto c = note(3, "Other", "Unrelated words here.", {"Weather"});
    notes::write_index(dir.str("db"), {{a, b, c}, "Tester", {}}, analyzer());
    CHECK(spellings(dir.str("db"))["zephyrine"] == 2);  // notes, not occurrences
    CHECK(spellings(dir.str("db")).count("weather"));   // tag words are words too
    {
        notes::Searcher s(dir.str("db"), analyzer(), notes::SearcherOptions{(dir.path / "none").string()});
        notes::SearchRequest r;
        r.query = "zephyrina";
        CHECK(s.search(r).suggestion == "zephyrine");
    }
    notes::write_index(dir.str("db"), {{a, c}, "Tester", {}}, analyzer());  // b removed
    CHECK(spellings(dir.str("db"))["zephyrine"] == 1);
    a.title = "Calm winds";
    a.summary = "Nothing else.";
    notes::write_index(dir.str("db"), {{a, c}, "Tester", {}}, analyzer());  // a changed
    auto now = spellings(dir.str("db"));
    CHECK_FALSE(now.count("zephyrine"));
    CHECK(now["calm"] == 1);
    CHECK(now["unrelated"] == 1);  // an unchanged note keeps its words
    notes::Searcher s(dir.str("db"), analyzer(), notes::SearcherOptions{(dir.path / "none").string()});
    notes::SearchRequest r;
    r.query = "zephyrina";
    CHECK(s.search(r).suggestion.empty());
}
