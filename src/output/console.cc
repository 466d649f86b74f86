// console.cc — asking standard output whether it is a terminal, and its width; --color's choice.
#include "console.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <string_view>

namespace notes {

namespace {

bool env_set(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0';
}

// $COLUMNS as a width worth folding to, else 0 (unset, not a number, absurd).
std::size_t columns_from_env() {
    const char* value = std::getenv("COLUMNS");
    if (value == nullptr) return 0;
    std::string_view text = value;
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    return ec == std::errc() && end == text.data() + text.size() && n >= 20 && n <= 1000 ? n : 0;
}

}  // namespace

Console stdout_console(ColorChoice choice) {
    Console console;
    const bool terminal = isatty(STDOUT_FILENO) != 0;
    const char* term = std::getenv("TERM");
    const bool dumb = term != nullptr && std::string_view(term) == "dumb";
    console.color = choice == ColorChoice::always ||
                    (choice == ColorChoice::automatic && terminal && !env_set("NO_COLOR") && !dumb);
    winsize ws{};
    if (terminal && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0) console.columns = ws.ws_col;
    if (console.columns > 0)
        console.wrap = console.columns;
    else if (std::size_t env = columns_from_env(); env > 0)
        console.wrap = env;
    return console;
}

}  // namespace notes
