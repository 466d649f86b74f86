// search_test.cc — ranking, the compound fallback, filters, facets and snippets on notes written here.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <set>

#include "index_writer.h"
#include "normalize.h"
#include "schema.h"
#include "searcher.h"
#include "support.h"

using namespace notes::test;

namespace {

std::vector<notes::Note> search_notes() {
    return {
        note(1, "QLoRA: Efficient Finetuning of Quantized LLMs", "LLMを4ビットに量子化し、LoRAで微調整する手法。",
             {"Quantization", "Adapter/LoRA", "NLP"}, "2023-07-22"),
        note(2, "A survey of model compression", "モデル圧縮のサーベイ。量子化、蒸留、枝刈りを扱う。",
             {"Survey", "Quantization"}, "2021-03-01"),
        note(3, "Quantum computing for NLP", "量子力学の考え方を言語処理に持ち込む。", {"NLP"}, "2020-05-05"),
        note(4, "LoRA: Low-Rank Adaptation of Large Language Models", "低ランク行列だけを学習する。",
             {"Adapter/LoRA", "NLP", "Efficiency/SpeedUp"}, "2021-06-25"),
        note(5, "Data curation at scale", "高品質なデータを集める方法を提案した。", {"Dataset"}, "2024-01-10"),
        note(6, "Serving models", "ランタイムを変更すると推論が速くなる。", {"Efficiency/SpeedUp"}, "2022-02-02"),
        note(7, "Calibrated answers", "不正確な回答を減らす。", {"NLP"}, "2022-08-08"),
        note(8, "Learning to rank", "順序付けを学習する手法。", {"RecommenderSystems"}, "2019-09-09"),
        note(9, "Mentions the method often", "この記事ではLoRAに触れる。LoRA LoRA LoRA。", {"Article"}, "2023-02-02"),
        note(10, "Personal computers", "コンピューターの歴史。", {"Article"}, "2018-01-01"),
    };
}

// A small index written for these tests, removed afterwards.
struct Fixture : TempIndex {
    Fixture() : TempIndex(search_notes()) {}
    notes::SearchResult search(const std::string& q, std::size_t limit = 20) {
        notes::SearchRequest r;
        r.query = q;
        r.limit = limit;
        return searcher->search(r);
    }
    Ids ids(const std::string& q) { return notes::test::ids(search(q)); }
};

std::set<std::int64_t> as_set(const Ids& ids) { return {ids.begin(), ids.end()}; }

}  // namespace

TEST_CASE_METHOD(Fixture, "a compound is found by itself and by its parts, not by a neighbour", "[search]") {
    auto q = ids("量子化");
    CHECK(std::set<std::int64_t>(q.begin(), q.end()) == std::set<std::int64_t>{1, 2});
    auto part = ids("量子");
    CHECK(std::set<std::int64_t>(part.begin(), part.end()) == std::set<std::int64_t>{1, 2, 3});
}

TEST_CASE_METHOD(Fixture, "a compound MeCab splits one way in the note and another in the query is found", "[search]") {
    // Real cases from the notes: MeCab splits 高|品質 in 「高品質なデータ」 but 高品|質 alone, and
    // ラン|タイム / ランタイム, 不|正確 / 不正確, 順序|付け / 順序付け likewise.
    CHECK(ids("高品質") == Ids{5});
    CHECK(ids("ランタイム") == Ids{6});
    CHECK(ids("不正確") == Ids{7});
    CHECK(ids("順序付け") == Ids{8});
}

