// sources.h — finding and reading the inputs of notes-index: tag page folders, JSON Lines, GitHub issue exports.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "collection.h"

namespace notes {

// A file, or a line of one, that could not be read; the rest of the input still counts.
struct Problem {
    std::string where;    // "path" or "path:line"
    std::string message;  // e.g. "invalid UTF-8 at byte 120"
};

struct ReadReport {
    std::size_t files = 0;  // files read, whether or not they had problems
    std::size_t pages = 0;  // tag pages among them
    std::vector<Problem> problems;
    std::vector<Problem> warnings;  // oddities inside files that were read
};

// The input files under some paths, and the folders among them that could not be listed.
struct SourceList {
    std::vector<std::filesystem::path> files;
    // Folders that exist but could not be read (permission denied, an I/O error), each with the
    // reason: the files once found there are not gone, and keep their notes (sync.h). A recorded
    // source missing as a whole (an unmounted disk) is named here too, folder or file.
    std::vector<Problem> unreadable_folders;
};

// Every input file under `paths`: a folder gives its *.markdown, *.md, *.html, *.jsonl and *.json
// files, recursively, passing hidden files and folders by (.git); a file is taken as it is. A
// symbolic link with such a name is taken even when broken, so that it is reported rather than
// taken for a file deleted. Sorted by path so that merging is deterministic. Throws
// std::runtime_error("cannot read <path>: ...") for a path that does not exist.
SourceList list_sources(const std::vector<std::string>& paths);
// list_sources(paths).files.
std::vector<std::filesystem::path> find_sources(const std::vector<std::string>& paths);

// Reads one file into the collection; returns false (with a Problem) when it had to be skipped,
// whole or in part (a bad line of a JSON Lines file).
// By its name and content: *.jsonl is JSON Lines (bad lines skipped one by one); *.json, or any
// other file whose content starts with '[' or '{', a GitHub issue export (github_export.h, used
// whole or not at all); anything else a tag page.
bool read_source(const std::filesystem::path& file, Collection& into, ReadReport& report);

// Why `file` cannot be opened for reading ("Permission denied", "a symbolic link to X, which is
// not there"), or "" when it can: an unchanged file is still checked, or a file this user may no
// longer read would pass for one read.
std::string open_problem(const std::filesystem::path& file);

// What read_source will take `file` for, by its name and first bytes: "jsonl", "export" or "tag page".
std::string file_kind(const std::filesystem::path& file);

// One JSON Lines text: each line a note (note_from_json). Bad lines are reported with their number.
void read_json_lines(std::string_view text, const std::string& name, Collection& into, ReadReport& report);

}  // namespace notes
