// notes-search — searches the index: ranked notes, snippets and tag facets, as text, JSON, JSON Lines,
// TSV or pages; `show ID` prints one whole note.
#include <unistd.h>
#include <xapian.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "command.h"
#include "config.h"
#include "files.h"
#include "memory.h"
#include "normalize.h"
#include "paths.h"
#include "printable.h"
#include "printer.h"
#include "show.h"
#include "synonyms.h"

namespace {

constexpr int kOk = 0, kError = 1, kUsage = 2;
constexpr std::int64_t kMaxLimit = 100000, kMaxOffset = 1000000000;  // Xapian counts in 32 bits

const char* kQuerySyntax = R"(Query syntax:
  words             all required (LoRA 量子化); if no note has them all, the best partial matches
  A OR B            either;  -word, NOT word: exclude;  ( ... ) groups
  "a phrase"        words in this order (Japanese follows MeCab's words)
  tag:NAME  #NAME   notes with that tag (tag:"In-Context Learning"); -tag:NAME excludes
  date:2023  date:2023-07  date:2023-01..2023-06  date:..2021  date:2024..
  id:881  title:WORD  summary:WORD  comment:WORD
  quant*  title:quant*  the words starting with quant (the 100 most frequent; 2 characters at least)

An argument is an option only when it names one (--tag NLP, --tag=NLP, -o FILE); any other is a
query word, -overfitting included. After -- every argument is a query word.

Words also find their synonyms (dict/synonyms, or the file $NOTES_SEARCH_SYNONYMS names:
量子化 finds "quantized"), and a word naming a tag, in either language, lifts the notes with that
tag (量子化 -> #Quantization) without filtering. Excluded words and "quoted phrases" are taken as
written. A misspelt English or katakana word gets "Did you mean: ...?"; when no note matched, the correction
is run ("No note matched transfomer; showing transformer"). A --tag no note has fails with the
closest tags (exit 1); a tag:NAME no note has is named with them above the results. Model names match in
any spelling (GPT-4 = GPT4 = gpt 4; LLaMA also finds LLaMA2, lower); a word in kana finds the
kanji word it reads as (りょうしか -> 量子化, lower); two or three words rank higher near each other.
Your own synonym groups go in $XDG_CONFIG_HOME/notes-search/synonyms
(~/.config/notes-search/synonyms), added to the shipped ones.
  --like 881        the notes most like #881: its content words and tags (query words filter)
  --explain         how the query was understood: words, MeCab tokens, synonyms, tags, filters

notes-search show ID   one whole note: title, tags, date, link, the full summary and comment
                       (ID as 881 or #881; with --json or --format jsonl|tsv for tools). "show"
                       is a subcommand as the first word; notes-search -- show searches for it.
--format tsv: id, date, title, url, tags (comma-separated) a line, no header; \\ \t \n \r escaped.

Settings: ~/.config/notes-search/config.toml ($XDG_CONFIG_HOME), or --config FILE, holds lines
such as  db = "/home/me/notes-db"  limit = 10  sort = "newest"  (man notes-search: CONFIGURATION).
The command line wins, then $NOTES_SEARCH_DB, then the file.

notes-search serve: the live search page in a browser (notes-search serve --help); to search for
the word serve itself: notes-search -- serve)";

// The command line as given. Numbers are kept as written and checked in command_of(), so that a
// wrong one gets a message in plain words.
struct Options {
    std::vector<std::string> words, tags;
    std::string db, sort = "relevance", output, all_pages, author;
    std::string limit = "20", offset = "0", like, format, color = "auto", shard_timeout = "10";
    bool partial = false;
    bool json = false, html = false, standalone = false;
    bool show = false;  // `notes-search show ID`
    bool stats = false, list_tags = false, explain = false, exact = false;
    bool like_given = false;
    std::string config;                          // the config file read, "" for none
    bool limit_typed = true, sort_typed = true;  // given on the command line, not by the config
};

void add_options(CLI::App& app, Options& o) {
    app.add_option("query", o.words, "The query (see below)");
    app.add_option(
        "--db", o.db,
        "Index folder (default: $NOTES_SEARCH_DB, else db in the config file, else $XDG_DATA_HOME/notes-search/db)");
    app.add_option("--limit", o.limit, "Notes to show (0 to 100000)")->type_name("N")->capture_default_str();
    app.add_option("--offset", o.offset, "Notes to skip")->type_name("N")->capture_default_str();
    app.add_option("--tag", o.tags, "Only notes with this tag (repeatable)");
    app.add_option("--sort", o.sort, "relevance, newest or oldest");
    app.add_flag("--exact", o.exact,
                 "Count every match: an exact total and exact tag/year counts however many notes match (past "
                 "5,000 matches after the page they are estimated: \"About N notes\")");
    auto* like =
        app.add_option("--like", o.like, "The notes most like note ID (an issue number), best first")->type_name("ID");
    auto* explain =
        app.add_flag("--explain", o.explain, "Show how the query was understood (with --json: an \"explain\" object)");
    // One mode and one format: options that ask for two are refused, not ranked.
    auto* stats = app.add_flag("--stats", o.stats, "Print the index's size");
    auto* tags = app.add_flag("--tags", o.list_tags, "List every tag with its note count");
    auto* all_pages = app.add_option("--all-pages", o.all_pages, "Write every tag's page into this folder");
    for (auto* mode : {stats, tags, all_pages}) {
        mode->excludes(like)->excludes(explain);
        for (auto* other : {stats, tags, all_pages})
            if (other != mode) mode->excludes(other);
    }
    auto* json = app.add_flag("--json", o.json,
                              "Print JSON, as --format json (the contract: the README, docs/notes-search.schema.json)");
    auto* html =
        app.add_flag("--html", o.html,
                     "Write the results as a tag page in the site's markup (with --tag and no words: that tag's page)");
    auto* standalone =
        app.add_flag("--standalone", o.standalone, "Write the results as a complete HTML page to open in a browser");
    auto* format = app.add_option("--format", o.format,
                                  "text (the default), json (as --json), jsonl (one note a line) or tsv (one note a "
                                  "line: id, date, title, url, tags)")
                       ->check(CLI::IsMember({"text", "json", "jsonl", "tsv"}))
                       ->type_name("FORMAT");
    format->excludes(json)->excludes(html)->excludes(standalone);
    json->excludes(html)->excludes(standalone);
    html->excludes(standalone);
    app.add_option("--color", o.color,
                   "auto (the default: on a terminal, unless $NO_COLOR is set or $TERM is dumb), always (even into a "
                   "pipe; never into -o FILE) or never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->type_name("WHEN");
    app.add_option("-o,--output", o.output, "Write to this file (atomically) instead of standard output");
    app.add_flag("--partial", o.partial,
                 "An index of shards (a stub): answer from the shards that can be reached, naming the others "
                 "(on standard error; \"missing_shards\" in JSON)")
        ->configurable(false);  // the config file holds settings; these two are a run's choice
    app.add_option("--shard-timeout", o.shard_timeout,
                   "Seconds a remote shard has to connect and for each reply before it counts as down")
        ->type_name("SECONDS")
        ->capture_default_str()
        ->configurable(false);
    app.add_option("--author", o.author, "The author in a page's front matter (default: the indexed pages')");
    app.set_version_flag("--version", "notes-search " NOTES_VERSION);
    notes::add_config_option(app);
    // What a run asks for (its query, mode and format) is said on the command line; the config file
    // holds what stays the same from run to run (db, limit, sort, author, ...).
    for (auto* option : {app.get_option("query"), app.get_option("--offset"), app.get_option("--tag"), like, explain,
                         stats, tags, all_pages, json, html, standalone, format, app.get_option("--output"),
                         app.get_help_ptr(), app.get_option("--version")})
        option->configurable(false);
    // An option of one value given twice: the last one counts (--limit 3 --limit 4 shows 4).
    for (CLI::Option* option : app.get_options())
        if (option->get_items_expected_max() == 1) option->take_last();
}

// The arguments as CLI11 is to read them, in its reversed order: the options, each value joined
// to its option ("--offset=-1": a value is never taken for an option), then "--" and the query's
// words. An argument is an option only when it names one exactly (--tag NLP, --tag=NLP, -o FILE);
// CLI11 alone would read the query word -overfitting as "-o verfitting" and overwrite that file.
// Query words never start with "--", so an unknown --name is refused as a misspelt option.
// The first word, when it is `show` (before any "--"), is taken out and sets `show`.
std::vector<std::string> arranged(const CLI::App& app, int argc, char** argv, bool& show) {
    std::vector<std::string> options = notes::implied_arguments(), words;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--") {
            words.insert(words.end(), argv + i + 1, argv + argc);
            break;
        }
        const bool long_form = arg.starts_with("--");
        const std::string name = long_form ? arg.substr(0, arg.find('=')) : arg;
        const CLI::Option* option = arg.size() > 1 && arg[0] == '-' ? app.get_option_no_throw(name) : nullptr;
        if (option == nullptr && long_form)
            throw notes::UsageError("cannot use " + name + ": there is no such option; notes-search --help lists them");
        if (option == nullptr && words.empty() && !show && arg == notes::kShowWord) {
            show = true;
        } else if (option == nullptr) {
            words.push_back(arg);
        } else if (option->get_expected_max() == 0 || name != arg) {  // a flag, or --name=value
            options.push_back(arg);
        } else if (i + 1 == argc) {
            throw notes::UsageError("cannot use " + arg + ": a value must follow it");
        } else {
            options.push_back("--" + option->get_lnames().front() + "=" + argv[++i]);
        }
    }
    std::vector<std::string> args(words.rbegin(), words.rend());
    args.push_back("--");
    args.insert(args.end(), options.rbegin(), options.rend());
    return args;
}

// Whether the user's own arguments hold option `name` (--name VALUE or --name=VALUE).
bool typed(int argc, char** argv, std::string_view name) {
    for (int i = 1; i < argc && std::string_view(argv[i]) != "--"; ++i)
        if (std::string_view arg = argv[i]; arg == name || (arg.starts_with(name) && arg[name.size()] == '='))
            return true;
    return false;
}

// `text` as a whole number from `min` to `max`, else a UsageError saying what `option` takes and,
// when the config file gave it, naming the file.
std::int64_t number(const char* option, const std::string& text, std::int64_t min, std::int64_t max, const char* takes,
                    const std::string& from = "") {
    std::int64_t value = 0;
    const char* end = text.data() + text.size();
    const auto [at, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || at != end || value < min || value > max)
        throw notes::UsageError(std::string("cannot use ") + option + " " + text + from + ": give " + takes);
    return value;
}

// The query and the --tag names are compared with the index's text: they must be UTF-8.
void check_utf8(const std::string& what, const std::string& text) {
    if (std::size_t at = notes::find_invalid_utf8(text); at != std::string::npos)
        throw notes::UsageError("cannot " + what + ": it is not valid UTF-8 (at byte " + std::to_string(at + 1) +
                                "); set the terminal's locale to UTF-8");
}

notes::Format format_of(const Options& o) {
    if (o.format == "json" || o.json) return notes::Format::json;
    if (o.format == "jsonl") return notes::Format::jsonl;
    if (o.format == "tsv") return notes::Format::tsv;
    if (o.html) return notes::Format::html;
    if (o.standalone) return notes::Format::standalone;
    return notes::Format::text;
}

notes::ColorChoice color_of(const Options& o) {
    return o.color == "always"  ? notes::ColorChoice::always
           : o.color == "never" ? notes::ColorChoice::never
                                : notes::ColorChoice::automatic;
}

notes::Command command_of(const Options& o) {
    notes::Command c;
    if (o.show) {
        c.mode = notes::Mode::show;
        c.show = notes::show_id(o.words);
        return c;
    }
    for (const auto& w : o.words) c.request.query += (c.request.query.empty() ? "" : " ") + w;
    check_utf8("parse query", c.request.query);
    for (const auto& t : o.tags) check_utf8("use --tag " + t, t);
    c.request.filter_tags = o.tags;
    const std::string from_config = " (from " + o.config + ")";
    c.request.limit = number("--limit", o.limit, 0, kMaxLimit, "the number of notes to show, from 0 to 100000",
                             o.limit_typed ? "" : from_config);
    c.request.offset = number("--offset", o.offset, 0, kMaxOffset, "the number of notes to skip, 0 or more");
    if (o.sort != "relevance" && o.sort != "newest" && o.sort != "oldest")
        throw notes::UsageError("cannot use --sort " + notes::printable(o.sort) + (o.sort_typed ? "" : from_config) +
                                ": give relevance, newest or oldest");
    c.request.sort = o.sort == "newest"   ? notes::SortOrder::Newest
                     : o.sort == "oldest" ? notes::SortOrder::Oldest
                                          : notes::SortOrder::Relevance;
    c.request.explain = o.explain;
    c.request.exact = o.exact;
    if (o.like_given) c.like = number("--like", o.like, 1, INT64_MAX, "the id of a note, its issue number (1 or more)");
    c.author = o.author;
    c.pages_dir = o.all_pages;
    if (o.stats)
        c.mode = notes::Mode::stats;
    else if (o.list_tags)
        c.mode = notes::Mode::tag_list;
    else if (!o.all_pages.empty())
        c.mode = notes::Mode::all_pages;
    else if (o.explain)
        c.mode = notes::Mode::explain;
    else if (o.html && notes::is_tag_listing(c))
        c.mode = notes::Mode::tag_page;
    return c;
}

// All of `text` on standard output. A write that fails (a full disk, /dev/full, a closed
// standard output) is an error: a script must not take a truncated JSON for a success.
void write_stdout(std::string_view text, const char* what = "the results") {
    while (!text.empty()) {
        const ssize_t n = ::write(STDOUT_FILENO, text.data(), text.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0)
            throw std::runtime_error(std::string("cannot write ") + what +
                                     " to standard output: " + std::strerror(errno));
        text.remove_prefix(static_cast<std::size_t>(n));
    }
}

// Standard output, or the -o file replaced whole once everything is written.
int run(const Options& o) {
    const notes::Command command = command_of(o);
    const auto printer =
        notes::make_printer(format_of(o), o.output.empty() ? notes::stdout_console(color_of(o)) : notes::Console{});
    notes::check_printable(command.mode, *printer);  // before the index is opened
    notes::Analyzer analyzer;
    notes::SearcherOptions searcher_options;
    searcher_options.partial = o.partial;
    searcher_options.shard_timeout =
        std::chrono::seconds(number("--shard-timeout", o.shard_timeout, 1, 3600, "the seconds, from 1 to 3600"));
    notes::Searcher searcher(notes::resolve_db_path(o.db), analyzer, searcher_options);
    const std::string text = notes::run_command(command, searcher, *printer);
    // Said on standard error whatever the format, so that the answer's own shape is unchanged.
    if (std::vector<std::string> missing = searcher.missing_shards(); !missing.empty()) {
        std::string names;
        for (const auto& m : missing) names += (names.empty() ? "" : ", ") + m;
        std::cerr << "notes-search: "
                  << notes::printable("partial answer: shard" + std::string(missing.size() > 1 ? "s " : " ") + names +
                                      " could not be reached")
                  << "\n";
    }
    if (o.output.empty())
        write_stdout(text);
    else
        notes::write_file_atomically(o.output, text);
    notes::exit_at_once(kOk);  // the searcher, MeCab and the heap are left to the system to drop
    return kOk;
}

// One line on standard error, named; what came from notes or files shown with no control character.
int fail(std::string_view message, int code) {
    std::string line = notes::printable(message);
    std::replace(line.begin(), line.end(), '\n', ' ');
    std::cerr << "notes-search: " << line << "\n";
    return code;
}

// CLI11's own messages (--stats excludes --tags), on one line; --help and --version on standard output.
int parse_failed(const CLI::App& app, const CLI::ParseError& e) {
    if (std::string problem = notes::config_problem(app, e); !problem.empty()) return fail(problem, kUsage);
    std::ostringstream out, err;
    const int code = app.exit(e, out, err);
    write_stdout(out.str(), "the help");
    if (code == 0) return kOk;
    std::string message = err.str();
    while (!message.empty() && message.back() == '\n') message.pop_back();
    return fail(message + "; notes-search --help lists the options", kUsage);
}

// `notes-search serve ...` is notes-search-serve, installed beside this program, run in its place
// (serve_main.cc says why); its own messages name "notes-search serve".
int exec_serve(int argc, char** argv) {
    std::error_code ec;
    std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) self = argv[0];
    std::string exe = (self.parent_path() / "notes-search-serve").string();
    std::vector<char*> args(argv + 1, argv + argc);
    args[0] = exe.data();
    args.push_back(nullptr);
    ::execv(exe.c_str(), args.data());
    return fail(
        "cannot start notes-search serve: cannot run " + exe + ": " + std::strerror(errno) + "; reinstall notes-search",
        kError);
}

}  // namespace

