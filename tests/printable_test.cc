// printable_test.cc — util/printable: what reaches a terminal, escaped or kept.
#include <catch2/catch.hpp>

#include "printable.h"

using notes::printable;

TEST_CASE("printable escapes what a terminal would obey and keeps the rest", "[printable]") {
    using namespace std::string_literals;
    struct Case {
        std::string input, expected;
    };
    const Case cases[] = {
        {"plain text", "plain text"},
        {"tab\tand\nnewline", "tab\tand\nnewline"},
        {"\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07"},
        {"\x1b[2J", "\\x1b[2J"},
        {"nul\0byte"s, "nul\\x00byte"},
        {"cr\rdel\x7f", "cr\\x0ddel\\x7f"},
        {"c1 \xc2\x9b"
         "2J",
         "c1 \\x9b2J"},
        {"c1 \xc2\x85 next", "c1 \\x85 next"},
        {"nbsp \xc2\xa0 kept", "nbsp \xc2\xa0 kept"},
        {"日本語 LoRA", "日本語 LoRA"},
        {"emoji \xf0\x9f\x98\x80", "emoji \xf0\x9f\x98\x80"},
        {"lone \x9b byte", "lone \\x9b byte"},
        {"cut \xe6\x97", "cut \\xe6\\x97"},
        {"overlong \xc0\xaf", "overlong \\xc0\\xaf"},
        {"surrogate \xed\xa0\x80", "surrogate \\xed\\xa0\\x80"},
        {"back\\slash", "back\\slash"},
        {"", ""},
    };
    for (const Case& c : cases) {
        INFO(c.input);
        CHECK(printable(c.input) == c.expected);
    }
}
