// shard_build.h — `notes-index --shards N`: N shards of one index side by side in one folder, one
// writer thread each, and the stub file that notes-search opens them through as one index.
#pragma once

#include <string>
#include <vector>

#include "recorded_sources.h"

namespace notes {

// The shard folders of `dir` (shard-1 .. shard-N) when its stub (index_layout.h kStubFile) lists
// exactly those, else 0: a folder notes-index --shards made.
unsigned shard_count(const std::string& dir);

// One shard's run: its folder and what update_sources reported, or why it failed.
struct ShardRun {
    std::string db;
    SourcesRun run;
    std::string failure;  // the exception's message when the shard's run threw, else ""
};

// Runs update_sources on DIR/shard-K with shard K/N, for K from 1 to N, each on its own thread
// with its own Analyzer (MeCab is not shared between threads), then writes DIR/XAPIANDB listing
// them (atomically, once every shard holds a database; the stub of an earlier run stays meanwhile).
// Each shard is its own transaction: one failing leaves the others written, and is reported.
// Throws std::invalid_argument when `dir` holds another count of shards, or a database itself.
std::vector<ShardRun> build_shards(const std::string& dir, unsigned n, SourcesAction action,
                                   const std::vector<std::string>& paths, const SyncOptions& options);

}  // namespace notes
