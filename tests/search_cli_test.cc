// search_cli_test.cc — notes-search's --explain, --like, did-you-mean and synonyms file, run as a user runs them.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "normalize.h"
#include "support.h"

using namespace notes::test;

namespace {

// What searches run with: NO_COLOR, and the synonyms file unless a test names its own.
const std::string kShipped = "NO_COLOR= NOTES_SEARCH_SYNONYMS=" + quote(NOTES_SOURCE_SYNONYMS);

struct Indexed {
    TempDir dir;
    std::string db = dir.str("db");
    Indexed() { REQUIRE(run(NOTES_INDEX_EXE, {"--db", db, "--quiet", NOTES_EXAMPLES}, "").status == 0); }
    Run search(std::vector<std::string> args, const std::string& env = kShipped) const {
        args.insert(args.begin(), {"--db", db});
        return run(NOTES_SEARCH_EXE, args, env);
    }
};

}  // namespace

TEST_CASE("--explain prints how the query was understood, in text and in JSON", "[cli]") {
    Indexed ix;
    Run text = ix.search({"--explain", "LoRAの量子化", "date:2023", "--tag", "NLP"});
    REQUIRE(text.status == 0);
    for (const char* part :
         {"How the query was understood:", "words      LoRAの量子化", "量子 (noun) +化 (noun suffix)", "ignored    の",
          "synonyms   量子化 -> ", "tags       量子化 -> #Quantization", "filters    date:2023 --tag NLP",
          "file       synonyms from " NOTES_SOURCE_SYNONYMS, "matching   every word", "xapian     Query(", "#881"}) {
        INFO(part);
        CHECK_THAT(text.out, Catch::Contains(part));
    }
    Run json = ix.search({"--json", "--explain", "LoRA 量子化"});
    REQUIRE(json.status == 0);
    auto e = json.json().at("explain");
    CHECK(e.at("words").at(0).at("text") == "LoRA 量子化");
    CHECK(e.at("words").at(0).at("tokens").at(1).at("class") == "noun");
    CHECK(e.at("words").at(0).at("tokens").at(2).at("class") == "noun suffix");
    CHECK(e.at("match") == "all");
    CHECK(e.at("xapian_query").get<std::string>().find("Kquantization") != std::string::npos);
    bool quantization = false;
    for (const auto& x : e.at("expansions"))
        if (x.at("words") == "量子化") {
            auto syn = x.at("synonyms").get<std::vector<std::string>>();
            quantization = std::find(syn.begin(), syn.end(), "quantization") != syn.end();
            CHECK(x.at("tags") == nlohmann::json::array({"Quantization"}));
        }
    CHECK(quantization);
    // without --explain, no "explain" key: the JSON contract only grows when asked
    CHECK_FALSE(ix.search({"--json", "LoRA"}).json().contains("explain"));
}

TEST_CASE("--like lists the notes most like one, with --json, --limit and --tag", "[cli]") {
    Indexed ix;
    Run r = ix.search({"--json", "--like", "881", "--limit", "3"});
    REQUIRE(r.status == 0);
    auto j = r.json();
    CHECK(j.at("like") == 881);
    auto found = ids(j);
    CHECK(found.size() == 3);
    CHECK(std::find(found.begin(), found.end(), 881) == found.end());
    CHECK(j.at("total").get<int>() >= 3);
    Run tagged = ix.search({"--json", "--like", "881", "--tag", "DocumentSummarization"});
    auto tagged_json = tagged.json();
    CHECK_FALSE(tagged_json.at("results").empty());
    for (const auto& res : tagged_json.at("results")) {
        auto tags = res.at("tags").get<std::vector<std::string>>();
        CHECK(std::find(tags.begin(), tags.end(), "DocumentSummarization") != tags.end());
    }
    Run text = ix.search({"--like", "881", "--limit", "2"});
    CHECK_THAT(text.out, Catch::StartsWith("Notes like #881 QLoRA"));
    Run missing = ix.search({"--like", "99999"});
    CHECK(missing.status == 2);
    CHECK(missing.err == "notes-search: cannot find note #99999: it is not in the index\n");
}

TEST_CASE("did-you-mean, in text and in JSON", "[cli]") {
    Indexed ix;
    Run text = ix.search({"quantizaton"});
    REQUIRE(text.status == 0);
    CHECK_THAT(text.out, Catch::StartsWith("Did you mean: quantization?\n"));
    auto j = ix.search({"--json", "LoRA quantizaton"}).json();
    CHECK(j.at("suggestion") == "LoRA quantization");
    CHECK_FALSE(ix.search({"--json", "quantization"}).json().contains("suggestion"));
}

