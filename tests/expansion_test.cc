// expansion_test.cc — synonyms and tag names widening a query, and --explain, on notes written here.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <set>

#include "index_writer.h"
#include "query_builder.h"
#include "searcher.h"
#include "support.h"

using namespace notes::test;

namespace {

// The synonyms these tests use, so that they do not move with dict/synonyms.
const char* kSynonyms =
    "# test synonyms\n"
    "量子化 quantization quantized\n"
    "大規模言語モデル LLM \"large language model\"\n"
    "知識追跡 \"knowledge tracing\" KT\n"
    "思考の連鎖 CoT\n"
    "推薦 recommendation\n";

const notes::Synonyms& synonyms() {
    static notes::Synonyms s = notes::Synonyms::parse(kSynonyms, "test.syn", analyzer());
    return s;
}

const notes::TagLexicon& tag_lexicon() {
    static notes::TagLexicon t({"quantization", "knowledgetracing", "recommendersystems"}, analyzer());
    return t;
}

notes::BuiltQuery build(const std::string& q, bool with_context = true) {
    notes::QueryContext context{&synonyms(), &tag_lexicon()};
    return notes::build_query(*notes::parse_query(q), analyzer(), notes::MatchMode::All,
                              with_context ? context : notes::QueryContext{});
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

std::vector<notes::Note> expansion_notes() {
    return {
        // says "quantized" in English only
        note(1, "Efficient inference with quantized weights", "重みを4ビットで表す。", {"Quantization"}),
        // says nothing of quantization at all: only its tag does
        note(2, "Low-bit networks", "推論を速くする工夫をまとめた。", {"Quantization"}),
        // the Japanese word, no tag
        note(3, "量子化による圧縮", "モデルを量子化して小さくする。", {"Compression"}),
        // 量子 but not 量子化
        note(4, "Quantum chemistry", "量子力学の計算。", {"Physics"}),
        note(5, "Knowledge tracing with transformers", "Transformers model what a learner knows.",
             {"KnowledgeTracing"}),
        // tagged KnowledgeTracing, its text only in Japanese and without 知識追跡
        note(6, "学習者の状態推定", "学習者がどの問題を解けるかを推定する。", {"KnowledgeTracing"}),
        // the words, not the tag
        note(7, "Tracing knowledge in scientific text", "How knowledge spreads.", {"Science"}),
        note(8, "大規模言語モデルの評価", "評価の方法をまとめた。", {"LanguageModel"}),
        note(9, "A survey of LLM agents", "Agents built on an LLM.", {"LanguageModel"}),
    };
}

// A small index and a synonyms file written for these tests.
struct Fixture : TempIndex {
    Fixture() : TempIndex(expansion_notes(), {.synonyms_file = "synonyms", .synonyms_text = kSynonyms}) {}
    notes::SearchResult search(const std::string& q, bool explain = false, std::vector<std::string> tags = {}) const {
        notes::SearchRequest r;
        r.query = q;
        r.explain = explain;
        r.filter_tags = std::move(tags);
        return searcher->search(r);
    }
    Ids ids(const std::string& q) const { return notes::test::ids(search(q)); }
};

using Strings = std::vector<std::string>;

std::set<std::int64_t> as_set(const Ids& v) { return {v.begin(), v.end()}; }

std::size_t rank(const Ids& v, std::int64_t id) {
    return static_cast<std::size_t>(std::find(v.begin(), v.end(), id) - v.begin());
}

}  // namespace

TEST_CASE("a word of a synonym group is OR'ed with the group's other terms, weighted below it", "[expansion]") {
    auto b = build("量子化");
    std::string d = b.query.get_description();
    CHECK(contains(d, "(量子 AND 化)"));
    CHECK(contains(d, "0.8"));
    CHECK(contains(d, "* (Zquantiz OR ZSquantiz)"));  // quantization and quantized: one stem, one query
    REQUIRE(b.expansions.size() == 1);
    CHECK(b.expansions[0].words == "量子化");
    CHECK(b.expansions[0].synonyms == Strings{"quantization"});
    CHECK(b.expansions[0].lines == std::vector<std::size_t>{2});
    REQUIRE(b.units.size() == 1);
    REQUIRE(b.units[0].alternatives.size() == 1);
    CHECK(b.units[0].alternatives[0].stems == Strings{"quantiz"});
}

TEST_CASE("a synonym of several words is searched as a phrase; several query words meet one", "[expansion]") {
    auto b = build("大規模言語モデル");
    CHECK(contains(b.query.get_description(), "(large PHRASE 3 language PHRASE 3 model)"));
    CHECK(contains(b.query.get_description(), "Zllm"));
    auto words = build("Large Language Model");
    REQUIRE(words.expansions.size() == 1);
    CHECK(words.expansions[0].words == "large language model");
    CHECK(contains(words.query.get_description(),
                   "(C大規模言語モデル OR 大規模言語モデル) AND_MAYBE ((大 AND 規模 AND 言語 AND モデル)"));
    CHECK(words.units.size() == 3);        // each word is still highlighted on its own
    auto particles = build("思考の連鎖");  // the particle inside the term is part of it
    REQUIRE(particles.expansions.size() == 1);
    CHECK(particles.expansions[0].synonyms == Strings{"CoT"});
}

TEST_CASE("under an AND, a synonym of several words is looked for where the other words match", "[expansion]") {
    // Looked for everywhere, its positions were read for every note with LLM (1M notes: 220 ms).
    std::string d = build("LLM 評価").query.get_description();
    CHECK(contains(d, "(large PHRASE 3 language PHRASE 3 model) FILTER ("));
    CHECK_FALSE(contains(build("大規模言語モデル").query.get_description(), "FILTER"));  // nothing beside it
    notes::QueryContext context{&synonyms(), &tag_lexicon()};
    auto any = notes::build_query(*notes::parse_query("LLM 評価"), analyzer(), notes::MatchMode::Any, context);
    CHECK_FALSE(contains(any.query.get_description(), "FILTER"));  // either word alone is a match

    // The filter changes no match: the phrase with the other word, LLM with it, never one alone.
    TempIndex index(
        std::vector<notes::Note>{
            note(1, "Evaluating a large language model", "評価の手法をまとめた。", {"LanguageModel"}),
            note(2, "A large language model for code", "コードを生成する。", {"LanguageModel"}),
            note(3, "LLM benchmarks", "評価の指標。", {"LanguageModel"}),
            note(4, "A model of language, large and small", "評価の手法。", {"LanguageModel"}),
            note(5, "Human judges", "評価者の一致。", {"Evaluation"})},
        {.synonyms_file = "synonyms", .synonyms_text = kSynonyms});
    notes::SearchRequest r;
    r.query = "LLM 評価";
    CHECK(as_set(ids(index.searcher->search(r))) == std::set<std::int64_t>{1, 3});
    r.query = "LLM";
    CHECK(as_set(ids(index.searcher->search(r))) == std::set<std::int64_t>{1, 2, 3});
}

TEST_CASE("a word naming a tag, or whose synonym does, adds the tag's weighted term", "[expansion]") {
    auto direct = build("knowledge tracing");
    REQUIRE(direct.expansions.size() == 1);
    CHECK(direct.expansions[0].tags == Strings{"knowledgetracing"});
    CHECK(contains(direct.query.get_description(), "1 * Kknowledgetracing"));
    auto via_synonym = build("量子化");
    CHECK(via_synonym.expansions[0].tags == Strings{"quantization"});
    auto japanese = build("知識追跡");
    CHECK(japanese.expansions[0].tags == Strings{"knowledgetracing"});
    // the boost is an alternative, never a filter
    CHECK_FALSE(contains(via_synonym.query.get_description(), "FILTER"));
}

TEST_CASE("excluded words, quoted phrases and words without context are taken as written", "[expansion]") {
    auto excluded = build("LLM -量子化");
    std::string d = excluded.query.get_description();
    CHECK(contains(d, "AND_NOT"));
    CHECK_FALSE(contains(d, "quantiz"));
    CHECK_FALSE(contains(d, "Kquantization"));
    auto quoted = build("\"量子化\"");
    CHECK(quoted.expansions.empty());
    CHECK_FALSE(contains(quoted.query.get_description(), "quantiz"));
    auto plain = build("量子化", /*with_context=*/false);
    CHECK(plain.expansions.empty());
    CHECK_FALSE(contains(plain.query.get_description(), "quantiz"));
}

TEST_CASE("a field's words are widened within the field, and name no tag", "[expansion]") {
    auto b = build("title:量子化");
    std::string d = b.query.get_description();
    CHECK(contains(d, "ZSquantiz"));
    CHECK_FALSE(contains(d, "Zquantiz OR"));
    CHECK_FALSE(contains(d, "Kquantization"));
}

TEST_CASE_METHOD(Fixture, "量子化 finds the notes that say quantized, and the tagged ones that say nothing",
                 "[expansion]") {
    auto found = ids("量子化");
    CHECK(as_set(found) == std::set<std::int64_t>{1, 2, 3});  // never 4 (量子力学)
    CHECK(rank(found, 3) < rank(found, 2));                   // the user's own word beats a tag alone
    notes::Searcher without(db, analyzer(), notes::SearcherOptions{(dir.path / "none").string()});
    notes::SearchRequest r;
    r.query = "量子化";
    std::set<std::int64_t> plain;
    for (const auto& h : without.search(r).hits) plain.insert(h.note.id);
    CHECK(plain == std::set<std::int64_t>{3});
    CHECK(as_set(ids("quantization")) == std::set<std::int64_t>{1, 2, 3});
}

TEST_CASE_METHOD(Fixture, "a query naming a tag lifts its notes, without filtering the others", "[expansion]") {
    notes::Searcher no_synonyms(db, analyzer(), notes::SearcherOptions{(dir.path / "none").string()});
    notes::SearchRequest r;
    r.query = "knowledge tracing";
    Ids found;
    for (const auto& h : no_synonyms.search(r).hits) found.push_back(h.note.id);
    // 6 only through its tag; 7 only through its words
    CHECK(as_set(found) == std::set<std::int64_t>{5, 6, 7});
    CHECK(rank(found, 5) == 0);  // the words and the tag
}

TEST_CASE_METHOD(Fixture, "a synonym is highlighted as the word typed", "[expansion]") {
    auto r = search("量子化");
    for (const auto& h : r.hits) {
        if (h.note.id != 1) continue;
        REQUIRE(h.snippet.marks.size() == 1);
        auto [b, e] = h.snippet.marks[0];
        CHECK(h.snippet.text.substr(b, e - b) == "quantized");
    }
}

TEST_CASE_METHOD(Fixture, "--explain: words, MeCab tokens, synonyms, tags, filters, the Xapian query", "[expansion]") {
    auto r = search("量子化の -quantum date:2023 LLM", true, {"LanguageModel"});
    REQUIRE(r.explanation);
    const auto& e = *r.explanation;
    REQUIRE(e.texts.size() == 3);
    CHECK(e.texts[0].written == "量子化の");
    REQUIRE(e.texts[0].tokens.size() == 3);
    CHECK(e.texts[0].tokens[0].term == "量子");
    CHECK(e.texts[0].tokens[0].word_class == notes::WordClass::Noun);
    CHECK(e.texts[0].tokens[1].term == "化");
    CHECK(e.texts[0].tokens[1].word_class == notes::WordClass::NounSuffix);
    CHECK(e.texts[0].tokens[2].word_class == notes::WordClass::Function);
    CHECK(e.texts[0].ignored == Strings{"の"});
    CHECK(e.texts[1].negated);
    CHECK(e.texts[1].written == "quantum");
    REQUIRE(e.expansions.size() == 2);
    CHECK(e.expansions[0].words == "量子化");
    CHECK(e.expansions[0].tags == Strings{"Quantization"});  // the display name, not the key
    CHECK(e.expansions[1].words == "llm");
    CHECK(e.expansions[1].synonyms == Strings{"大規模言語モデル", "large language model"});
    CHECK(e.filters == Strings{"date:2023", "--tag LanguageModel"});
    CHECK(e.synonyms == synonyms_file + " (5 groups)");
    CHECK(e.any_word);  // no note has 量子化 and LLM: any word was enough
    CHECK(r.partial);
    CHECK(contains(e.xapian_query, "Kquantization"));
    CHECK(contains(e.xapian_query, "Zquantum"));
}

TEST_CASE_METHOD(Fixture, "--explain says when there are no synonyms, and when any word was enough", "[expansion]") {
    notes::Searcher without(db, analyzer(), notes::SearcherOptions{(dir.path / "none").string()});
    notes::SearchRequest r;
    r.query = "量子化 zzyzx";
    r.explain = true;
    auto result = without.search(r);
    REQUIRE(result.explanation);
    CHECK(result.explanation->synonyms == "none: no file at " + (dir.path / "none").string());
    CHECK(result.explanation->any_word);
    CHECK(result.partial);
}

TEST_CASE_METHOD(Fixture, "a bad synonyms file fails the search by name and line, not --stats", "[expansion]") {
    std::string bad = (dir.path / "bad").string();
    std::ofstream(bad) << "要約 summarization\n\"unclosed LLM\n";
    notes::Searcher broken(db, analyzer(), notes::SearcherOptions{bad});
    CHECK(broken.stats().notes == 9);
    notes::SearchRequest r;
    r.query = "LLM";
    CHECK_THROWS_WITH(broken.search(r), "cannot read synonyms " + bad + ":2: unbalanced quote (\")");
}
