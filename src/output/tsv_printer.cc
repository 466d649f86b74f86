// tsv_printer.cc — --format tsv: one line a note, tab-separated, for cut, awk, sort and fzf.
#include "printable.h"
#include "printer.h"

namespace notes {

namespace {

// A field that cannot break its line or its neighbours: a backslash, tab, newline and carriage
// return are written \\, \t, \n and \r, then any other control character or byte that is not
// UTF-8 \xHH, as printable() shows them on a terminal. Backslashes first, so that each escape
// reads back one way.
std::string field(std::string_view text) {
    std::string escaped;
    escaped.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '\\': escaped += "\\\\"; break;
            case '\t': escaped += "\\t"; break;
            case '\n': escaped += "\\n"; break;
            case '\r': escaped += "\\r"; break;
            default: escaped += c;
        }
    }
    return printable(escaped);
}

// The tags joined by commas; a comma inside a tag's name (none of the site's has one) is written \,.
std::string tags_field(const std::vector<std::string>& tags) {
    std::string out;
    for (const auto& tag : tags) {
        if (!out.empty()) out += ',';
        for (char c : field(tag)) out += c == ',' ? std::string("\\,") : std::string(1, c);
    }
    return out;
}

// id, date, title, url, tags; no header line. An unknown date is an empty field.
std::string note_line(const Note& n) {
    return std::to_string(n.id) + '\t' + field(n.date) + '\t' + field(n.title) + '\t' + field(n.url) + '\t' +
           tags_field(n.tags) + '\n';
}

class TsvPrinter final : public Printer {
  public:
    std::string_view option() const override { return "--format tsv"; }
    bool prints(Mode mode) const override {
        return mode == Mode::search || mode == Mode::tag_list || mode == Mode::show;
    }

    std::string results(const Results& r) const override {
        std::string out;
        for (const Hit& h : r.found.hits) out += note_line(h.note);
        return out;
    }

    // tag, count: the tag names for a shell's completion are `cut -f1`.
    std::string tag_list(const std::vector<FacetCount>& tags) const override {
        std::string out;
        for (const auto& t : tags) out += field(t.name) + '\t' + std::to_string(t.count) + '\n';
        return out;
    }

    std::string note(const Note& note) const override { return note_line(note); }
};

}  // namespace

std::unique_ptr<Printer> make_tsv_printer() { return std::make_unique<TsvPrinter>(); }

}  // namespace notes
