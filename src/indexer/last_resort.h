// last_resort.h — a Xapian error that ends the program from inside Xapian: one line and an exit
// code, as a caught one gives, not an abort.
#pragma once

#include <xapian.h>

#include <functional>
#include <string>

namespace notes {

// From now on, a Xapian::Error that reaches std::terminate prints `message(error)` to stderr and
// ends the process with `exit_code`; any other exception there still aborts, as a bug should.
//
// Why: Xapian 1.4 writes value chunks from a destructor (Glass::ValueUpdater, glass_values.cc),
// so a commit whose disk fills at that moment throws out of a destructor, and C++ calls
// std::terminate where no catch of ours can see it. Ending there loses nothing: the revision
// being committed was not yet recorded, so the index on disk is the last commit, as after a
// kill -9, which every write here is built to survive (faults_test kills one mid-build); the
// next run removes the unfinished generation.
void exit_on_xapian_terminate(std::function<std::string(const Xapian::Error&)> message, int exit_code);

}  // namespace notes
