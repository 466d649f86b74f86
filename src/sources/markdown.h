// markdown.h — issue bodies' Markdown reduced to plain text, their images set apart.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "note.h"

namespace notes {

// Markdown as GitHub shows it, reduced to plain text: cmark-gfm (GitHub's own parser, with its
// tables, strikethrough, autolinks, footnotes and reference links) renders it to HTML, and
// html_to_text (html_text.h) reads that back as text — so entities are decoded, raw HTML and
// comments go (<br> is a line break), links keep their text, and the line structure is the
// blocks': a blank line where the source had one between blocks, trailing blanks cut, blank
// lines collapsed. Images, ![alt](src) (inline or by reference) and <img src alt>, leave the
// text; those with an http(s) src are appended to `images` (once per src) when it is given. Code
// (fenced or in backticks) is kept verbatim. `markdown` must be valid UTF-8; so is the result.
std::string markdown_to_text(std::string_view markdown, std::vector<Image>* images = nullptr);

}  // namespace notes
