// e2e_test.cc — the two commands run as a user runs them, on the example notes and broken inputs.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "support.h"

namespace fs = std::filesystem;
using namespace notes::test;

namespace {

Run index(const std::vector<std::string>& args) { return run(NOTES_INDEX_EXE, args); }
Run search(const std::vector<std::string>& args) { return run(NOTES_SEARCH_EXE, args); }

const std::string kFixtures = NOTES_TEST_FIXTURES;

}  // namespace

TEST_CASE("index the examples, then search them", "[e2e]") {
    TempDir db;
    Run built = index({"--db", db.str("db"), NOTES_EXAMPLES});
    REQUIRE(built.status == 0);
    CHECK(built.err.empty());
    CHECK_THAT(built.out, Catch::StartsWith("8 files read (0 unchanged), 26 added, 0 updated, 0 removed in "));
    CHECK_THAT(built.out, Catch::EndsWith("; 26 notes in " + db.str("db") + "\n"));

    SECTION("the JSON contract") {
        Run r = search({"--db", db.str("db"), "--json", "LoRA 量子化"});
        REQUIRE(r.status == 0);
        auto j = r.json();
        CHECK(j.at("query") == "LoRA 量子化");
        CHECK(j.at("total").is_number_integer());
        CHECK(j.at("partial") == false);
        REQUIRE(j.at("results").size() >= 1);
        const auto& first = j.at("results").at(0);
        CHECK(first.at("id") == 881);
        CHECK(first.at("title").get<std::string>().rfind("QLoRA: Efficient Finetuning of Quantized LLMs", 0) == 0);
        CHECK(first.at("url") == "https://github.com/example/paper_notes/issues/881");
        CHECK(first.at("date") == "2023-07-22");
        CHECK(first.at("tags").is_array());
        CHECK(first.at("score").is_number());
        CHECK_THAT(first.at("snippet").get<std::string>(), Catch::Contains("量子化"));
        REQUIRE(j.at("facets").at("tags").is_array());
        for (const auto& f : j.at("facets").at("tags")) {
            CHECK(f.at("name").is_string());
            CHECK(f.at("count").is_number_integer());
        }
    }

    SECTION("width and case variants find the same notes") {
        auto base = ids(search({"--db", db.str("db"), "--json", "LoRA"}).json());
        CHECK_FALSE(base.empty());
        CHECK(ids(search({"--db", db.str("db"), "--json", "ＬｏＲＡ"}).json()) == base);
        CHECK(ids(search({"--db", db.str("db"), "--json", "lora"}).json()) == base);
    }

    SECTION("part of a compound and an English inflection find the note") {
        for (const char* q : {"量子", "量子化", "quantize", "quantization"}) {
            INFO(q);
            auto found = ids(search({"--db", db.str("db"), "--json", q}).json());
            CHECK(std::find(found.begin(), found.end(), 881) != found.end());
        }
    }

    SECTION("limit and offset page through the same ranking") {
        auto all = ids(search({"--db", db.str("db"), "--json", "--limit", "10", "モデル"}).json());
        REQUIRE(all.size() >= 4);
        auto page = ids(search({"--db", db.str("db"), "--json", "--limit", "2", "--offset", "2", "モデル"}).json());
        CHECK(page == std::vector<std::int64_t>(all.begin() + 2, all.begin() + 4));
    }

    SECTION("no match is not an error") {
        Run r = search({"--db", db.str("db"), "--json", "zzyzx"});
        CHECK(r.status == 0);
        CHECK(r.json().at("total") == 0);
        Run text = search({"--db", db.str("db"), "zzyzx"});
        CHECK(text.status == 0);
        CHECK_THAT(text.out, Catch::Contains("No notes match \"zzyzx\""));
    }

    SECTION("a partial match is said so") {
        Run r = search({"--db", db.str("db"), "--json", "QLoRA zzyzx"});
        auto j = r.json();
        CHECK(j.at("partial") == true);
        CHECK(ids(j).at(0) == 881);
        Run text = search({"--db", db.str("db"), "QLoRA zzyzx"});
        CHECK_THAT(text.out, Catch::Contains("No note contains every word"));
    }

    SECTION("stats") {
        Run r = search({"--db", db.str("db"), "--stats", "--json"});
        REQUIRE(r.status == 0);
        auto j = r.json();
        CHECK(j.at("notes") == 26);
        CHECK(j.at("tags").get<int>() > 5);
        CHECK(j.at("db") == db.str("db"));
    }

    SECTION("text output without a terminal has no colour codes") {
        Run r = search({"--db", db.str("db"), "LoRA"});
        REQUIRE(r.status == 0);
        CHECK_THAT(r.out, Catch::Contains("#881"));
        CHECK_THAT(r.out, Catch::Contains("Tags: "));
        CHECK(r.out.find('\x1b') == std::string::npos);
    }

    SECTION("the index location comes from the environment") {
        Run r = run(NOTES_SEARCH_EXE, {"--stats", "--json"}, "NOTES_SEARCH_DB=" + quote(db.str("db")));
        REQUIRE(r.status == 0);
        CHECK(r.json().at("notes") == 26);
        TempDir xdg;
        fs::create_directories(xdg.path / "notes-search");
        // Recursive: the index is a stub and the generation folder it names.
        fs::copy(db.path / "db", xdg.path / "notes-search" / "db", fs::copy_options::recursive);
        Run x = run(NOTES_SEARCH_EXE, {"--stats", "--json"}, "NOTES_SEARCH_DB= XDG_DATA_HOME=" + quote(xdg.str()));
        REQUIRE(x.status == 0);
        CHECK(x.json().at("db") == xdg.str("notes-search/db"));
    }

    SECTION("re-indexing the same notes changes nothing") {
        Run again = index({"--db", db.str("db"), NOTES_EXAMPLES});
        CHECK(again.status == 0);
        CHECK_THAT(again.out, Catch::StartsWith("8 files read (8 unchanged), 0 added, 0 updated, 0 removed in "));
    }
}

