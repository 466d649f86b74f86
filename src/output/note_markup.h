// note_markup.h — a note, and a list of notes with its more/hide buttons, as both pages write them.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "html_page.h"
#include "note.h"

namespace notes {

class Highlighter;

inline constexpr std::size_t kVisibleNotes = 3;  // the site shows three notes before "more"

enum class TagButtons { links, chips };  // links to the tag pages (site), or plain chips (disk)

struct NoteStyle {
    std::string_view own_tag;
    SnippetLabels labels = SnippetLabels::shown;
    TagButtons buttons = TagButtons::links;
    const Highlighter* highlighter = nullptr;  // none on tag pages
    // When set, each tag button is a link to the address it gives for the tag, instead of
    // `buttons` (the live page's links that filter by the tag). Not HTML-escaped.
    std::function<std::string(std::string_view tag)> tag_link = nullptr;
};

// The visible/hidden structure shared by both kinds of page. `wrap_notes` puts each note in a
// <div class="note"> (standalone page); the site writes notes back to back.
struct Layout {
    bool wrap_notes = false;
    std::string more_button;  // written between the two containers
    std::string hide_button;  // written at the end of the hidden container
};

// A note's tag buttons, date, title link, snippets and images (the NOTE of html_page.h).
void append_note(std::string& out, const Note& note, const NoteStyle& style);

// The first kVisibleNotes notes, then, only when there are more, the rest behind the buttons.
void append_notes(std::string& out, const std::vector<Note>& notes, const NoteStyle& style, const Layout& layout);

}  // namespace notes
