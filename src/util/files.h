// files.h — reading and writing whole files, safely.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace notes {

// The whole file at `path`. Throws std::runtime_error("cannot open file" / "read error": the
// caller names the file, as it knows how the user spelt it).
std::string read_file(const std::string& path);

// Writes `content` to a new temporary file in the directory of `path`, fsyncs it and renames it
// over `path`, so readers see the old file or the new one, never a part. A file that was there
// keeps its permissions (and owner, where the process may set it); a new one gets 0666 less the
// umask. A symbolic link is followed: its target is replaced so, and the link stays. A device, a
// FIFO or a socket is written in place (`-o /dev/stdout`, `--dump /dev/null`); a folder is refused.
// Throws std::runtime_error("cannot write <path>: <reason>") and leaves no temporary file behind.
// Not `durable`: no fsync, for a file that is only kept to save work (write_cache), whose loss
// in a crash costs nothing.
void write_file_atomically(const std::string& path, std::string_view content, bool durable = true);

// FNV-1a over the bytes of `path`, in hexadecimal: stable across builds and machines (unlike
// std::hash); "" when the file cannot be read. Says whether a source changed since the last run.
std::string file_hash(const std::string& path);
// The same as a number; std::nullopt when the file cannot be read.
std::optional<std::uint64_t> file_fnv1a(const std::string& path);

// A file of the cache folder (paths.h cache_dir()): what a search worked out once and keeps,
// named by a hash of everything it depends on. std::nullopt when there is none, no cache folder,
// or it cannot be read.
std::optional<std::string> read_cache(const std::string& name);
// Written whole or not at all (a temporary file renamed); a failure (a read-only home) is ignored:
// it only costs the next run the work again.
void write_cache(const std::string& name, std::string_view content);

}  // namespace notes
