// config.h — the settings file both commands read through CLI11, and the order of what counts:
// the command line, then the environment ($NOTES_SEARCH_DB), then the config file, then defaults.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace notes {

// Adds --config FILE to `app`. The file is CLI11's TOML/INI form: `name = value` lines, a name
// being an option's long name (db, limit, ...), `#` comments, strings in double quotes. Options
// marked configurable(false) may not appear in it.
CLI::Option* add_config_option(CLI::App& app);

// What the user set outside the command line, as arguments to put before theirs: --config naming
// config_file() (when $NOTES_SEARCH_CONFIG names one, or the default file exists) and --db
// $NOTES_SEARCH_DB when set. Put first and with take_last(), the user's own arguments win; and a
// value already given is one CLI11 does not take from the config file, so the environment beats it.
std::vector<std::string> implied_arguments();

// The one line for a CLI11 error that came from the config file ("cannot read config FILE: there
// is no setting lmit; the settings are: db, limit, ..."), or "" when `e` did not come from it.
std::string config_problem(const CLI::App& app, const CLI::ParseError& e);

// The config file `app` read or tried to read ("" for none).
std::string config_in_use(const CLI::App& app);

// `argv` (program name first) as CLI11's parse(std::vector&) takes it: implied_arguments() then
// the user's, in reverse order.
std::vector<std::string> arguments_for_cli11(int argc, char** argv);

}  // namespace notes
