// formats_test.cc — notes-search's formats for tools (--format tsv, jsonl, the JSON version), `show`
// for reading one whole note, --color, and the folding of a note's text to a width.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <sstream>

#include "normalize.h"
#include "support.h"
#include "wrap.h"

using namespace notes::test;

namespace {

// A comment too long for any snippet, in three paragraphs, so that `show` is seen to print it whole.
const std::string kLongComment =
    "The widget paper argues that a careful reading of the benchmark shows most of the gain comes from "
    "the tokenizer, not from the model. The authors rerun every baseline with the same tokenizer and the "
    "gap closes to within noise on four of the six tasks.\n\n"
    "What stays is the long-context result: on documents of more than eight thousand tokens the widget "
    "model keeps its accuracy while the baselines drop steadily, which the ablation ties to the "
    "position encoding rather than to the attention pattern.\n\n"
    "Worth rereading before choosing a tokenizer for a new corpus; the appendix lists every setting "
    "needed to reproduce the numbers, down to the seeds, and ends with the sentence this test looks for.";
const std::string kLongSummary =
    "本研究では、ウィジェットと呼ぶ手法を提案し、長い文書での精度の低下を抑えられることを示した。"
    "位置エンコーディングの設計が主な要因であり、注意機構の形ではないことを、複数のアブレーションで確かめた。";

const char* kTabTitle = "Tab\there, a back\\slash and\na new line";

std::string notes_jsonl() {
    std::vector<notes::Note> notes;
    notes.push_back(note(7001, kTabTitle, kLongSummary, {"Tag,With Comma", "Plain"}, "2023-05-06", kLongComment));
    for (int i = 2; i <= 6; ++i)
        notes.push_back(note(7000 + i, "Widget study " + std::to_string(i), "widget results, part " + std::to_string(i),
                             {"Plain"}, "2022-0" + std::to_string(i) + "-01"));
    notes.push_back(note(7007, "A widget note with no date", "widget", {}, ""));
    std::string out;
    for (const auto& n : notes) out += notes::to_json(n).dump() + "\n";
    return out;
}

struct Indexed {
    TempDir dir;
    std::string db = dir.str("db");
    Indexed() {
        dir.write("notes.jsonl", notes_jsonl());
        REQUIRE(run(NOTES_INDEX_EXE, {"--db", db, "--quiet", dir.str("notes.jsonl")}, "").status == 0);
    }
    Run search(std::vector<std::string> args, const std::string& env = "NO_COLOR=") const {
        args.insert(args.begin(), {"--db", db});
        return run(NOTES_SEARCH_EXE, args, env);
    }
};

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

std::vector<std::string> split(const std::string& line, char sep) {
    std::vector<std::string> fields;
    std::size_t at = 0;
    for (std::size_t end; (end = line.find(sep, at)) != std::string::npos; at = end + 1)
        fields.push_back(line.substr(at, end - at));
    fields.push_back(line.substr(at));
    return fields;
}

bool has_escape(const std::string& text) { return text.find('\x1b') != std::string::npos; }

}  // namespace

