// notes-search — searches the index: ranked notes, snippets and tag facets, as text or JSON.
#include <sys/ioctl.h>
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "analyzer.h"
#include "files.h"
#include "paths.h"
#include "render.h"
#include "searcher.h"
#include "site.h"

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

}  // namespace

int main(int argc, char** argv) try {
    CLI::App app{"notes-search: search your paper notes"};
    app.footer(kQuerySyntax);
    std::vector<std::string> words;
    std::string db, sort = "relevance";
    bool json = false, show_stats = false, list_tags = false, explain = false;
    std::int64_t like_id = 0;
    std::size_t limit = 20, offset = 0;
    std::vector<std::string> tags;
    bool html = false, standalone = false;
    std::string output, all_pages, author;
    app.add_option("query", words, "The query (see below)");
    app.add_option("--db", db, "Index folder (default: $NOTES_SEARCH_DB, else $XDG_DATA_HOME/notes-search/db)");
    app.add_flag("--json", json, "Print JSON (the contract is in the README)");
    app.add_option("--limit", limit, "Notes to show")->default_val(20)->check(CLI::Range(0, 100000));
    app.add_option("--offset", offset, "Notes to skip")->default_val(0);
    app.add_option("--tag", tags, "Only notes with this tag (repeatable)");
    app.add_option("--sort", sort, "relevance, newest or oldest")
        ->check(CLI::IsMember({"relevance", "newest", "oldest"}));
    app.add_flag("--stats", show_stats, "Print the index's size");
    app.add_flag("--tags", list_tags, "List every tag with its note count");
    app.add_option("--like", like_id, "The notes most like note ID (an issue number), best first")
        ->check(CLI::PositiveNumber);
    app.add_flag("--explain", explain, "Show how the query was understood (with --json: an \"explain\" object)");
    app.add_flag("--html", html,
                 "Write the results as a tag page in the site's markup (with --tag and no words: that tag's page)");
    app.add_flag("--standalone", standalone, "Write the results as a complete HTML page to open in a browser");
    app.add_option("-o,--output", output, "Write to this file (atomically) instead of standard output");
    app.add_option("--all-pages", all_pages, "Write every tag's page into this folder");
    app.add_option("--author", author, "The author in a page's front matter (default: the indexed pages')");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? kOk : kUsage;
    }
    db = notes::resolve_db_path(db);
    notes::Analyzer analyzer;
    notes::Searcher searcher(db, analyzer);

    if (show_stats) {
        auto s = searcher.stats();
        if (json)
            std::cout << nlohmann::json{{"notes", s.notes}, {"tags", s.tags}, {"db", s.db}, {"author", s.author}}.dump(
                             2)
                      << "\n";
        else
            std::cout << s.notes << " notes, " << s.tags << " tags in " << s.db << "\n";
        return kOk;
    }
    if (!all_pages.empty()) {
        std::size_t n = notes::write_all_pages(searcher, all_pages, author);
        std::cout << n << " tag pages written to " << all_pages << "\n";
        return kOk;
    }
    // Standard output, or the -o file replaced whole once everything is written.
    auto emit = [&](const std::string& text) {
        if (output.empty())
            std::cout << text;
        else
            notes::write_file_atomically(output, text);
    };
    if (list_tags) {
        auto all = searcher.all_tags();
        if (json)
            std::cout << notes::render_tags_json(all).dump(2) << "\n";
        else
            std::cout << notes::render_tags_text(all);
        return kOk;
    }

    notes::SearchRequest req;
    for (const auto& w : words) req.query += (req.query.empty() ? "" : " ") + w;
    bool blank = req.query.find_first_not_of(" \t") == std::string::npos;
    bool like = like_id > 0;
    if (html && !standalone && blank && tags.size() == 1 && !like) {  // a tag's own page
        emit(notes::render_tag_page(notes::tag_page(searcher, tags.front(), author)));
        return kOk;
    }
    req.filter_tags = tags;
    req.limit = limit;
    req.offset = offset;
    req.sort = sort == "newest"   ? notes::SortOrder::Newest
               : sort == "oldest" ? notes::SortOrder::Oldest
                                  : notes::SortOrder::Relevance;
    req.explain = explain;
    // On a terminal the snippet fills the line after its four-column indent and two ellipses, so
    // that it never wraps; elsewhere (JSON, pipes) the width is fixed, for stable output.
    std::size_t columns = 0;
    winsize ws{};
    if (!json && !html && !standalone && isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
        columns = ws.ws_col;
    if (columns > 0) req.snippet_columns = std::clamp<std::size_t>(columns, 46, 206) - 6;
    notes::SearchResult result;
    try {
        result = like ? searcher.like(like_id, req) : searcher.search(req);
    } catch (const notes::QueryError& e) {
        std::cerr << "notes-search: " << e.what() << "\n";
        return kUsage;
    }
    if (html || standalone) {
        std::string page_author = author.empty() ? searcher.stats().author : author;
        notes::PageSpec page;
        if (blank && tags.size() == 1 && !like) {
            page = notes::tag_page(searcher, tags.front(), page_author);
            page.notes.resize(std::min(page.notes.size(), limit));
        } else {
            if (like)
                result.query = "like #" + std::to_string(like_id) + (blank ? "" : " " + result.query);
            else if (blank)
                result.query = "#" + tags.front();
            page = notes::results_page(result, page_author);
        }
        emit(standalone ? notes::render_standalone(notes::standalone_page(result, std::move(page)))
                        : notes::render_tag_page(page));
    } else if (json) {
        emit(notes::render_json(result).dump(2) + "\n");
    } else {
        notes::TextOptions o;
        const char* no_color = std::getenv("NO_COLOR");
        o.color = isatty(STDOUT_FILENO) && !(no_color && *no_color);
        o.offset = offset;
        o.width = columns;
        emit(notes::render_text(result, o));
    }
    return kOk;
} catch (const notes::IndexError& e) {
    std::cerr << "notes-search: " << e.what() << "\n";
    return kError;
} catch (const std::exception& e) {
    std::cerr << "notes-search: " << e.what() << "\n";
    return kError;
}
