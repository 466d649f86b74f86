// shard_set.h — the databases an index path names: one database, or the shards a stub file lists
// (shards.h), local or remote, each opened on its own so that it is named in messages, read for
// its own metadata, and given a timeout that Xapian's stub syntax cannot carry.
#pragma once

#include <chrono>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>

#include "shards.h"

namespace notes {

struct ShardOptions {
    // Each remote operation, connecting included: a shard slower than this is down.
    std::chrono::milliseconds timeout{10000};
    // Answer from the shards that can be reached, naming the others, rather than fail.
    bool partial = false;
};

struct Shard {
    std::string name;  // its path, HOST:PORT, or the program and its arguments
    Xapian::Database db;
    bool remote = false;
    StubEntry entry;  // the stub's line, for a remote shard
};

struct ShardSet {
    Xapian::Database all;              // every shard reached, as one database
    std::vector<Shard> shards;         // the same, one by one, in the stub's order
    std::vector<std::string> missing;  // --partial: the shards that could not be reached
    bool remote() const;
};

// Opens `path` as Xapian would (a database folder, a stub file, or a folder holding a stub named
// XAPIANDB), but entry by entry, with `options.timeout` on remote ones. A stub's local entry may
// be a stub in turn. The shards named in `given_up` are not tried: they are missing at once.
// Throws IndexError: "cannot open index STUB: line N: ..." for a stub Xapian would not read,
// "cannot open shard NAME of index PATH: <reason>" for a shard that cannot be opened (unless
// options.partial: then it is in `missing`, and only none at all reached is an error).
// A plain database's own opening errors are Xapian's, for the caller to tell.
ShardSet open_shards(const std::string& path, const ShardOptions& options, const std::set<std::string>& given_up = {});

// After a network error in a read: the remote shards that no longer answer a new connection, by
// name. (The connections of the read are no witness: one that failed leaves the others in the
// middle of the exchange.)
std::vector<std::string> unanswering_shards(const ShardSet& set, const ShardOptions& options);

}  // namespace notes
