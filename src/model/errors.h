// errors.h — the error types that cross layers: an index that cannot be opened, read or written.
#pragma once

#include <stdexcept>

namespace notes {

// What() reads "cannot <verb> index DIR: <reason>[; <remedy>]".
struct IndexError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
// Another process holds the index's write lock.
struct IndexLockedError : IndexError {
    using IndexError::IndexError;
};

}  // namespace notes