TEST_CASE("usage and query errors exit 2 with one line", "[e2e]") {
    TempDir db;
    REQUIRE(index({"--db", db.str("db"), NOTES_EXAMPLES}).status == 0);
    struct Case {
        std::vector<std::string> args;
        const char* message;
    } cases[] = {
        {{""}, "notes-search: cannot parse query: it is empty\n"},
        {{"\"LoRA"}, "notes-search: cannot parse query: unbalanced quote"},
        {{"(LoRA"}, "notes-search: cannot parse query: unbalanced parenthesis"},
        {{"date:20x"}, "notes-search: cannot parse query: date:20x is not a date"},
        {{"--limit", "-3", "LoRA"}, "--limit"},
        {{"--sort", "sideways", "LoRA"}, "--sort"},
    };
    for (auto& c : cases) {
        auto args = c.args;
        args.insert(args.begin(), {"--db", db.str("db")});
        Run r = search(args);
        INFO(args.back());
        CHECK(r.status == 2);
        CHECK_THAT(r.err, Catch::Contains(c.message));
        CHECK(r.out.empty());
    }
}

TEST_CASE("notes-index --version names the command and its version, and exits 0", "[e2e]") {
    Run r = index({"--version"});
    CHECK(r.status == 0);
    CHECK_THAT(r.out, Catch::Matches("notes-index [0-9]+\\.[0-9]+\\.[0-9]+\n"));
    CHECK(r.err.empty());
}

TEST_CASE("a missing index is named, with the command that builds it", "[e2e]") {
    TempDir db;
    Run r = search({"--db", db.str("nowhere"), "LoRA"});
    CHECK(r.status == 1);
    CHECK(r.err == "notes-search: cannot open index " + db.str("nowhere") +
                       ": no index there; build it with: notes-index --db " + db.str("nowhere") + " <notes folder>\n");
}

TEST_CASE("an index of another schema version asks for a re-index", "[e2e]") {
    TempDir db;
    REQUIRE(index({"--db", db.str("db"), NOTES_EXAMPLES}).status == 0);
    {
        Xapian::WritableDatabase w(db.str("db"));
        w.set_metadata("schema", "0");
        w.commit();
    }
    Run r = search({"--db", db.str("db"), "LoRA"});
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("another version of notes-search"));
    CHECK_THAT(r.err, Catch::Contains("re-index with: notes-index --db " + db.str("db")));
    // notes-index rewrites such an index whole
    Run rebuilt = index({"--db", db.str("db"), NOTES_EXAMPLES});
    CHECK(rebuilt.status == 0);
    CHECK_THAT(rebuilt.out, Catch::Contains("(0 unchanged), 0 added, 26 updated"));
    CHECK(search({"--db", db.str("db"), "LoRA"}).status == 0);
}

