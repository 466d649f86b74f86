// note_markup.cc — the markup of one note and of the visible and hidden lists of notes.
#include "note_markup.h"

#include <algorithm>

#include "highlighter.h"
#include "html_escape.h"

namespace notes {

namespace {

void append_text(std::string& out, std::string_view text, const NoteStyle& style) {
    if (style.highlighter != nullptr)
        style.highlighter->append(out, text);
    else
        append_escaped(out, text);
}

void append_snippet(std::string& out, std::string_view label, std::string_view text, const NoteStyle& style) {
    out += "<span class=\"snippet\">";
    if (style.labels == SnippetLabels::shown) {
        out += "<span>";
        out += label;
        out += "</span>";
    }
    append_text(out, text, style);
    out += "</span>\n";
}

void append_tag_buttons(std::string& out, const Note& note, const NoteStyle& style) {
    std::vector<std::string_view> shown;
    for (const auto& tag : note.tags) {
        if (tag.empty() || tag == style.own_tag) continue;
        if (std::find(shown.begin(), shown.end(), tag) != shown.end()) continue;
        shown.push_back(tag);
        if (style.tag_link || style.buttons == TagButtons::links) {
            out += "<a class=\"button\" href=\"";
            append_escaped(out, style.tag_link ? style.tag_link(tag) : tag_href(tag));
            out += "\">#";
            append_escaped(out, tag);
            out += "</a>";
        } else {
            out += "<span class=\"button\">#";
            append_escaped(out, tag);
            out += "</span>";
        }
    }
}

}  // namespace

void append_note(std::string& out, const Note& note, const NoteStyle& style) {
    append_tag_buttons(out, note, style);
    out += "<br><span class=\"issue_date\">Issue Date: ";
    append_escaped(out, note.date);
    out += "</span>\n";

    if (is_web_url(note.url)) {
        out += "<a href=\"";
        append_escaped(out, note.url);
        out += "\">";
    } else {
        out += "<a>";
    }
    append_text(out, note.title, style);
    out += "</a>\n";

    if (!note.summary.empty()) append_snippet(out, "Summary", note.summary, style);
    if (!note.comment.empty()) append_snippet(out, "Comment", note.comment, style);

    for (const auto& image : note.images) {
        if (!is_web_url(image.src)) continue;
        out += "<img src=\"";
        append_escaped(out, image.src);
        out += "\" alt=\"";
        append_escaped(out, image.alt);
        out += "\">";
    }
}

void append_notes(std::string& out, const std::vector<Note>& notes, const NoteStyle& style, const Layout& layout) {
    auto append_one = [&](const Note& note) {
        if (layout.wrap_notes) out += "<div class=\"note\">\n";
        append_note(out, note, style);
        if (layout.wrap_notes) {
            if (!out.empty() && out.back() != '\n') out += '\n';
            out += "</div>\n";
        }
    };
    out += "<div class=\"visible-content\">\n";
    for (std::size_t i = 0; i < notes.size() && i < kVisibleNotes; ++i) append_one(notes[i]);
    out += "</div>\n";
    if (notes.size() <= kVisibleNotes) return;
    out += layout.more_button;
    out += "\n<div class=\"hidden-content\">\n";
    for (std::size_t i = kVisibleNotes; i < notes.size(); ++i) append_one(notes[i]);
    out += layout.hide_button;
    out += "</div>\n";
}

}  // namespace notes
