// index_errors.cc — turning Xapian::Error into IndexError with a reason and a remedy.
#include "index_errors.h"

#include <cerrno>
#include <cstring>

namespace notes {

namespace {

bool mentions(const Xapian::Error& e, int err) {
    const char* said = std::strerror(err);
    const char* errstr = e.get_error_string();
    return (errstr && std::strcmp(errstr, said) == 0) || e.get_msg().find(said) != std::string::npos;
}

// Xapian's exception classes have no virtual functions to cast by: they name their own type.
bool is(const Xapian::Error& e, const char* type) { return std::strcmp(e.get_type(), type) == 0; }

}  // namespace

IndexFault classify(const Xapian::Error& e) {
    // The system's reason first: a lock file or a table that cannot be opened for want of
    // permission comes as DatabaseLockError or DatabaseOpeningError, and means neither.
    if (mentions(e, ENOSPC) || mentions(e, EDQUOT)) return IndexFault::full_disk;
    if (mentions(e, EACCES) || mentions(e, EPERM) || mentions(e, EROFS)) return IndexFault::permission;
    // A held lock reads "Unable to get write lock on DIR: already locked"; other lock failures
    // ("Couldn't open lockfile: ...", "Couldn't fork: ...") add the reason after the path.
    if (is(e, "DatabaseLockError"))
        return e.get_msg().find("already locked") != std::string::npos || e.get_msg().find(": ") == std::string::npos
                   ? IndexFault::lock_held
                   : IndexFault::other;
    if (is(e, "DatabaseNotFoundError")) return IndexFault::not_found;
    // Plain DatabaseError is what a table cut short gives ("EOF reading block 2"), with no system
    // error; one with a system error ("Error writing block 7 (Input/output error)") is the disk's.
    if (is(e, "DatabaseError") && e.get_error_string() != nullptr) return IndexFault::io_error;
    if (is(e, "DatabaseCorruptError") || is(e, "DatabaseError")) return IndexFault::damaged;
    if (is(e, "DatabaseVersionError")) return IndexFault::old_version;
    if (is(e, "DatabaseModifiedError")) return IndexFault::modified;
    return IndexFault::other;
}

std::string rebuild_hint(const std::string& db_path) {
    return "rm -r " + db_path + " && notes-index --db " + db_path + " SOURCES";
}

std::string index_error_message(const Xapian::Error& e, std::string_view verb, const std::string& db_path) {
    std::string head = "cannot " + std::string(verb) + " index " + db_path + ": ";
    switch (classify(e)) {
        case IndexFault::full_disk:
            return head + "the disk is full (" + e.get_description() +
                   "); free some space and run again: the last committed index is kept";
        case IndexFault::permission:
            return head + "permission denied (" + e.get_description() + "); check the folder's owner and mode";
        case IndexFault::lock_held:
            return head + "another notes-index holds its lock (" + db_path +
                   "/flintlock); try again when it has finished";
        case IndexFault::not_found: return head + "no index there";
        case IndexFault::io_error:
            return head + "the system failed a read or a write (" + e.get_description() +
                   "); check the disk and run again: the last committed index is kept";
        case IndexFault::damaged:
            return head + "it is damaged (" + e.get_msg() + "); rebuild it: " + rebuild_hint(db_path);
        case IndexFault::old_version:
            return head + "it was written by another Xapian version (" + e.get_msg() +
                   "); rebuild it: " + rebuild_hint(db_path);
        case IndexFault::modified: return head + "it changed while it was read, more than once; try again";
        case IndexFault::other: break;
    }
    return head + e.get_description();
}

void throw_index_error(const Xapian::Error& e, std::string_view verb, const std::string& db_path) {
    if (classify(e) == IndexFault::lock_held) throw IndexLockedError(index_error_message(e, verb, db_path));
    throw IndexError(index_error_message(e, verb, db_path));
}

std::string unfinished_index_message(std::string_view verb, const std::string& db_path) {
    return "cannot " + std::string(verb) + " index " + db_path +
           ": its first build never finished; build it with: notes-index --db " + db_path + " SOURCES";
}

}  // namespace notes
