// sources.cc — reads each input file, reporting what it cannot use instead of stopping.
#include "sources.h"

#include <fcntl.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "files.h"
#include "github_export.h"
#include "normalize.h"

namespace fs = std::filesystem;

namespace notes {

namespace {

bool is_page_extension(const fs::path& p) {
    auto ext = p.extension().string();
    return ext == ".markdown" || ext == ".md" || ext == ".html";
}

bool is_jsonl(const fs::path& p) { return p.extension() == ".jsonl"; }

bool is_json(const fs::path& p) { return p.extension() == ".json"; }

// A field longer than this is no note's text but a mistake (a file pasted into a summary): it is
// cut, so that one such field costs neither the run's memory nor its time.
constexpr std::size_t kMaxFieldBytes = std::size_t{1} << 20;

// `note` with each text field cut to kMaxFieldBytes (at a character boundary), and a problem
// naming the file and the note for each cut.
Note capped(Note note, const std::string& name, ReadReport& report) {
    for (auto [field, label] : {std::pair{&note.title, "title"}, std::pair{&note.summary, "summary"},
                                std::pair{&note.comment, "comment"}, std::pair{&note.url, "url"}}) {
        if (field->size() <= kMaxFieldBytes) continue;
        std::size_t cut = kMaxFieldBytes;
        while (cut > 0 && (static_cast<unsigned char>((*field)[cut]) & 0xC0) == 0x80) --cut;
        report.problems.push_back({name, "note #" + std::to_string(note.id) + ": its " + label + " of " +
                                             std::to_string(field->size()) + " bytes is cut to its first " +
                                             std::to_string(cut) + " bytes (the limit is 1 MiB)"});
        field->resize(cut);
    }
    return note;
}

// A file a folder scan takes: an input by its name, a regular file or a symbolic link to one
// (or to nothing: reported when read, not taken for a file deleted).
bool is_source_entry(const fs::directory_entry& e) {
    const fs::path& p = e.path();
    if (!(is_page_extension(p) || is_jsonl(p) || is_json(p))) return false;
    std::error_code ec;
    if (e.is_regular_file(ec)) return true;
    return e.is_symlink(ec) && !fs::exists(e.status(ec));
}

// The input files of `folder` and its sub-folders (not following links to folders, as
// recursive_directory_iterator does not), noting the folders that cannot be listed.
void scan_folder(const fs::path& folder, std::vector<fs::path>& found, std::vector<Problem>& unreadable) {
    std::error_code ec;
    fs::directory_iterator it(folder, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        // Hidden entries are a tool's, not the notes' (.git, .jekyll-cache, an editor's .#lock
        // or backup files): a folder scan passes them by, as ripgrep and git do.
        if (it->path().filename().string().starts_with(".")) continue;
        std::error_code type_ec;
        if (it->is_directory(type_ec) && !it->is_symlink(type_ec))
            scan_folder(it->path(), found, unreadable);
        else if (is_source_entry(*it))
            found.push_back(it->path());
    }
    if (ec) unreadable.push_back({folder.string(), "cannot read the folder: " + ec.message()});
}

}  // namespace

SourceList list_sources(const std::vector<std::string>& paths) {
    SourceList out;
    for (const auto& arg : paths) {
        fs::path p(arg);
        std::error_code ec;
        auto st = fs::status(p, ec);
        if (ec && ec != std::errc::no_such_file_or_directory)
            throw std::runtime_error("cannot read " + arg + ": " + ec.message());
        if (!fs::exists(st)) throw std::runtime_error("cannot read " + arg + ": no such file or folder");
        if (fs::is_directory(st)) {
            std::vector<fs::path> found;
            scan_folder(p, found, out.unreadable_folders);
            std::sort(found.begin(), found.end());
            out.files.insert(out.files.end(), found.begin(), found.end());
        } else {
            out.files.push_back(p);
        }
    }
    return out;
}

std::vector<fs::path> find_sources(const std::vector<std::string>& paths) { return list_sources(paths).files; }

void read_json_lines(std::string_view text, const std::string& name, Collection& into, ReadReport& report) {
    std::size_t line_no = 0, pos = 0;
    while (pos < text.size()) {
        std::size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) nl = text.size();
        std::string_view line = text.substr(pos, nl - pos);
        pos = nl + 1;
        ++line_no;
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        std::string where = name + ":" + std::to_string(line_no);
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded()) {
            report.problems.push_back({where, "not a JSON object (truncated or malformed line)"});
            continue;
        }
        try {
            into.add_note(capped(note_from_json(j), where, report));
        } catch (const std::invalid_argument& e) {
            report.problems.push_back({where, e.what()});
        }
    }
}

