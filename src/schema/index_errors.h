// index_errors.h — Xapian's errors as a user reads them: what failed, why, and what to do.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>

#include "errors.h"

namespace notes {

// What went wrong, as far as the remedy goes. Xapian's exception classes are not polymorphic and
// some faults share a class (a lock held and a lock file one may not open are both
// DatabaseLockError), so the class alone does not say.
enum class IndexFault {
    full_disk,    // ENOSPC, EDQUOT
    permission,   // EACCES, EPERM, EROFS: never taken for a held lock or a missing index
    lock_held,    // another writer has the index
    not_found,    // no index at that path
    io_error,     // the system failed a read or a write (EIO, ...): the disk, not the index
    damaged,      // a table cut short or garbled: rebuild
    old_version,  // written by a Xapian this one cannot read: rebuild
    modified,     // changed while it was read, more than the readers retried
    other,
};
IndexFault classify(const Xapian::Error& e);

// "cannot <verb> index <db_path>: <reason>[; <remedy>]" for `e`: a full disk, a permission
// problem, a damaged index (with how to rebuild it), an index changed while it was read, or
// Xapian's own description. `verb` is "open", "read", "write", "search", ...
std::string index_error_message(const Xapian::Error& e, std::string_view verb, const std::string& db_path);

// The same, thrown as IndexError: what every entry point of the library does with a Xapian::Error,
// which is no std::exception and would otherwise end the program (notmuch does the same).
[[noreturn]] void throw_index_error(const Xapian::Error& e, std::string_view verb, const std::string& db_path);

// "cannot <verb> index <db_path>: its first build never finished; ...": an index created and
// committed empty, without the schema stamp every finished build leaves (a first run killed
// before its commit, or another program's empty database).
std::string unfinished_index_message(std::string_view verb, const std::string& db_path);

// How to build an index afresh at `db_path`, for messages: "rm -r DB && notes-index --db DB SOURCES".
std::string rebuild_hint(const std::string& db_path);

}  // namespace notes
