// paths.h — where the index lives when the user does not say.
#pragma once

#include <string>

namespace notes {

// `explicit_db` when given, else $NOTES_SEARCH_DB, else $XDG_DATA_HOME/notes-search/db, else
// ~/.local/share/notes-search/db.
std::string resolve_db_path(const std::string& explicit_db);

}  // namespace notes
