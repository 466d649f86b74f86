// console.cc — asking standard output whether it is a terminal, and its width.
#include "console.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>

namespace notes {

Console stdout_console() {
    Console console;
    if (!isatty(STDOUT_FILENO)) return console;
    const char* no_color = std::getenv("NO_COLOR");
    console.color = !(no_color && *no_color);
    winsize ws{};
    if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0) console.columns = ws.ws_col;
    return console;
}

}  // namespace notes
