// notes-search — searches the index: ranked notes, snippets and tag facets, as text, JSON or pages.
#include <CLI/CLI.hpp>

#include <iostream>

#include "command.h"
#include "files.h"
#include "paths.h"
#include "printer.h"

namespace {

constexpr int kOk = 0, kError = 1, kUsage = 2;

const char* kQuerySyntax = R"(Query syntax:
  words             all required (LoRA 量子化); if no note has them all, the best partial matches
  A OR B            either;  -word, NOT word: exclude;  ( ... ) groups
  "a phrase"        words in this order (Japanese follows MeCab's words)
  tag:NAME  #NAME   notes with that tag (tag:"In-Context Learning"); -tag:NAME excludes
  date:2023  date:2023-07  date:2023-01..2023-06  date:..2021  date:2024..
  id:881  title:WORD  summary:WORD  comment:WORD

Words also find their synonyms (dict/synonyms, or the file $NOTES_SEARCH_SYNONYMS names:
量子化 finds "quantized"), and a word naming a tag, in either language, lifts the notes with that
tag (量子化 -> #Quantization) without filtering. Excluded words and "quoted phrases" are taken as
written. A misspelt English word gets "Did you mean: ...?".
  --like 881        the notes most like #881: its content words and tags (query words filter)
  --explain         how the query was understood: words, MeCab tokens, synonyms, tags, filters)";

// The command line as given.
struct Options {
    std::vector<std::string> words, tags;
    std::string db, sort = "relevance", output, all_pages, author;
    bool json = false, html = false, standalone = false;
    bool stats = false, list_tags = false, explain = false;
    std::int64_t like = 0;
    std::size_t limit = 20, offset = 0;
};

void add_options(CLI::App& app, Options& o) {
    app.add_option("query", o.words, "The query (see below)");
    app.add_option("--db", o.db, "Index folder (default: $NOTES_SEARCH_DB, else $XDG_DATA_HOME/notes-search/db)");
    app.add_option("--limit", o.limit, "Notes to show")->default_val(20)->check(CLI::Range(0, 100000));
    app.add_option("--offset", o.offset, "Notes to skip")->default_val(0);
    app.add_option("--tag", o.tags, "Only notes with this tag (repeatable)");
    app.add_option("--sort", o.sort, "relevance, newest or oldest")
        ->check(CLI::IsMember({"relevance", "newest", "oldest"}));
    auto* like = app.add_option("--like", o.like, "The notes most like note ID (an issue number), best first")
                     ->check(CLI::PositiveNumber);
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
    auto* json = app.add_flag("--json", o.json, "Print JSON (the contract is in the README)");
    auto* html =
        app.add_flag("--html", o.html,
                     "Write the results as a tag page in the site's markup (with --tag and no words: that tag's page)");
    auto* standalone =
        app.add_flag("--standalone", o.standalone, "Write the results as a complete HTML page to open in a browser");
    json->excludes(html)->excludes(standalone);
    html->excludes(standalone);
    app.add_option("-o,--output", o.output, "Write to this file (atomically) instead of standard output");
    app.add_option("--author", o.author, "The author in a page's front matter (default: the indexed pages')");
    app.set_version_flag("--version", "notes-search " NOTES_VERSION);
}

notes::Format format_of(const Options& o) {
    if (o.json) return notes::Format::json;
    if (o.html) return notes::Format::html;
    if (o.standalone) return notes::Format::standalone;
    return notes::Format::text;
}

notes::Command command_of(const Options& o) {
    notes::Command c;
    for (const auto& w : o.words) c.request.query += (c.request.query.empty() ? "" : " ") + w;
    c.request.filter_tags = o.tags;
    c.request.limit = o.limit;
    c.request.offset = o.offset;
    c.request.sort = o.sort == "newest"   ? notes::SortOrder::Newest
                     : o.sort == "oldest" ? notes::SortOrder::Oldest
                                          : notes::SortOrder::Relevance;
    c.request.explain = o.explain;
    c.like = o.like;
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

int fail(const char* message, int code) {
    std::cerr << "notes-search: " << message << "\n";
    return code;
}

// Standard output, or the -o file replaced whole once everything is written.
int run(const Options& o) try {
    const notes::Command command = command_of(o);
    const auto printer =
        notes::make_printer(format_of(o), o.output.empty() ? notes::stdout_console() : notes::Console{});
    notes::check_printable(command.mode, *printer);  // before the index is opened
    notes::Analyzer analyzer;
    notes::Searcher searcher(notes::resolve_db_path(o.db), analyzer);
    const std::string text = notes::run_command(command, searcher, *printer);
    if (o.output.empty())
        std::cout << text;
    else
        notes::write_file_atomically(o.output, text);
    return kOk;
} catch (const notes::UsageError& e) {
    return fail(e.what(), kUsage);
} catch (const notes::QueryError& e) {
    return fail(e.what(), kUsage);
} catch (const std::exception& e) {  // IndexError, SynonymsError, files that cannot be written
    return fail(e.what(), kError);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"notes-search: search your paper notes"};
    app.footer(kQuerySyntax);
    app.failure_message(
        [](const CLI::App* a, const CLI::Error& e) { return "notes-search: " + CLI::FailureMessage::simple(a, e); });
    Options options;
    add_options(app, options);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? kOk : kUsage;
    }
    return run(options);
}
