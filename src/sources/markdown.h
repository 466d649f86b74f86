// markdown.h — issue bodies' Markdown reduced to plain text, their images set apart.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "note.h"

namespace notes {

// Markdown as GitHub shows it, reduced to plain text with its line structure: "\r\n" and "\r"
// become "\n"; heading marks, emphasis (* _ ~), block quote marks, code fences and backticks,
// thematic breaks and table rules go; [text](url) and [text][ref] become text, <https://...>
// its URL; HTML tags and comments go (<br> is a line break); the common entities are decoded.
// Images, ![alt](src) and <img src alt>, leave the text; those with an http(s) src are appended to
// `images` (once per src) when it is given. Blank lines are collapsed to one, trailing blanks cut.
// Code (fenced or in backticks) is kept verbatim. `markdown` must be valid UTF-8; so is the result.
std::string markdown_to_text(std::string_view markdown, std::vector<Image>* images = nullptr);

}  // namespace notes
