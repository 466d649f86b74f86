// github_export.h — GitHub issue exports (REST API pages, `gh issue list --json`) read as notes.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "note.h"

namespace notes {

// Text that is not a usable export: invalid or truncated JSON, or JSON of another shape. The
// message says where, as "line L, column C" (columns count bytes, from 1).
struct ExportError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// What an export held.
struct IssueExport {
    std::vector<Note> notes;            // one per issue, in the order of the text
    std::size_t pull_requests = 0;      // REST entries with a "pull_request" key: skipped
    std::vector<std::string> warnings;  // recoverable oddities, e.g. a creation time that is no date
};

// Reads one or more JSON values written back to back (REST API pages concatenated, `[...][...]`
// or one per line; a single array; one object per line). Each value is an array of entries or one
// entry, and an entry is
//  - a REST API issue: "number", "title", "body", "labels" (objects with "name"), "created_at",
//    "html_url" ("state" is not used: open and closed issues are notes alike); an entry with a
//    "pull_request" key is a pull request and is skipped;
//  - a `gh issue list --json number,title,body,labels,createdAt,url` issue;
//  - a note in the JSON Lines shape (note.h: "id", "title", ...), as `notes-index --dump` writes.
// An issue becomes a note: number -> id, labels -> tags, the creation time's UTC date -> date,
// the body reduced to text (markdown.h's markdown_to_text) -> comment, its images -> images; no summary.
// The text is used whole or not at all: throws ExportError at the first thing it cannot use.
IssueExport read_issue_export(std::string_view text);

// Whether `content` is JSON rather than a tag page: its first byte other than white space (after a
// UTF-8 byte order mark) is '[' or '{'.
bool looks_like_json(std::string_view content);

}  // namespace notes
