// index_writer.h — bringing the on-disk index to exactly a set of notes, in one atomic commit.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include <map>

#include "analyzer.h"
#include "note.h"
#include "tag_page.h"

namespace notes {

struct IndexError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
// Another process holds the index's write lock.
struct IndexLockedError : IndexError {
    using IndexError::IndexError;
};

// Everything the index holds.
struct IndexContents {
    std::vector<Note> notes;
    std::string author;                            // named by the pages' front matter
    std::map<std::string, PublishedPage> pages;    // by tag_key(), to write tag pages back
};

struct WriteStats {
    std::size_t added = 0, updated = 0, removed = 0, unchanged = 0;
};

// Makes the index at `db_path` (created when absent) hold exactly `contents`: new notes added,
// changed ones replaced, the others deleted, all in one transaction, so that a reader or a crash
// sees either the previous index or the new one. An index of another schema version or analyzer
// is rewritten whole. Throws IndexLockedError at once when another writer holds the lock.
WriteStats write_index(const std::string& db_path, const IndexContents& contents, const Analyzer& analyzer);

}  // namespace notes