TEST_CASE("a compound is found wherever its words stand side by side in one compound, by its term", "[search]") {
    // The query matches a Japanese compound by its compound term alone, no longer by the phrase
    // of its words: the term must be there whatever MeCab reads around the words. It reads 時 as a
    // suffix in 非補償型時系列, and nine nouns in a row are one compound too.
    TempIndex index({note(1, "Time series", "非補償型時系列モデルを扱う。", {"TimeSeries"}, "2023-01-01"),
                     note(2, "Cities", "東京大阪名古屋福岡札幌仙台広島京都神戸を回った。", {"Travel"}, "2023-01-02"),
                     note(3, "Apart", "系列を扱う時、長さが問題になる。", {"Article"}, "2023-01-03"),
                     note(4, "Plain", "時系列データの予測。", {"TimeSeries"}, "2023-01-04"),
                     note(5, "Tags", "タグの時系列も扱う。", {"UserModeling"}, "2023-01-05")});
    auto ids = [&](const std::string& q) {
        notes::SearchRequest r;
        r.query = q;
        r.limit = 20;
        auto found = notes::test::ids(index.searcher->search(r));
        return std::set<std::int64_t>(found.begin(), found.end());
    };
    CHECK(ids("時系列") == std::set<std::int64_t>{1, 4, 5});
    CHECK(ids("\"時系列\"") == std::set<std::int64_t>{1, 4, 5});
    CHECK(ids("福岡札幌") == std::set<std::int64_t>{2});
    CHECK(ids("名古屋福岡札幌仙台") == std::set<std::int64_t>{2});
}

TEST_CASE_METHOD(Fixture, "English words match their inflections", "[search]") {
    CHECK(ids("quantize").front() == 1);
    CHECK(ids("finetuned") == Ids{1});
}

TEST_CASE_METHOD(Fixture, "katakana words with and without the final long vowel meet", "[search]") {
    CHECK(ids("コンピュータ") == Ids{10});
    CHECK(ids("コンピューター") == Ids{10});
}

TEST_CASE_METHOD(Fixture, "notes with every word first; a title hit outranks repeated body hits", "[search]") {
    CHECK(ids("LoRA 量子化") == Ids{1});
    auto lora = ids("LoRA");
    REQUIRE(lora.size() == 3);
    CHECK(lora.front() == 4);  // the word in a title beats four mentions in a summary (note 9)
    auto r = search("QLoRA 蒸留");
    CHECK(r.partial);
    CHECK(r.total == 2);
}

TEST_CASE_METHOD(Fixture, "facets count the whole matching set, not the page shown", "[search]") {
    auto r = search("NLP OR 量子化 OR LoRA", 1);
    CHECK(r.hits.size() == 1);
    REQUIRE_FALSE(r.tag_facets.empty());
    std::map<std::string, std::int64_t> f;
    for (auto& t : r.tag_facets) f[t.name] = t.count;
    CHECK(f["NLP"] == 4);  // notes 1, 3, 4, 7 (NLP is a tag word of each)
    CHECK(f["Quantization"] == 2);
    CHECK(r.tag_facets.front().name == "NLP");
    CHECK(r.year_facets.front().name >= r.year_facets.back().name);
}

TEST_CASE_METHOD(Fixture, "filters: tags in any spelling, dates, ids, exclusion", "[search]") {
    CHECK(ids("tag:efficiency_speedup") == Ids{6, 4});  // filters only: newest first
    CHECK(ids("#Efficiency/SpeedUp LoRA") == Ids{4});
    CHECK(ids("LoRA -tag:Article").size() == 2);
    CHECK(ids("date:2021 tag:Quantization") == Ids{2});
    CHECK(ids("date:2023-07..2024") == Ids{5, 1});
    CHECK(ids("id:3") == Ids{3});
    CHECK(ids("title:LoRA") == Ids{4});
    CHECK(ids("量子化 -蒸留") == Ids{1});
}

TEST_CASE_METHOD(Fixture, "snippets mark whole words, in the passage that has most of them", "[search]") {
    auto r = search("LoRA 量子化");
    REQUIRE(r.hits.size() == 1);
    const auto& s = r.hits[0].snippet;
    std::vector<std::string> marked;
    for (auto [b, e] : s.marks) marked.push_back(s.text.substr(b, e - b));
    CHECK(marked == std::vector<std::string>{"量子化", "LoRA"});
    auto part = search("量子");
    for (const auto& h : part.hits) {
        for (auto [b, e] : h.snippet.marks) CHECK(h.snippet.text.substr(b, e - b) == "量子");
    }
}

