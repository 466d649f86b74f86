// console.h — what standard output is: whether to colour, and how wide a terminal it is.
#pragma once

#include <cstddef>

namespace notes {

struct Console {
    bool color = false;       // ANSI colours
    std::size_t columns = 0;  // the terminal's width; 0: not a terminal (a pipe, a file)
};

// A terminal: its width, and colour unless $NO_COLOR is set and not empty. Anything else: Console{}.
Console stdout_console();

}  // namespace notes
