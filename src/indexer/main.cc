// notes-index — (re)builds the index from tag page folders, JSON Lines files and GitHub issue exports.
#include <CLI/CLI.hpp>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <optional>

#include "analyzer.h"
#include "config.h"
#include "files.h"
#include "index_dump.h"
#include "index_errors.h"
#include "index_writer.h"
#include "last_resort.h"
#include "paths.h"
#include "printable.h"
#include "progress.h"
#include "recorded_sources.h"
#include "shard_build.h"
#include "shards.h"
#include "source_listing.h"
#include "sources.h"
#include "sync.h"

namespace {

// Exit codes, as the README lists them.
constexpr int kOk = 0, kError = 1, kUsage = 2, kSomeSkipped = 3;

struct Args {
    std::vector<std::string> sources;
    std::string db, dump, shard;
    unsigned shards = 0;
    unsigned jobs = 0;  // 0: one writer per core
    bool quiet = false, strict = false, forget = false, list = false, json = false;
};

// `text` as one line of a message: a file name or page text quoted in it may hold ESC or BEL,
// which a terminal would obey, or a newline, which would make two messages of one.
std::string one_line(std::string_view text) {
    std::string out;
    for (char c : notes::printable(text)) c == '\n' ? out += "\\n" : out += c;
    return out;
}

constexpr const char* kFooter = R"(
Every SOURCE given is recorded in the index: `notes-index` alone reads them all again (after a
sync, rebuilding is one word), `notes-index SOURCE` adds or refreshes one and keeps the notes of
the others, `notes-index --forget SOURCE` drops one and the notes only it held, and
`notes-index --sources` lists them. A recorded folder or file that is missing or empty keeps its
notes, with a warning, until it is back or forgotten. A pipe (<(gh ...)) is read, not recorded.

More than one machine: on each of N machines holding the same sources, `notes-index --shard K/N`
indexes the notes of shard K (FNV-1a of the issue number in decimal, modulo N, plus one); the
index remembers its shard, so `notes-index` alone keeps it. `notes-index --shards N --db DIR`
builds the N shards side by side (DIR/shard-1 ...) with a stub DIR/XAPIANDB that notes-search
--db DIR opens as one index; a later `notes-index --db DIR` syncs each shard. The README's
"More than one machine" serves shards with xapian-tcpsrv.)";

// The exit code when the command line ends the run by itself (--help, --version, a usage error).
std::optional<int> parse_args(int argc, char** argv, Args& args) {
    CLI::App app{
        "notes-index: build the notes-search index from tag pages (.markdown .md .html), .jsonl files and "
        "GitHub issue exports (.json)",
        "notes-index"};
    app.set_version_flag("--version", "notes-index " NOTES_VERSION);
    app.footer(kFooter);
    app.add_option("sources", args.sources,
                   "Folders of tag pages, tag pages, .jsonl files, or GitHub issue exports; none: every recorded one");
    app.add_option("--dump", args.dump,
                   "Write every note of the index to FILE as JSON Lines (\"-\": stdout); without SOURCE, only that")
        ->type_name("FILE");
    app.add_option(
        "--db", args.db,
        "Index folder (default: $NOTES_SEARCH_DB, else db in the config file, else $XDG_DATA_HOME/notes-search/db)");
    auto* shard =
        app.add_option("--shard", args.shard, "Index only the notes of shard K of N (K from 1; recorded in the index)")
            ->type_name("K/N");
    auto* shards = app.add_option("--shards", args.shards,
                                  "Build N shards side by side in the --db folder, one writer thread each, and a "
                                  "stub (XAPIANDB) that opens them as one index")
                       ->type_name("N")
                       ->check(CLI::Range(1u, notes::kMaxShards));
    shard->excludes(shards);
    app.add_option("-j,--jobs", args.jobs,
                   "Threads reading the files, and writing when the index is rebuilt whole (new, stale, or many "
                   "notes changed); 1: one writer, in place (default: one per core)")
        ->type_name("N")
        ->check(CLI::Range(1u, 256u));
    app.add_flag("-q,--quiet", args.quiet, "Print only problems");
    app.add_flag("--strict", args.strict, "Fail, leaving the index untouched, if any input has a problem");
    auto* forget = app.add_flag("--forget", args.forget,
                                "Drop the SOURCEs from the record, and the notes no other recorded source holds");
    auto* list = app.add_flag("--sources", args.list,
                              "List the recorded sources: kind, files, notes, when last read, path (no lock taken)");
    app.add_flag("--json", args.json, "With --sources: as JSON")->needs(list);
    list->excludes(forget)->excludes("--dump")->excludes("--strict")->excludes(shard)->excludes(shards);
    notes::add_config_option(app);
    // The config file is notes-search's too: notes-index takes its db and passes the rest by.
    for (CLI::Option* option : app.get_options()) option->configurable(option->check_lname("db"));
    app.allow_config_extras(CLI::config_extras_mode::ignore_all);
    // $NOTES_SEARCH_DB and --config come first as arguments (config.h): what the user types wins.
    app.get_option("--db")->take_last();
    app.get_config_ptr()->take_last();
    try {
        std::vector<std::string> all = notes::arguments_for_cli11(argc, argv);
        app.parse(all);
        if (args.list && !args.sources.empty())
            throw CLI::ValidationError("--sources", "lists the recorded sources; it takes no SOURCE");
        if (args.forget && args.sources.empty())
            throw CLI::ValidationError("--forget",
                                       "give the recorded SOURCEs to forget (notes-index --sources lists them)");
    } catch (const CLI::ParseError& e) {
        if (std::string problem = notes::config_problem(app, e); !problem.empty()) {
            std::cerr << "notes-index: " << one_line(problem) << "\n";
            return kUsage;
        }
        int code = app.exit(e);
        return code == 0 ? kOk : kUsage;
    }
    return std::nullopt;
}

