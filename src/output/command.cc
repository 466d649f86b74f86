// command.cc — from a Command to the text to write: search, list, count or make pages, then print.
#include "command.h"

#include <algorithm>

#include "site.h"

namespace notes {

namespace {

Results search(const Command& command, const Searcher& searcher, const Printer& printer) {
    SearchRequest request = command.request;
    if (std::size_t columns = printer.snippet_columns(); columns > 0) request.snippet_columns = columns;
    request.mark_words = printer.writes_pages();
    Results results;
    results.found = command.like > 0 ? searcher.like(command.like, request) : searcher.search(request);
    results.offset = request.offset;
    results.filter_tags = request.filter_tags;
    if (printer.writes_pages()) {
        results.author = command.author.empty() ? searcher.stats().author : command.author;
        if (is_tag_listing(command)) {
            results.listing = tag_page(searcher, request.filter_tags.front(), results.author);
            results.listing->notes.resize(std::min(results.listing->notes.size(), request.limit));
        }
    }
    return results;
}

}  // namespace

bool is_tag_listing(const Command& command) {
    const SearchRequest& r = command.request;
    return command.like == 0 && r.filter_tags.size() == 1 && r.query.find_first_not_of(" \t") == std::string::npos;
}

std::string run_command(const Command& command, const Searcher& searcher, const Printer& printer) {
    check_printable(command.mode, printer);
    switch (command.mode) {
        case Mode::stats: return printer.stats(searcher.stats());
        case Mode::tag_list: return printer.tag_list(searcher.all_tags());
        case Mode::all_pages:
            return printer.pages_written(write_all_pages(searcher, command.pages_dir, command.author),
                                         command.pages_dir);
        case Mode::tag_page:
            return printer.tag_page(tag_page(searcher, command.request.filter_tags.front(), command.author));
        case Mode::show: {
            std::optional<Note> note = searcher.note(command.show);
            // Not a usage error (exit 2): the id is well formed, the index just has no such note.
            if (!note)
                throw std::runtime_error("cannot show note #" + std::to_string(command.show) +
                                         ": it is not in the index");
            return printer.note(*note);
        }
        case Mode::search:
        case Mode::explain: break;
    }
    return printer.results(search(command, searcher, printer));
}

}  // namespace notes
