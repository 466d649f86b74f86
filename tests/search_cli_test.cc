// search_cli_test.cc — notes-search's --explain, --like, did-you-mean and synonyms file, run as a user runs them.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
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

TEST_CASE("did-you-mean, in text and in JSON: with no hit the correction is run and said so", "[cli]") {
    Indexed ix;
    // Issue 11: a misspelt word with no hit used to print "Did you mean: quantization?" and no note.
    Run text = ix.search({"quantizaton"});
    REQUIRE(text.status == 0);
    CHECK_THAT(text.out, Catch::StartsWith("No note matched quantizaton; showing quantization\n"
                                           "6 notes match \"quantization\".\n"));
    auto j = ix.search({"--json", "LoRA quantizaton"}).json();
    CHECK(j.at("query") == "LoRA quantizaton");
    CHECK(j.at("suggestion") == "LoRA quantization");
    CHECK(j.at("corrected") == true);
    CHECK(ids(j) == ids(ix.search({"--json", "LoRA quantization"}).json()));
    auto right = ix.search({"--json", "quantization"}).json();
    CHECK_FALSE(right.contains("suggestion"));
    CHECK(right.at("corrected") == false);
    // a correction in too few notes to be run is still a suggestion, above no result
    Run rare = ix.search({"dettmerz"});  // Dettmers: one note
    CHECK(rare.out == "Did you mean: dettmers?\nNo notes match \"dettmerz\".\n");
    // the browser page says it too, and shows the correction's notes
    Run page = ix.search({"--standalone", "quantizaton"});
    CHECK_THAT(
        page.out,
        Catch::Contains("<p "
                        "class=\"correction\">"
                        "「quantizaton」に一致するメモはありません。「quantization」の結果を表示しています。</p>"));
    CHECK_THAT(page.out, Catch::Contains("<title>「quantization」の検索結果</title>"));
}

TEST_CASE("a trailing wildcard: its words, --explain, and a bare or short one refused", "[cli][wildcard]") {
    Indexed ix;
    // Issue 11: quant* found nothing ("Did you mean: quan*?"): the * was dropped, "quant" searched.
    auto j = ix.search({"--json", "--explain", "quant*"}).json();
    CHECK(j.at("total") == 6);
    auto wildcard = ids(j), spelled = ids(ix.search({"--json", "quantization OR quantized OR quantize"}).json());
    CHECK(std::set<std::int64_t>(wildcard.begin(), wildcard.end()) ==
          std::set<std::int64_t>(spelled.begin(), spelled.end()));
    const auto& w = j.at("explain").at("wildcards").at(0);
    CHECK(w.at("start") == "quant");
    auto words = w.at("words").get<std::vector<std::string>>();
    CHECK(std::find(words.begin(), words.end(), "quantization") != words.end());
    CHECK(w.at("matched").get<std::size_t>() == words.size());
    Run text = ix.search({"--explain", "--limit", "1", "title:quant*"});
    CHECK_THAT(text.out, Catch::Contains("wildcard   title:quant* -> "));
    struct Case {
        std::string query;
        std::string err;
    } refused[] = {
        {"*",
         "notes-search: cannot parse query: * has no word before the *; a wildcard ends a word (quant* finds "
         "quantization, quantized)\n"},
        {"q*",
         "notes-search: cannot parse query: q* is too short: a wildcard needs at least 2 characters before the * "
         "(quant*)\n"},
    };
    for (const auto& c : refused) {
        Run r = ix.search({c.query});
        CHECK(r.status == 2);
        CHECK(r.err == c.err);
    }
}

TEST_CASE("an unknown tag: --tag fails naming the closest tags, tag: says so beside the results", "[cli][tags]") {
    Indexed ix;
    // Issue 11: --tag quantisation printed "No notes match the filter." and exit 0.
    Run filter = ix.search({"--tag", "quantisation", "LoRA"});
    CHECK(filter.status == 1);
    CHECK(filter.out.empty());
    CHECK(filter.err ==
          "notes-search: cannot filter by tag quantisation: no note has that tag; closest: Quantization\n");
    Run json = ix.search({"--json", "--tag", "lora"});
    CHECK(json.status == 1);
    CHECK(json.err == "notes-search: cannot filter by tag lora: no note has that tag; closest: Adapter/LoRA\n");
    Run page = ix.search({"--html", "--tag", "quantisation"});
    CHECK(page.status == 1);
    CHECK(page.err ==
          "notes-search: cannot make the page of tag quantisation: no note has that tag; closest: Quantization\n");
    Run query = ix.search({"LoRA", "tag:quantisation"});
    CHECK(query.status == 0);
    CHECK_THAT(query.out, Catch::StartsWith("No note has the tag quantisation; closest: Quantization\n"));
    auto j = ix.search({"--json", "LoRA", "tag:quantisation"}).json();
    CHECK(j.at("unknown_tags") == nlohmann::json::parse(R"([{"name": "quantisation", "closest": ["Quantization"]}])"));
    CHECK_FALSE(ix.search({"--json", "tag:quantization"}).json().contains("unknown_tags"));
}

TEST_CASE("the synonyms file: shipped, named by $NOTES_SEARCH_SYNONYMS, missing, or broken", "[cli]") {
    Indexed ix;
    // examples/ has no note that says ファインチューン; the shipped file leads it to 微調整 / Finetuning
    auto with = ids(ix.search({"--json", "ファインチューン"}).json());
    CHECK(std::find(with.begin(), with.end(), 881) != with.end());
    Run none = ix.search({"--json", "--explain", "ファインチューン"},
                         "NO_COLOR= NOTES_SEARCH_SYNONYMS=" + ix.dir.str("absent"));
    REQUIRE(none.status == 0);
    // no synonym leads it to 微調整 now: only the notes' own katakana word, as a correction
    CHECK(none.json().at("explain").at("expansions").empty());
    CHECK(none.json().at("corrected") == true);
    CHECK(none.json().at("suggestion") == "ファインチューニング");
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
    for (const char* part :
         {"--like", "--explain", "dict/synonyms", "$NOTES_SEARCH_SYNONYMS", "Did you mean", "quant*", "closest"}) {
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
