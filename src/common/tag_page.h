// tag_page.h — reading one Jekyll tag page (front matter, heading, notes) into notes.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "note.h"

namespace notes {

// A page that cannot be read as a tag page at all (no front matter, no heading, no note).
struct PageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// One tag page as published: `title:` and `author:` from the front matter, the `## Tag` heading,
// and its notes in page order. Each note's `tags` are its buttons on this page (the site leaves
// the page's own tag out); summary/comment hold the snippet text as written (placeholders such as
// "No description ..." included: see is_placeholder()).
struct TagPage {
    std::string title;
    std::string author;
    std::string tag;
    std::vector<Note> notes;
    // The old generator wrote each snippet without its Summary/Comment label; a page is all one
    // way or the other, and is written back the same way.
    bool unlabeled_snippets = false;
    std::vector<std::string> warnings;  // recoverable oddities, e.g. a note without a date
};

// What notes-search needs to write a tag page back as it was published: kept per tag in the index.
struct PublishedPage {
    std::string tag;                  // the heading
    std::string title;
    std::string author;
    bool unlabeled_snippets = false;
    std::vector<std::int64_t> order;  // the notes' issue numbers in page order
};

// Throws PageError when `content` is not a tag page; invalid UTF-8 is an error too.
TagPage parse_tag_page(std::string_view content);

// "No description ..." and the like: text the generator writes when a note has none.
bool is_placeholder(std::string_view snippet_text);

}  // namespace notes