TEST_CASE("--explain writes Xapian's scale factors short", "[search]") {
    CHECK(notes::tidy_scale_factors("Query((a OR 0.80000000000000004441 * (b OR c)))") ==
          "Query((a OR 0.8 * (b OR c)))");
    CHECK(notes::tidy_scale_factors("Query(0.59999999999999997780 * x)") == "Query(0.6 * x)");
    CHECK(notes::tidy_scale_factors("Query((0.5 * Bab OR 1 * Kx))") == "Query((0.5 * Bab OR 1 * Kx))");
    // a term that looks like a number is a term, not a factor
    CHECK(notes::tidy_scale_factors("Query((Z3.14159265358979 OR 2.25000000000000000000 * y))") ==
          "Query((Z3.14159265358979 OR 2.25 * y))");
}

TEST_CASE("field queries look in their field only, phrases too", "[search]") {
    std::vector<notes::Note> notes = {
        note(21, "量子化の本", "蒸留の話。", {"Book"}),
        note(22, "An article", "量子化の話。", {"Article"}),
        note(23, "Another one", "蒸留の話。", {"Article"}, "2023-01-01", "量子化はしない。"),
        note(24, "Prompting", "プロンプトの話。", {"NLP"}, "2023-01-01", "a few shot learning paper"),
        note(25, "Shooting", "撮影の話。", {"NLP"}, "2023-01-01", "he took a shot, then a few more"),
    };
    TempIndex index(notes);
    auto ids = [&](const std::string& q) {
        notes::SearchRequest r;
        r.query = q;
        std::set<std::int64_t> out;
        for (const auto& h : index.searcher->search(r).hits) out.insert(h.note.id);
        return out;
    };
    CHECK(ids("量子化") == std::set<std::int64_t>{21, 22, 23});
    CHECK(ids("title:量子化") == std::set<std::int64_t>{21});
    CHECK(ids("summary:量子化") == std::set<std::int64_t>{22});
    CHECK(ids("comment:量子化") == std::set<std::int64_t>{23});
    CHECK(ids("comment:\"few shot\"") == std::set<std::int64_t>{24});
    CHECK(ids("comment:few comment:shot") == std::set<std::int64_t>{24, 25});
    CHECK(ids("summary:shot").empty());
}

TEST_CASE("a term over Xapian's limit is cut the same way every time, at a character", "[search][schema]") {
    const std::string short_term = "K" + std::string(244, 'a');
    CHECK(notes::schema::fit_term(short_term) == short_term);
    std::string kana;
    for (int i = 0; i < 100; ++i) kana += "あ";  // 300 bytes
    for (const std::string& term : {"K" + std::string(246, 'a'), "K" + kana, "K" + std::string(5000, 'z')}) {
        std::string fitted = notes::schema::fit_term(term);
        CHECK(fitted.size() <= notes::schema::kMaxTermBytes);
        CHECK(notes::find_invalid_utf8(fitted) == std::string::npos);
        CHECK(fitted == notes::schema::fit_term(term));
        CHECK(fitted.starts_with(term.substr(0, 200)));
    }
    // Two long terms that differ only past the cut stay apart.
    CHECK(notes::schema::fit_term("K" + std::string(300, 'a') + "1") !=
          notes::schema::fit_term("K" + std::string(300, 'a') + "2"));
}