TEST_CASE("bad input files are named and skipped; the rest is indexed", "[e2e]") {
    TempDir db;
    Run r = index({"--db", db.str("db"), NOTES_EXAMPLES, kFixtures + "/pages/bad", kFixtures + "/bad"});
    CHECK(r.status == 3);
    CHECK_THAT(r.err, Catch::Contains("pages/bad/empty.markdown: empty file"));
    CHECK_THAT(r.err, Catch::Contains("pages/bad/invalid_utf8.markdown: invalid UTF-8 at byte"));
    CHECK_THAT(r.err, Catch::Contains("pages/bad/not_a_page.markdown: not a tag page"));
    CHECK_THAT(r.err, Catch::Contains("bad/truncated.jsonl:"));
    CHECK_THAT(r.err, Catch::Contains("bad/wrong_shape.jsonl:"));
    auto stats = search({"--db", db.str("db"), "--stats", "--json"}).json();
    CHECK(stats.at("notes").get<int>() >= 26);
}

TEST_CASE("--strict fails on any bad input and leaves the index as it was", "[e2e]") {
    TempDir db;
    REQUIRE(index({"--db", db.str("db"), kFixtures + "/notes.jsonl"}).status == 0);
    auto before = search({"--db", db.str("db"), "--stats", "--json"}).json().at("notes");
    Run r = index({"--db", db.str("db"), "--strict", NOTES_EXAMPLES, kFixtures + "/pages/bad"});
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("the index was left untouched"));
    CHECK(search({"--db", db.str("db"), "--stats", "--json"}).json().at("notes") == before);
}

TEST_CASE("nothing readable leaves the existing index intact", "[e2e]") {
    TempDir db;
    REQUIRE(index({"--db", db.str("db"), NOTES_EXAMPLES}).status == 0);
    const std::string bad = kFixtures + "/pages/bad/";
    const std::vector<std::string> unreadable{bad + "empty.markdown", bad + "invalid_utf8.markdown",
                                              bad + "not_a_page.markdown"};
    // Added to the recorded examples, whose notes stay: each named, exit 3.
    std::vector<std::string> args{"--db", db.str("db")};
    args.insert(args.end(), unreadable.begin(), unreadable.end());
    Run r = index(args);
    CHECK(r.status == 3);
    CHECK_THAT(r.err, Catch::Contains("empty.markdown: empty file"));
    CHECK(search({"--db", db.str("db"), "--stats", "--json"}).json().at("notes") == 26);
    // Alone: nothing to index, and no index made of nothing.
    args[1] = db.str("db2");
    Run alone = index(args);
    CHECK(alone.status == 1);
    CHECK_THAT(alone.err, Catch::Contains("no notes found"));
    Run missing = index({"--db", db.str("db"), db.str("no-such-folder")});
    CHECK(missing.status == 1);
    CHECK(missing.err == "notes-index: cannot read " + db.str("no-such-folder") + ": no such file or folder\n");
}

TEST_CASE("a second writer fails at once, naming the lock", "[e2e]") {
    TempDir db;
    REQUIRE(index({"--db", db.str("db"), NOTES_EXAMPLES}).status == 0);
    Xapian::WritableDatabase holder(db.str("db"));  // holds the write lock while it lives
    Run r = index({"--db", db.str("db"), NOTES_EXAMPLES});
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("another notes-index holds its lock"));
    CHECK(search({"--db", db.str("db"), "LoRA"}).status == 0);  // readers are not blocked
}

TEST_CASE("JSON Lines notes are indexed like pages", "[e2e]") {
    TempDir db;
    Run r = index({"--db", db.str("db"), kFixtures + "/notes.jsonl"});
    REQUIRE(r.status == 0);
    auto stats = search({"--db", db.str("db"), "--stats", "--json"}).json();
    CHECK(stats.at("notes") == 5);
}

