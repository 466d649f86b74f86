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
#include "index_writer.h"
#include "paths.h"
#include "printable.h"
#include "progress.h"
#include "sources.h"
#include "sync.h"

namespace {

// Exit codes, as the README lists them.
constexpr int kOk = 0, kError = 1, kUsage = 2, kSomeSkipped = 3;

struct Args {
    std::vector<std::string> sources;
    std::string db, dump;
    bool quiet = false, strict = false;
};

// `text` as one line of a message: a file name or page text quoted in it may hold ESC or BEL,
// which a terminal would obey, or a newline, which would make two messages of one.
std::string one_line(std::string_view text) {
    std::string out;
    for (char c : notes::printable(text)) c == '\n' ? out += "\\n" : out += c;
    return out;
}

// The exit code when the command line ends the run by itself (--help, --version, a usage error).
std::optional<int> parse_args(int argc, char** argv, Args& args) {
    CLI::App app{
        "notes-index: build the notes-search index from tag pages (.markdown .md .html), .jsonl files and "
        "GitHub issue exports (.json)",
        "notes-index"};
    app.set_version_flag("--version", "notes-index " NOTES_VERSION);
    app.add_option("sources", args.sources, "Folders of tag pages, tag pages, .jsonl files, or GitHub issue exports");
    app.add_option("--dump", args.dump,
                   "Write every note of the index to FILE as JSON Lines (\"-\": stdout); without SOURCE, only that")
        ->type_name("FILE");
    app.add_option(
        "--db", args.db,
        "Index folder (default: $NOTES_SEARCH_DB, else db in the config file, else $XDG_DATA_HOME/notes-search/db)");
    app.add_flag("-q,--quiet", args.quiet, "Print only problems");
    app.add_flag("--strict", args.strict, "Fail, leaving the index untouched, if any input has a problem");
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
    } catch (const CLI::ParseError& e) {
        if (std::string problem = notes::config_problem(app, e); !problem.empty()) {
            std::cerr << "notes-index: " << one_line(problem) << "\n";
            return kUsage;
        }
        int code = app.exit(e);
        return code == 0 ? kOk : kUsage;
    }
    if (args.sources.empty() && args.dump.empty()) {
        std::cerr << "notes-index: nothing to do: give the folders or files to index, or --dump FILE\n"
                  << "Run with --help for more information.\n";
        return kUsage;
    }
    return std::nullopt;
}

void report(const std::vector<notes::Problem>& items, const char* kind) {
    for (const auto& p : items)
        std::cerr << "notes-index: " << kind << ": " << one_line(p.where) << ": " << one_line(p.message) << "\n";
}

// `text` to standard output, whole: a full disk or a closed pipe is an error, never a cut dump.
void write_stdout(std::string_view text) {
    while (!text.empty()) {
        ssize_t n = ::write(STDOUT_FILENO, text.data(), text.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0)
            throw std::runtime_error(std::string("cannot write the notes to standard output: ") +
                                     (n < 0 ? std::strerror(errno) : "nothing written") +
                                     "; write them to a file with --dump FILE");
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
notes::SyncReport sync_with_progress(const std::string& db, const notes::SourceList& sources,
                                     const notes::Analyzer& analyzer, const Args& args) {
    const std::vector<std::filesystem::path>& files = sources.files;
    std::vector<std::uint64_t> bytes_before(files.size() + 1, 0);  // bytes of the files before each
    for (std::size_t i = 0; i < files.size(); ++i) {
        std::error_code ec;
        std::uintmax_t size = std::filesystem::file_size(files[i], ec);
        bytes_before[i + 1] = bytes_before[i] + (ec ? 0 : size);
    }
    notes::TerminalProgress progress(STDERR_FILENO, notes::progress_wanted(STDERR_FILENO, args.quiet),
                                     notes::progress_timing_from_env());
    auto on_file = [&](std::size_t done, std::size_t total, std::size_t notes_read) {
        progress.files({done, total, notes_read, bytes_before[std::min(done, files.size())], bytes_before.back()});
        if (done == total) progress.writing();
    };
    auto on_write = [&](std::size_t done, std::size_t total) { progress.written(done, total); };
    notes::SyncReport r = notes::sync_index(db, sources, analyzer, {args.strict, on_file, on_write});
    progress.finish();
    return r;
}

int index_sources(const Args& args) {
    auto started = std::chrono::steady_clock::now();
    const std::string db = notes::resolve_db_path(args.db);
    notes::Analyzer analyzer;
    notes::SourceList sources;
    try {
        sources = notes::list_sources(args.sources);
    } catch (const std::runtime_error& e) {
        std::cerr << "notes-index: " << one_line(e.what()) << "\n";
        return kError;
    }
    notes::SyncReport r = sync_with_progress(db, sources, analyzer, args);
    report(r.read.problems, "warning");
    if (!args.quiet) report(r.read.warnings, "note");
    if (!r.written) {
        std::cerr << "notes-index: " << one_line(r.untouched_because) << "\n";
        return kError;
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!args.quiet)  // with --dump -, stdout is the notes' alone
        std::fprintf(args.dump == "-" ? stderr : stdout,
                     "%zu files read (%zu unchanged), %zu added, %zu updated, %zu removed in %.2f s; %zu notes in %s\n",
                     r.files, r.unchanged, r.stats.added, r.stats.updated, r.stats.removed, secs, r.notes,
                     one_line(db).c_str());
    if (!args.dump.empty()) dump_index(db, args.dump, args.quiet);
    return r.read.problems.empty() ? kOk : kSomeSkipped;
}

}  // namespace

int main(int argc, char** argv) try {
    Args args;
    if (std::optional<int> code = parse_args(argc, argv, args)) return *code;
    if (args.sources.empty()) {
        dump_index(notes::resolve_db_path(args.db), args.dump, args.quiet);
        return kOk;
    }
    return index_sources(args);
} catch (const std::exception& e) {  // IndexLockedError, IndexError, a dictionary MeCab cannot load
    std::cerr << "notes-index: " << one_line(e.what()) << "\n";
    return kError;
}
