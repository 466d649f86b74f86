// source_listing.h — `notes-index --sources`: the recorded sources as a table, or as JSON.
#pragma once

#include <string>
#include <vector>

#include "recorded_sources.h"

namespace notes {

// One line a source — kind, files, notes, when last read (local time), path — under a heading,
// then a line naming the index; a source the last run found missing says so after its path. With
// none recorded, how to record one.
std::string sources_table(const std::vector<RecordedSource>& sources, const std::string& db_path);

// {"db": DIR, "sources": [{"path", "kind", "files", "notes", "read": "2024-05-01T03:04:05Z" or
// null, "missing": null or "not there" / "empty"}]}, one line.
std::string sources_listing_json(const std::vector<RecordedSource>& sources, const std::string& db_path);

}  // namespace notes
