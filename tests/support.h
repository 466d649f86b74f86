// support.h — what the test programs share: temporary folders and indexes, files read whole, the
// commands run as a user runs them, and the notes they are checked against.
#pragma once

#include <concepts>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzer.h"
#include "collection.h"
#include "index_writer.h"
#include "note.h"
#include "searcher.h"
#include "sources.h"

namespace notes::test {

using Ids = std::vector<std::int64_t>;

// One analyzer for the whole program: loading MeCab's dictionaries is the slow part of a test, and
// every test wants the same ones (the build's ipadic and user dictionary).
notes::Analyzer& analyzer();

// A folder of its own for one test, removed with everything in it when the test ends, even when a
// REQUIRE throws: a failed run must not leave indexes behind in /tmp.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    // Two owners would remove the folder twice, the second time under the other's feet.
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    std::filesystem::path path;
    std::string str() const { return path.string(); }
    std::string str(const std::string& sub) const { return (path / sub).string(); }
    // Writes `content` to the file `name` in the folder, and returns its path.
    std::filesystem::path write(const std::string& name, const std::string& content) const;
    // The names of what the folder holds, sorted, for checks that nothing else was left there.
    std::vector<std::string> names() const;
};

// Throws std::runtime_error when the file cannot be opened, so that a missing file fails the check
// that reads it rather than comparing as "".
std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& content);

// A note with what the ranking tests vary; the url is an issue's, as on the real site.
notes::Note note(std::int64_t id, std::string title, std::string summary, std::vector<std::string> tags,
                 std::string date = "2023-01-01", std::string comment = "");

// Fails the test, rather than reading past the end, when the note is not there.
const notes::Note& by_id(const std::vector<notes::Note>& notes, std::int64_t id);

Ids ids(const std::vector<notes::Note>& notes);
Ids ids(const notes::SearchResult& result);
// The ids of a --json results page. A template bound to nlohmann::json exactly, because a string
// converts to JSON as readily as to std::string and would make a test's own ids("query") ambiguous.
template <std::same_as<nlohmann::json> Json>
Ids ids(const Json& page) {
    Ids out;
    for (const auto& r : page.at("results")) out.push_back(r.at("id").template get<std::int64_t>());
    return out;
}
bool has(const Ids& ids, std::int64_t id);

// The notes of `paths` as notes-index reads them: sources in sorted order, pages merged by issue
// number. What could not be read goes to `report`, for the test to judge.
notes::Collection read_notes(const std::vector<std::string>& paths, notes::ReadReport& report);

// Undoes the escaping render_tag_page does, so that a page written back compares with the page read.
std::string decode_entities(std::string s);

// Given with designated initializers ({.synonyms_file = "none"}); the "" initializers let a caller
// leave a field out without a -Wmissing-field-initializers warning.
struct TempIndexOptions {
    // The searcher's synonyms file; a relative path is taken in the index's folder. "" is the file
    // notes-search finds for a user (dict/synonyms in a build); tests whose results must not move
    // when that file is edited name their own, or one that is not there.
    std::string synonyms_file = "";
    std::string synonyms_text = "";  // written to synonyms_file before the searcher opens, when not ""
};

// An index in a folder of its own and a searcher on it, both gone when the test ends; the members
// are in this order so that the searcher closes the database before its folder is removed.
struct TempIndex {
    explicit TempIndex(const notes::IndexContents& contents, const TempIndexOptions& options = {});
    // Notes written by the test, by an author of its own.
    explicit TempIndex(const std::vector<notes::Note>& notes, const TempIndexOptions& options = {});
    // Notes read from pages, with the author and the pages to write back.
    explicit TempIndex(const notes::Collection& collection, const TempIndexOptions& options = {});

    TempDir dir;
    std::string db = dir.str("db");
    std::string synonyms_file;  // as the searcher was given it, for checks of what --explain says
    std::unique_ptr<notes::Searcher> searcher;
};

// What a command run by a test did.
struct Run {
    int status = -1;  // the exit status; -1 when it did not exit (a signal)
    std::string out, err;
    nlohmann::json json() const { return nlohmann::json::parse(out); }
};

// Single quotes for sh: nothing in a path or a query (spaces, $, quotes) may be expanded by the
// shell that std::system runs.
std::string quote(const std::string& s);

// Runs `exe` with `args` through the shell, with `env` (assignments) before it: NO_COLOR by
// default, so that output checks do not depend on the terminal the tests run in.
Run run(const std::string& exe, const std::vector<std::string>& args, const std::string& env = "NO_COLOR=");

}  // namespace notes::test
