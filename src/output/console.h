// console.h — what standard output is: whether to colour, and how wide a terminal it is.
#pragma once

#include <cstddef>

namespace notes {

struct Console {
    bool color = false;       // ANSI colours
    std::size_t columns = 0;  // the terminal's width; 0: not a terminal (a pipe, a file)
    // The width a whole note (`show`) is folded to: the terminal's; in a pipe $COLUMNS when it is
    // set (fzf sets it to its preview window's width), else 80.
    std::size_t wrap = 80;
};

// --color: auto colours a terminal unless $NO_COLOR is set and not empty or $TERM is "dumb";
// always colours standard output whatever it is (a pipe to `less -R`, fzf's preview); never.
enum class ColorChoice { automatic, always, never };

// Standard output's console. A file written with -o is never coloured: it takes Console{}.
Console stdout_console(ColorChoice choice = ColorChoice::automatic);

}  // namespace notes