TEST_CASE("a tag longer than Xapian's term limit is indexed and found", "[search][schema]") {
    const std::string long_tag(250, 'T');
    std::string kana_tag;
    for (int i = 0; i < 100; ++i) kana_tag += "あ";
    TempIndex index({note(1, "Long tag", "長いタグ。", {long_tag, "NLP"}), note(2, "Kana tag", "長い。", {kana_tag}),
                     note(3, "Other", "別の話。", {"NLP"})});
    notes::SearchRequest r;
    r.query = "tag:" + long_tag;
    CHECK(ids(index.searcher->search(r)) == Ids{1});
    r.query = "tag:\"" + kana_tag + "\"";
    CHECK(ids(index.searcher->search(r)) == Ids{2});
    r.query = "";
    r.filter_tags = {long_tag};
    CHECK(ids(index.searcher->search(r)) == Ids{1});
    CHECK(ids(index.searcher->notes_with_tag(long_tag)) == Ids{1});
    std::map<std::string, std::int64_t> tags;
    for (const auto& t : index.searcher->all_tags()) tags[t.name] = t.count;
    CHECK(tags[long_tag] == 1);
    CHECK(tags[kana_tag] == 1);
    CHECK_FALSE(index.searcher->published_page(long_tag));
}

TEST_CASE("an index whose first build never finished says so", "[search][faults]") {
    TempDir dir;
    {
        Xapian::WritableDatabase db(dir.str("db"), Xapian::DB_CREATE_OR_OPEN);
        db.commit();
    }
    CHECK_THROWS_WITH(notes::Searcher(dir.str("db"), analyzer()),
                      "cannot open index " + dir.str("db") +
                          ": its first build never finished; build it with: "
                          "notes-index --db " +
                          dir.str("db") + " SOURCES");
}

TEST_CASE("a damaged index is an IndexError naming it, never a Xapian::Error", "[search][faults]") {
    TempIndex index(search_notes());
    index.searcher.reset();
    // The tables are in the generation the index folder's stub names (index_layout.h).
    for (const auto& e : std::filesystem::recursive_directory_iterator(index.db))
        if (e.path().extension() == ".glass") std::filesystem::resize_file(e.path(), 100);
    try {
        notes::Searcher searcher(index.db, analyzer());
        notes::SearchRequest r;
        r.query = "LoRA";
        searcher.search(r);
        FAIL("a damaged index was read");
    } catch (const notes::IndexError& e) {
        CHECK_THAT(e.what(), Catch::StartsWith("cannot ") && Catch::Contains(" index " + index.db + ": "));
    }
}

TEST_CASE("a search reads the newest index when notes-index committed twice under it", "[search][faults]") {
    // Enough notes that the tables are more blocks than a reader keeps in memory.
    std::vector<notes::Note> notes = search_notes();
    for (int i = 100; i < 1100; ++i)
        notes.push_back(note(i, "Filler word" + std::to_string(i), "filler" + std::to_string(i) + " text", {"Filler"}));
    TempIndex index(notes);
    notes::SearchRequest r;
    r.query = "LoRA";
    REQUIRE(ids(index.searcher->search(r)).size() == 3);
    // Commits that rewrite every note: the blocks of the revision the searcher holds are reused,
    // and reading them is Xapian's DatabaseModifiedError.
    for (int round = 0; round < 3; ++round) {
        Xapian::WritableDatabase db(index.db, Xapian::DB_OPEN);
        for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
            Xapian::Document doc = db.get_document(*it);
            doc.add_term("Xround" + std::to_string(round));
            doc.set_data(doc.get_data() + " ");
            db.replace_document(*it, doc);
        }
        db.commit();
    }
    r.query = "蒸留 OR コンピューター OR filler1050";
    auto after = ids(index.searcher->search(r));
    CHECK(std::set<std::int64_t>(after.begin(), after.end()) == std::set<std::int64_t>{2, 10, 1050});
}

