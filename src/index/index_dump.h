// index_dump.h — every note an index holds, read back, for `notes-index --dump`.
#pragma once

#include <string>
#include <vector>

#include "note.h"

namespace notes {

// Every note stored in the index at `db_path`, by increasing issue number. Reads one committed
// state of the index (a writer may be at work meanwhile) and takes no lock. The notes are read
// from the documents' data whatever schema version wrote them, so that an index can be dumped
// to rebuild it under another version. Throws IndexError ("cannot open index DIR: ...",
// "cannot read index DIR: ...").
std::vector<Note> read_index_notes(const std::string& db_path);

// The notes as JSON Lines, one note.h to_json() object per line: what notes-index reads back.
std::string to_json_lines(const std::vector<Note>& notes);

}  // namespace notes
