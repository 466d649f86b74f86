// standalone_page.cc — the results as a complete HTML5 page to open from disk.
#include "standalone_page.h"

#include "highlighter.h"
#include "html_escape.h"
#include "note_markup.h"
#include "printer.h"
#include "standalone_assets.h"

namespace notes {

namespace {

// The <header>: heading, query and count, and the tag facets as chips.
void append_header(std::string& out, const StandalonePage& p) {
    const PageSpec& spec = p.page;
    out += "<header class=\"results\">\n";
    out += "<h1>" + one_line(spec.heading) + "</h1>\n";

    out += "<p class=\"summary-line\">";
    if (!p.query.empty()) out += "検索語 <span class=\"query\">" + one_line(p.query) + "</span> ・ ";
    out += "<span class=\"count\">" +
           (p.exact ? std::to_string(p.total) : "約 " + approximate(static_cast<std::size_t>(p.total))) + "件</span>";
    const auto shown = static_cast<std::int64_t>(spec.notes.size());
    if (shown < p.total) out += "（うち " + std::to_string(shown) + " 件を表示）";
    out += "</p>\n";
    if (!p.typed.empty())
        out += "<p class=\"correction\">「" + one_line(p.typed) + "」に一致するメモはありません。「" +
               one_line(p.query) + "」の結果を表示しています。</p>\n";

    if (!p.facets.empty()) {
        out += "<ul class=\"facets\">\n";
        for (const auto& [tag, count] : p.facets) {
            out += "<li class=\"chip\"><span class=\"chip-tag\">#";
            append_escaped(out, tag);
            out += "</span><span class=\"chip-count\">" + std::to_string(count) + "</span></li>\n";
        }
        out += "</ul>\n";
    }
    out += "</header>\n";
}

// The <main>: the notes, matched words marked, or a line saying there are none.
void append_main(std::string& out, const StandalonePage& p) {
    const PageSpec& spec = p.page;
    out += "<main>\n";
    if (spec.notes.empty()) {
        out += "<p class=\"empty\">該当するメモはありません。</p>\n";
    } else {
        const Highlighter highlighter(p.highlight_terms);
        const NoteStyle style{.own_tag = spec.own_tag,
                              .labels = spec.snippet_labels,
                              .buttons = TagButtons::chips,
                              .highlighter = &highlighter};
        const std::size_t rest = spec.notes.size() > kVisibleNotes ? spec.notes.size() - kVisibleNotes : 0;
        const Layout layout{
            .wrap_notes = true,
            .more_button = "<button class=\"more-button\" onclick=\"showMore(0)\">more <span class=\"more-count\">+" +
                           std::to_string(rest) + "</span></button>\n",
            .hide_button =
                "<button class=\"hide-button\" onclick=\"hideContent(0)\" style=\"display: none;\">hide</button>\n",
        };
        append_notes(out, spec.notes, style, layout);
    }
    out += "</main>\n";
}

}  // namespace

std::string render_standalone(const StandalonePage& p) {
    const PageSpec& spec = p.page;
    std::string out;
    out += "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n";
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    if (!spec.author.empty()) out += "<meta name=\"author\" content=\"" + one_line(spec.author) + "\">\n";
    out += "<title>" + one_line(spec.title) + "</title>\n";
    out += "<style>";
    out += kStandaloneCss;
    out += "</style>\n</head>\n<body>\n<div class=\"page\">\n";
    append_header(out, p);
    append_main(out, p);
    if (!spec.author.empty()) out += "<footer>" + one_line(spec.author) + "</footer>\n";
    out += "</div>\n<script>";
    out += kStandaloneScript;
    out += "</script>\n</body>\n</html>\n";
    return out;
}

}  // namespace notes