TEST_CASE_METHOD(Fixture, "English function words are not required beside a word that says something", "[search]") {
    // Only note 9 says "the" ("Mentions the method often"): as a required word it hid note 2.
    CHECK(ids("the survey") == ids("survey"));
    CHECK(ids("a survey of compression") == ids("survey compression"));
    CHECK_FALSE(ids("survey compression").empty());
    CHECK(ids("the") == Ids{9});                    // alone, a function word is searched as typed
    CHECK(ids("\"a survey of model\"") == Ids{2});  // and inside a phrase it counts
    CHECK(ids("\"the survey\"") == Ids{});
}

namespace {

// Notes that write one model name, one kanji word or two words in several ways (issue 15).
std::vector<notes::Note> spelling_notes() {
    return {
        note(21, "Benchmarking GPT-4 on exams", "GPT-4の性能を測る。", {"NLP"}, "2023-05-01"),
        note(22, "Small models against GPT4", "GPT4と比べる。", {"NLP"}, "2023-06-01"),
        note(23, "Tutoring with gpt 4", "教育にgpt 4を使う。", {"Education"}, "2023-07-01"),
        note(24, "Llama 2: open models", "Llama 2を公開した。", {"LanguageModel"}, "2023-07-18"),
        note(25, "Training LLaMA2 in three lines", "LLaMA2を訓練する。", {"LanguageModel"}, "2023-07-22"),
        note(26, "OpenLLaMA", "LLaMAを再現した。", {"LanguageModel"}, "2023-05-05"),
        note(27, "Cheaper serving", "量子化で推論を速くする。", {"Efficiency"}, "2023-08-01"),
        note(28, "QLoRA", "Finetuning of quantized models.", {"Quantization"}, "2023-05-23"),
        note(29, "Recommending papers", "論文の推薦システム。", {"RecommenderSystems"}, "2022-01-01"),
        note(30, "Reward model training", "We train a reward model on human preference data.", {"NLP"}, "2023-01-01"),
        note(31, "Notes on a model",
             "The model is large. Many words stand between the two here, so many that the sentence ends and "
             "another begins, and only then comes the word reward.",
             {"NLP"}, "2023-01-02"),
        note(32, "Reducing hallucination", "ハルシネーションを減らす。", {"NLP"}, "2023-09-09"),
        note(33, "Hallucination again", "ハルシネーションの評価。", {"NLP"}, "2023-09-10"),
    };
}

struct Spellings : TempIndex {
    Spellings() : TempIndex(spelling_notes()) {}
    notes::SearchResult search(const std::string& q) {
        notes::SearchRequest r;
        r.query = q;
        r.mark_words = true;
        return searcher->search(r);
    }
    std::set<std::int64_t> found(const std::string& q) {
        auto v = notes::test::ids(search(q));
        return {v.begin(), v.end()};
    }
};

std::vector<std::string> snippet_marks(const notes::Hit& h) {
    std::vector<std::string> out;
    for (auto [b, e] : h.snippet.marks) out.push_back(h.snippet.text.substr(b, e - b));
    return out;
}

}  // namespace

TEST_CASE_METHOD(Spellings, "a model name is found in every spelling", "[search][names]") {
    const std::set<std::int64_t> gpt4{21, 22, 23};
    for (const char* q : {"GPT-4", "GPT4", "gpt 4", "GPT\u20104", "\"gpt 4\""}) {
        INFO(q);
        CHECK(found(q) == gpt4);
    }
    for (const char* q : {"Llama 2", "LLaMA2", "Llama-2"}) {
        INFO(q);
        CHECK(found(q) == std::set<std::int64_t>{24, 25});
    }
    // The letters alone find the name too, below the notes that write them as a word.
    auto llama = notes::test::ids(search("LLaMA"));
    REQUIRE(llama.size() == 3);
    CHECK(llama.back() == 25);
    CHECK(std::set<std::int64_t>(llama.begin(), llama.end()) == std::set<std::int64_t>{24, 25, 26});
    // The snippet marks the name as each note writes it.
    for (const auto& h : search("gpt4").hits) {
        INFO(h.note.id);
        CHECK_FALSE(snippet_marks(h).empty());
    }
}

