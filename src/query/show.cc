// show.cc — `notes-search show ID`: the id and the options the subcommand takes.
#include "show.h"

#include <algorithm>
#include <charconv>
#include <string_view>

#include "printer.h"

namespace notes {

std::int64_t show_id(const std::vector<std::string>& words) {
    if (words.size() != 1)
        throw UsageError(
            "cannot use show: give it one note's id (notes-search show 881); to search for the word "
            "show, write notes-search -- show");
    std::string_view text = words.front();
    if (text.starts_with('#')) text.remove_prefix(1);
    std::int64_t id = 0;
    const char* end = text.data() + text.size();
    const auto [at, ec] = std::from_chars(text.data(), end, id);
    if (text.empty() || ec != std::errc() || at != end || id < 1)
        throw UsageError("cannot use show " + words.front() + ": give the id of a note, its issue number (1 or more)");
    return id;
}

void check_show_options(const CLI::App& app) {
    static constexpr std::string_view kTaken[] = {"--db", "--json", "--format", "--color", "--output"};
    for (const CLI::Option* option : app.get_options()) {
        if (option->count() == 0 || option->get_lnames().empty()) continue;  // not given, or the words
        const std::string name = "--" + option->get_lnames().front();
        if (std::find(std::begin(kTaken), std::end(kTaken), name) == std::end(kTaken))
            throw UsageError("cannot use " + name +
                             " with show: it prints one whole note, and takes only --db, "
                             "--json or --format, --color and -o");
    }
}

}  // namespace notes