TEST_CASE("tag pages are written back as published, one or all", "[e2e][html]") {
    TempDir db;
    REQUIRE(index({"--db", db.str("db"), NOTES_EXAMPLES}).status == 0);
    SECTION("--tag X --html") {
        Run r = search({"--db", db.str("db"), "--tag", "quantization", "--html"});
        REQUIRE(r.status == 0);
        CHECK(decode_entities(r.out) == read_file(fs::path(NOTES_EXAMPLES) / "Quantization.markdown"));
    }
    SECTION("--all-pages DIR") {
        Run r = search({"--db", db.str("db"), "--all-pages", db.str("pages")});
        REQUIRE(r.status == 0);
        CHECK_THAT(r.out, Catch::Contains("tag pages written to"));
        for (const auto& e : fs::directory_iterator(NOTES_EXAMPLES)) {
            INFO(e.path().filename());
            CHECK(decode_entities(read_file(db.path / "pages" / e.path().filename())) == read_file(e.path()));
        }
        CHECK(fs::exists(db.path / "pages" / "Efficiency_SpeedUp.markdown"));
        CHECK_FALSE(fs::exists(db.path / "pages" / "Efficiency"));
    }
    SECTION("-o writes the file whole, and only on success") {
        Run r = search({"--db", db.str("db"), "--html", "-o", db.str("q.markdown"), "LoRA 量子化"});
        REQUIRE(r.status == 0);
        CHECK(r.out.empty());
        std::string page = read_file(db.path / "q.markdown");
        CHECK(page.rfind("---\nlayout: post\ntitle: 「LoRA 量子化」の検索結果\nauthor: ExampleReader\n---\n## 「LoRA "
                         "量子化」の検索結果\n",
                         0) == 0);
        CHECK_THAT(page, Catch::Contains("issues/881\">QLoRA"));
        Run bad = search({"--db", db.str("db"), "--html", "-o", db.str("q.markdown"), "\"unbalanced"});
        CHECK(bad.status == 2);
        CHECK(read_file(db.path / "q.markdown") == page);
        Run nodir = search({"--db", db.str("db"), "--html", "-o", db.str("no/such/dir/q.html"), "LoRA"});
        CHECK(nodir.status == 1);
        CHECK_THAT(nodir.err, Catch::Contains("cannot write " + db.str("no/such/dir/q.html")));
    }
    SECTION("--standalone is a complete page") {
        Run r = search({"--db", db.str("db"), "--standalone", "量子化"});
        REQUIRE(r.status == 0);
        CHECK(r.out.rfind("<!DOCTYPE html>", 0) == 0);
        CHECK_THAT(r.out, Catch::Contains("<meta charset=\"utf-8\">"));
        CHECK_THAT(r.out, Catch::Contains("<mark>量子化</mark>"));
        CHECK_THAT(r.out, Catch::Contains("function showMore"));
    }
    SECTION("an unknown tag's page is an error") {
        Run r = search({"--db", db.str("db"), "--tag", "NoSuchTag", "--html"});
        CHECK(r.status == 1);
        CHECK(r.err ==
              "notes-search: cannot make the page of tag NoSuchTag: no note has that tag; notes-search --tags lists "
              "them\n");
    }
}

namespace {

// A JSON Lines file of `n` made-up notes, large enough that indexing it takes a while.
void write_big_jsonl(const fs::path& path, int n) {
    std::ofstream out(path);
    const char* words[] = {"量子化", "蒸留", "要約",         "推薦",     "言語モデル",
                           "微調整", "評価", "データセット", "注意機構", "検索"};
    for (int i = 1; i <= n; ++i) {
        std::string summary;
        for (int k = 0; k < 40; ++k) summary += std::string(words[(i * 7 + k * 3) % 10]) + "について述べる。";
        nlohmann::json j = {{"id", 100000 + i},
                            {"title", "Synthetic note " + std::to_string(i) + " on retrieval and ranking"},
                            {"url", "https://github.com/example/paper_notes/issues/" + std::to_string(100000 + i)},
                            {"date", "2022-01-01"},
                            {"tags", {"Synthetic", i % 2 ? "Odd" : "Even"}},
                            {"summary", summary},
                            {"comment", ""}};
        out << j.dump() << "\n";
    }
}

bool running(pid_t pid) { return waitpid(pid, nullptr, WNOHANG) == 0; }

}  // namespace

TEST_CASE("kill -9 during a rebuild leaves the previous index whole; readers and writers meanwhile", "[e2e][crash]") {
    TempDir db;
    REQUIRE(index({"--db", db.str("db"), NOTES_EXAMPLES}).status == 0);
    write_big_jsonl(db.path / "big.jsonl", 20000);

    std::string dbarg = db.str("db"), big = db.str("big.jsonl");
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        int devnull = ::open("/dev/null", O_WRONLY);
        dup2(devnull, 1);
        dup2(devnull, 2);
        execl(NOTES_INDEX_EXE, "notes-index", "--db", dbarg.c_str(), big.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    REQUIRE(running(pid));  // still building: the test is about the middle of a run

    // Meanwhile: a search sees the last commit, a second writer is refused at once.
    Run during = search({"--db", db.str("db"), "--stats", "--json"});
    CHECK(during.status == 0);
    CHECK(during.json().at("notes") == 26);
    Run second = index({"--db", db.str("db"), NOTES_EXAMPLES});
    CHECK(second.status == 1);
    CHECK_THAT(second.err, Catch::Contains("another notes-index holds its lock"));

    REQUIRE(running(pid));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status));

    Run after = search({"--db", db.str("db"), "--json", "LoRA 量子化"});
    REQUIRE(after.status == 0);
    CHECK(ids(after.json()).at(0) == 881);
    CHECK(search({"--db", db.str("db"), "--stats", "--json"}).json().at("notes") == 26);
    // The lock died with its holder: the next run works.
    Run again = index({"--db", db.str("db"), NOTES_EXAMPLES});
    CHECK(again.status == 0);
    CHECK_THAT(again.out, Catch::Contains("(8 unchanged)"));
}