TEST_CASE_METHOD(Spellings, "a word typed in kana finds the kanji word it reads as, below the word itself",
                 "[search][readings]") {
    CHECK(found("りょうしか") == std::set<std::int64_t>{27});
    CHECK(found("リョウシカ") == std::set<std::int64_t>{27});
    CHECK(found("すいせん") == std::set<std::int64_t>{29});
    auto r = search("りょうしか");
    REQUIRE(r.hits.size() == 1);
    CHECK(snippet_marks(r.hits[0]) == std::vector<std::string>{"量子化"});
    // A reading is a lower-weighted match than the word.
    CHECK(search("量子化").hits.front().score > r.hits[0].score);
    CHECK(found("すいせんの").size() <= 1);  // a trailing particle changes nothing found elsewhere
}

TEST_CASE_METHOD(Spellings, "a misspelt katakana word gets a did-you-mean, English still does", "[search][spelling]") {
    CHECK(search("ハルシネーシヨン").suggestion == "ハルシネーション");
    CHECK(search("ハルシネーション").suggestion.empty());
    CHECK(search("halucination").suggestion == "hallucination");
}

TEST_CASE_METHOD(Spellings, "two words in one sentence rank above the same words far apart", "[search][near]") {
    auto r = notes::test::ids(search("model reward"));
    REQUIRE(r.size() == 2);
    CHECK(r.front() == 30);
}

TEST_CASE_METHOD(Spellings, "a page marks the synonym a note matched through, both ways", "[search][highlight]") {
    auto marked = [&](const std::string& q, std::int64_t id) {
        for (const auto& h : search(q).hits)
            if (h.note.id == id) return h.marked;
        return std::vector<std::string>{};
    };
    auto m = marked("量子化", 28);
    CHECK(std::find(m.begin(), m.end(), "quantized") != m.end());
    m = marked("quantization", 27);
    CHECK(std::find(m.begin(), m.end(), "量子化") != m.end());
    m = marked("りょうしか", 27);
    CHECK(std::find(m.begin(), m.end(), "量子化") != m.end());
}

TEST_CASE_METHOD(Fixture, "a trailing wildcard finds the words that start with it", "[search][wildcard]") {
    // quantized (1), quantum (3), and the tag word quantization (1, 2)
    CHECK(std::set<std::int64_t>{1, 2, 3} == as_set(ids("quant*")));
    CHECK(std::set<std::int64_t>{1, 3} == as_set(ids("title:quant*")));
    CHECK(ids("quant* -title:quantum*") == ids("quant* -quantum"));
    CHECK(ids("quanti*") == ids("quantized OR quantization"));
    CHECK(ids("zzzz*").empty());
    // Japanese: the words as MeCab cut the notes (量子 of 量子化 and of 量子力学)
    CHECK(std::set<std::int64_t>{1, 2, 3} == as_set(ids("量子*")));
    // the words it stood for are marked in the snippets, and listed for --explain
    notes::SearchRequest r;
    r.query = "title:quant*";
    r.explain = true;
    auto found = searcher->search(r);
    REQUIRE(found.explanation);
    REQUIRE(found.explanation->wildcards.size() == 1);
    const auto& w = found.explanation->wildcards[0];
    CHECK(w.field == "title");
    CHECK(std::set<std::string>(w.words.begin(), w.words.end()) == std::set<std::string>{"quantized", "quantum"});
    CHECK(w.matched == 2);
    for (const auto& hit : found.hits) CHECK_FALSE(hit.snippet.marks.empty());
}

