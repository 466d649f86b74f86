// wrap.h — text folded to a width in terminal columns, for reading a whole note (`show`).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace notes {

// Each line of `text` (valid UTF-8: pass it through printable() first) folded into lines of at
// most `width` columns, a Japanese character counting two: at the spaces between words, and
// between two Japanese characters or a Japanese character and a word — never before closing
// punctuation (、。」) or a small kana, nor after an opening bracket. A word wider than the line
// (a URL) stays whole on a line of its own, for the terminal to wrap: cut, it could not be copied. A folded line's
// continuations are indented as far as its text is: its leading spaces and a list marker ("- ", "* ", "1. "). Tabs
// count as four spaces, carriage returns are dropped, blank lines are kept, and no line ends with a space.
std::vector<std::string> wrap_lines(std::string_view text, std::size_t width);

}  // namespace notes
