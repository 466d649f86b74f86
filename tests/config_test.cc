// config_test.cc — the config file (db, limit, what outranks what, broken files) and the user's own
// synonyms, run as a user runs the commands.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

#include "support.h"

using namespace notes::test;

namespace {

// A home of its own: XDG_CONFIG_HOME/notes-search/ holds what a test writes there.
struct Home {
    TempDir dir;
    std::string config_dir = dir.str("config/notes-search");
    std::string config = config_dir + "/config.toml";
    std::string db = dir.str("db");
    std::string env =
        "NO_COLOR= NOTES_SEARCH_DB= XDG_DATA_HOME= NOTES_SEARCH_SYNONYMS=" + quote(NOTES_SOURCE_SYNONYMS) +
        " XDG_CONFIG_HOME=" + quote(dir.str("config")) + " HOME=" + quote(dir.str("home"));

    void write(const std::string& name, const std::string& text) const {
        std::filesystem::create_directories(config_dir);
        write_file(config_dir + "/" + name, text);
    }
    Run index(std::vector<std::string> args, const std::string& more_env = "") const {
        return run(NOTES_INDEX_EXE, args, env + " " + more_env);
    }
    Run search(std::vector<std::string> args, const std::string& more_env = "") const {
        return run(NOTES_SEARCH_EXE, args, env + " " + more_env);
    }
};

std::size_t shown(const Run& r) { return r.json().at("results").size(); }

}  // namespace

TEST_CASE("the config file gives the index and the limit; the command line wins", "[config]") {
    Home home;
    home.write("config.toml", "# mine\ndb = \"" + home.db + "\"\nlimit = 2\nsort = \"newest\"\n");
    // notes-index takes db from the file, and passes notes-search's settings by.
    REQUIRE(home.index({"--quiet", NOTES_EXAMPLES}).status == 0);
    Run stats = home.search({"--stats", "--json"});
    REQUIRE(stats.status == 0);
    CHECK(stats.json().at("db") == home.db);
    CHECK(stats.json().at("notes").get<int>() > 3);

    Run limited = home.search({"--json", "--tag", "NLP"});
    REQUIRE(limited.status == 0);
    CHECK(shown(limited) == 2);
    CHECK(limited.json().at("total").get<int>() > 3);
    CHECK(shown(home.search({"--json", "--tag", "NLP", "--limit", "3"})) == 3);
    CHECK(shown(home.search({"--json", "--tag", "NLP", "--limit=4"})) == 4);
}

TEST_CASE("what counts: the command line, then NOTES_SEARCH_DB, then the config file", "[config]") {
    Home home;
    TempDir other;
    const std::string env_db = other.str("env-db"), cli_db = other.str("cli-db");
    home.write("config.toml", "db = \"" + home.db + "\"\n");
    auto db_of = [&](std::vector<std::string> args, const std::string& env) {
        args.insert(args.begin(), {"--stats", "--json"});
        Run r = home.search(args, env);
        INFO(r.err);
        REQUIRE(r.status == 0);
        return r.json().at("db").get<std::string>();
    };
    for (const auto& db : {home.db, env_db, cli_db})
        REQUIRE(run(NOTES_INDEX_EXE, {"--db", db, "--quiet", NOTES_EXAMPLES}, "NOTES_SEARCH_CONFIG=").status == 0);
    CHECK(db_of({}, "") == home.db);
    CHECK(db_of({}, "NOTES_SEARCH_DB=" + quote(env_db)) == env_db);
    CHECK(db_of({"--db", cli_db}, "NOTES_SEARCH_DB=" + quote(env_db)) == cli_db);
    // notes-index the same way: the environment beats the file.
    Run indexed = home.index({NOTES_EXAMPLES}, "NOTES_SEARCH_DB=" + quote(env_db));
    REQUIRE(indexed.status == 0);
    CHECK_THAT(indexed.out, Catch::Contains("notes in " + env_db));
    // --config names another file; NOTES_SEARCH_CONFIG= reads none.
    const auto elsewhere = other.write("other.toml", "db = \"" + cli_db + "\"\n");
    CHECK(db_of({"--config", elsewhere.string()}, "") == cli_db);
    CHECK(db_of({}, "NOTES_SEARCH_CONFIG=" + quote(elsewhere.string())) == cli_db);
    Run none = home.search({"--stats", "--json"}, "NOTES_SEARCH_CONFIG=");
    CHECK_THAT(none.err,
               Catch::Contains("cannot open index " + home.dir.str("home") + "/.local/share/notes-search/db:"));
}

