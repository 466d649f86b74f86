// source_record.h — what the index remembers of each source file ("src:" metadata, schema.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "collection.h"
#include "published_page.h"

namespace notes {

// Enough of one source file to tell whether it changed, which notes it holds, and what it adds to
// the collection-wide choices (tag spellings, pages, author) without reading it again.
struct SourceRecord {
    std::string path;  // absolute: the file's name in a run, whatever its metadata key
    std::uint64_t size = 0;
    std::int64_t mtime = 0;
    std::string hash;
    std::string readers;  // schema::kReadersVersion when it was read; "" before versions were kept
    std::size_t seq = 0;  // its place among the files of the run that recorded it
    std::vector<std::int64_t> ids;
    std::map<std::string, std::string> tag_names;
    std::map<std::string, PublishedPage> pages;
    AuthorCounts authors;
};

// The metadata key of the record of the file at absolute `path`: "src:" and the path, or, where
// that would pass Xapian's key limit (some 250 bytes), "src:#" and a hash of the path (no
// absolute path starts with '#'). The value names the path either way.
std::string source_key(const std::string& path);

// The record as the metadata value stores it (JSON).
std::string record_json(const SourceRecord& r);
// Reads a value written by record_json; false leaves `r` partly filled and means "read the file".
// A value without "path" (written before long paths were hashed) leaves r.path empty: the key names it.
bool parse_record(const std::string& value, SourceRecord& r);
// The notes, tags, pages and authors of one file's collection; size, mtime, hash and seq unset.
SourceRecord record_of(const Collection& local);

}  // namespace notes
