// show.h — `notes-search show ID`: the word that makes a command line print one whole note.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace notes {

// The first word of a command line, when it is not an option, an option's value or after "--",
// names the subcommand: `notes-search --db D show 881` shows #881, `notes-search -- show` searches
// for the word "show".
inline constexpr const char* kShowWord = "show";

// The note `show` was given: "881" or "#881" (as fzf or a result line spells it). Throws
// UsageError for anything else, or for more or fewer words than one.
std::int64_t show_id(const std::vector<std::string>& words);

// Throws UsageError naming the first option given that chooses what to search for (--tag, --limit,
// --stats...): `show` takes only --db, a format, --color and -o.
void check_show_options(const CLI::App& app);

}  // namespace notes