TEST_CASE("--format tsv: id, date, title, url, tags a line, escaped, no header", "[formats]") {
    Indexed ix;
    Run r = ix.search({"--format", "tsv", "--sort", "newest", "widget"});
    REQUIRE(r.status == 0);
    const auto lines = lines_of(r.out);
    REQUIRE(lines.size() == 7);  // every note, and no header line
    for (const auto& line : lines) CHECK(split(line, '\t').size() == 5);
    CHECK(lines.front() ==
          "7001\t2023-05-06\tTab\\there, a back\\\\slash and\\na new line\t"
          "https://github.com/example/paper_notes/issues/7001\tTag\\,With Comma,Plain");
    CHECK(lines.at(1) == "7006\t2022-06-01\tWidget study 6\thttps://github.com/example/paper_notes/issues/7006\tPlain");
    CHECK(lines.back() == "7007\t\tA widget note with no date\thttps://github.com/example/paper_notes/issues/7007\t");
    CHECK(lines_of(ix.search({"--format=tsv", "--limit", "2", "widget"}).out).size() == 2);

    Run tags = ix.search({"--format", "tsv", "--tags"});  // tag, count: `cut -f1` completes tag names
    REQUIRE(tags.status == 0);
    CHECK(tags.out == "Plain\t6\nTag,With Comma\t1\n");

    struct Refused {
        std::vector<std::string> args;
        std::string err;
    } refused[] = {
        {{"--format", "tsv", "--stats"}, "notes-search: --stats cannot be written as --format tsv\n"},
        {{"--format", "tsv", "--explain", "widget"}, "notes-search: --explain cannot be written as --format tsv\n"},
        {{"--format", "jsonl", "--stats"}, "notes-search: --stats cannot be written as --format jsonl\n"},
        {{"--format", "csv", "widget"},
         "notes-search: --format: csv not in {text,json,jsonl,tsv}; notes-search --help lists the options\n"},
        {{"--format", "tsv", "--json", "widget"},
         "notes-search: --json excludes --format; notes-search --help lists the options\n"},
        {{"--format", "tsv", "--html", "widget"},
         "notes-search: --html excludes --format; notes-search --help lists the options\n"},
    };
    for (const auto& c : refused) {
        Run bad = ix.search(c.args);
        INFO(c.err);
        CHECK(bad.status == 2);
        CHECK(bad.err == c.err);
        CHECK(bad.out.empty());
    }
}

TEST_CASE("--format jsonl: --json's results, one a line", "[formats]") {
    Indexed ix;
    Run lines = ix.search({"--format", "jsonl", "--limit", "4", "widget"});
    REQUIRE(lines.status == 0);
    const auto results = ix.search({"--json", "--limit", "4", "widget"}).json().at("results");
    const auto each = lines_of(lines.out);
    REQUIRE(each.size() == 4);  // --limit lines
    for (std::size_t i = 0; i < each.size(); ++i) CHECK(nlohmann::json::parse(each[i]) == results.at(i));
    CHECK(ix.search({"--format", "jsonl", "--limit", "0", "widget"}).out.empty());
    const auto tags = lines_of(ix.search({"--format", "jsonl", "--tags"}).out);
    REQUIRE(tags.size() == 2);
    CHECK(nlohmann::json::parse(tags.front()) == nlohmann::json{{"name", "Plain"}, {"count", 6}});
}

TEST_CASE("every --json object carries \"version\": 1", "[formats]") {
    Indexed ix;
    for (const auto& args : std::vector<std::vector<std::string>>{{"--json", "widget"},
                                                                  {"--format", "json", "nothing-matches-this"},
                                                                  {"--json", "--tags"},
                                                                  {"--json", "--stats"},
                                                                  {"--json", "--like", "7002"},
                                                                  {"show", "7001", "--json"}}) {
        Run r = ix.search(args);
        INFO(args.front() << " " << args.back());
        REQUIRE(r.status == 0);
        CHECK(r.json().at("version") == 1);
    }
}

