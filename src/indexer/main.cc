// notes-index — (re)builds the index from tag page folders and JSON Lines files.
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "analyzer.h"
#include "index_writer.h"
#include "paths.h"
#include "sources.h"
#include "sync.h"

namespace {

// Exit codes, as the README lists them.
constexpr int kOk = 0, kError = 1, kUsage = 2, kSomeSkipped = 3;

void report(const std::vector<notes::Problem>& items, const char* kind) {
    for (const auto& p : items) std::cerr << "notes-index: " << kind << ": " << p.where << ": " << p.message << "\n";
}

}  // namespace

int main(int argc, char** argv) try {
    CLI::App app{"notes-index: build the notes-search index from tag pages (.markdown .md .html) and .jsonl files"};
    std::vector<std::string> sources;
    std::string db;
    bool quiet = false, strict = false;
    app.add_option("sources", sources, "Folders of tag pages, tag pages, or .jsonl files")->required();
    app.add_option("--db", db, "Index folder (default: $NOTES_SEARCH_DB, else $XDG_DATA_HOME/notes-search/db)");
    app.add_flag("-q,--quiet", quiet, "Print only problems");
    app.add_flag("--strict", strict, "Fail, leaving the index untouched, if any input has a problem");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? kOk : kUsage;
    }
    auto started = std::chrono::steady_clock::now();
    db = notes::resolve_db_path(db);
    notes::Analyzer analyzer;
    std::vector<std::filesystem::path> files;
    try {
        files = notes::find_sources(sources);
    } catch (const std::runtime_error& e) {
        std::cerr << "notes-index: " << e.what() << "\n";
        return kError;
    }
    notes::SyncReport r = notes::sync_index(db, files, analyzer, {strict, {}});
    report(r.read.problems, "warning");
    if (!quiet) report(r.read.warnings, "note");
    if (!r.written) {
        std::cerr << "notes-index: " << r.untouched_because << "\n";
        return kError;
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!quiet)
        std::fprintf(stdout, "%zu files read (%zu unchanged), %zu added, %zu updated, %zu removed in %.2f s; %zu notes in %s\n",
                     r.files, r.unchanged, r.stats.added, r.stats.updated, r.stats.removed, secs, r.notes, db.c_str());
    return r.read.problems.empty() ? kOk : kSomeSkipped;
} catch (const notes::IndexError& e) {
    std::cerr << "notes-index: " << e.what() << "\n";
    return kError;
} catch (const std::exception& e) {
    std::cerr << "notes-index: " << e.what() << "\n";
    return kError;
}