TEST_CASE_METHOD(Fixture, "no hit and a common correction: the correction is run, and said so", "[search][spelling]") {
    // lora is in notes 1, 4 and 9 (their text or their tag): common enough to be run
    auto r = search("lorra");
    CHECK(r.corrected);
    CHECK(r.query == "lorra");
    CHECK(r.suggestion == "lora");
    CHECK(notes::test::ids(r) == ids("lora"));
    // with hits, the suggestion stays a suggestion
    auto hit = search("lora");
    CHECK_FALSE(hit.corrected);
    // a correction in one note only (compression) is suggested, not run
    auto rare = search("compresion");
    CHECK(rare.suggestion == "compression");
    CHECK_FALSE(rare.corrected);
    CHECK(rare.total == 0);
    // partial matches and a correction that finds no note with every word either: kept as they were
    auto partial = search("survey lorra");
    CHECK(partial.partial);
    CHECK_FALSE(partial.corrected);
    CHECK(partial.suggestion == "survey lora");
}

TEST_CASE_METHOD(Fixture, "an unknown tag is named with the closest tags", "[search][tags]") {
    notes::SearchRequest r;
    r.filter_tags = {"quantisation"};
    CHECK_THROWS_WITH(searcher->search(r),
                      "cannot filter by tag quantisation: no note has that tag; closest: Quantization");
    CHECK_THROWS_AS(searcher->search(r), notes::UnknownTagError);
    r.filter_tags = {"lora"};
    CHECK_THROWS_WITH(searcher->search(r), "cannot filter by tag lora: no note has that tag; closest: Adapter/LoRA");
    r.filter_tags = {"nothing-like-it"};
    CHECK_THROWS_WITH(searcher->search(r),
                      "cannot filter by tag nothing-like-it: no note has that tag; notes-search --tags lists them");
    r.filter_tags = {"adapter_lora"};  // any spelling of a tag that is there
    CHECK(notes::test::ids(searcher->search(r)) == ids("tag:Adapter/LoRA"));
    // in the query, the search runs and the result names it; an excluded one says nothing
    auto q = search("LoRA tag:quantisation");
    CHECK(q.total == 0);
    REQUIRE(q.unknown_tags.size() == 1);
    CHECK(q.unknown_tags[0].name == "quantisation");
    CHECK(q.unknown_tags[0].closest == std::vector<std::string>{"Quantization"});
    CHECK(search("LoRA -tag:quantisation").unknown_tags.empty());
    CHECK(search("tag:nlp").unknown_tags.empty());
}

TEST_CASE("closest tags: a path part, edit distance, prefix and substring; ties to the commoner", "[search][tags]") {
    std::vector<notes::FacetCount> tags = {
        {"NLP", 400},   {"Quantization", 3}, {"Adapter/LoRA", 9},         {"Efficiency/SpeedUp", 30},
        {"Speech", 5},  {"LLM", 40},         {"In-Context Learning", 12}, {"Transformer", 20},
        {"Tutorial", 8}};
    using S = std::vector<std::string>;
    CHECK(notes::closest_tags("quantisation", tags) == S{"Quantization"});
    CHECK(notes::closest_tags("ＱＵＡＮＴ", tags) == S{"Quantization"});  // NFKC and case, as tag keys
    CHECK(notes::closest_tags("lora", tags) == S{"Adapter/LoRA"});
    CHECK(notes::closest_tags("speed", tags) == S{"Efficiency/SpeedUp", "Speech"});
    CHECK(notes::closest_tags("in_context learning", tags) == S{"In-Context Learning"});
    CHECK(notes::closest_tags("transformers", tags) == S{"Transformer"});
    CHECK(notes::closest_tags("nlq", tags) == S{"NLP"});  // one edit for a short name...
    CHECK(notes::closest_tags("xyz", tags).empty());      // ...never three
    CHECK(notes::closest_tags("", tags).empty());
    CHECK(notes::closest_tags("t", tags, 2).size() <= 2);
}

