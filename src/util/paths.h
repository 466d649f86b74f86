// paths.h — where the index lives when the user does not say.
#pragma once

#include <string>

namespace notes {

// `explicit_db` when given, else $NOTES_SEARCH_DB, else $XDG_DATA_HOME/notes-search/db, else
// ~/.local/share/notes-search/db. Throws std::runtime_error when none of these is set.
std::string resolve_db_path(const std::string& explicit_db);

// Where derived files that can be made again are kept: $NOTES_SEARCH_CACHE (set but empty: no
// cache), else $XDG_CACHE_HOME/notes-search, else ~/.cache/notes-search; "" for none.
std::string cache_dir();

}  // namespace notes
