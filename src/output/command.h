// command.h — one notes-search run: the mode asked for, carried out on the index through a Printer.
#pragma once

#include <cstdint>
#include <string>

#include "printer.h"
#include "searcher.h"

namespace notes {

struct Command {
    Mode mode = Mode::search;
    SearchRequest request;  // the words, --tag, --limit, --offset, --sort, --explain
    std::int64_t like = 0;  // --like: the source note's id; 0: none
    std::string author;     // --author: the pages' author instead of the indexed pages'
    std::string pages_dir;  // --all-pages: the folder to write every tag's page into
    std::int64_t show = 0;  // show: the note's id
};

// A query of one --tag and no words, not --like: a tag's listing, which page formats show as that
// tag's own page.
bool is_tag_listing(const Command& command);

// What `command` writes, in the printer's format. Throws UsageError when the format cannot show the
// mode, QueryError for a query that cannot be run, IndexError and std::runtime_error otherwise (for
// show, "cannot show note #ID: it is not in the index").
// --all-pages writes the pages itself; what it returns is the line saying so.
std::string run_command(const Command& command, const Searcher& searcher, const Printer& printer);

}  // namespace notes