TEST_CASE("GitHub issue exports are indexed with the pages, and merge with them", "[e2e][github]") {
    TempDir db;
    const std::string gh = kFixtures + "/github/";
    Run r = index({"--db", db.str("db"), NOTES_EXAMPLES, gh + "rest_page1.json", gh + "rest_page2.json", gh + "gh.json",
                   gh + "pull_requests.json"});
    REQUIRE(r.status == 0);
    CHECK_THAT(r.out, Catch::Contains("33 notes in"));  // 26 + 7001 7003 + 7004 7005 + 7101 7102 + 7202
    CHECK_THAT(r.err, Catch::Contains("github/pull_requests.json: 2 pull request(s) skipped"));
    auto qlora = search({"--db", db.str("db"), "--json", "id:881"}).json().at("results").at(0);
    auto tags = qlora.at("tags").get<std::vector<std::string>>();
    CHECK(std::count(tags.begin(), tags.end(), "ReadingGroup") == 1);  // a label only the export has
    CHECK(std::count(tags.begin(), tags.end(), "Quantization") == 1);  // on both
    CHECK_THAT(qlora.at("comment").get<std::string>(), Catch::EndsWith("OOM を避ける"));
    for (const char* pr : {"id:7002", "id:7201", "id:7203"})
        CHECK(search({"--db", db.str("db"), "--json", pr}).json().at("total") == 0);
    CHECK(ids(search({"--db", db.str("db"), "--json", "シャムネットワーク"}).json()) ==
          std::vector<std::int64_t>{7102});
    CHECK(ids(search({"--db", db.str("db"), "--json", "--tag", "LongSequence"}).json()) ==
          std::vector<std::int64_t>{7004});

    SECTION("an export under any name is known by its content") {
        fs::copy_file(gh + "gh.json", db.path / "issues-from-gh");
        Run named = index({"--db", db.str("db2"), db.str("issues-from-gh")});
        CHECK(named.status == 0);
        CHECK_THAT(named.out, Catch::Contains("2 notes in"));
    }
}

TEST_CASE("a truncated or wrong-shaped export is named, skipped whole, and fails --strict", "[e2e][github]") {
    TempDir db;
    const std::string gh = kFixtures + "/github/";
    Run r = index({"--db", db.str("db"), NOTES_EXAMPLES, gh + "truncated.json", gh + "wrong_shape.json"});
    CHECK(r.status == 3);
    CHECK_THAT(r.err, Catch::Contains("github/truncated.json: truncated JSON: the text ends at line 130, column 32, "
                                      "inside the array opened at line 1, column 1\n"));
    CHECK_THAT(r.err,
               Catch::Contains("github/wrong_shape.json: not an issue export: the entry at line 1, column 1 is a "
                               "GitHub API error (\"Bad credentials\"), not an issue\n"));
    CHECK(search({"--db", db.str("db"), "--stats", "--json"}).json().at("notes") == 26);  // not 7004 of the cut page
    Run strict =
        index({"--db", db.str("db"), "--strict", NOTES_EXAMPLES, gh + "rest_page1.json", gh + "truncated.json"});
    CHECK(strict.status == 1);
    CHECK_THAT(strict.err, Catch::Contains("the index was left untouched"));
    CHECK(search({"--db", db.str("db"), "--json", "id:7001"}).json().at("total") == 0);
}

namespace {

// Every document of an index by its id term: its data, and its terms with wdf and positions.
std::map<std::string, std::pair<std::string, std::vector<std::string>>> documents(const std::string& db_path) {
    Xapian::Database db(db_path);
    std::map<std::string, std::pair<std::string, std::vector<std::string>>> out;
    for (auto id = db.allterms_begin("Q"); id != db.allterms_end("Q"); ++id) {
        Xapian::Document doc = db.get_document(*db.postlist_begin(*id));
        std::vector<std::string> terms;
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            std::string entry = *t + " wdf=" + std::to_string(t.get_wdf()) + " @";
            for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) entry += " " + std::to_string(*p);
            terms.push_back(entry);
        }
        for (auto v = doc.values_begin(); v != doc.values_end(); ++v)
            terms.push_back("value " + std::to_string(v.get_valueno()) + "=" + *v);
        out[*id] = {doc.get_data(), terms};
    }
    return out;
}

}  // namespace

