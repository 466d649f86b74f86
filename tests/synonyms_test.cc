// synonyms_test.cc — the synonyms file format, its errors, the keys words meet under, tag names.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <sstream>

#include "support.h"
#include "synonyms.h"

namespace fs = std::filesystem;

using namespace notes::test;

namespace {

notes::Synonyms parse(const std::string& text) { return notes::Synonyms::parse(text, "test.syn", analyzer()); }

std::string key(const std::string& text) {
    auto a = analyzer().analyze(text);
    std::vector<const notes::Token*> tokens;
    for (const auto& t : a.tokens) tokens.push_back(&t);
    return notes::match_key(tokens);
}

std::vector<std::string> written(const notes::SynonymGroup& g) {
    std::vector<std::string> out;
    for (const auto& t : g.terms) out.push_back(t.written);
    return out;
}

std::vector<std::string> tags(const notes::TagLexicon& lexicon, const std::string& text) {
    auto a = analyzer().analyze(text);
    std::vector<const notes::Token*> tokens;
    for (const auto& t : a.tokens) tokens.push_back(&t);
    return lexicon.find(tokens);
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("words meet under one key whatever their width, case, inflection or split", "[synonyms]") {
    CHECK(key("LLM") == "llm");
    CHECK(key("ＬＬＭ") == "llm");
    CHECK(key("quantized") == key("quantization"));   // one stem: quantiz
    CHECK(key("Fine-Tuning") == key("fine tuning"));  // joined or not, the same words
    CHECK(key("fine-tuning") == "fine tune");
    CHECK(key("言語モデル") == "言語モデル");  // MeCab's split (言語|モデル) does not show
    CHECK(key("事前 学習") == key("事前学習"));
    CHECK(key("コンピューター") == key("コンピュータ"));  // the final long vowel
    CHECK(key("ｶﾀｶﾅ") == key("カタカナ"));
    CHECK(key("LLMエージェント") == "llmエージェント");
    CHECK(key("quantum") != key("quantization"));
}

TEST_CASE("the file format: groups, quotes, comments, blank lines", "[synonyms]") {
    auto s = parse(
        "\xEF\xBB\xBF# a comment\n"
        "\n"
        "量子化 quantization quantize quantized\r\n"
        "   # an indented comment\n"
        "大規模言語モデル　LLM \"large language model\"\t\"large language models\"\n"
        "思考の連鎖 CoT");
    REQUIRE(s.groups().size() == 3);
    // quantize and quantized have quantization's stem: one term, the first written
    CHECK(written(s.groups()[0]) == Strings{"量子化", "quantization"});
    CHECK(s.groups()[0].line == 3);
    CHECK(written(s.groups()[1]) ==
          Strings{"大規模言語モデル", "LLM", "large language model", "large language models"});
    CHECK(s.groups()[1].line == 5);
    CHECK(written(s.groups()[2]) == Strings{"思考の連鎖", "CoT"});
    // "large language models": a phrase is searched by its exact words, so a plural is a term of
    // its own; one word is searched by stem, so quantized adds nothing to quantization
    CHECK(s.longest_term() == 3);  // "large language model"; 思考の連鎖 spans 思考|の|連鎖, three too
    CHECK(s.find(key("ＬＬＭ")) == std::vector<std::size_t>{1});
    CHECK(s.find(key("Large Language Models")) == std::vector<std::size_t>{1});
    CHECK(s.find(key("quantizing")) == std::vector<std::size_t>{0});
    CHECK(s.find(key("quantum")).empty());
    CHECK(s.describe() == "test.syn (3 groups)");
}

TEST_CASE("a term in two groups finds both", "[synonyms]") {
    auto s = parse("推論 reasoning\n推論 inference\n");
    CHECK(s.find(key("推論")) == std::vector<std::size_t>{0, 1});
}

TEST_CASE("a line that cannot be read is named by file and line", "[synonyms]") {
    struct Case {
        std::string text;
        std::string message;
    } cases[] = {
        {"a b\n\"large language model LLM\n", "cannot read synonyms test.syn:2: unbalanced quote (\")"},
        {"# only one term below\n量子化\n",
         "cannot read synonyms test.syn:2: a group needs at least two different terms"},
        {"quantize quantized\n", "cannot read synonyms test.syn:1: a group needs at least two different terms"},
        {"LLM ---\n", "cannot read synonyms test.syn:1: \"---\" has no word to search for"},
        {"LLM \"\"\n", "cannot read synonyms test.syn:1: an empty quoted term"},
        {"LLM large\"language\n", "cannot read synonyms test.syn:1: a quote (\") inside a term"},
        {"LLM \"large\"model\n", "cannot read synonyms test.syn:1: a quoted term must be followed by a space"},
        {"ok fine\nLLM \xff\n", "cannot read synonyms test.syn:2: invalid UTF-8 at byte 5 of the line"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK_THROWS_WITH(parse(c.text), Catch::StartsWith(c.message));
        CHECK_THROWS_AS(parse(c.text), notes::SynonymsError);
    }
}

TEST_CASE("a missing file is no synonyms, and says so; a file is read from its path", "[synonyms]") {
    auto none = notes::Synonyms::load("/nonexistent/synonyms", analyzer());
    CHECK(none.groups().empty());
    CHECK(none.describe() == "none: no file at /nonexistent/synonyms");
    TempDir dir;
    std::string file = dir.write("synonyms", "要約 summarization\n推薦 recommendation\n").string();
    auto s = notes::Synonyms::load(file, analyzer());
    CHECK(s.groups().size() == 2);
    CHECK(s.describe() == file + " (2 groups)");
    std::string bad = dir.write("bad", "要約 summarization\n推薦\n").string();
    CHECK_THROWS_WITH(notes::Synonyms::load(bad, analyzer()),
                      Catch::StartsWith("cannot read synonyms " + bad + ":2: "));
}

TEST_CASE("two files' groups follow each other; a term in both finds a group of each", "[synonyms]") {
    TempDir dir;
    const char* saved = std::getenv("NOTES_SEARCH_CACHE");
    std::string keep = saved ? saved : "";
    ::setenv("NOTES_SEARCH_CACHE", dir.str("cache").c_str(), 1);
    std::string a = dir.write("a", "要約 summarization\n推薦 recommendation\n").string();
    std::string b = dir.write("b", "# mine\nrecommender 推薦\nzqxv qwzx\n").string();
    for (int pass = 0; pass < 2; ++pass) {  // read, then from the cache
        INFO(pass);
        auto s = notes::Synonyms::load_all({a, b}, analyzer());
        REQUIRE(s.size() == 4);
        CHECK(s.describe() == a + " (2 groups) + " + b + " (2 groups)");
        CHECK(s.find(key("推薦")) == std::vector<std::size_t>{1, 2});
        CHECK(s.find(key("summarization")) == std::vector<std::size_t>{0});
        CHECK(s.find(key("zqxv")) == std::vector<std::size_t>{3});
        CHECK(s.group(3).line == 3);
        CHECK(written(s.group(2)) == std::vector<std::string>{"recommender", "推薦"});
        auto keys = s.keys();
        CHECK(std::is_sorted(keys.begin(), keys.end()));
        CHECK(std::adjacent_find(keys.begin(), keys.end()) == keys.end());  // 推薦 once
    }
    if (saved)
        ::setenv("NOTES_SEARCH_CACHE", keep.c_str(), 1);
    else
        ::unsetenv("NOTES_SEARCH_CACHE");
}

TEST_CASE("a file that never ends, a huge one, a folder or a binary one is refused", "[synonyms]") {
    CHECK_THROWS_WITH(notes::Synonyms::load("/dev/zero", analyzer()),
                      Catch::StartsWith("cannot read synonyms /dev/zero: larger than 1 MiB"));
    TempDir dir;
    const std::string group = "要約 summarization\n";
    std::string exactly = group + std::string((1 << 20) - group.size() - 1, '#') + "\n";  // 1 MiB: read
    std::string just = dir.write("just", exactly).string();
    CHECK(notes::Synonyms::load(just, analyzer()).size() == 1);
    std::string big = dir.write("big", exactly + "\n").string();
    CHECK_THROWS_WITH(notes::Synonyms::load(big, analyzer()),
                      Catch::StartsWith("cannot read synonyms " + big + ": larger than 1 MiB"));
    CHECK_THROWS_WITH(notes::Synonyms::load(dir.str(), analyzer()),
                      "cannot read synonyms " + dir.str() + ": it is a folder; name a synonyms file");
    std::string binary = dir.write("binary", std::string("LLM llm-x\n\0\0\x01", 13)).string();
    CHECK_THROWS_WITH(notes::Synonyms::load(binary, analyzer()),
                      "cannot read synonyms " + binary + ":2: a NUL byte; is it a text file?");
}

TEST_CASE("the file is the one asked for, else $NOTES_SEARCH_SYNONYMS, else the default", "[synonyms]") {
    const char* saved = std::getenv("NOTES_SEARCH_SYNONYMS");
    std::string keep = saved ? saved : "";
    ::setenv("NOTES_SEARCH_SYNONYMS", "/from/env", 1);
    CHECK(notes::Synonyms::default_path("/asked/for") == "/asked/for");
    CHECK(notes::Synonyms::default_path() == "/from/env");
    ::unsetenv("NOTES_SEARCH_SYNONYMS");
    std::string fallback = notes::Synonyms::default_path();
    CHECK(fallback.ends_with("/synonyms"));
    if (saved) ::setenv("NOTES_SEARCH_SYNONYMS", keep.c_str(), 1);
}

TEST_CASE("tag names are matched by their letters, and with the last word stemmed", "[synonyms]") {
    notes::TagLexicon lexicon({"knowledgetracing", "quantization", "recommendersystems", "efficiency/speedup",
                               "a/btesting", "in-contextlearning", "nlp"},
                              analyzer());
    CHECK(lexicon.size() == 7);
    CHECK(tags(lexicon, "knowledge tracing") == Strings{"knowledgetracing"});
    CHECK(tags(lexicon, "KnowledgeTracing") == Strings{"knowledgetracing"});
    CHECK(tags(lexicon, "quantized") == Strings{"quantization"});
    CHECK(tags(lexicon, "recommender system") == Strings{"recommendersystems"});
    CHECK(tags(lexicon, "Efficiency/SpeedUp") == Strings{"efficiency/speedup"});
    CHECK(tags(lexicon, "A/B testing") == Strings{"a/btesting"});
    CHECK(tags(lexicon, "in-context learning") == Strings{"in-contextlearning"});
    CHECK(tags(lexicon, "ＮＬＰ") == Strings{"nlp"});
    CHECK(tags(lexicon, "knowledge").empty());
    CHECK(tags(lexicon, "tracing").empty());
    CHECK(tags(lexicon, "quantum").empty());
}

TEST_CASE("the shipped dict/synonyms reads, and covers the topics of the notes in both languages", "[synonyms]") {
    auto s = notes::Synonyms::load(NOTES_SOURCE_SYNONYMS, analyzer());
    std::size_t bilingual = 0;
    std::set<std::string> seen;
    for (const auto& g : s.groups()) {
        bool japanese = false, latin = false;
        for (const auto& t : g.terms) {
            for (const auto& tok : t.tokens) (tok.kind == notes::TokenKind::Japanese ? japanese : latin) = true;
        }
        if (japanese && latin) ++bilingual;
        std::string all;
        for (const auto& t : g.terms) all += t.key + "|";
        INFO("line " << g.line);
        CHECK(seen.insert(all).second);  // no group twice
    }
    CHECK(s.groups().size() >= 150);
    CHECK(bilingual >= 150);
    auto together = [&](const std::string& a, const std::string& b) {
        for (std::size_t g : s.find(key(a)))
            for (const auto& t : s.groups()[g].terms)
                if (t.key == key(b)) return true;
        return false;
    };
    // The issue's own examples.
    CHECK(together("量子化", "quantization"));
    CHECK(together("quantize", "量子化"));
    CHECK(together("微調整", "fine-tuning"));
    CHECK(together("ファインチューニング", "finetuning"));
    CHECK(together("大規模言語モデル", "LLM"));
    CHECK(together("要約", "summarization"));
    CHECK(together("推薦", "recommendation"));
    CHECK(together("レコメンド", "推薦"));
}

TEST_CASE("a loaded file is cached by content; a cached load gives the same synonyms", "[synonyms]") {
    TempDir dir;
    const char* saved = std::getenv("NOTES_SEARCH_CACHE");
    std::string keep = saved ? saved : "";
    ::setenv("NOTES_SEARCH_CACHE", dir.str("cache").c_str(), 1);
    std::string file =
        dir.write("synonyms", "# groups\n量子化 quantization quantize\n大規模言語モデル LLM \"large language model\"\n")
            .string();
    auto cache_files = [&] {
        std::vector<std::string> names;
        if (fs::exists(dir.path / "cache"))
            for (const auto& e : fs::directory_iterator(dir.path / "cache"))
                names.push_back(e.path().filename().string());
        return names;
    };
    auto fresh = notes::Synonyms::load(file, analyzer());
    REQUIRE(cache_files().size() == 1);
    auto cached = notes::Synonyms::load(file, analyzer());
    CHECK(cached.describe() == fresh.describe());
    CHECK(cached.longest_term() == fresh.longest_term());
    REQUIRE(cached.size() == 2);
    for (const char* word : {"quantized", "量子化", "llm", "大規模言語モデル"}) {
        INFO(word);
        CHECK(cached.find(key(word)) == fresh.find(key(word)));
        CHECK_FALSE(cached.find(key(word)).empty());
    }
    CHECK(cached.find(key("要約")).empty());
    // Analysed when asked for: the same terms, tokens and line as a fresh read.
    for (std::size_t g = 0; g < 2; ++g) {
        CHECK(written(cached.group(g)) == written(fresh.group(g)));
        CHECK(cached.group(g).line == fresh.group(g).line);
        REQUIRE(cached.group(g).terms.size() == fresh.group(g).terms.size());
        for (std::size_t t = 0; t < fresh.group(g).terms.size(); ++t) {
            CHECK(cached.group(g).terms[t].form == fresh.group(g).terms[t].form);
            CHECK(cached.group(g).terms[t].tokens.size() == fresh.group(g).terms[t].tokens.size());
        }
    }
    CHECK(cached.keys() == fresh.keys());
    // The cache holds the keys sorted, with their groups; one whose keys were put out of order by
    // hand is sorted again, and one naming a group it does not have is read past.
    const fs::path cache_file = dir.path / "cache" / cache_files().front();
    const std::string bytes = read_file(cache_file);
    std::vector<std::string> lines, key_lines;
    std::istringstream in(bytes);
    for (std::string line; std::getline(in, line);) (line.starts_with("K\t") ? key_lines : lines).push_back(line);
    REQUIRE(key_lines.size() == fresh.keys().size());
    auto rewrite = [&](const std::vector<std::string>& keys) {
        std::string text;
        for (const auto& l : lines) text += l + "\n";
        for (const auto& l : keys) text += l + "\n";
        write_file(cache_file, text);
    };
    rewrite(std::vector<std::string>(key_lines.rbegin(), key_lines.rend()));
    auto shuffled = notes::Synonyms::load(file, analyzer());
    CHECK(shuffled.keys() == fresh.keys());
    for (const char* word : {"quantized", "量子化", "llm", "大規模言語モデル"}) {
        INFO(word);
        CHECK(shuffled.find(key(word)) == fresh.find(key(word)));
    }
    rewrite({"K\t7\tquantiz"});
    CHECK(notes::Synonyms::load(file, analyzer()).find(key("quantized")) == fresh.find(key("quantized")));
    // An edited file is read again, under another name; a damaged cache is read past and rewritten.
    dir.write("synonyms", "要約 summarization\n");
    auto edited = notes::Synonyms::load(file, analyzer());
    CHECK(edited.size() == 1);
    CHECK(cache_files().size() == 2);
    for (const auto& name : cache_files())
        write_file(dir.path / "cache" / name, "notes-search synonyms keys 1\nbroken");
    CHECK(notes::Synonyms::load(file, analyzer()).find(key("summarization")) == std::vector<std::size_t>{0});
    CHECK(notes::Synonyms::load(file, analyzer()).size() == 1);
    // Set but empty: no cache at all.
    ::setenv("NOTES_SEARCH_CACHE", "", 1);
    fs::remove_all(dir.path / "cache");
    CHECK(notes::Synonyms::load(file, analyzer()).size() == 1);
    CHECK_FALSE(fs::exists(dir.path / "cache"));
    if (saved)
        ::setenv("NOTES_SEARCH_CACHE", keep.c_str(), 1);
    else
        ::unsetenv("NOTES_SEARCH_CACHE");
}

TEST_CASE("the tag lexicon is cached by its tags; a cached load names the same tags", "[synonyms]") {
    TempDir dir;
    const char* saved = std::getenv("NOTES_SEARCH_CACHE");
    std::string keep = saved ? saved : "";
    ::setenv("NOTES_SEARCH_CACHE", dir.str("cache").c_str(), 1);
    auto cache_files = [&] {
        std::vector<fs::path> files;
        if (fs::exists(dir.path / "cache"))
            for (const auto& e : fs::directory_iterator(dir.path / "cache")) files.push_back(e.path());
        return files;
    };
    const Strings keys{"knowledgetracing",
                       "quantization",
                       "recommendersystems",
                       "efficiency/speedup",
                       "nlp",
                       "大規模言語モデル",
                       "量子化",
                       "a"};
    notes::TagLexicon fresh(keys, analyzer());
    auto first = notes::TagLexicon::load(keys, analyzer());
    REQUIRE(cache_files().size() == 1);
    auto cached = notes::TagLexicon::load(keys, analyzer());
    CHECK(cached.size() == fresh.size());
    for (const char* words : {"knowledge tracing", "quantized", "recommender system", "Efficiency/SpeedUp", "ＮＬＰ",
                              "大規模言語モデル", "量子化", "a", "quantum"}) {
        INFO(words);
        CHECK(tags(first, words) == tags(fresh, words));
        CHECK(tags(cached, words) == tags(fresh, words));
    }
    // Other tags, another name; a damaged cache is read past and rewritten.
    auto other = notes::TagLexicon::load({"nlp"}, analyzer());
    CHECK(tags(other, "quantized").empty());
    CHECK(cache_files().size() == 2);
    for (const auto& file : cache_files()) write_file(file, "notes-search tag lexicon 1\n8\nbroken");
    CHECK(tags(notes::TagLexicon::load(keys, analyzer()), "quantized") == Strings{"quantization"});
    if (saved)
        ::setenv("NOTES_SEARCH_CACHE", keep.c_str(), 1);
    else
        ::unsetenv("NOTES_SEARCH_CACHE");
}
