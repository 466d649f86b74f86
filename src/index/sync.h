// sync.h — bringing the index in line with its sources, reading only the files that changed.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "analyzer.h"
#include "index_writer.h"
#include "shards.h"
#include "sources.h"

namespace notes {

struct SyncOptions {
    bool strict = false;  // any input problem: leave the index untouched
    // Called once with the files of the run, before any is read.
    std::function<void(const std::vector<std::filesystem::path>&)> on_files;
    // Called after each file considered: (files done, files in all, notes read so far).
    std::function<void(std::size_t, std::size_t, std::size_t)> on_file;
    // Called after each note written: (notes written, notes to write).
    std::function<void(std::size_t, std::size_t)> on_write;
    // An index left with no note is what was asked (every source forgotten), not a run that
    // found nothing readable.
    bool allow_empty = false;
    // --shard K/N: the index holds only the notes of that shard (shards.h shard_of). Not given:
    // the shard the index records (none for an index built whole).
    std::optional<ShardSpec> shard;
    // Threads reading the source files, and writing when the index is rebuilt whole (0: one per
    // core; 1: one writer, in place). Whatever the number, the files are merged, and their
    // problems reported, in their order. A stale or empty index, or more notes to write than
    // `rebuild_above` and a tenth of the index, is rebuilt in parallel and published as a new
    // generation (IndexWriter::rebuild_all); a smaller change is written in place.
    unsigned jobs = 0;
    std::size_t rebuild_above = 2000;
};

// --shard K/N given to an index that records another shard, or built whole with notes in it: a
// usage error, nothing changed.
struct ShardMismatchError : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

// One file of a run and the notes it holds (kept ones included), by its absolute path.
struct HeldFile {
    std::string path;
    std::vector<std::int64_t> ids;
};

struct SyncReport {
    ReadReport read;            // problems (files or lines skipped) and warnings
    std::size_t files = 0;      // files given
    std::size_t unchanged = 0;  // of which not re-read: size, mtime or content as recorded
    std::size_t notes = 0;      // notes in the index afterwards
    WriteStats stats;
    bool written = false;  // false: the index was left as it was (see `untouched_because`)
    bool rebuilt = false;  // written as a new generation in parallel, rather than in place
    std::string untouched_because;
    std::vector<HeldFile> held;  // every file of the run but pipes, in run order
};

// Makes the index at `db_path` mirror the notes of `sources.files` (in that order, which decides
// merge ties), exactly as a fresh build would, reading only the files whose size, mtime or
// content changed since the last run plus the unchanged files that share a note with them. The
// index records each file it was built from (schema.h, "src:" metadata). One transaction: a
// crash or a reader sees the previous index or the new one. Throws IndexLockedError / IndexError.
//
// Only a source that is gone (a file deleted, a folder no longer there, a file no longer given)
// removes notes. One that cannot be read this time (a file that cannot be opened, though its
// mtime did not change; a broken link; an export cut short; a path of `unreadable_folders`)
// is a problem in the report, and the notes it held stay as they are, until a run reads it.
SyncReport sync_index(const std::string& db_path, const SourceList& sources, const Analyzer& analyzer,
                      const SyncOptions& options = {});
// The same for files found without an unreadable folder.
SyncReport sync_index(const std::string& db_path, const std::vector<std::filesystem::path>& files,
                      const Analyzer& analyzer, const SyncOptions& options = {});
// The same on a writer already open, without committing: the caller adds its own metadata to the
// transaction and commits, unless `untouched_because` says the index must stay as it was.
SyncReport sync_files(IndexWriter& writer, const SourceList& sources, const SyncOptions& options = {});

}  // namespace notes
