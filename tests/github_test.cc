// github_test.cc — GitHub issue exports as a source: both forms, pull requests, bad files, merging.
#include <catch2/catch.hpp>

#include <set>

#include "collection.h"
#include "github_export.h"
#include "sources.h"
#include "support.h"

using namespace notes::test;

namespace {

const std::string kGithub = std::string(NOTES_TEST_FIXTURES) + "/github/";

// The message read_issue_export throws for `text`, or "" when it reads it.
std::string export_error(const std::string& text) {
    try {
        notes::read_issue_export(text);
    } catch (const notes::ExportError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("a REST API page: issues become notes, pull requests are skipped", "[github]") {
    auto x = notes::read_issue_export(read_file(kGithub + "rest_page1.json"));
    CHECK(ids(x.notes) == std::vector<std::int64_t>{7001, 881, 7003});
    CHECK(x.pull_requests == 1);
    CHECK(x.warnings.empty());
    const auto& rag = x.notes.at(0);
    CHECK(rag.title == "Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks, Example+, NeurIPS20");
    CHECK(rag.url == "https://github.com/example/paper_notes/issues/7001");  // html_url, not the API's url
    CHECK(rag.date == "2023-09-03");
    CHECK(rag.tags == std::vector<std::string>{"NLP", "RAG(RetrievalAugmentedGeneration)", "QuestionAnswering"});
    CHECK(rag.summary.empty());
    CHECK(rag.comment ==
          "概要\n"
          "検索器と生成器をまとめて学習し、外部の文書を引きながら答えを生成する手法。\n"
          "\n"
          "- 検索には密ベクトルの近傍探索を使う\n"
          "- 生成は seq2seq モデル\n"
          "\n"
          "query -> retriever -> top-k docs -> generator\n"
          "\n"
          "詳細は論文を参照。");
    const auto& qlora = x.notes.at(1);
    REQUIRE(qlora.images.size() == 1);
    CHECK(qlora.images[0].src ==
          "https://github.com/example/paper_notes/assets/1000001/7b2e5f80-91c3-4d6a-b8e4-1f0a2c9d6e55");
    CHECK(qlora.images[0].alt == "image");
    CHECK(qlora.comment.find('\r') == std::string::npos);
    CHECK(qlora.comment.ends_with("- ページングされたオプティマイザで OOM を避ける"));
    const auto& closed = x.notes.at(2);  // a closed issue with a null body is a note all the same
    CHECK(closed.comment.empty());
    CHECK(closed.tags.empty());
    CHECK(closed.date == "2022-11-30");
}

TEST_CASE("gh issue list --json output", "[github]") {
    auto x = notes::read_issue_export(read_file(kGithub + "gh.json"));
    REQUIRE(ids(x.notes) == std::vector<std::int64_t>{7102, 7101});
    CHECK(x.pull_requests == 0);
    const auto& dpr = x.notes.at(1);
    CHECK(dpr.title == "Dense Passage Retrieval for Open-Domain Question Answering, Example+, EMNLP20");
    CHECK(dpr.url == "https://github.com/example/paper_notes/issues/7101");
    CHECK(dpr.date == "2021-06-13");
    CHECK(dpr.tags == std::vector<std::string>{"NLP", "InformationRetrieval", "QuestionAnswering"});
    CHECK(dpr.comment ==
          "BM25 より良い密ベクトル検索器。in-batch negatives で学習する。\n"
          "詳しくは https://example.com/dpr-notes にまとめた。");
    CHECK(x.notes.at(0).comment ==
          "Sentence-BERT\n"
          "文の埋め込みをシャムネットワークで学習し、類似文検索を大幅に高速化した。\n"
          "\n"
          "| 手法 | 時間 |\n"
          "| BERT | 65時間 |\n"
          "| SBERT | 5秒 |");
}

TEST_CASE("REST pages concatenated, with or without a line between", "[github]") {
    std::string p1 = read_file(kGithub + "rest_page1.json"), p2 = read_file(kGithub + "rest_page2.json");
    while (!p1.empty() && p1.back() == '\n') p1.pop_back();
    for (const char* between : {"", "\n", "\r\n  "}) {
        INFO("between: \"" << between << "\"");
        auto x = notes::read_issue_export(p1 + between + p2);
        CHECK(ids(x.notes) == std::vector<std::int64_t>{7001, 881, 7003, 7004, 7005});
        CHECK(x.pull_requests == 1);
    }
    auto page2 = notes::read_issue_export(p2);
    CHECK(by_id(page2.notes, 7005).date == "2024-01-31");  // 23:59:59Z is still the 31st
    CHECK(by_id(page2.notes, 7005).comment ==
          "複数の推論過程をサンプリングし、多数決で答えを決める。\n単純だが効果が大きい。");
    CHECK(by_id(page2.notes, 7004).images.at(0).alt == "図1");
}

TEST_CASE("a page of mostly pull requests", "[github]") {
    auto x = notes::read_issue_export(read_file(kGithub + "pull_requests.json"));
    CHECK(ids(x.notes) == std::vector<std::int64_t>{7202});
    CHECK(x.pull_requests == 2);
    auto only_prs = notes::read_issue_export(R"([{"number": 5, "title": "a PR", "pull_request": {}}])");
    CHECK(only_prs.notes.empty());
    CHECK(only_prs.warnings.empty());
    auto empty = notes::read_issue_export("[]");  // the page after the last one
    CHECK(empty.notes.empty());
    CHECK(empty.warnings == std::vector<std::string>{"an export with no issues"});
}

TEST_CASE("notes in the JSON Lines shape are read from a .json file too", "[github]") {
    auto x = notes::read_issue_export(read_file(std::string(NOTES_TEST_FIXTURES) + "/notes.jsonl"));
    CHECK(ids(x.notes) == std::vector<std::int64_t>{6001, 6002, 6003, 6004, 6005});
    CHECK(x.notes.at(0).summary.starts_with("4ビットに量子化して凍結した"));
}

TEST_CASE("the creation time's UTC date is the issue date", "[github]") {
    struct Case {
        const char* created;
        const char* date;  // "" with a warning
    } cases[] = {
        {"2023-07-22T03:12:45Z", "2023-07-22"},
        {"2023-07-22T23:59:59Z", "2023-07-22"},
        {"2023-07-23T08:30:00+09:00", "2023-07-22"},
        {"2023-07-23T09:30:00+09:00", "2023-07-23"},
        {"2023-12-31T23:30:00-01:00", "2024-01-01"},
        {"2024-03-01T00:10:00+0100", "2024-02-29"},
        {"2023-07-22T10:00:00.123456Z", "2023-07-22"},
        {"2023-07-22T10:00Z", "2023-07-22"},
        {"2023-07-22", "2023-07-22"},
        {"2023-02-29T00:00:00Z", ""},
        {"2023-07-22T25:00:00Z", ""},
        {"2023-07-22T10:00:00Zjunk", ""},
        {"22/07/2023", ""},
        {"", ""},  // no date, and nothing to warn about
    };
    for (const auto& c : cases) {
        INFO(c.created);
        std::string text = std::string(R"([{"number": 1, "title": "t", "created_at": ")") + c.created + "\"}]";
        auto x = notes::read_issue_export(text);
        REQUIRE(x.notes.size() == 1);
        CHECK(x.notes[0].date == c.date);
        CHECK(x.warnings.empty() == (std::string(c.date) != "" || std::string(c.created).empty()));
    }
    auto gh = notes::read_issue_export(R"([{"number": 2, "title": "t", "createdAt": "2023-01-01T00:00:00Z"}])");
    CHECK(gh.notes.at(0).date == "2023-01-01");
}

TEST_CASE("a bad export is refused whole, saying where", "[github]") {
    CHECK(export_error(read_file(kGithub + "truncated.json")) ==
          "truncated JSON: the text ends at line 130, column 32, inside the array opened at line 1, column 1");
    CHECK(
        export_error(read_file(kGithub + "wrong_shape.json")) ==
        "not an issue export: the entry at line 1, column 1 is a GitHub API error (\"Bad credentials\"), not an issue");
    struct Case {
        std::string text, message;
    } cases[] = {
        {"[1,]",
         "invalid JSON at line 1, column 4: syntax error while parsing value - unexpected ']'; expected '[', '{', or a "
         "literal"},
        {"[{\"number\": 1, \"title\": \"a\"},\n {\"number\": \"7\", \"title\": \"b\"}]",
         "not an issue export: the entry at line 2, column 2: field \"number\" is not an issue number"},
        {"[{\"number\": 1, \"title\": \"a\"},\n  [1, 2]]",
         "not an issue export: the entry at line 2, column 3 is not an object"},
        {"[{\"number\": 0, \"title\": \"a\"}]",
         "not an issue export: the entry at line 1, column 2: field \"number\" is not an issue number"},
        {"[{\"number\": 18446744073709551615, \"title\": \"a\"}]",
         "not an issue export: the entry at line 1, column 2: field \"number\" is not an issue number"},
        {"[{\"number\": 1}]", "not an issue export: the entry at line 1, column 2: no \"title\" field"},
        {"[{\"number\": 1, \"title\": \"a\", \"labels\": \"NLP\"}]",
         "not an issue export: the entry at line 1, column 2: field \"labels\" is not an array"},
        {"[{\"number\": 1, \"title\": \"a\", \"labels\": [{\"color\": \"fff\"}]}]",
         "not an issue export: the entry at line 1, column 2: field \"labels\" holds a label without a name"},
        {"[{\"number\": 1, \"title\": \"a\", \"body\": 5}]",
         "not an issue export: the entry at line 1, column 2: field \"body\" is not a string"},
        {"[{\"title\": \"a\"}]",
         "not an issue export: the entry at line 1, column 2 has neither \"number\" (an issue) nor \"id\" (a note)"},
        {"[{\"id\": \"x\", \"title\": \"a\"}]",
         "not an issue export: the entry at line 1, column 2: field \"id\" is not an issue number"},
        {"[{\"number\": 1, \"title\": \"a\"}] 7",
         "not an issue export: expected an array or an object at line 1, column 31"},
        {"\"a string\"", "not an issue export: expected an array or an object at line 1, column 1"},
        {" \n ", "not an issue export: no JSON value in it"},
        {"[{\"number\": 1, \"title\": \"\xff\"}]",
         "invalid JSON at line 1, column 26: syntax error while parsing value - invalid string: ill-formed UTF-8 byte"},
        {"{\"number\": 1, \"title\": \"a\"",
         "truncated JSON: the text ends at line 1, column 27, inside the object opened at line 1, column 1"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(export_error(c.text) == c.message);
    }
}

TEST_CASE("what is JSON and what is a page", "[github]") {
    CHECK(notes::looks_like_json("[{}]"));
    CHECK(notes::looks_like_json("\xEF\xBB\xBF \n {\"id\": 1}"));
    CHECK_FALSE(notes::looks_like_json("---\nlayout: post\n"));
    CHECK_FALSE(notes::looks_like_json("  \n"));
    CHECK_FALSE(notes::looks_like_json(""));
}

TEST_CASE("exports merge with the pages of the same issues", "[github][merge]") {
    notes::Collection c;
    notes::ReadReport report;
    for (const auto& f : notes::find_sources({NOTES_EXAMPLES, kGithub + "rest_page1.json"}))
        notes::read_source(f, c, report);
    CHECK(report.problems.empty());
    auto all = c.notes();
    CHECK(all.size() == 26 + 2);  // 881 is on the pages too
    const auto& n = by_id(all, 881);
    std::set<std::string> tags(n.tags.begin(), n.tags.end());
    CHECK(tags == std::set<std::string>{"Quantization", "Efficiency/SpeedUp", "MachineLearning", "NLP", "LanguageModel",
                                        "Adapter/LoRA", "Finetuning", "ReadingGroup"});
    CHECK(n.tags.size() == tags.size());                                                  // one entry per tag
    CHECK(n.summary.starts_with("事前学習済みの言語モデルを4ビットに量子化して凍結し"));  // only the page has one
    CHECK(n.comment.starts_with("量子化したベースモデル＋LoRAという組み合わせで"));
    CHECK(n.comment.ends_with("OOM を避ける"));  // the whole body beats the page's cut text
    CHECK(n.images.size() == 1);                 // the same image, once
    CHECK(n.date == "2023-07-22");
    CHECK(n.url == "https://github.com/example/paper_notes/issues/881");
}

TEST_CASE("sources: .json files in folders, JSON content under any name, bad exports skipped whole",
          "[github][sources]") {
    TempDir dir;
    dir.write("issues.json", read_file(kGithub + "gh.json"));
    dir.write("issues-from-gh", read_file(kGithub + "rest_page2.json"));  // no extension: told by its content
    dir.write("notes.txt", "not read: neither a page, JSON nor JSON Lines by name");
    auto found = notes::find_sources({dir.path.string()});
    REQUIRE(found.size() == 1);  // folders give *.json; other names only when named
    CHECK(found[0].filename() == "issues.json");
    notes::Collection c;
    notes::ReadReport report;
    CHECK(notes::read_source(found[0], c, report));
    CHECK(notes::read_source(dir.path / "issues-from-gh", c, report));
    CHECK(report.problems.empty());
    CHECK(c.ids() == std::vector<std::int64_t>{7004, 7005, 7101, 7102});

    notes::Collection bad;
    notes::ReadReport bad_report;
    CHECK_FALSE(notes::read_source(kGithub + "truncated.json", bad, bad_report));
    CHECK_FALSE(notes::read_source(kGithub + "wrong_shape.json", bad, bad_report));
    CHECK(bad.size() == 0);  // nothing of a bad export is used, not even its whole first issue
    REQUIRE(bad_report.problems.size() == 2);
    CHECK(bad_report.problems[0].where == kGithub + "truncated.json");
    CHECK_THAT(bad_report.problems[0].message, Catch::StartsWith("truncated JSON: the text ends at line 130"));
    CHECK_THAT(bad_report.problems[1].message, Catch::Contains("Bad credentials"));

    notes::Collection prs;
    notes::ReadReport pr_report;
    CHECK(notes::read_source(kGithub + "pull_requests.json", prs, pr_report));
    REQUIRE(pr_report.warnings.size() == 1);
    CHECK(pr_report.warnings[0].message == "2 pull request(s) skipped");
}
