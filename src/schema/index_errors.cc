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

std::string rebuild_hint(const std::string& db_path) {
    return "rm -r " + db_path + " && notes-index --db " + db_path + " SOURCES";
}

std::string index_error_message(const Xapian::Error& e, std::string_view verb, const std::string& db_path) {
    std::string head = "cannot " + std::string(verb) + " index " + db_path + ": ";
    if (mentions(e, ENOSPC) || mentions(e, EDQUOT))
        return head + "the disk is full (" + e.get_description() +
               "); free some space and run again: the last committed index is kept";
    if (mentions(e, EACCES) || mentions(e, EPERM) || mentions(e, EROFS))
        return head + "permission denied (" + e.get_description() + "); check the folder's owner and mode";
    if (is(e, "DatabaseCorruptError"))
        return head + "it is damaged (" + e.get_msg() + "); rebuild it: " + rebuild_hint(db_path);
    if (is(e, "DatabaseModifiedError")) return head + "it changed while it was read, more than once; try again";
    return head + e.get_description();
}

void throw_index_error(const Xapian::Error& e, std::string_view verb, const std::string& db_path) {
    throw IndexError(index_error_message(e, verb, db_path));
}

}  // namespace notes
