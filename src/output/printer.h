// printer.h — the one interface every output format implements, one file per format (after
// notmuch's sprinter): notes-search carries out one mode and writes it through one Printer.
//
// Adding a format: a new <format>_printer.cc with a class implementing Printer and its
// make_<format>_printer(), a Format value, and a line in make_printer() (printer.cc).
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "console.h"
#include "html_page.h"
#include "results.h"
#include "searcher.h"

namespace notes {

// What one run shows. search: ranked notes (also --like); explain: the same with how the query was
// understood first; tag_list: --tags; stats: --stats; tag_page: a tag's own page (--html --tag X,
// no words); all_pages: --all-pages, the line saying what was written; show: one whole note
// (`notes-search show ID`).
enum class Mode { search, explain, tag_list, stats, tag_page, all_pages, show };

// --format text|json|jsonl|tsv (--json is json), --html, --standalone.
enum class Format { text, json, jsonl, tsv, html, standalone };

// A command line that asks for something notes-search cannot do (exit 2).
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The option that asks for `mode` ("--stats"), for messages.
std::string_view mode_option(Mode mode);
// An estimated count as shown after "about" / "約": two significant digits (283688 -> 280000).
std::string approximate(std::size_t n);

class Printer {
  public:
    virtual ~Printer() = default;

    // The option that chooses this format ("--json"), for messages.
    virtual std::string_view option() const = 0;
    // Whether the format can show `mode`; the other methods are called only for those.
    virtual bool prints(Mode mode) const = 0;
    // Pages need Results::author and Results::listing filled (they cost the index a look-up).
    virtual bool writes_pages() const { return false; }
    // The snippets' width in terminal columns; 0: the searcher's default.
    virtual std::size_t snippet_columns() const { return 0; }

    // Modes search and explain (the explanation is in results.found when asked for).
    virtual std::string results(const Results& results) const = 0;
    // Each method below refuses with a UsageError unless the format overrides it.
    virtual std::string tag_list(const std::vector<FacetCount>& tags) const;
    virtual std::string stats(const IndexStats& stats) const;
    virtual std::string tag_page(const PageSpec& page) const;
    virtual std::string pages_written(std::size_t count, const std::string& dir) const;
    virtual std::string note(const Note& note) const;

  protected:
    [[noreturn]] void refuse(Mode mode) const;
};

// Throws UsageError, "--stats cannot be written as --html", unless `printer` shows `mode`.
void check_printable(Mode mode, const Printer& printer);

// The printer of `format`; `console` is standard output's, or Console{} when writing to a file.
std::unique_ptr<Printer> make_printer(Format format, const Console& console);

// The formats, each in its own file.
std::unique_ptr<Printer> make_text_printer(const Console& console);  // text_printer.cc
std::unique_ptr<Printer> make_json_printer();                        // json_printer.cc
std::unique_ptr<Printer> make_jsonl_printer();                       // jsonl_printer.cc
std::unique_ptr<Printer> make_tsv_printer();                         // tsv_printer.cc
std::unique_ptr<Printer> make_html_printer();                        // html_printer.cc
std::unique_ptr<Printer> make_standalone_printer();                  // standalone_printer.cc

}  // namespace notes
