// sync_scan.h — the reading half of sync.cc: which files changed, reading them (on several
// threads), and merging the notes a run must write. Internal to the index layer.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "collection.h"
#include "source_record.h"
#include "sync.h"

namespace notes::sync_detail {

// Choices made over all sources, first file first: tag spellings, each tag's page, the author.
struct SiteChoices {
    std::map<std::string, std::string> tag_names;
    std::map<std::string, PublishedPage> pages;
    std::string author;

    void add(const SourceRecord& r, AuthorCounts& authors) {
        for (const auto& [key, name] : r.tag_names) tag_names.try_emplace(key, name);
        for (const auto& [key, page] : r.pages) pages.try_emplace(key, page);
        for (const auto& [name, n] : r.authors) count_author(authors, name, n);
    }
};

// What the index held before this run, read once since the run rewrites it.
struct Recorded {
    std::map<std::string, SourceRecord> sources;  // by absolute path (SourceRecord::path)
    std::vector<std::int64_t> ids;                // every note in the index
    bool full = false;                            // no record of every note's files: only a full build is exact
};

// One source file of this run.
struct Item {
    std::filesystem::path path;
    std::string key;  // the absolute path, which names its record
    SourceRecord record;
    bool changed = true;
    bool recorded = true;               // false: a pipe, read anew every time
    bool kept = false;                  // unreadable this time: its record stands for it, unread
    std::unique_ptr<Collection> local;  // its notes, read and not yet merged
    bool absorbed = false;              // merged already
};

// The files of this run as far as they are read, and the notes whose documents may change.
struct Scan {
    std::vector<Item> items;
    std::set<std::int64_t> affected;
    // The notes of sources that could not be read this time: neither rewritten nor removed.
    std::set<std::int64_t> kept;
    Collection collection;             // the notes merged so far
    std::shared_ptr<TextStore> store;  // the collection's, on disk
    // A whole rebuild met a file it could not read at all: the notes it held cannot be kept.
    bool unread_in_full = false;
};

// Looks at every file of `sources` (reading the changed ones, SyncOptions::jobs at a time) and
// settles them in file order; the notes whose documents may change are `affected`. Each file is
// read into a collection of its own: a tag page's in memory (its notes are on other pages too,
// and only the texts that win the merge are copied to `store` as it is absorbed), a .jsonl or
// .json file's on `store` (each of its notes is there once).
// The notes read are merged into a collection whose texts wait in `store`.
Scan scan_files(const SourceList& sources, const Recorded& recorded, const SyncOptions& options,
                std::shared_ptr<TextStore> store, SyncReport& report);

// Choices over all files, now and as they were: a tag whose spelling changes touches every note
// that carries it, read or not.
SiteChoices choose_site(Scan& scan, const Recorded& recorded);

// Reads the unchanged files that share a note with what changed, then merges in file order, so
// that each affected note is merged from all of its files as a fresh build would.
void merge_needed(Scan& scan, bool full, const SiteChoices& now, const SyncOptions& options, ReadReport& read);

}  // namespace notes::sync_detail
