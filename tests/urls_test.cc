// urls_test.cc — where a URL in text ends (the site glues text onto it), which of its words are
// indexed, and that notes-search finds the glued word and not the URL's junk.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "analyzer.h"
#include "support.h"
#include "urls.h"

using namespace notes::test;

namespace {

// "url" then "[word word ...]" for each URL found.
std::string describe(std::string_view text) {
    std::string out;
    for (const auto& url : notes::find_urls(text)) {
        if (!out.empty()) out += "; ";
        out += std::string(text.substr(url.begin, url.end - url.begin)) + " [";
        for (std::size_t i = 0; i < url.words.size(); ++i)
            out += (i ? " " : "") + std::string(text.substr(url.words[i].begin, url.words[i].end - url.words[i].begin));
        out += "]";
    }
    return out;
}

std::string terms(std::string_view text) {
    std::string out;
    for (const auto& t : analyzer().analyze(text).tokens) out += (out.empty() ? "" : " ") + t.term;
    return out;
}

}  // namespace

TEST_CASE("a URL ends where its grammar ends, glued text or not", "[urls]") {
    struct Row {
        const char* text;
        const char* urls;
    } rows[] = {
        {"see https://example.com/lora/qlora_v2 now", "https://example.com/lora/qlora_v2 [example lora qlora v2]"},
        {"(https://example.com/xy), https://example.org/yz.",
         "https://example.com/xy [example xy]; https://example.org/yz [example yz]"},
        {"[text](https://www.kaggle.com/c/criteo/data)DeepFM等",
         "https://www.kaggle.com/c/criteo/data [kaggle criteo data]"},
        {"https://en.wikipedia.org/wiki/Foo_(bar) here",
         "https://en.wikipedia.org/wiki/Foo_(bar) [wikipedia wiki Foo bar]"},
        // the site glued the next line's text on
        {"http://a.hatenablog.com/entry/2016/09/11/024828DeepFMに関する",
         "http://a.hatenablog.com/entry/2016/09/11/024828 [hatenablog 2016 09 11 024828]"},
        {"https://x.com/someone/status/1711274596966834282?s=46&t=Y6UuIHB0Lv0IpmFAjlc2-QGPT4が",
         "https://x.com/someone/status/1711274596966834282?s=46&t=Y6UuIHB0Lv0IpmFAjlc2-Q [someone]"},
        {"https://twitter.com/someone/status/1654629078878793729ChatGPTの",
         "https://twitter.com/someone/status/1654629078878793729 [twitter someone]"},
        {"https://github.com/owner/repo/issues/141Transformer",
         "https://github.com/owner/repo/issues/141 [github owner repo 141]"},
        {"https://note.com/someone/n/nbb974324d6e1trlを", "https://note.com/someone/n/nbb974324d6e1 [note someone]"},
        {"http://www.example.ac.jp/~a/slides/09.pdfEmbeddingの",
         "http://www.example.ac.jp/~a/slides/09.pdf [example slides 09]"},
        {"https://github.com/owner/qloraPEFTに", "https://github.com/owner/qlora [github owner qlora]"},
        {"https://qiita.com/someone/items/72998858efc19a368e50Transformer関連",
         "https://qiita.com/someone/items/72998858efc19a368e50 [qiita someone]"},
        // a camel-case name, a segment in capitals, or no glued text: the URL is whole
        {"https://github.com/microsoft/DeepSpeedで",
         "https://github.com/microsoft/DeepSpeed [github microsoft DeepSpeed]"},
        {"https://huggingface.co/spaces/Someone/SEINE画像",
         "https://huggingface.co/spaces/Someone/SEINE [huggingface spaces Someone SEINE]"},
        {"https://example.com/v2Beta and more", "https://example.com/v2Beta [example v2Beta]"},
        {"http:// and https:/x and xhttp", ""},
    };
    for (const auto& r : rows) {
        INFO(r.text);
        CHECK(describe(r.text) == r.urls);
    }
}

TEST_CASE("the analyzer indexes a URL's words and the glued text as words", "[urls][analyzer]") {
    CHECK(terms("http://a.hatenablog.com/entry/2016/09/11/024828DeepFMに関する") ==
          "hatenablog 2016 09 11 024828 deepfm に関する");
    CHECK(terms("https://x.com/someone/status/1711274596966834282?s=46&t=Y6UuIHB0Lv0IpmFAjlc2-QGPT4が") ==
          "someone gpt 4 が");  // a model name: its parts at their positions (analyzer.h)
    CHECK(terms("seehttps://example.com/qlora") == "see example qlora");
    CHECK(terms("ＵＲＬ: https://Example.com/LoRA です") == "url example lora です");
    auto tokens = analyzer().analyze("前 https://example.com/ab-cd 後").tokens;
    REQUIRE(tokens.size() == 5);
    CHECK(tokens[2].term == "ab");
    CHECK(tokens[3].joins_previous);  // ab-cd is one written word, as outside a URL
    CHECK(std::string("前 https://example.com/ab-cd 後").substr(tokens[3].begin, tokens[3].end - tokens[3].begin) ==
          "cd");
}

TEST_CASE("notes-search finds the word glued after a URL, and not the URL's junk", "[urls][e2e]") {
    TempDir dir;
    std::string db = dir.str("db");
    REQUIRE(run(NOTES_INDEX_EXE, {"--db", db, "--quiet", std::string(NOTES_TEST_FIXTURES) + "/urls"}).status == 0);
    auto ids = [&](const std::string& query) {
        Run r = run(NOTES_SEARCH_EXE, {"--db", db, "--json", query});
        REQUIRE(r.status <= 1);
        nlohmann::json j = r.json();  // held: the loop ranges over a part of it
        std::vector<std::int64_t> found;
        for (const auto& hit : j.at("results")) found.push_back(hit.at("id").get<std::int64_t>());
        return found;
    };
    CHECK(ids("FactorMix") == std::vector<std::int64_t>{3101});
    CHECK(ids("RankNet") == std::vector<std::int64_t>{3102});
    CHECK(ids("ChainKit") == std::vector<std::int64_t>{3103});
    CHECK(ids("hatenablog") == std::vector<std::int64_t>{3101});  // a URL's host is still a word
    CHECK(ids("status") == std::vector<std::int64_t>{3104});      // not every tweet's /status/
    CHECK(ids("46").empty());                                     // nor its ?s=46
    CHECK(ids("5BO_qSlNBSEGSugyUlP5Hw").empty());
}
