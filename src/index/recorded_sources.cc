// recorded_sources.cc — the record of the sources given, and the runs that read them all again.
#include "recorded_sources.h"

#include <xapian.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <ctime>
#include <exception>
#include <filesystem>
#include <set>
#include <span>
#include <unordered_set>

#include "index_errors.h"
#include "schema.h"

namespace fs = std::filesystem;

namespace notes {

std::string source_path(const std::string& given) {
    std::error_code ec;
    fs::path p = fs::absolute(given, ec).lexically_normal();
    if (ec) p = fs::path(given).lexically_normal();
    if (!p.has_filename() && p.has_relative_path()) p = p.parent_path();  // "/a/b/" is "/a/b"
    return p.string();
}

std::string sources_json(const std::vector<RecordedSource>& sources) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& s : sources) {
        nlohmann::json j{
            {"path", s.path}, {"kind", s.kind}, {"files", s.files}, {"notes", s.notes}, {"read", s.read_at}};
        if (!s.missing.empty()) j["missing"] = s.missing;
        out.push_back(std::move(j));
    }
    return out.dump();
}

std::vector<RecordedSource> parse_sources(const std::string& value) {
    std::vector<RecordedSource> out;
    auto j = nlohmann::json::parse(value, nullptr, false);
    if (!j.is_array()) return out;
    try {
        for (const auto& e : j) {
            RecordedSource s;
            s.path = e.at("path").get<std::string>();
            s.kind = e.value("kind", std::string());
            s.files = e.value("files", std::size_t{0});
            s.notes = e.value("notes", std::size_t{0});
            s.read_at = e.value("read", std::int64_t{0});
            s.missing = e.value("missing", std::string());
            if (!s.path.empty()) out.push_back(std::move(s));
        }
    } catch (const std::exception&) {
        return {};  // a record this version cannot read is no record: the user gives the sources again
    }
    return out;
}

std::vector<RecordedSource> read_recorded_sources(const std::string& db_path) try {
    std::error_code ec;
    if (!fs::exists(db_path, ec) && !ec)
        throw IndexError("cannot open index " + db_path + ": no index there; build it with: notes-index --db " +
                         db_path + " <notes folder>");
    Xapian::Database db(db_path);
    return parse_sources(db.get_metadata(std::string(schema::kMetaSources)));
} catch (const Xapian::Error& e) {
    throw_index_error(e, "open", db_path);
}