TEST_CASE("a broken config file stops the run with one line naming it, exit 2", "[config][faults]") {
    Home home;
    REQUIRE(run(NOTES_INDEX_EXE, {"--db", home.db, "--quiet", NOTES_EXAMPLES}).status == 0);
    const std::string named = "notes-search: cannot read config " + home.config + ": ";
    auto refused = [&](const std::string& text, const std::string& why) {
        home.write("config.toml", text);
        Run r = home.search({"--db", home.db, "LoRA"});
        INFO(text);
        CHECK(r.status == 2);
        CHECK(r.out.empty());
        // (the list of settings grows with notes-search's options: only its start is checked)
        CHECK_THAT(r.err, Catch::StartsWith(named + why));
        CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    };
    refused("lmit = 5\n", "there is no setting lmit; the settings are: db, limit, sort, exact, color, author");
    refused("stats = true\n",
            "stats is not a setting: give --stats on the command line; the settings are: db, "
            "limit, sort, exact, color, author");
    home.write("config.toml", "limit = \"many\"\n");
    Run value = home.search({"--db", home.db, "LoRA"});
    CHECK(value.status == 2);
    CHECK(value.err == "notes-search: cannot use --limit many (from " + home.config +
                           "): give the number of notes to show, from 0 to 100000\n");
    // the command line's own value is not the file's fault
    CHECK(home.search({"--db", home.db, "--limit", "x", "LoRA"}).err ==
          "notes-search: cannot use --limit x: give the number of notes to show, from 0 to 100000\n");

    Run missing = home.search({"--config", home.dir.str("nope.toml"), "LoRA"});
    CHECK(missing.status == 2);
    CHECK(missing.err == "notes-search: cannot read config " + home.dir.str("nope.toml") + ": there is no such file\n");
    Run folder = home.index({"--config", home.dir.path.string(), NOTES_EXAMPLES});
    CHECK(folder.status == 2);
    CHECK(folder.err == "notes-index: cannot read config " + home.dir.str() + ": it is a folder; name a file\n");
    // notes-index reads only db: a setting of notes-search's is no error to it
    home.write("config.toml", "db = \"" + home.db + "\"\nlimit = 5\n");
    CHECK(home.index({"--quiet", NOTES_EXAMPLES}).status == 0);
}

TEST_CASE("the user's synonyms add groups to the shipped ones; --explain names both files", "[config][synonyms]") {
    Home home;
    REQUIRE(run(NOTES_INDEX_EXE, {"--db", home.db, "--quiet", NOTES_EXAMPLES}).status == 0);
    // zqxv is in no note: only a group of the user's file can make it find one.
    Run before = home.search({"--db", home.db, "--json", "zqxv"});
    REQUIRE(before.status == 0);
    CHECK(before.json().at("total") == 0);
    home.write("synonyms", "# mine\nzqxv quantization\n");
    Run after = home.search({"--db", home.db, "--json", "--explain", "zqxv"});
    REQUIRE(after.status == 0);
    CHECK(after.json().at("total").get<int>() > 0);
    const std::string files = after.json().at("explain").at("synonyms_file");
    CHECK_THAT(files, Catch::StartsWith(std::string(NOTES_SOURCE_SYNONYMS) + " (") &&
                          Catch::EndsWith(" + " + home.config_dir + "/synonyms (1 groups)"));
    // the shipped groups still work beside them
    Run shipped = home.search({"--db", home.db, "--json", "--explain", "量子化"});
    CHECK_THAT(shipped.out, Catch::Contains("\"quantization\""));

    home.write("synonyms", "zqxv \"quantization\n");
    Run broken = home.search({"--db", home.db, "zqxv"});
    CHECK(broken.status == 1);
    CHECK_THAT(broken.err,
               Catch::StartsWith("notes-search: cannot read synonyms " + home.config_dir + "/synonyms:1: "));
}