void report(const std::vector<notes::Problem>& items, const char* kind) {
    for (const auto& p : items)
        std::cerr << "notes-index: " << kind << ": " << one_line(p.where) << ": " << one_line(p.message) << "\n";
}

// Said once a run, however many pipes were given.
notes::Problem pipe_note(const std::vector<std::string>& pipes) {
    std::string where;
    for (const auto& p : pipes) where += (where.empty() ? "" : ", ") + p;
    return {where, std::string(pipes.size() == 1 ? "a pipe: read" : "pipes: read") +
                       " this time, not recorded, so notes-index alone cannot read it again; save it to a file "
                       "(gh ... > issues.json) and index that to have it recorded"};
}

// `text` to standard output, whole: a full disk or a closed pipe is an error, never a cut dump.
void write_stdout(std::string_view text, const char* what = "the notes") {
    while (!text.empty()) {
        ssize_t n = ::write(STDOUT_FILENO, text.data(), text.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0)
            throw std::runtime_error(
                std::string("cannot write ") + what +
                " to standard output: " + (n < 0 ? std::strerror(errno) : "nothing written") +
                (std::string_view(what) == "the notes" ? "; write them to a file with --dump FILE" : ""));
        text.remove_prefix(static_cast<std::size_t>(n));
    }
}

// Every note of the index as JSON Lines, to `file` (atomically, through a symbolic link, in place
// on a device or FIFO, never over a folder) or to stdout for "-".
void dump_index(const std::string& db, const std::string& file, bool quiet) {
    std::vector<notes::Note> notes = notes::read_index_notes(db);
    std::string lines = notes::to_json_lines(notes);
    if (file == "-") {
        write_stdout(lines);
        return;
    }
    notes::write_file_atomically(file, lines);
    if (!quiet) std::fprintf(stdout, "%zu notes written to %s\n", notes.size(), one_line(file).c_str());
}

// Runs the sync with progress on a terminal: reading the files (a bar: files, notes, rate, ETA by
// bytes), then a spinner with the notes written so far while the index is written.
notes::SourcesRun sync_with_progress(const std::string& db, notes::SourcesAction action,
                                     const notes::Analyzer& analyzer, const Args& args) {
    std::vector<std::uint64_t> bytes_before{0};  // bytes of the files before each
    auto on_files = [&](const std::vector<std::filesystem::path>& files) {
        for (const auto& f : files) {
            std::error_code ec;
            std::uintmax_t size = std::filesystem::file_size(f, ec);
            bytes_before.push_back(bytes_before.back() + (ec ? 0 : size));
        }
    };
    notes::TerminalProgress progress(STDERR_FILENO, notes::progress_wanted(STDERR_FILENO, args.quiet),
                                     notes::progress_timing_from_env());
    auto on_file = [&](std::size_t done, std::size_t total, std::size_t notes_read) {
        progress.files(
            {done, total, notes_read, bytes_before[std::min(done, bytes_before.size() - 1)], bytes_before.back()});
        if (done == total) progress.writing();
    };
    auto on_write = [&](std::size_t done, std::size_t total) { progress.written(done, total); };
    notes::SyncOptions options;
    if (!args.shard.empty()) options.shard = notes::parse_shard(args.shard);
    options.strict = args.strict;
    options.jobs = args.jobs;
    options.on_files = on_files;
    options.on_file = on_file;
    options.on_write = on_write;
    notes::SourcesRun r = notes::update_sources(db, action, args.sources, analyzer, options);
    progress.finish();
    return r;
}

