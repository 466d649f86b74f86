// paths.h — where things live when the user does not say: the index, the cache, the config, the data files.
#pragma once

#include <string>
#include <vector>

namespace notes {

// `explicit_db` when given, else $NOTES_SEARCH_DB, else $XDG_DATA_HOME/notes-search/db, else
// ~/.local/share/notes-search/db. Throws std::runtime_error when none of these is set.
std::string resolve_db_path(const std::string& explicit_db);

// Where derived files that can be made again are kept: $NOTES_SEARCH_CACHE (set but empty: no
// cache), else $XDG_CACHE_HOME/notes-search, else ~/.cache/notes-search; "" for none.
std::string cache_dir();

// The user's settings folder: $XDG_CONFIG_HOME/notes-search, else ~/.config/notes-search; "" when
// neither variable is set.
std::string config_dir();

// The config file both commands read: $NOTES_SEARCH_CONFIG when set (set but empty: none), else
// config_dir()/config.toml; "" for none. It may not exist.
std::string config_file();

// The user's synonyms, added to the shipped ones: config_dir()/synonyms ("" when there is no
// config folder). It may not exist.
std::string user_synonyms_file();

// Where a data file shipped with the program (user.dic, synonyms) may be, in the order looked at:
// beside the running executable (BIN/../share/notes-search/NAME, so that an installed copy finds
// its own files whatever prefix it was installed to), the configured install folder, then the
// build and source trees it was built from (for running from build/).
std::vector<std::string> data_file_candidates(const std::string& name);

// The first of data_file_candidates(name) that exists, "" when none does.
std::string data_file(const std::string& name);

}  // namespace notes
