// text_printer.cc — the format for a person: results, tags, stats and whole notes as terminal text.
#include <algorithm>
#include <cstdio>

#include "explain_format.h"
#include "normalize.h"
#include "printable.h"
#include "printer.h"
#include "wrap.h"

namespace notes {

namespace {

const char* kBold = "\x1b[1m";
const char* kDim = "\x1b[2m";
const char* kCyan = "\x1b[36m";
const char* kMark = "\x1b[1;33m";
const char* kReset = "\x1b[0m";

constexpr std::size_t kMaxFacets = 10;  // tags on the Tags: line

// Every text from the index goes through printable(): a note's title, tags or URL holding ESC or
// another control character must not reach the terminal raw (it could retitle the window).
std::string styled(const std::string& s, const char* style, bool color) {
    return color ? style + printable(s) + kReset : printable(s);
}

std::string snippet_text(const Snippet& s, bool color) {
    if (!color) return printable(s.text);
    const std::string_view text = s.text;
    std::string out;
    std::size_t at = 0;
    for (auto [b, e] : s.marks) {
        out += printable(text.substr(at, b - at));
        out += kMark;
        out += printable(text.substr(b, e - b));
        out += kReset;
        at = e;
    }
    out += printable(text.substr(at));
    return out;
}

class TextPrinter final : public Printer {
  public:
    explicit TextPrinter(const Console& console) : console_(console) {}

    std::string_view option() const override { return "text"; }
    bool prints(Mode mode) const override { return mode != Mode::tag_page; }

    // On a terminal the snippet fills the line after its four-column indent and two ellipses, so
    // that it never wraps; elsewhere (pipes, files) the width is fixed, for stable output.
    std::size_t snippet_columns() const override {
        return console_.columns > 0 ? std::clamp<std::size_t>(console_.columns, 46, 206) - 6 : 0;
    }

    std::string results(const Results& r) const override {
        const SearchResult& found = r.found;
        std::string out;
        if (found.explanation) out += printable(render_explain_text(*found.explanation)) + "\n";
        if (found.corrected)
            out += "No note matched " + printable(found.query) + "; showing " +
                   styled(found.suggestion, kBold, console_.color) + "\n";
        else if (!found.suggestion.empty())
            out += "Did you mean: " + styled(found.suggestion, kBold, console_.color) + "?\n";
        for (const UnknownTag& t : found.unknown_tags)
            out += "No note has the tag " + printable(t.name) + printable(closest_tags_hint(t.closest)) + "\n";
        if (!append_summary(out, r)) return out;
        std::size_t rank = r.offset;
        for (const Hit& h : found.hits) append_hit(out, h, ++rank);
        if (!found.tag_facets.empty()) append_tags_line(out, found.tag_facets, found.facets_exact);
        return out;
    }

    std::string tag_list(const std::vector<FacetCount>& tags) const override {
        std::string out;
        for (const auto& t : tags) {
            char num[24];
            std::snprintf(num, sizeof num, "%6lld  ", static_cast<long long>(t.count));
            out += num + printable(t.name) + "\n";
        }
        return out;
    }

    std::string stats(const IndexStats& s) const override {
        return std::to_string(s.notes) + " notes, " + std::to_string(s.tags) + " tags in " + printable(s.db) + "\n";
    }

    std::string pages_written(std::size_t count, const std::string& dir) const override {
        return std::to_string(count) + " tag pages written to " + printable(dir) + "\n";
    }

    // show: the heading a result has (#id, date, title, tags, link), then the summary, the comment
    // and the images whole, folded to the console's width.
    std::string note(const Note& n) const override {
        const bool color = console_.color;
        const std::string id = "#" + std::to_string(n.id), date = n.date.empty() ? "----------" : printable(n.date);
        const std::size_t before_title = display_columns(id + "  " + date + "  ");
        std::string out = styled(id, kCyan, color) + "  " + date;
        // The title beside the date when the line leaves it room, else below.
        const bool beside = wrap_width() >= before_title + 30;
        const auto title = wrap_lines(printable(n.title), beside ? wrap_width() - before_title : wrap_width());
        for (std::size_t i = 0; i < title.size(); ++i)
            out += (i > 0    ? "\n" + std::string(beside ? before_title : 0, ' ')
                    : beside ? "  "
                             : "\n") +
                   styled(title[i], kBold, color);
        out += "\n";
        std::string tags;
        for (const auto& t : n.tags) tags += (tags.empty() ? "#" : "  #") + printable(t);
        for (const auto& line : wrap_lines(tags, wrap_width()))
            if (!line.empty()) out += styled(line, kDim, color) + "\n";
        if (!n.url.empty()) out += styled(n.url, kDim, color) + "\n";
        append_section(out, "Summary", n.summary);
        append_section(out, "Comment", n.comment);
        std::string images;
        for (const auto& img : n.images)  // "image" is GitHub's alt for every pasted image: it says nothing
            images += img.src + (img.alt.empty() || img.alt == "image" ? "" : "  (" + img.alt + ")") + "\n";
        append_section(out, "Images", images);
        return out;
    }