TEST_CASE("--dump writes every note as JSON Lines; indexing the dump gives an equal index", "[e2e][dump]") {
    TempDir db;
    const std::string gh = kFixtures + "/github/";
    REQUIRE(index({"--db", db.str("db"), NOTES_EXAMPLES, gh + "rest_page1.json", gh + "gh.json"}).status == 0);
    Run dumped = index({"--db", db.str("db"), "--dump", db.str("notes.jsonl")});
    REQUIRE(dumped.status == 0);
    CHECK(dumped.out == "30 notes written to " + db.str("notes.jsonl") + "\n");
    CHECK(dumped.err.empty());
    std::string text = read_file(db.path / "notes.jsonl");
    std::vector<std::int64_t> order;
    for (std::size_t pos = 0, nl; (nl = text.find('\n', pos)) != std::string::npos; pos = nl + 1)
        order.push_back(nlohmann::json::parse(text.substr(pos, nl - pos)).at("id").get<std::int64_t>());
    REQUIRE(order.size() == 30);
    CHECK(std::is_sorted(order.begin(), order.end()));
    CHECK(std::adjacent_find(order.begin(), order.end()) == order.end());

    Run rebuilt = index({"--db", db.str("db2"), db.str("notes.jsonl")});
    REQUIRE(rebuilt.status == 0);
    auto original = documents(db.str("db")), copy = documents(db.str("db2"));
    REQUIRE(original.size() == 30);
    CHECK(copy.size() == original.size());
    for (const auto& [id, doc] : original) {
        INFO(id);
        REQUIRE(copy.count(id));
        CHECK(copy.at(id).first == doc.first);    // the note
        CHECK(copy.at(id).second == doc.second);  // terms, wdf, positions, values
    }

    SECTION("to stdout, and after indexing in the same run") {
        Run out = index({"--db", db.str("db"), "--dump", "-"});
        CHECK(out.status == 0);
        CHECK(out.out == text);
        Run both = index({"--db", db.str("db3"), "--dump", "-", NOTES_EXAMPLES});
        CHECK(both.status == 0);
        CHECK(std::count(both.out.begin(), both.out.end(), '\n') == 26);  // only the notes on stdout
        CHECK_THAT(both.err, Catch::Contains("26 notes in"));
    }
    SECTION("errors: no index, a folder that is not there, nothing to do") {
        Run none = index({"--db", db.str("nowhere"), "--dump", db.str("x.jsonl")});
        CHECK(none.status == 1);
        CHECK(none.err == "notes-index: cannot open index " + db.str("nowhere") + ": no index there\n");
        CHECK_FALSE(fs::exists(db.path / "x.jsonl"));
        Run nodir = index({"--db", db.str("db"), "--dump", db.str("no/such/dir/x.jsonl")});
        CHECK(nodir.status == 1);
        CHECK_THAT(nodir.err, Catch::StartsWith("notes-index: cannot write " + db.str("no/such/dir/x.jsonl") + ": "));
        Run nothing = index({"--db", db.str("empty")});  // no source recorded, none given
        CHECK(nothing.status == 2);
        CHECK_THAT(nothing.err, Catch::StartsWith("notes-index: nothing to do: no source is recorded in "));
        CHECK_FALSE(fs::exists(db.path / "empty"));
        std::string full =
            "NO_COLOR= " + quote(NOTES_INDEX_EXE) + " --db " + quote(db.str("db")) + " --dump - >/dev/full";
        int status = std::system((full + " 2>" + quote(db.str("err"))).c_str());
        CHECK(WEXITSTATUS(status) == 1);
        CHECK(read_file(db.path / "err") ==
              "notes-index: cannot write the notes to standard output: No space left on device; write them to a "
              "file with --dump FILE\n");
    }
}

TEST_CASE("warnings show a file name's control characters escaped, one line each", "[e2e]") {
    TempDir dir;
    const std::string evil = "evil\x1b]0;owned\x07\nname.markdown";
    dir.write(evil, "");
    dir.write("notes.jsonl", "{\"id\":1,\"title\":\"T\"}\n");
    Run r = index({"--db", dir.str("db"), dir.str("")});
    CHECK(r.status == 3);
    CHECK(r.err == "notes-index: warning: " + dir.str("") + "evil\\x1b]0;owned\\x07\\nname.markdown: empty file\n");
}

