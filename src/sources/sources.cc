// sources.cc — reads each input file, reporting what it cannot use instead of stopping.
#include "sources.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
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

}  // namespace

std::vector<fs::path> find_sources(const std::vector<std::string>& paths) {
    std::vector<fs::path> files;
    for (const auto& arg : paths) {
        fs::path p(arg);
        std::error_code ec;
        auto st = fs::status(p, ec);
        if (ec || !fs::exists(st)) throw std::runtime_error("cannot read " + arg + ": no such file or folder");
        if (fs::is_directory(st)) {
            std::vector<fs::path> found;
            fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec), end;
            if (ec) throw std::runtime_error("cannot read " + arg + ": " + ec.message());
            for (; it != end; it.increment(ec)) {
                if (ec) throw std::runtime_error("cannot read " + arg + ": " + ec.message());
                // Hidden entries are a tool's, not the notes' (.git, .jekyll-cache, an editor's
                // .#lock or backup files): a folder scan passes them by, as ripgrep and git do.
                if (it->path().filename().string().starts_with(".")) {
                    if (it->is_directory(ec)) it.disable_recursion_pending();
                    continue;
                }
                if (it->is_regular_file(ec) &&
                    (is_page_extension(it->path()) || is_jsonl(it->path()) || is_json(it->path())))
                    found.push_back(it->path());
            }
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
        } else {
            files.push_back(p);
        }
    }
    return files;
}

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
            into.add_note(note_from_json(j));
        } catch (const std::invalid_argument& e) {
            report.problems.push_back({where, e.what()});
        }
    }
}

bool read_source(const fs::path& file, Collection& into, ReadReport& report) {
    ++report.files;
    std::string name = file.string();
    std::string content;
    try {
        content = read_file(file);
    } catch (const std::exception& e) {
        report.problems.push_back({name, std::string("cannot read: ") + e.what()});
        return false;
    }
    if (content.empty()) {
        report.problems.push_back({name, "empty file"});
        return false;
    }
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
            for (const Note& note : issues.notes) into.add_note(note);
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
        ++report.pages;
        for (auto& w : page.warnings) report.warnings.push_back({name, std::move(w)});
        if (page.notes.empty()) report.warnings.push_back({name, "a tag page with no notes"});
        into.add_page(page);
        return true;
    } catch (const PageError& e) {
        report.problems.push_back({name, e.what()});
        return false;
    }
}

}  // namespace notes