  private:
    // Whole notes are folded to the console's width, though never to a sliver.
    std::size_t wrap_width() const { return std::max<std::size_t>(console_.wrap, 20); }

    // A heading and `text` below it, folded two columns in; nothing when `text` is empty.
    void append_section(std::string& out, const char* heading, const std::string& text) const {
        if (text.find_first_not_of(" \t\r\n") == std::string::npos) return;
        out += "\n" + styled(heading, kBold, console_.color) + "\n";
        std::vector<std::string> lines = wrap_lines(printable(text), wrap_width() - 2);
        while (!lines.empty() && lines.back().empty()) lines.pop_back();
        for (const auto& line : lines) out += (line.empty() ? "" : "  " + line) + "\n";
    }

    // The line saying how many notes match; false when none does (nothing else to write).
    static bool append_summary(std::string& out, const Results& r) {
        const SearchResult& found = r.found;
        const std::string& run = found.corrected ? found.suggestion : found.query;
        std::string q = run.empty() ? "the filter" : "\"" + printable(run) + "\"";
        std::string like = found.like ? "#" + std::to_string(found.like) + " " + printable(found.like_title) : "";
        if (found.total == 0) {
            out +=
                found.like ? "No other note shares words or tags with " + like + ".\n" : "No notes match " + q + ".\n";
            return false;
        }
        if (found.partial) out += "No note contains every word of " + q + "; showing the best partial matches.\n";
        if (found.like)
            out += "Notes like " + like + ", closest first: " + std::to_string(found.total) +
                   (found.total == 1 ? " note shares" : " notes share") + " words or tags with it";
        else if (!found.exact)
            out += "About " + approximate(found.total) + " notes match " + q;
        else
            out += std::to_string(found.total) + (found.total == 1 ? " note matches " : " notes match ") + q;
        if (!found.hits.empty() && (r.offset > 0 || found.hits.size() < found.total))
            out +=
                " (showing " + std::to_string(r.offset + 1) + "–" + std::to_string(r.offset + found.hits.size()) + ")";
        out += ".\n";
        return true;
    }

    void append_hit(std::string& out, const Hit& h, std::size_t rank) const {
        const bool color = console_.color;
        char num[16];
        std::snprintf(num, sizeof num, "%2zu. ", rank);
        out += "\n" + std::string(num) + styled("#" + std::to_string(h.note.id), kCyan, color) + "  " +
               (h.note.date.empty() ? "----------" : printable(h.note.date)) + "  " +
               styled(h.note.title, kBold, color) + "\n";
        if (!h.note.tags.empty()) {
            std::string tags;
            for (const auto& t : h.note.tags) tags += (tags.empty() ? "#" : "  #") + t;
            out += "    " + styled(tags, kDim, color) + "\n";
        }
        if (!h.snippet.text.empty()) out += "    " + snippet_text(h.snippet, color) + "\n";
        if (!h.note.url.empty()) out += "    " + styled(h.note.url, kDim, color) + "\n";
    }

    // On a terminal the list wraps between tags, never inside one, under the first.
    // Estimated counts (SearchResult::facets_exact) are rounded, and the line says so.
    void append_tags_line(std::string& out, const std::vector<FacetCount>& facets, bool exact) const {
        out += exact ? "\nTags:" : "\nTags (about):";
        std::size_t n = 0, column = exact ? 5 : 13;
        for (const auto& f : facets) {
            if (n++ == kMaxFacets) break;
            const auto count = static_cast<std::size_t>(f.count);
            std::string item = printable(f.name) + " (" + (exact ? std::to_string(count) : approximate(count)) + ")";
            std::size_t width = display_columns(item);
            std::size_t gap = n == 1 ? 1 : 3;                                                    // " " or " · "
            if (n > 1 && console_.columns > 0 && column + gap + width + 2 > console_.columns) {  // 2: room for " ·"
                out += " ·\n     ";
                column = 5;
                gap = 1;
            }
            out += (gap == 1 ? " " : " · ") + item;
            column += gap + width;
        }
        out += "\n";
    }

    Console console_;
};

}  // namespace

std::unique_ptr<Printer> make_text_printer(const Console& console) { return std::make_unique<TextPrinter>(console); }

}  // namespace notes