TEST_CASE("progress is drawn on a terminal only, after its delay", "[e2e][progress]") {
    if (std::system("command -v script >/dev/null 2>&1") != 0) FAIL("the test needs util-linux's script(1)");
    TempDir db;
    write_big_jsonl(db.path / "big.jsonl", 500);
    // script(1) runs the command on a pseudo-terminal and copies what it shows to a file. The delay
    // comes from the environment, so no check here depends on how fast this machine is.
    auto on_terminal = [&](const std::string& delay_ms, const std::string& args) {
        std::string env = "TERM=xterm NOTES_PROGRESS_DELAY_MS=" + delay_ms + " ";
        std::string cmd = "TERM=xterm script -qec " + quote(env + quote(NOTES_INDEX_EXE) + " " + args) +
                          " /dev/null > " + quote(db.str("tty"));
        int raw = std::system(cmd.c_str());
        CHECK(WIFEXITED(raw));
        CHECK(WEXITSTATUS(raw) == 0);
        return read_file(db.path / "tty");
    };
    std::string shown = on_terminal("0", "--db " + quote(db.str("db1")) + " " + quote(db.str("big.jsonl")));
    CHECK_THAT(shown, Catch::StartsWith("\rnotes-index: "));
    CHECK_THAT(shown, Catch::Contains("\rnotes-index: writing the index "));
    // The line is erased before the summary, which is all that stays.
    CHECK_THAT(shown, Catch::Contains("\x1b[K\r\x1b[K1 files read (0 unchanged), 500 added"));

    // A run shorter than the delay shows only its summary (an hour is longer than any run here).
    std::string short_run = on_terminal("3600000", "--db " + quote(db.str("db2")) + " " + quote(db.str("big.jsonl")));
    CHECK_THAT(short_run, Catch::StartsWith("1 files read (0 unchanged), 500 added"));
    CHECK(short_run.find('\x1b') == std::string::npos);

    CHECK(on_terminal("0", "--quiet --db " + quote(db.str("db3")) + " " + quote(db.str("big.jsonl"))).empty());

    // Not a terminal: nothing drawn, even with no delay.
    std::string cmd = "NOTES_PROGRESS_DELAY_MS=0 " + quote(NOTES_INDEX_EXE) + " --db " + quote(db.str("db4")) + " " +
                      quote(db.str("big.jsonl")) + " > " + quote(db.str("out")) + " 2> " + quote(db.str("err"));
    CHECK(std::system(cmd.c_str()) == 0);
    CHECK(read_file(db.path / "err").empty());
    CHECK(read_file(db.path / "out").find('\r') == std::string::npos);
}

TEST_CASE("a pipe is a source: read every time, never recorded", "[e2e]") {
    TempDir db;
    std::string cmd = "cat " + quote(kFixtures + "/notes.jsonl") + " | " + quote(NOTES_INDEX_EXE) + " --db " +
                      quote(db.str("db")) + " /dev/stdin > " + quote(db.str("out")) + " 2>&1";
    for (int run = 0; run < 2; ++run) {
        INFO("run " << run);
        int raw = std::system(cmd.c_str());
        CHECK(WIFEXITED(raw));
        CHECK(WEXITSTATUS(raw) == 0);
        CHECK(search({"--db", db.str("db"), "--stats", "--json"}).json().at("notes") == 5);
        CHECK_THAT(read_file(db.path / "out"),
                   Catch::Contains("notes-index: note: /dev/stdin: a pipe: read this time, not recorded"));
    }
    CHECK(index({"--db", db.str("db"), "--sources", "--json"}).json().at("sources").empty());
    // Two process substitutions: read, and said once.
    std::string two =
        "bash -c " +
        quote(quote(NOTES_INDEX_EXE) + " --db " + quote(db.str("db2")) + " <(cat " + quote(kFixtures + "/notes.jsonl") +
              ") <(cat " + quote(kFixtures + "/github/gh.json") + ")") +
        " 2>" + quote(db.str("err2")) + " >/dev/null";
    int raw = std::system(two.c_str());
    CHECK(WEXITSTATUS(raw) == 0);
    const std::string err = read_file(db.path / "err2");
    CHECK(std::count(err.begin(), err.end(), '\n') == 1);
    CHECK_THAT(err, Catch::Matches("notes-index: note: /dev/fd/[0-9]+, /dev/fd/[0-9]+: pipes: read this time, not "
                                   "recorded.*\n"));
    CHECK(index({"--db", db.str("db2"), "--sources", "--json"}).json().at("sources").empty());
}