int index_sources(const Args& args) {
    auto started = std::chrono::steady_clock::now();
    const std::string db = notes::resolve_db_path(args.db);
    const auto action = args.forget            ? notes::SourcesAction::forget
                        : args.sources.empty() ? notes::SourcesAction::refresh
                                               : notes::SourcesAction::add;
    notes::Analyzer analyzer;
    notes::SourcesRun run;
    try {
        run = sync_with_progress(db, action, analyzer, args);
    } catch (const std::invalid_argument& e) {  // NotRecordedError, ShardMismatchError, --shard's form
        std::cerr << "notes-index: " << one_line(e.what()) << "\n";
        return kUsage;
    }
    const notes::SyncReport& r = run.sync;
    report(r.read.problems, "warning");
    if (!args.quiet) report(r.read.warnings, "note");
    if (!args.quiet && !run.pipes.empty()) report({pipe_note(run.pipes)}, "note");
    if (!r.written) {
        std::cerr << "notes-index: " << one_line(r.untouched_because) << "\n";
        return kError;
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::FILE* out = args.dump == "-" ? stderr : stdout;  // with --dump -, stdout is the notes' alone
    if (!args.quiet && action == notes::SourcesAction::forget)
        for (const auto& s : args.sources) std::fprintf(out, "forgot %s\n", one_line(notes::source_path(s)).c_str());
    if (!args.quiet)
        std::fprintf(
            out, "%zu files read (%zu unchanged), %zu added, %zu updated, %zu removed in %.2f s; %zu notes in %s\n",
            r.files, r.unchanged, r.stats.added, r.stats.updated, r.stats.removed, secs, r.notes, one_line(db).c_str());
    if (!args.dump.empty()) dump_index(db, args.dump, args.quiet);
    return r.read.problems.empty() ? kOk : kSomeSkipped;
}

// --shards N (or a folder --shards made): every shard synced at once, a line for each.
int index_shards(const Args& args, const std::string& db, unsigned n) {
    auto started = std::chrono::steady_clock::now();
    const auto action = args.forget            ? notes::SourcesAction::forget
                        : args.sources.empty() ? notes::SourcesAction::refresh
                                               : notes::SourcesAction::add;
    notes::SyncOptions options;
    options.strict = args.strict;
    std::vector<notes::ShardRun> runs;
    try {
        runs = notes::build_shards(db, n, action, args.sources, options);
    } catch (const std::invalid_argument& e) {
        std::cerr << "notes-index: " << one_line(e.what()) << "\n";
        return kUsage;
    }
    int code = kOk;
    std::size_t notes_in_all = 0;
    for (const auto& s : runs) {
        const notes::SyncReport& r = s.run.sync;
        std::string where = one_line(s.db);
        if (!s.failure.empty() || !r.written) {
            std::cerr << "notes-index: " << where << ": "
                      << one_line(s.failure.empty() ? r.untouched_because : s.failure) << "\n";
            code = kError;
            continue;
        }
        if (code == kOk && !r.read.problems.empty()) code = kSomeSkipped;
        notes_in_all += r.notes;
        if (!args.quiet)
            std::printf("%s: %zu added, %zu updated, %zu removed; %zu notes\n", where.c_str(), r.stats.added,
                        r.stats.updated, r.stats.removed, r.notes);
    }
    // Every shard reads the same files: their problems are told once, from the first shard.
    if (!runs.empty()) report(runs.front().run.sync.read.problems, "warning");
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!args.quiet && code != kError)
        std::printf("%u shards, %zu notes in %s (stub %s/XAPIANDB) in %.2f s\n", n, notes_in_all, one_line(db).c_str(),
                    one_line(db).c_str(), secs);
    return code;
}

// --sources: the record as the last commit holds it, without the write lock.
void list_sources(const Args& args) {
    const std::string db = notes::resolve_db_path(args.db);
    std::vector<notes::RecordedSource> sources = notes::read_recorded_sources(db);
    write_stdout(args.json ? notes::sources_listing_json(sources, db) : notes::sources_table(sources, db),
                 "the sources");
}

}  // namespace

int main(int argc, char** argv) try {
    Args args;
    if (std::optional<int> code = parse_args(argc, argv, args)) return *code;
    if (args.list) {
        list_sources(args);
        return kOk;
    }
    if (args.sources.empty() && !args.dump.empty()) {  // --dump alone reads the index, never the sources
        dump_index(notes::resolve_db_path(args.db), args.dump, args.quiet);
        return kOk;
    }
    const std::string db = notes::resolve_db_path(args.db);
    notes::exit_on_xapian_terminate(
        [db](const Xapian::Error& e) {
            return "notes-index: " + one_line(notes::index_error_message(e, "write", db)) + "\n";
        },
        kError);
    unsigned shards = args.shards != 0 ? args.shards : args.shard.empty() ? notes::shard_count(db) : 0;
    if (shards != 0) return index_shards(args, db, shards);
    return index_sources(args);
} catch (const std::exception& e) {  // IndexLockedError, IndexError, a dictionary MeCab cannot load
    std::cerr << "notes-index: " << one_line(e.what()) << "\n";
    return kError;
}
