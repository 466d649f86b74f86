// html_text.h — HTML (an issue body as GitHub renders it) read as plain text and its images.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "note.h"

namespace notes {

// Gumbo needs memory quadratic in the nesting depth, and the readers recurse once per level: HTML
// nested deeper than this is not given to gumbo.
constexpr int kMaxHtmlNesting = 512;

// The deepest nesting of elements in `html`, counted from its tags alone (void elements and
// self-closing tags do not nest), without parsing it. `start_depth`: the depth already open where
// `html` begins, when it is one piece of a longer text.
int html_nesting_depth(std::string_view html, int start_depth = 0);

// The text a reader sees in `html`, with its line structure: a block element (paragraph, heading,
// list item, quote, table row, code block) starts a line, and a blank line stands where the
// elements' data-sourcepos attributes (cmark's) say that the source had one; a list item leads
// with "- " or its number, indented two spaces a level; a table row is "| a | b |" (empty cells
// left out); a footnote reference is "[1]" and its back-link goes; a code block keeps its text as
// it is; <br> breaks the line. Comments and images leave no text; the images with an http(s) src
// are appended to `images` (once per src), when it is given. Lines are not yet trimmed (see
// markdown_to_text). Nesting deeper than kMaxHtmlNesting must be refused by the caller.
std::string html_to_text(std::string_view html, std::vector<Image>* images);

}  // namespace notes
