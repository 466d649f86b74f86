// jsonl_printer.cc — --format jsonl: JSON Lines, one object a line, for tools that read a line at a time.
#include "json_shapes.h"
#include "printer.h"

namespace notes {

namespace {

// Only what is a list: the results (each the object --json puts in "results", no version: a line is
// a note, not a document), the tags ({"name", "count"} each), and `show`'s note. What is one object
// (--stats, --explain, --all-pages) has --json.
class JsonlPrinter final : public Printer {
  public:
    std::string_view option() const override { return "--format jsonl"; }
    bool prints(Mode mode) const override {
        return mode == Mode::search || mode == Mode::tag_list || mode == Mode::show;
    }

    std::string results(const Results& r) const override {
        std::string out;
        for (const Hit& h : r.found.hits) out += dumped_line(hit_json(h));
        return out;
    }

    std::string tag_list(const std::vector<FacetCount>& tags) const override {
        std::string out;
        for (const auto& t : tags) out += dumped_line({{"name", t.name}, {"count", t.count}});
        return out;
    }

    std::string note(const Note& note) const override { return dumped_line(to_json(note)); }
};

}  // namespace

std::unique_ptr<Printer> make_jsonl_printer() { return std::make_unique<JsonlPrinter>(); }

}  // namespace notes