TEST_CASE("show ID: the whole note, folded to the width, or JSON", "[formats][show]") {
    Indexed ix;
    Run text = ix.search({"show", "7001"}, "NO_COLOR= COLUMNS=60");
    REQUIRE(text.status == 0);
    CHECK(text.err.empty());
    const auto lines = lines_of(text.out);
    REQUIRE(lines.size() > 12);
    for (const auto& line : lines) CHECK(notes::display_columns(line) <= 60);
    CHECK_THAT(lines.at(0), Catch::StartsWith("#7001  2023-05-06  Tab    here, a back\\slash and"));
    CHECK_THAT(text.out,
               Catch::Contains("\n#Tag,With Comma  #Plain\nhttps://github.com/example/paper_notes/issues/7001\n"));
    // The comment, read back from its folded lines: every word, in order, its paragraphs kept.
    const std::size_t at = text.out.find("\nComment\n");
    REQUIRE(at != std::string::npos);
    std::string comment;
    bool paragraph_start = true;
    for (const auto& line : lines_of(text.out.substr(at + 9))) {
        if (line.empty()) {
            comment += "\n\n";
            paragraph_start = true;
            continue;
        }
        REQUIRE(line.rfind("  ", 0) == 0);  // indented under its heading
        comment += (paragraph_start ? "" : " ") + line.substr(2);
        paragraph_start = false;
    }
    CHECK(comment == kLongComment);
    // Japanese folds between characters: the summary read back has no space added.
    const std::size_t summary = text.out.find("\nSummary\n"), end = text.out.find("\n\nComment");
    std::string folded;
    for (const auto& line : lines_of(text.out.substr(summary + 9, end - summary - 9))) folded += line.substr(2);
    CHECK(folded == kLongSummary);
    // Into a file or a pipe without $COLUMNS: 80 columns.
    const auto wide = lines_of(ix.search({"show", "7001"}, "NO_COLOR= COLUMNS=").out);
    CHECK(std::any_of(wide.begin(), wide.end(), [](const auto& l) { return notes::display_columns(l) > 60; }));
    for (const auto& line : wide) CHECK(notes::display_columns(line) <= 80);

    Run json = ix.search({"show", "#7001", "--format", "json"});
    REQUIRE(json.status == 0);
    auto j = json.json();
    CHECK(j.at("version") == 1);
    j.erase("version");
    CHECK(j ==
          notes::to_json(note(7001, kTabTitle, kLongSummary, {"Tag,With Comma", "Plain"}, "2023-05-06", kLongComment)));
    CHECK(ix.search({"show", "7001", "--format", "tsv"}).out ==
          lines_of(ix.search({"--format", "tsv", "tab"}).out).at(0) + "\n");
}

TEST_CASE("show: an unknown id, a bad one, other options; -- show searches", "[formats][show]") {
    Indexed ix;
    Run missing = ix.search({"show", "424242"});
    CHECK(missing.status == 1);
    CHECK(missing.err == "notes-search: cannot show note #424242: it is not in the index\n");
    CHECK(missing.out.empty());
    struct Case {
        std::vector<std::string> args;
        std::string err;
    } cases[] = {
        {{"show", "abc"}, "notes-search: cannot use show abc: give the id of a note, its issue number (1 or more)\n"},
        {{"show"},
         "notes-search: cannot use show: give it one note's id (notes-search show 881); to search for the word show, "
         "write notes-search -- show\n"},
        {{"show", "7001", "--tag", "Plain"},
         "notes-search: cannot use --tag with show: it prints one whole note, and takes only --db, --json or "
         "--format, --color and -o\n"},
        {{"show", "7001", "--html"},
         "notes-search: cannot use --html with show: it prints one whole note, and takes only --db, --json or "
         "--format, --color and -o\n"},
    };
    for (const auto& c : cases) {
        Run bad = ix.search(c.args);
        INFO(c.err);
        CHECK(bad.status == 2);
        CHECK(bad.err == c.err);
    }
    Run word = ix.search({"--json", "--", "show"});  // the word, searched for
    REQUIRE(word.status == 0);
    CHECK(word.json().at("query") == "show");
    Run later = ix.search({"--json", "widget", "show"});  // "show" after the first word is a word
    REQUIRE(later.status == 0);
    CHECK(later.json().at("query") == "widget show");
}

