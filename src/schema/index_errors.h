// index_errors.h — Xapian's errors as a user reads them: what failed, why, and what to do.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>

#include "errors.h"

namespace notes {

// "cannot <verb> index <db_path>: <reason>[; <remedy>]" for `e`: a full disk, a permission
// problem, a damaged index (with how to rebuild it), an index changed while it was read, or
// Xapian's own description. `verb` is "open", "read", "write", "search", ...
std::string index_error_message(const Xapian::Error& e, std::string_view verb, const std::string& db_path);

// The same, thrown as IndexError: what every entry point of the library does with a Xapian::Error,
// which is no std::exception and would otherwise end the program (notmuch does the same).
[[noreturn]] void throw_index_error(const Xapian::Error& e, std::string_view verb, const std::string& db_path);

// How to build an index afresh at `db_path`, for messages: "rm -r DB && notes-index --db DB SOURCES".
std::string rebuild_hint(const std::string& db_path);

}  // namespace notes