TEST_CASE("the synonyms file: shipped, named by $NOTES_SEARCH_SYNONYMS, missing, or broken", "[cli]") {
    Indexed ix;
    // examples/ has no note that says ファインチューン; the shipped file leads it to 微調整 / Finetuning
    auto with = ids(ix.search({"--json", "ファインチューン"}).json());
    CHECK(std::find(with.begin(), with.end(), 881) != with.end());
    Run none = ix.search({"--json", "--explain", "ファインチューン"},
                         "NO_COLOR= NOTES_SEARCH_SYNONYMS=" + ix.dir.str("absent"));
    REQUIRE(none.status == 0);
    CHECK(none.json().at("total") == 0);
    CHECK(none.json().at("explain").at("synonyms_file") == "none: no file at " + ix.dir.str("absent"));
    std::ofstream(ix.dir.str("mine")) << "# mine\nファインチューン 量子化\n";
    auto mine =
        ids(ix.search({"--json", "ファインチューン"}, "NO_COLOR= NOTES_SEARCH_SYNONYMS=" + ix.dir.str("mine")).json());
    CHECK(std::find(mine.begin(), mine.end(), 1134) != mine.end());  // llama.cppで量子化した...
    std::ofstream(ix.dir.str("bad")) << "要約 summarization\n\n量子化\n";
    Run bad = ix.search({"LoRA"}, "NO_COLOR= NOTES_SEARCH_SYNONYMS=" + ix.dir.str("bad"));
    CHECK(bad.status == 1);
    CHECK(bad.err == "notes-search: cannot read synonyms " + ix.dir.str("bad") +
                         ":3: a group needs at least two different terms (they are compared normalised and stemmed)\n");
    CHECK(ix.search({"--stats"}, "NO_COLOR= NOTES_SEARCH_SYNONYMS=" + ix.dir.str("bad")).status == 0);
}

TEST_CASE("--help names the synonyms, --like and --explain", "[cli]") {
    Run help = run(NOTES_SEARCH_EXE, {"--help"}, "");
    CHECK(help.status == 0);
    for (const char* part : {"--like", "--explain", "dict/synonyms", "$NOTES_SEARCH_SYNONYMS", "Did you mean"}) {
        INFO(part);
        CHECK_THAT(help.out, Catch::Contains(part));
    }
}

TEST_CASE("on a terminal, snippets and the Tags line fit its width", "[cli]") {
    if (std::system("command -v script >/dev/null 2>&1") != 0) FAIL("the test needs util-linux's script(1)");
    Indexed ix;
    TempDir tmp;
    // script(1) gives the command a pseudo-terminal; stty sets its width as a user's window would.
    auto on_terminal = [&](int cols) {
        std::string inner = "stty cols " + std::to_string(cols) + "; " + kShipped + " NO_COLOR=1 " +
                            quote(NOTES_SEARCH_EXE) + " --db " + quote(ix.db) + " --tag NLP";
        std::string cmd = "script -qec " + quote(inner) + " /dev/null > " + quote(tmp.str("tty"));
        REQUIRE(std::system(cmd.c_str()) == 0);
        std::string out = read_file(tmp.str("tty"));
        out.erase(std::remove(out.begin(), out.end(), '\r'), out.end());
        return out;
    };
    for (int cols : {50, 80}) {
        INFO("columns " << cols);
        std::istringstream lines(on_terminal(cols));
        std::size_t snippets = 0, tag_lines = 0, widest_snippet = 0;
        bool in_tags = false;
        for (std::string line; std::getline(lines, line);) {
            in_tags = in_tags || line.rfind("Tags:", 0) == 0;
            bool snippet = line.rfind("    ", 0) == 0 && line.rfind("    #", 0) != 0 && line.rfind("    http", 0) != 0;
            if (in_tags) {
                ++tag_lines;
                CHECK(notes::display_columns(line) <= static_cast<std::size_t>(cols));
            } else if (snippet) {
                ++snippets;
                widest_snippet = std::max(widest_snippet, notes::display_columns(line));
                CHECK(notes::display_columns(line) <= static_cast<std::size_t>(cols));
            }
        }
        CHECK(snippets >= 3);
        CHECK(tag_lines >= 1);
        CHECK(widest_snippet >= static_cast<std::size_t>(cols) - 8);  // the room is used, not just respected
        if (cols == 50) CHECK(tag_lines >= 2);                        // the list wrapped
    }
}

TEST_CASE("an argument is an option only when it names one; a misspelt option is refused", "[cli]") {
    Indexed ix;
    const auto lora = ids(ix.search({"--json", "LoRA"}).json());
    CHECK(ids(ix.search({"LoRA", "--json"}).json()) == lora);  // a named option after the words
    Run tagged = ix.search({"--json", "--tag=NLP", "--limit", "1", "--limit", "2", "LoRA"});
    REQUIRE(tagged.status == 0);
    CHECK(tagged.json().at("results").size() == 2);  // the last --limit counts
    Run dash = ix.search({"--json", "-", "LoRA", "-h"});
    REQUIRE(dash.status == 0);  // after the words, -h is still the help
    CHECK_THAT(dash.out, Catch::Contains("Query syntax:"));
    struct Case {
        std::vector<std::string> args;
        std::string err;
    } cases[] = {
        {{"--jsn", "LoRA"},
         "notes-search: cannot use --jsn: there is no such option; notes-search --help lists them\n"},
        {{"LoRA", "--tag"}, "notes-search: cannot use --tag: a value must follow it\n"},
        {{"--sort", "sideways", "LoRA"},
         "notes-search: cannot use --sort sideways: give relevance, newest or oldest\n"},
        {{"--limit", "2x", "LoRA"},
         "notes-search: cannot use --limit 2x: give the number of notes to show, from 0 to 100000\n"},
    };
    for (const auto& c : cases) {
        Run r = ix.search(c.args);
        CHECK(r.status == 2);
        CHECK(r.err == c.err);
        CHECK(r.out.empty());
    }
}