TEST_CASE("--color: auto on a terminal unless NO_COLOR or TERM=dumb; always; never; never into -o",
          "[formats][color]") {
    if (std::system("command -v script >/dev/null 2>&1") != 0) FAIL("the test needs util-linux's script(1)");
    Indexed ix;
    // script(1) gives notes-search a pseudo-terminal, as a user's window would.
    auto on_terminal = [&](const std::string& env, const std::string& args) {
        std::string inner = env + " " + quote(NOTES_SEARCH_EXE) + " --db " + quote(ix.db) + " " + args;
        std::string cmd = "script -qec " + quote(inner) + " /dev/null > " + quote(ix.dir.str("tty"));
        REQUIRE(std::system(cmd.c_str()) == 0);
        return read_file(ix.dir.str("tty"));
    };
    CHECK(has_escape(on_terminal("TERM=xterm NO_COLOR=", "widget")));
    CHECK(has_escape(on_terminal("TERM=xterm NO_COLOR=", "show 7001")));
    CHECK_FALSE(has_escape(on_terminal("TERM=dumb NO_COLOR=", "widget")));
    CHECK_FALSE(has_escape(on_terminal("TERM=xterm NO_COLOR=1", "widget")));
    CHECK_FALSE(has_escape(on_terminal("TERM=xterm NO_COLOR=", "--color=never widget")));
    CHECK(has_escape(on_terminal("TERM=dumb NO_COLOR=1", "--color always widget")));
    // -o: never coloured, even asked for, even from a terminal.
    on_terminal("TERM=xterm NO_COLOR=", "--color=always -o " + quote(ix.dir.str("out.txt")) + " widget");
    const std::string written = read_file(ix.dir.str("out.txt"));
    CHECK_THAT(written, Catch::Contains("7 notes match"));
    CHECK_FALSE(has_escape(written));

    // A pipe: auto and never leave colour out, always puts it in (for less -R, fzf --ansi).
    const std::string env = "TERM=xterm NO_COLOR=";
    CHECK_FALSE(has_escape(ix.search({"widget"}, env).out));
    CHECK_FALSE(has_escape(ix.search({"--color=never", "widget"}, env).out));
    CHECK(has_escape(ix.search({"--color=always", "widget"}, env).out));
    CHECK(has_escape(ix.search({"--color=always", "show", "7001"}, env).out));
    Run file = ix.search({"--color=always", "-o", ix.dir.str("piped.txt"), "widget"}, env);
    REQUIRE(file.status == 0);
    CHECK(file.out.empty());
    CHECK_FALSE(has_escape(read_file(ix.dir.str("piped.txt"))));
    CHECK_FALSE(has_escape(ix.search({"--color=always", "--format", "tsv", "widget"}, env).out));  // data, not text
    Run bad = ix.search({"--color", "sometimes", "widget"});
    CHECK(bad.status == 2);
    CHECK(bad.err ==
          "notes-search: --color: sometimes not in {auto,always,never}; notes-search --help lists the options\n");
}

TEST_CASE("--help names the formats, --color and show", "[formats]") {
    Run help = run(NOTES_SEARCH_EXE, {"--help"}, "");
    CHECK(help.status == 0);
    for (const char* part :
         {"--format", "jsonl", "tsv", "--color", "NO_COLOR", "notes-search show ID", "notes-search -- show"}) {
        INFO(part);
        CHECK_THAT(help.out, Catch::Contains(part));
    }
}

TEST_CASE("wrap_lines folds at spaces and between Japanese characters", "[formats][wrap]") {
    using Lines = std::vector<std::string>;
    struct Row {
        std::string text;
        std::size_t width;
        Lines lines;
    } rows[] = {
        {"one two three four five", 10, {"one two", "three four", "five"}},
        {"one  two", 20, {"one  two"}},          // spaces inside a line are kept
        {"one two   ", 20, {"one two"}},         // trailing spaces are not
        {"a\n\nb\r\n", 20, {"a", "", "b", ""}},  // blank lines kept, carriage returns dropped
        {"日本語の文章を折り返す。", 10, {"日本語の文", "章を折り返", "す。"}},
        {"あいうえお。かきくけこ", 10, {"あいうえ", "お。かきく", "けこ"}},  // 。 never starts a line
        {"「あいう」えお", 10, {"「あいう」", "えお"}},                      // nor 」; 「 never ends one
        {"LoRAの量子化", 10, {"LoRAの量子", "化"}},
        {"- a list item that wraps", 12, {"- a list", "  item that", "  wraps"}},  // hanging indent
        {"  12. numbered item here", 14, {"  12. numbered", "      item", "      here"}},
        {"see https://example.com/a/very/long/path ok", 12, {"see", "https://example.com/a/very/long/path", "ok"}},
        {"tab\there", 20, {"tab    here"}},
    };
    for (const auto& row : rows) {
        INFO(row.text << " at " << row.width);
        CHECK(notes::wrap_lines(row.text, row.width) == row.lines);
    }
}
