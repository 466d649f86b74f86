// generations.h — publishing a rebuilt index atomically: generation folders behind a Xapian stub
// (index_layout.h lays the folder out).
#pragma once

#include <string>

namespace notes {

// Before a writer opens `db_path`: a folder that holds no database yet gets an empty generation
// and the stub naming it, so every new index has the generation layout. A folder holding a
// database already (a stub, or glass tables of an older notes-index) is left as it is.
void prepare_index_folder(const std::string& db_path);

// The folder of the database the index opens as: the generation the stub names, or `db_path`.
// Its flintlock is the index's write lock.
std::string current_database_dir(const std::string& db_path);

// A name for a new generation or build folder, never the same twice in one folder.
std::string new_generation_name();
std::string new_build_folder_name();

// Removes what a run killed half-way left in `db_path`: build folders, generations the stub
// does not name, and the tables of a database already moved into a generation. Call it only
// while holding the write lock, which no other writer then holds: nothing removed is in use
// but by readers, who keep what they opened (an unlinked file stays readable).
void remove_leftovers(const std::string& db_path);

// What a publication replaced, to remove once the writer has let go of it.
struct Retired {
    std::string db_path;
    std::string generation;  // a generation folder's name; "" for tables in db_path itself
};

// Makes `generation` (a committed database in a folder of `db_path`) what readers open: a stub
// written beside XAPIANDB, synced and renamed over it; for tables in `db_path` itself (an older
// index), then iamglass unlinked, which Xapian otherwise opens first. Each step is one rename or
// unlink, so a reader or a crash finds the old index or the new one whole.
Retired publish_generation(const std::string& db_path, const std::string& generation);
// Deletes what `retired` names; a failure leaves it for remove_leftovers.
void remove_retired(const Retired& retired) noexcept;

}  // namespace notes
