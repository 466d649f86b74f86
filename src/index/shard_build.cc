// shard_build.cc — N shard builds side by side and their stub (see shard_build.h).
#include "shard_build.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "files.h"
#include "index_layout.h"
#include "shards.h"

namespace fs = std::filesystem;

namespace notes {

namespace {

std::string shard_folder(unsigned k) { return "shard-" + std::to_string(k); }

}  // namespace

unsigned shard_count(const std::string& dir) {
    std::ifstream in(fs::path(dir) / schema::kStubFile);
    if (!in) return 0;
    std::stringstream text;
    text << in.rdbuf();
    try {
        std::vector<StubEntry> entries = parse_stub(text.str());
        for (std::size_t i = 0; i < entries.size(); ++i)
            if (entries[i].kind != StubEntry::Kind::local || entries[i].path != shard_folder(unsigned(i + 1))) return 0;
        return static_cast<unsigned>(entries.size());
    } catch (const std::exception&) {
        return 0;
    }
}

std::vector<ShardRun> build_shards(const std::string& dir, unsigned n, SourcesAction action,
                                   const std::vector<std::string>& paths, const SyncOptions& options) {
    std::error_code ec;
    // A database there, or a stub that lists no shard-K (an index's own generation): not ours.
    const bool own_stub = fs::exists(fs::path(dir) / schema::kStubFile, ec) && shard_count(dir) == 0;
    if (schema::holds_tables(dir) || own_stub)
        throw std::invalid_argument("cannot build shards in " + dir +
                                    ": it is an index of its own; give --shards another --db folder");
    if (unsigned had = shard_count(dir); had != 0 && had != n)
        throw std::invalid_argument("cannot build " + std::to_string(n) + " shards in " + dir + ": it holds " +
                                    std::to_string(had) + "; run notes-index --shards " + std::to_string(had) +
                                    ", or build the new count in another --db folder");
    std::vector<ShardRun> runs(n);
    std::vector<std::thread> writers;
    for (unsigned k = 1; k <= n; ++k) {
        runs[k - 1].db = (fs::path(dir) / shard_folder(k)).string();
        writers.emplace_back([&, k] {
            ShardRun& r = runs[k - 1];
            try {
                Analyzer analyzer;  // MeCab's tagger is state: one a thread
                SyncOptions own;    // the caller's progress callbacks are for one writer
                own.strict = options.strict;
                own.allow_empty = options.allow_empty;
                own.jobs = 1;  // the shards are the parallelism: one writer each, in place
                own.shard = ShardSpec{k, n};
                r.run = update_sources(r.db, action, paths, analyzer, own);
            } catch (const std::exception& e) {
                r.failure = e.what();
            }
        });
    }
    for (auto& w : writers) w.join();
    std::vector<std::string> folders;
    for (unsigned k = 1; k <= n; ++k) {
        // A stub naming a shard with no database yet would make the whole index unreadable.
        const fs::path shard(runs[k - 1].db);
        if (!schema::holds_tables(shard) && !fs::exists(shard / schema::kStubFile, ec)) return runs;
        folders.push_back(shard_folder(k));
    }
    write_file_atomically((fs::path(dir) / schema::kStubFile).string(), local_stub(folders));
    return runs;
}

}  // namespace notes
