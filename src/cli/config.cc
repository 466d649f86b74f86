// config.cc — the config file through CLI11, and its errors as one line naming the file.
#include "config.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "paths.h"

namespace notes {

CLI::Option* add_config_option(CLI::App& app) {
    // A name that is no setting is a mistake to report (CLI11 would pass it by); notes-index, which
    // takes only db from a file notes-search shares, passes the others by on purpose.
    app.allow_config_extras(CLI::config_extras_mode::error);
    return app
        .set_config("--config", "",
                    "Read settings from FILE (default: $XDG_CONFIG_HOME/notes-search/config.toml; "
                    "NOTES_SEARCH_CONFIG= reads none)")
        ->type_name("FILE");
}

std::vector<std::string> implied_arguments() {
    std::vector<std::string> out;
    const std::string file = config_file();
    std::error_code ec;
    // A default file that is not there is no config; one named by $NOTES_SEARCH_CONFIG must be.
    const bool named = std::getenv("NOTES_SEARCH_CONFIG") != nullptr;
    if (!file.empty() &&
        (named || std::filesystem::symlink_status(file, ec).type() != std::filesystem::file_type::not_found))
        out.push_back("--config=" + file);
    if (const char* db = std::getenv("NOTES_SEARCH_DB"); db && *db) out.push_back(std::string("--db=") + db);
    return out;
}

std::string config_in_use(const CLI::App& app) {
    const CLI::Option* option = app.get_config_ptr();
    if (option == nullptr || option->count() == 0) return "";
    return option->results().back();
}

namespace {

// Why `file` cannot be read, in the system's words.
std::string unreadable(const std::string& file) {
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec)) return "it is a folder; name a file";
    if (!std::filesystem::exists(file, ec)) return "there is no such file";
    std::ifstream in(file);
    return in ? "it cannot be read" : std::strerror(errno);
}

std::string settings(const CLI::App& app) {
    std::string out;
    for (const CLI::Option* option : app.get_options()) {
        if (!option->get_configurable() || option->get_lnames().empty()) continue;
        out += (out.empty() ? "" : ", ") + option->get_lnames().front();
    }
    return out;
}

}  // namespace

std::string config_problem(const CLI::App& app, const CLI::ParseError& e) {
    const std::string file = config_in_use(app);
    const std::string what = e.what();
    const std::string prefix = "cannot read config " + file + ": ";
    if (dynamic_cast<const CLI::FileError*>(&e) != nullptr) return prefix + unreadable(file);
    if (dynamic_cast<const CLI::ConfigError*>(&e) == nullptr) return "";
    const std::string extra = "INI was not able to parse ";
    const std::string fixed = ": This option is not allowed in a configuration file";
    std::string reason = what;
    if (what.starts_with(extra))
        reason = "there is no setting " + what.substr(extra.size());
    else if (what.ends_with(fixed))
        reason = what.substr(0, what.size() - fixed.size()) + " is not a setting: give --" +
                 what.substr(0, what.size() - fixed.size()) + " on the command line";
    return prefix + reason + "; the settings are: " + settings(app);
}

std::vector<std::string> arguments_for_cli11(int argc, char** argv) {
    std::vector<std::string> args = implied_arguments();
    args.insert(args.end(), argv + 1, argv + argc);
    return {args.rbegin(), args.rend()};
}

}  // namespace notes
