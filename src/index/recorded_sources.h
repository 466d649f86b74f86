// recorded_sources.h — the sources an index remembers ("sources" metadata): what `notes-index` alone re-reads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "analyzer.h"
#include "sync.h"

namespace notes {

// One source given on the command line (a folder or a file), as the index records it.
struct RecordedSource {
    std::string path;          // absolute and normalised (source_path)
    std::string kind;          // "folder", "tag page", "jsonl" or "export"
    std::size_t files = 0;     // its files at the last run, kept ones included
    std::size_t notes = 0;     // the notes they hold
    std::int64_t read_at = 0;  // Unix time of the last run that read it; 0: never
    std::string missing;       // "not there" or "empty" when the last run found it so, else ""
};

// A command that needs a recorded source where there is none: --forget of a path the index does
// not record, or no source given to an index that records none. A usage error: nothing changed.
struct NotRecordedError : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

// `given` as the record names it: absolute, normalised, without a trailing '/'. Links are not
// resolved: the path is the one the user gave, and means what it means at each run.
std::string source_path(const std::string& given);

std::string sources_json(const std::vector<RecordedSource>& sources);
// The list a "sources" value holds; empty for "" (none recorded) or a value that cannot be read.
std::vector<RecordedSource> parse_sources(const std::string& value);

// The sources recorded in the index at `db_path`, from its last commit, without taking the write
// lock (a read-only index, or one being rebuilt, is read as well). Throws IndexError.
std::vector<RecordedSource> read_recorded_sources(const std::string& db_path);

enum class SourcesAction {
    add,      // read the given sources with the recorded ones, and record them
    refresh,  // read every recorded source (no source given)
    forget,   // drop the given sources from the record, and the notes only they held
};

struct SourcesRun {
    SyncReport sync;
    std::vector<RecordedSource> sources;  // as recorded after the run (before it, when untouched)
    std::vector<std::string> pipes;       // read this time but never recorded: they cannot be read again
};

// Makes the index at `db_path` what a fresh build of its recorded sources would be, after `action`
// with `paths`: the sources in the order recorded (new ones last), each file read once (a page
// given inside a recorded folder is read, and counted, as part of it, and is not recorded on its
// own). A recorded source missing as a whole, or a recorded folder that had files and has none
// now (an unmounted disk, a broken checkout), keeps its notes, with a problem naming it and the
// way to forget it. The record is written in the sync's transaction. Throws NotRecordedError
// (nothing changed), std::runtime_error for a given path that is not there ("cannot read P: ..."),
// IndexLockedError and IndexError.
SourcesRun update_sources(const std::string& db_path, SourcesAction action, const std::vector<std::string>& paths,
                          const Analyzer& analyzer, const SyncOptions& options = {});

}  // namespace notes
