// install_test.cc — `cmake --install` to a prefix of the test's own, then the installed commands
// run from another folder: they find their synonyms and user dictionary under that prefix.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "support.h"

using namespace notes::test;
namespace fs = std::filesystem;

namespace {

// The current folder for a scope: the installed commands must not lean on being run from the build.
struct InFolder {
    fs::path saved = fs::current_path();
    explicit InFolder(const fs::path& dir) { fs::current_path(dir); }
    ~InFolder() {
        std::error_code ignored;
        fs::current_path(saved, ignored);
    }
};

}  // namespace

TEST_CASE("an installed copy finds its data files under its own prefix", "[install]") {
    TempDir tmp;
    const fs::path prefix = tmp.path / "prefix";
    Run installed = run(NOTES_CMAKE, {"--install", NOTES_BUILD_DIR, "--prefix", prefix.string()}, "");
    INFO(installed.out + installed.err);
    REQUIRE(installed.status == 0);
    for (const char* file :
         {"bin/notes-index", "bin/notes-search", "bin/notes-search-serve", "share/notes-search/user.dic",
          "share/notes-search/synonyms", "share/man/man1/notes-index.1", "share/man/man1/notes-search.1",
          "share/man/man7/notes-search-query.7", "share/bash-completion/completions/notes-search",
          "share/bash-completion/completions/notes-index", "share/zsh/site-functions/_notes-search"}) {
        INFO(file);
        CHECK(fs::is_regular_file(prefix / file));
    }
    // A group only this prefix's synonyms file has: found only if that file is the one read.
    {
        std::string synonyms = read_file(prefix / "share/notes-search/synonyms");
        write_file(prefix / "share/notes-search/synonyms", synonyms + "\nzqxv quantization\n");
    }
    fs::create_directories(tmp.path / "elsewhere");
    InFolder cd(tmp.path / "elsewhere");
    // Nothing of the user's or the build's: an empty home, no cache, no variables naming files.
    const std::string env = "NO_COLOR= HOME=" + quote(tmp.str("home")) +
                            " XDG_CONFIG_HOME= XDG_DATA_HOME= NOTES_SEARCH_DB= NOTES_SEARCH_CACHE= "
                            "NOTES_SEARCH_SYNONYMS= NOTES_SEARCH_USERDIC= NOTES_SEARCH_CONFIG=";
    const std::string db = tmp.str("db");
    Run indexed = run((prefix / "bin/notes-index").string(), {"--db", db, "--quiet", NOTES_EXAMPLES}, env);
    INFO(indexed.err);
    REQUIRE(indexed.status == 0);

    Run found = run((prefix / "bin/notes-search").string(), {"--db", db, "--json", "--explain", "zqxv"}, env);
    INFO(found.err);
    REQUIRE(found.status == 0);
    auto page = found.json();
    CHECK(page.at("total").get<int>() > 0);
    CHECK_THAT(page.at("explain").at("synonyms_file").get<std::string>(),
               Catch::StartsWith((prefix / "share/notes-search/synonyms").string() + " ("));
    CHECK(page.at("explain").at("user_dictionary") == (prefix / "share/notes-search/user.dic").string());

    // インコンテキスト is one word only with the user dictionary (ipadic alone: イン|コンテキスト).
    Run word =
        run((prefix / "bin/notes-search").string(), {"--db", db, "--json", "--explain", "インコンテキスト"}, env);
    REQUIRE(word.status == 0);
    auto tokens = word.json().at("explain").at("words").at(0).at("tokens");
    REQUIRE(tokens.size() == 1);
    CHECK(tokens.at(0).at("term") == "インコンテキスト");

    // The installed man page renders (man -l), when man is there.
    Run man = run("sh",
                  {"-c", "command -v man >/dev/null || exit 77; MANWIDTH=100 man -l \"$0\"",
                   (prefix / "share/man/man1/notes-search.1").string()},
                  "");
    if (man.status != 77) CHECK_THAT(man.out, Catch::Contains("notes-search - search paper notes"));
}
