// printer.cc — what a format does not override (a refusal), and the registry of formats.
#include "printer.h"

namespace notes {

std::string_view mode_option(Mode mode) {
    // Indexed by Mode's values, in their declaration order (printer.h).
    static constexpr std::string_view kOptions[] = {"a search",   "--explain",   "--tags", "--stats",
                                                    "a tag page", "--all-pages", "show"};
    return kOptions[static_cast<std::size_t>(mode)];
}

void check_printable(Mode mode, const Printer& printer) {
    if (!printer.prints(mode))
        throw UsageError(std::string(mode_option(mode)) + " cannot be written as " + std::string(printer.option()));
}

void Printer::refuse(Mode mode) const {
    check_printable(mode, *this);
    // A format that says it prints the mode but does not override its method.
    throw std::logic_error("cannot write " + std::string(mode_option(mode)) + ": " + std::string(option()) +
                           " does not implement it");
}

std::string Printer::tag_list(const std::vector<FacetCount>&) const { refuse(Mode::tag_list); }
std::string Printer::stats(const IndexStats&) const { refuse(Mode::stats); }
std::string Printer::tag_page(const PageSpec&) const { refuse(Mode::tag_page); }
std::string Printer::pages_written(std::size_t, const std::string&) const { refuse(Mode::all_pages); }
std::string Printer::note(const Note&) const { refuse(Mode::show); }

std::string approximate(std::size_t n) {
    std::size_t unit = 1;
    while (n / unit >= 100) unit *= 10;
    return std::to_string((n + unit / 2) / unit * unit);
}

std::unique_ptr<Printer> make_printer(Format format, const Console& console) {
    switch (format) {
        case Format::text: return make_text_printer(console);
        case Format::json: return make_json_printer();
        case Format::jsonl: return make_jsonl_printer();
        case Format::tsv: return make_tsv_printer();
        case Format::html: return make_html_printer();
        case Format::standalone: return make_standalone_printer();
    }
    throw std::logic_error("cannot make a printer: unknown format");
}

}  // namespace notes
