// index_errors_test.cc — Xapian's errors as a user reads them: each fault's reason and remedy,
// from errors made as Xapian makes them (io_utils.cc, glass_table.cc, flint_lock.cc).
#include "index_errors.h"

#include <catch2/catch.hpp>
#include <cerrno>
#include <cstring>

using namespace notes;

namespace {

std::string message(const Xapian::Error& e) { return index_error_message(e, "write", "DB"); }

}  // namespace

TEST_CASE("a full disk or quota: free some space; the last commit is kept", "[index_errors]") {
    for (int err : {ENOSPC, EDQUOT}) {
        Xapian::DatabaseError e("Error writing block 7", err);
        CHECK(classify(e) == IndexFault::full_disk);
        CHECK_THAT(message(e), Catch::StartsWith("cannot write index DB: the disk is full (") &&
                                   Catch::Contains("free some space") &&
                                   Catch::Contains("the last committed index is kept"));
    }
}

TEST_CASE("a failed read or write of the disk is the disk's, not a damaged index", "[index_errors]") {
    for (int err : {EIO, ENXIO, EBADF}) {
        Xapian::DatabaseError e("Error writing block 7", err);
        CAPTURE(err);
        CHECK(classify(e) == IndexFault::io_error);
        CHECK_THAT(message(e), Catch::Contains("the system failed a read or a write") &&
                                   Catch::Contains(std::strerror(err)) && Catch::Contains("check the disk") &&
                                   !Catch::Contains("damaged") && !Catch::Contains("rm -r"));
    }
}

TEST_CASE("a table cut short or garbled is damaged: rebuild it", "[index_errors]") {
    Xapian::DatabaseError eof("EOF reading block 2");
    Xapian::DatabaseCorruptError corrupt("Db block overwritten - are there multiple writers?");
    for (const Xapian::Error* e :
         {static_cast<const Xapian::Error*>(&eof), static_cast<const Xapian::Error*>(&corrupt)}) {
        CHECK(classify(*e) == IndexFault::damaged);
        CHECK_THAT(message(*e), Catch::Contains("it is damaged") &&
                                    Catch::EndsWith("rebuild it: rm -r DB && notes-index --db DB SOURCES"));
    }
}

TEST_CASE("a lock held by another writer is told apart from a lock file one may not open", "[index_errors]") {
    Xapian::DatabaseLockError held("Unable to get write lock on DB/gen-1: already locked");
    CHECK(classify(held) == IndexFault::lock_held);
    CHECK_THROWS_AS(throw_index_error(held, "write", "DB"), IndexLockedError);
    CHECK_THAT(message(held), Catch::Contains("another notes-index holds its lock"));

    Xapian::DatabaseLockError denied("Couldn't open lockfile", EACCES);
    CHECK(classify(denied) == IndexFault::permission);
    CHECK_THAT(message(denied), Catch::Contains("permission denied") && !Catch::Contains("holds its lock"));

    Xapian::DatabaseLockError other("Couldn't fork: Resource temporarily unavailable");
    CHECK(classify(other) == IndexFault::other);
}

TEST_CASE("permission, a read-only disk, no index, another version, a change while reading", "[index_errors]") {
    CHECK(classify(Xapian::DatabaseError("Error writing block 1", EROFS)) == IndexFault::permission);
    CHECK(classify(Xapian::DatabaseOpeningError("Couldn't open DB/postlist.glass", EACCES)) == IndexFault::permission);
    CHECK(classify(Xapian::DatabaseNotFoundError("Couldn't detect type of database")) == IndexFault::not_found);
    CHECK(classify(Xapian::DatabaseVersionError("DB/iamglass: Unsupported format")) == IndexFault::old_version);
    CHECK(classify(Xapian::DatabaseModifiedError("The revision being read has been discarded")) ==
          IndexFault::modified);
    Xapian::InvalidArgumentError odd("Term too long (> 245)");
    CHECK(classify(odd) == IndexFault::other);
    CHECK(message(odd) == "cannot write index DB: " + odd.get_description());
}