namespace {

// A pipe or a process substitution (`<(gh issue list ...)`), or anything under /dev or /proc
// (/dev/stdin is whatever the next run's input is): read once, never again.
bool one_time(const std::string& path) {
    if (path.starts_with("/dev/") || path.starts_with("/proc/")) return true;
    std::error_code ec;
    auto st = fs::status(path, ec);
    return fs::exists(st) && !fs::is_directory(st) && !fs::is_regular_file(st);
}

// One source of the run.
struct Root {
    RecordedSource source;
    bool was_recorded = false;     // named by the record before this run
    bool recorded = true;          // false: a pipe, or a path read as part of a recorded folder
    std::string given;             // as typed, for messages
    std::size_t files_before = 0;  // files the record gave it
};

std::string recorded_list(const std::vector<RecordedSource>& recorded) {
    if (recorded.empty()) return "no source is recorded";
    std::string out = "the recorded sources are";
    for (std::size_t i = 0; i < recorded.size(); ++i) out += (i ? ", " : ": ") + recorded[i].path;
    return out;
}

// The sources of the run, in order: the recorded ones (less those forgotten), then new ones.
std::vector<Root> plan_roots(SourcesAction action, const std::vector<std::string>& paths,
                             const std::vector<RecordedSource>& recorded, const std::string& db_path) {
    std::set<std::string> forget;
    for (const auto& given : paths) {
        if (action != SourcesAction::forget) break;
        std::string p = source_path(given);
        bool known = std::any_of(recorded.begin(), recorded.end(), [&](const auto& r) { return r.path == p; });
        if (!known)
            throw NotRecordedError("cannot forget " + given + ": it is not a recorded source of " + db_path + "; " +
                                   recorded_list(recorded) + " (notes-index --sources lists them)");
        forget.insert(p);
    }
    if (action == SourcesAction::refresh && recorded.empty())
        throw NotRecordedError("nothing to do: no source is recorded in " + db_path +
                               " yet; give the folders or files to index (notes-index DIR), or --dump FILE");
    std::vector<Root> roots;
    for (const auto& r : recorded)
        if (!forget.count(r.path)) roots.push_back({r, true, true, r.path, r.files});
    if (action != SourcesAction::add) return roots;
    for (const auto& given : paths) {
        std::string p = source_path(given);
        if (std::any_of(roots.begin(), roots.end(), [&](const Root& r) { return r.source.path == p; })) continue;
        Root& root = roots.emplace_back();
        root.source.path = p;
        root.given = given;
        root.recorded = !one_time(p);
    }
    return roots;
}

// Whether `path` is inside the folder `root` (or is it).
bool within(const std::string& path, const std::string& root) {
    return path == root || (path.size() > root.size() && path.starts_with(root) && path[root.size()] == '/');
}

// Adds the files of `root` not listed yet to `out`. A recorded source that is gone, or a recorded
// folder whose files are all gone, keeps its notes: it is named among the unreadable paths.
void list_root(Root& root, std::span<const Root> earlier, std::unordered_set<std::string>& seen, SourceList& out) {
    const std::string& path = root.source.path;
    std::error_code ec;
    auto st = fs::status(path, ec);
    if (!fs::exists(st) && root.was_recorded) {
        bool lost = !ec || ec == std::errc::no_such_file_or_directory;
        root.source.missing = lost ? "not there" : "cannot read: " + ec.message();
        out.unreadable_folders.push_back(
            {path,
             lost ? "the recorded " + std::string(root.source.kind == "folder" ? "folder" : "file") + " is not there"
                  : "cannot read: " + ec.message()});
        return;
    }
    SourceList found = list_sources({root.was_recorded ? path : root.given});  // a new one not there throws
    bool folder = fs::is_directory(st);
    if (root.recorded) root.source.kind = folder ? "folder" : file_kind(path);
    if (folder && found.files.empty() && found.unreadable_folders.empty() && root.files_before > 0) {
        root.source.missing = "empty";
        out.unreadable_folders.push_back({path, "the recorded folder is empty now"});
        return;
    }
    root.source.missing.clear();
    bool all_seen = !found.files.empty();
    for (const auto& f : found.files) {
        std::string key = fs::absolute(f, ec).lexically_normal().string();
        if (seen.insert(key).second) {
            out.files.push_back(f);
            all_seen = false;
        }
    }
    for (auto& u : found.unreadable_folders) out.unreadable_folders.push_back(std::move(u));
    // A page given alone inside a folder of the run is read as part of the folder, not recorded twice.
    if (!root.was_recorded && all_seen && std::any_of(earlier.begin(), earlier.end(), [&](const Root& r) {
            return r.source.kind == "folder" && within(path, r.source.path);
        }))
        root.recorded = false;
}

// The record after the run: each source's files and notes as the sync left them.
std::vector<RecordedSource> record_after(const std::vector<Root>& roots, const SyncReport& report) {
    const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
    std::vector<RecordedSource> out;
    for (const Root& root : roots) {
        if (!root.recorded) continue;
        RecordedSource s = root.source;
        std::unordered_set<std::int64_t> ids;
        s.files = 0;
        for (const HeldFile& f : report.held)
            if (within(f.path, s.path)) {
                ++s.files;
                ids.insert(f.ids.begin(), f.ids.end());
            }
        s.notes = ids.size();
        if (s.missing.empty()) s.read_at = now;
        out.push_back(std::move(s));
    }
    return out;
}

SourcesRun run_sources(IndexWriter& writer, SourcesAction action, const std::vector<std::string>& paths,
                       const std::string& db_path, const SyncOptions& options) {
    SourcesRun run;
    const std::vector<RecordedSource> recorded = parse_sources(writer.metadata(std::string(schema::kMetaSources)));
    std::vector<Root> roots = plan_roots(action, paths, recorded, db_path);
    SourceList list;
    std::unordered_set<std::string> seen;
    for (std::size_t i = 0; i < roots.size(); ++i) {
        list_root(roots[i], std::span<const Root>(roots.data(), i), seen, list);
        if (!roots[i].recorded && one_time(roots[i].source.path)) run.pipes.push_back(roots[i].given);
    }
    SyncOptions sync_options = options;
    sync_options.allow_empty = action == SourcesAction::forget;
    run.sync = sync_files(writer, list, sync_options);
    run.sources = recorded;
    if (!run.sync.untouched_because.empty()) return run;
    for (Problem& p : run.sync.read.problems)
        for (const Root& root : roots)
            if (!root.source.missing.empty() && p.where == root.source.path)
                p.message += "; notes-index --forget " + root.source.path + " drops it and the notes only it held";
    run.sources = record_after(roots, run.sync);
    writer.set_metadata(std::string(schema::kMetaSources), sources_json(run.sources));
    writer.commit();
    run.sync.written = true;
    return run;
}

}  // namespace

SourcesRun update_sources(const std::string& db_path, SourcesAction action, const std::vector<std::string>& paths,
                          const Analyzer& analyzer, const SyncOptions& options) try {
    if (action != SourcesAction::add) {  // no index to create, nor lock to take, for a record of nothing
        std::error_code ec;
        if (!fs::exists(db_path, ec) || read_recorded_sources(db_path).empty())
            plan_roots(action, paths, {}, db_path);  // throws NotRecordedError
    }
    IndexWriter writer(db_path, analyzer);  // takes the lock; the record is read again under it
    return run_sources(writer, action, paths, db_path, options);
} catch (const Xapian::Error& e) {
    throw_index_error(e, "write", db_path);
}

}  // namespace notes
