// tag_page.h — reading one Jekyll tag page (front matter, heading, notes) into notes.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "note.h"
#include "published_page.h"

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

// Throws PageError when `content` is not a tag page; invalid UTF-8 is an error too.
TagPage parse_tag_page(std::string_view content);
// How the page is given to gumbo. Every choice reads a page the same; the defaults are the
// fastest, the others are there for the tests that prove it.
constexpr std::size_t kPagePieceBytes = std::size_t{1} << 20;
struct PageReading {
    // The markup in pieces of about this many bytes, cut only where that reads the same (see
    // tag_page.cc): a page of 100K notes whole would take gigabytes of gumbo's tree.
    std::size_t piece_bytes = kPagePieceBytes;
    // The texts of title and snippet lines that gumbo would return unchanged kept out of its
    // input (they are most of a page's bytes).
    bool texts_aside = true;
};
TagPage parse_tag_page(std::string_view content, const PageReading& how);

}  // namespace notes