int main(int argc, char** argv) try {
    if (argc > 1 && argv[1] == std::string_view("serve")) return exec_serve(argc, argv);
    notes::start_heap_on_huge_page();  // a query's process is short: its heap's pages are its start-up
    CLI::App app{"notes-search: search your paper notes", "notes-search"};
    app.footer(kQuerySyntax);
    app.failure_message([](const CLI::App*, const CLI::Error& e) { return std::string(e.what()); });
    Options options;
    add_options(app, options);
    try {
        std::vector<std::string> args = arranged(app, argc, argv, options.show);
        app.parse(args);
        options.like_given = app.count("--like") > 0;
        options.config = notes::config_in_use(app);
        options.limit_typed = typed(argc, argv, "--limit");
        options.sort_typed = typed(argc, argv, "--sort");
        if (options.show) notes::check_show_options(app);
    } catch (const CLI::ParseError& e) {
        return parse_failed(app, e);
    }
    return run(options);
} catch (const notes::UsageError& e) {
    return fail(e.what(), kUsage);
} catch (const notes::QueryError& e) {
    return fail(e.what(), kUsage);
} catch (const notes::IndexError& e) {
    return fail(e.what(), kError);
} catch (const notes::SynonymsError& e) {
    return fail(e.what(), kError);
} catch (const std::bad_alloc&) {
    return fail("cannot run the search: out of memory", kError);
} catch (const std::exception& e) {  // files that cannot be written, a tag no note has
    return fail(e.what(), kError);
} catch (const Xapian::Error& e) {  // the library converts them; a last guard against an abort
    return fail(e.get_description(), kError);
} catch (...) {
    return fail("cannot run the search: an unknown error", kError);
}