TEST_CASE("notes-index remembers its sources: alone it reads them again, --sources lists them", "[e2e][sources]") {
    TempDir dir;
    const fs::path pages = dir.path / "pages";
    fs::copy(NOTES_EXAMPLES, pages);
    const std::string db = dir.str("db");
    REQUIRE(index({"--db", db, pages.string()}).status == 0);
    auto notes_now = [&] { return search({"--db", db, "--stats", "--json"}).json().at("notes").get<int>(); };

    // The trap: one page of the folder given alone used to keep its 6 notes and remove the other 20.
    Run one = index({"--db", db, (pages / "Quantization.markdown").string()});
    CHECK(one.status == 0);
    CHECK_THAT(one.out, Catch::StartsWith("8 files read (8 unchanged), 0 added, 0 updated, 0 removed in "));
    CHECK(notes_now() == 26);

    const std::string word = "zyxwvutsrq";
    std::string q = read_file(pages / "Quantization.markdown");
    q.replace(q.find("量子化して凍結し"), std::string("量子化して凍結し").size(), word + "して凍結し");
    write_file(pages / "Quantization.markdown", q);
    Run again = index({"--db", db});
    CHECK(again.status == 0);
    CHECK_THAT(again.out, Catch::StartsWith("8 files read (7 unchanged), 0 added, 1 updated, 0 removed in "));
    CHECK(search({"--db", db, "--json", word}).json().at("total") == 1);

    Run listed = index({"--db", db, "--sources"});
    CHECK(listed.status == 0);
    CHECK_THAT(listed.out, Catch::StartsWith("KIND        FILES   NOTES  LAST READ         PATH\n"));
    CHECK_THAT(listed.out, Catch::Matches("[^\n]*\nfolder +8 +26  [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}  " +
                                          pages.string() + "\n1 source\\(s\\) recorded in [^\n]*\n"));
    Run json = index({"--db", db, "--sources", "--json"});
    REQUIRE(json.status == 0);
    const nlohmann::json sources = json.json().at("sources");
    REQUIRE(sources.size() == 1);
    CHECK(sources[0].at("path") == pages.string());
    CHECK(sources[0].at("kind") == "folder");
    CHECK(sources[0].at("files") == 8);
    CHECK(sources[0].at("notes") == 26);
    CHECK_THAT(sources[0].at("read").get<std::string>(), Catch::Matches("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z"));
    CHECK(sources[0].at("missing").is_null());

    SECTION("--sources takes no lock: it lists while a writer works") {
        Xapian::WritableDatabase holder(db);
        CHECK(index({"--db", db, "--sources"}).status == 0);
        CHECK(index({"--db", db}).status == 1);
    }
    SECTION("--dump alone reads no source") {
        write_file(pages / "Quantization.markdown", read_file(fs::path(NOTES_EXAMPLES) / "Quantization.markdown"));
        Run d = index({"--db", db, "--dump", dir.str("notes.jsonl")});
        CHECK(d.out == "26 notes written to " + dir.str("notes.jsonl") + "\n");
        CHECK(search({"--db", db, "--json", word}).json().at("total") == 1);  // still the old text
    }
    SECTION("a second source, then --forget: only the notes no other source holds go") {
        const fs::path extra =
            dir.write("extra.jsonl", "{\"id\":5000,\"title\":\"Mine\"}\n{\"id\":881,\"title\":\"QLoRA\"}\n");
        REQUIRE(index({"--db", db, extra.string()}).status == 0);
        CHECK(notes_now() == 27);
        CHECK(index({"--db", db, "--sources", "--json"}).json().at("sources").size() == 2);
        Run forgot = index({"--db", db, "--forget", extra.string()});
        CHECK(forgot.status == 0);
        CHECK_THAT(forgot.out, Catch::StartsWith("forgot " + extra.string() + "\n"));
        CHECK_THAT(forgot.out, Catch::Contains(", 1 removed in "));
        CHECK(notes_now() == 26);
        CHECK(search({"--db", db, "--json", "id:881"}).json().at("total") == 1);
    }
    SECTION("--forget of a path not recorded: refused, naming what is recorded") {
        Run r = index({"--db", db, "--forget", (pages / "NLP.markdown").string()});
        CHECK(r.status == 2);
        CHECK(r.err == "notes-index: cannot forget " + (pages / "NLP.markdown").string() +
                           ": it is not a recorded source of " + db + "; the recorded sources are: " + pages.string() +
                           " (notes-index --sources lists them)\n");
        CHECK(r.out.empty());
        CHECK(notes_now() == 26);
        Run none = index({"--db", db, "--forget"});
        CHECK(none.status == 2);
        CHECK_THAT(none.err, Catch::Contains("--forget"));
        Run both = index({"--db", db, "--sources", pages.string()});
        CHECK(both.status == 2);
    }
}