namespace {

// Notes 1..200: "alpha" in every second, "beta" in every third, so "alpha beta" matches the 33
// notes whose number divides by 6 and Xapian cannot know that from the two words' counts.
std::vector<notes::Note> counted_notes() {
    std::vector<notes::Note> out;
    for (int i = 1; i <= 200; ++i) {
        std::string title = std::string(i % 2 == 0 ? "alpha " : "") + (i % 3 == 0 ? "beta " : "") + "note";
        out.push_back(note(
            i, title, "summary " + std::to_string(i), {i % 4 == 0 ? "Four" : "Other"},
            (i % 2 == 0 ? "2021-01-" : "2022-01-") + std::string(i % 28 < 9 ? "0" : "") + std::to_string(i % 28 + 1)));
    }
    return out;
}

std::map<std::string, std::int64_t> by_name(const std::vector<notes::FacetCount>& facets) {
    std::map<std::string, std::int64_t> out;
    for (const auto& f : facets) out[f.name] = f.count;
    return out;
}

}  // namespace

TEST_CASE("past the counted matches the total is an estimate and the facets are scaled; --exact counts all",
          "[search][estimate]") {
    TempIndex index(counted_notes(), {.synonyms_file = "none"});
    notes::SearchRequest r;
    r.query = "alpha beta";
    r.limit = 3;
    r.exact = true;
    const notes::SearchResult all = index.searcher->search(r);
    CHECK(all.total == 33);
    CHECK(all.exact);
    CHECK(all.facets_exact);
    CHECK(by_name(all.tag_facets) == std::map<std::string, std::int64_t>{{"Four", 16}, {"Other", 17}});

    r.exact = false;  // the default bound is far above 33 matches: the same answer
    const notes::SearchResult bounded = index.searcher->search(r);
    CHECK(bounded.exact);
    CHECK(bounded.facets_exact);
    CHECK(bounded.total == all.total);
    CHECK(by_name(bounded.tag_facets) == by_name(all.tag_facets));
    CHECK(by_name(bounded.year_facets) == by_name(all.year_facets));
    CHECK(ids(bounded) == ids(all));

    r.exact_matches = 2;  // counted one by one: the page (3) and 2 more
    const notes::SearchResult estimated = index.searcher->search(r);
    CHECK_FALSE(estimated.exact);
    CHECK_FALSE(estimated.facets_exact);
    CHECK(estimated.total > 0);
    CHECK(estimated.total <= 100);      // at most the notes with either word
    CHECK(ids(estimated) == ids(all));  // the page itself is exact
    std::int64_t years = 0;
    for (const auto& y : estimated.year_facets) years += y.count;
    CHECK(std::llabs(years - static_cast<std::int64_t>(estimated.total)) <= 2);  // scaled to the total, rounded
}

TEST_CASE("estimated facets come from the first matches in id order, not from the notes that weigh most",
          "[search][estimate]") {
    // "alpha" in all 400 notes; every tenth is tagged Hot and says alpha three times, so weighs
    // more. Past the counted matches Xapian shows only notes that may reach the page, the Hot
    // ones: scaling every note shown would count Hot in most notes.
    std::vector<notes::Note> notes;
    for (int i = 1; i <= 400; ++i)
        notes.push_back(note(i, i % 10 == 0 ? "alpha alpha alpha" : "alpha note", "summary",
                             {i % 10 == 0 ? "Hot" : "Cold"}, "2022-01-01"));
    TempIndex index(notes, {.synonyms_file = "none"});
    notes::SearchRequest r;
    r.query = "alpha";
    r.limit = 3;
    r.exact_matches = 37;  // the first 40 notes by id: 4 Hot, 36 Cold
    const notes::SearchResult estimated = index.searcher->search(r);
    REQUIRE_FALSE(estimated.facets_exact);
    auto facets = by_name(estimated.tag_facets);
    CHECK(facets["Hot"] == std::llround(4.0 * static_cast<double>(estimated.total) / 40.0));
    CHECK(facets["Cold"] == std::llround(36.0 * static_cast<double>(estimated.total) / 40.0));
}
