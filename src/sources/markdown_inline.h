// markdown_inline.h — the inline Markdown of one line reduced to text (markdown.cc does the blocks).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "note.h"

namespace notes {

// What the inline reduction of one line leaves for the lines after it.
struct InlineContext {
    std::vector<Image>* images = nullptr;  // where http(s) images go, once per src, when given
    // An HTML comment opened and not closed on its line: the block reader skips lines up to its
    // "-->" and then clears this.
    bool in_comment = false;
};

// One line (or a block's content on it), which holds no line break, with its code spans, links,
// images, autolinks, HTML tags and comments, entities, backslash escapes and emphasis reduced as
// markdown_to_text says. A <br> becomes "\n".
std::string reduce_inline(std::string_view line, InlineContext& context);

}  // namespace notes
