// shards.h — one index cut into shards: which shard a note belongs to, and the stub file that
// lists the shards (Xapian's own format), so that notes-search opens them as one index.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace notes {

// Shard K of N (K from 1 to N); N = 0: the whole index, no shard.
struct ShardSpec {
    unsigned k = 0, n = 0;
    bool whole() const { return n == 0; }
    std::string text() const { return whole() ? "" : std::to_string(k) + "/" + std::to_string(n); }
    bool operator==(const ShardSpec&) const = default;
};

inline constexpr unsigned kMaxShards = 1024;

// "2/4" as ShardSpec{2, 4}; throws std::invalid_argument naming `text` and the form it takes.
ShardSpec parse_shard(const std::string& text);

// The shard, 1 to n, that note `id` belongs to: FNV-1a (64 bits, util/hash.h) of the id written in
// decimal ("881"), modulo n, plus one. Stable across machines and versions: every machine that
// holds the same sources agrees on where each note goes.
unsigned shard_of(std::int64_t id, unsigned n);
inline bool in_shard(std::int64_t id, const ShardSpec& s) { return s.whole() || shard_of(id, s.n) == s.k; }

// One line of a stub file, as Xapian 1.4 reads it:
//   auto PATH (glass PATH, chert PATH)   a database on this machine; a relative PATH is taken
//                                        from the stub's folder
//   remote HOST:PORT                     xapian-tcpsrv on HOST ([::1]:PORT for an IPv6 address)
//   remote :PROGRAM ARGS                 a program speaking the remote protocol on its standard
//                                        input and output: remote :ssh HOST xapian-progsrv PATH
// Blank lines and lines starting with '#' are skipped; the type and its argument are separated by
// one space, the rest of the line being the argument.
struct StubEntry {
    enum class Kind { local, tcp, program };
    Kind kind = Kind::local;
    std::string path;           // local
    std::string host;           // tcp
    unsigned port = 0;          // tcp
    std::string program, args;  // program
    int line = 0;
    // What a message calls it: the path, HOST:PORT, or the program and its arguments.
    std::string name() const;
};

// Throws std::runtime_error "line N: ..." for a line Xapian would not read either, or one naming
// the inmemory backend (nothing to search).
std::vector<StubEntry> parse_stub(const std::string& text);

// A stub listing local databases, one `auto PATH` a line.
std::string local_stub(const std::vector<std::string>& paths);

}  // namespace notes