std::string open_problem(const fs::path& file) {
    std::error_code ec;
    if (fs::is_symlink(fs::symlink_status(file, ec)) && !fs::exists(file, ec))
        return "a symbolic link to " + fs::read_symlink(file, ec).string() + ", which is not there";
    int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::strerror(errno);
    ::close(fd);
    return "";
}

namespace {

// The text of `file` without a UTF-8 byte-order mark, or nullopt (with a Problem) when there is
// nothing to read in it: it cannot be opened, it is empty, or it is UTF-16.
std::optional<std::string> read_text(const fs::path& file, const std::string& name, ReadReport& report) {
    std::string content;
    try {
        content = read_file(file);
    } catch (const std::exception& e) {
        std::string why = open_problem(file);
        report.problems.push_back({name, "cannot read: " + (why.empty() ? std::string(e.what()) : why)});
        return std::nullopt;
    }
    // Windows editors (Notepad) start UTF-8 files with a byte-order mark; it is no part of the text.
    if (content.starts_with("\xEF\xBB\xBF")) content.erase(0, 3);
    if (content.starts_with("\xFF\xFE") || content.starts_with("\xFE\xFF")) {
        report.problems.push_back({name, "not UTF-8: the file is UTF-16; convert it with iconv -f UTF-16 -t UTF-8"});
        return std::nullopt;
    }
    if (content.empty()) {
        report.problems.push_back({name, "empty file"});
        return std::nullopt;
    }
    return content;
}

}  // namespace

std::string file_kind(const fs::path& file) {
    if (is_jsonl(file)) return "jsonl";
    if (is_json(file)) return "export";
    char head[256];
    std::ifstream in(file, std::ios::binary);
    in.read(head, sizeof head);
    return looks_like_json(std::string_view(head, static_cast<std::size_t>(in.gcount()))) ? "export" : "tag page";
}

bool read_source(const fs::path& file, Collection& into, ReadReport& report) {
    ++report.files;
    std::string name = file.string();
    std::optional<std::string> text = read_text(file, name, report);
    if (!text) return false;
    const std::string& content = *text;
    if (is_jsonl(file)) {
        std::size_t before = report.problems.size();
        read_json_lines(content, name, into, report);
        return report.problems.size() == before;
    }
    if (is_json(file) || looks_like_json(content)) {  // a GitHub issue export (or notes), used whole or not at all
        try {
            IssueExport issues = read_issue_export(content);
            for (auto& w : issues.warnings) report.warnings.push_back({name, std::move(w)});
            if (issues.pull_requests > 0)
                report.warnings.push_back({name, std::to_string(issues.pull_requests) + " pull request(s) skipped"});
            for (const Note& note : issues.notes) into.add_note(capped(note, name, report));
            return true;
        } catch (const ExportError& e) {
            report.problems.push_back({name, e.what()});
            return false;
        }
    }
    if (content.find('\0') != std::string::npos) {
        report.problems.push_back({name, "binary file, not a tag page"});
        return false;
    }
    try {
        TagPage page = parse_tag_page(content);
        text.reset();  // a page of 100K notes is hundreds of MB: not held twice while merged
        for (Note& note : page.notes) note = capped(std::move(note), name, report);
        ++report.pages;
        for (auto& w : page.warnings) report.warnings.push_back({name, std::move(w)});
        if (page.notes.empty()) report.warnings.push_back({name, "a tag page with no notes"});
        into.add_page(std::move(page));
        return true;
    } catch (const PageError& e) {
        report.problems.push_back({name, e.what()});
        return false;
    }
}

}  // namespace notes
