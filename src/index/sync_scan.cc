// sync_scan.cc — which files of a run changed, reading them on several threads, and merging
// the notes the run must write, in file order whatever the threads did.
#include "sync_scan.h"

#include <algorithm>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "collection.h"
#include "facets.h"
#include "files.h"
#include "index_errors.h"
#include "memory.h"
#include "ordered_parallel.h"
#include "parallel_build.h"
#include "schema.h"
#include "source_record.h"

namespace fs = std::filesystem;

namespace notes::sync_detail {

namespace {

// Size and mtime make the common check cheap: only a file whose stat changed is hashed.
Item stat_item(const fs::path& path, std::size_t seq) {
    Item it;
    it.path = path;
    std::error_code ec;
    it.key = fs::absolute(path, ec).lexically_normal().string();
    it.record.size = fs::file_size(path, ec);
    if (ec) it.record.size = 0;
    auto mtime = fs::last_write_time(path, ec);
    it.record.mtime = ec ? 0 : static_cast<std::int64_t>(mtime.time_since_epoch().count());
    it.record.seq = seq;
    return it;
}

// An unchanged file takes over its record (notes, tags, pages) instead of being read again.
// Read by other readers (an older notes-index), it is read again: the same bytes may make other notes.
bool take_if_unchanged(Item& it, const SourceRecord& was) {
    if (was.readers != schema::kReadersVersion) return false;
    bool same = was.size == it.record.size && was.mtime == it.record.mtime;
    if (!same) {
        it.record.hash = file_hash(it.path.string());
        same = !it.record.hash.empty() && it.record.hash == was.hash;
    }
    if (!same) return false;
    const SourceRecord now = it.record;
    it.record = was;
    it.record.size = now.size;
    it.record.mtime = now.mtime;
    it.record.seq = now.seq;
    it.changed = false;
    return true;
}

// A record no file matches, so that its file is read again next time: no file has that size,
// and an empty hash matches none.
void read_next_time(SourceRecord& r) {
    r.size = std::numeric_limits<std::uint64_t>::max();
    r.hash.clear();
}

// A source that cannot be read this time keeps its notes as the index holds them, and stands
// by its last record, to be read again next time: only a source that is gone removes notes.
// Returns what to add to the problem's message.
std::string keep(Item& it, const SourceRecord& prior, Scan& scan) {
    std::size_t seq = it.record.seq;
    it.record = prior;
    it.record.seq = seq;
    read_next_time(it.record);
    it.changed = false;
    it.kept = true;
    it.recorded = true;  // a broken link too, so that its notes stay known
    it.local.reset();
    scan.kept.insert(prior.ids.begin(), prior.ids.end());
    if (prior.ids.empty()) return "";
    return "; the " + std::to_string(prior.ids.size()) + " note(s) it held are kept from the last run";
}

// The collection one file is read into (scan_files says which store). By its name alone: a pipe
// can be read once only.
std::unique_ptr<Collection> collection_for(const fs::path& path, const std::shared_ptr<TextStore>& store) {
    if (path.extension() == ".jsonl" || path.extension() == ".json") return std::make_unique<Collection>(store);
    return std::make_unique<Collection>();
}

// A changed file is read now, on a reading thread: its hash, then its notes into a collection of
// its own, with its own problems and warnings, which read_changed settles in file order.
void read_file(Item& it, bool regular, const std::shared_ptr<TextStore>& store, ReadReport& read) {
    if (it.record.hash.empty() && regular) it.record.hash = file_hash(it.path.string());
    it.local = collection_for(it.path, store);
    read_source(it.path, *it.local, read);
}

// What a read changed: the notes it holds, and those it held before, are affected. One read with
// problems is recorded so as to be read again next time, and the notes it held that it did not
// give this time (a line cut short) are kept. `read` is this file's report alone.
void read_changed(Item& it, bool regular, const SourceRecord* prior, bool full, Scan& scan, ReadReport& read) {
    it.recorded = regular;
    bool problems = !read.problems.empty();
    SourceRecord fresh = record_of(*it.local);
    if (problems && prior && !full && fresh.ids.empty()) {
        read.problems.back().message += keep(it, *prior, scan);
        return;
    }
    fresh.size = it.record.size;
    fresh.mtime = it.record.mtime;
    fresh.hash = it.record.hash;
    fresh.seq = it.record.seq;
    it.record = std::move(fresh);
    if (problems) read_next_time(it.record);
    if (problems && prior && !full) {
        std::set<std::int64_t> now(it.record.ids.begin(), it.record.ids.end());
        for (auto id : prior->ids)
            if (!now.count(id)) {
                scan.kept.insert(id);
                it.record.ids.push_back(id);
            }
    }
    if (full && problems && it.record.ids.empty()) scan.unread_in_full = true;
    if (full) {  // every file is read anyway: merge now rather than hold every file's notes
        scan.collection.absorb(std::move(*it.local));
        it.local.reset();
        it.absorbed = true;
        return_free_memory();  // the file's parse, freed among the notes kept
    }
    scan.affected.insert(it.record.ids.begin(), it.record.ids.end());
    if (prior) scan.affected.insert(prior->ids.begin(), prior->ids.end());
}

// One file's problems and warnings after those of the files before it, as a serial read has them.
void append_report(ReadReport& into, ReadReport&& file) {
    into.files += file.files;
    into.pages += file.pages;
    for (auto& p : file.problems) into.problems.push_back(std::move(p));
    for (auto& w : file.warnings) into.warnings.push_back(std::move(w));
}

// The reading threads of a run: the option, else one per core.
std::size_t reading_threads(const SyncOptions& options) { return resolved_jobs(options.jobs); }

// Files read and waiting for the merge: two a thread, whatever their size; past that, up to 16
// a thread while those behind the file the merge waits for are within 256 MiB a thread. Why: a
// site's pages differ in size a hundredfold (at 100K notes, #NLP is 58 MB of 400; at 1M, 584 MB),
// and with two a thread, a thread reading a big page held up the others after two small ones:
// 100K notes were read in 12 s on 1.3 cores; with the budget in 6 s on 1.95.
InFlight reading_window(std::size_t threads) {
    return {.items = 2 * threads, .most_items = 16 * threads, .cost_budget = (std::uint64_t{256} << 20) * threads};
}

// A file's bytes, for reading_window; 0 when it cannot be known (its read will say why).
std::uint64_t file_bytes(const fs::path& path) {
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(path, ec);
    return ec ? 0 : size;
}

// The recorded files inside folders that could not be listed are not gone: they keep their notes.
// So do those of a recorded source that is missing as a whole (sources.h), folder or file.
void keep_unlisted(const SourceList& sources, const Recorded& recorded, Scan& scan, ReadReport& read) {
    std::unordered_set<std::string> listed;
    for (const auto& it : scan.items) listed.insert(it.key);
    for (const Problem& folder : sources.unreadable_folders) {
        std::error_code ec;
        const fs::path root = fs::absolute(folder.where, ec).lexically_normal();
        const std::string inside = (root / "").string();
        std::size_t kept_before = scan.kept.size();
        for (const auto& [key, r] : recorded.sources) {
            if (recorded.full || listed.count(key) || !(key == root.string() || key.starts_with(inside))) continue;
            Item& it = scan.items.emplace_back();
            it.path = it.key = key;
            it.record.seq = scan.items.size() - 1;
            keep(it, r, scan);
            listed.insert(key);
        }
        read.problems.push_back(folder);
        if (std::size_t n = scan.kept.size() - kept_before)
            read.problems.back().message += "; the " + std::to_string(n) + " note(s) " +
                                            (recorded.sources.count(root.string()) ? "it held" : "of its files") +
                                            " are kept from the last run";
    }
    for (const auto& [key, r] : recorded.sources)
        if (!listed.count(key)) scan.affected.insert(r.ids.begin(), r.ids.end());  // a file gone
}

// What a reading thread finds out about one file, for scan_files to settle in file order.
struct FileLook {
    Item item;
    bool regular = false;
    bool unchanged = false;  // its record taken over from the last run's
    std::string open_why;    // unchanged, but it cannot be opened now
    ReadReport read;         // this file's own problems and warnings, when it was read
};

// Everything about file `seq` that needs no other file: on a reading thread, so it touches
// nothing but its own result (`recorded` is only read).
FileLook look_at(const fs::path& path, std::size_t seq, const Recorded& recorded,
                 const std::shared_ptr<TextStore>& store) {
    FileLook f;
    f.item = stat_item(path, seq);
    auto found = recorded.sources.find(f.item.key);
    const SourceRecord* prior = found == recorded.sources.end() ? nullptr : &found->second;
    // A pipe (notes-index <(gh issue list ...)) can be read once only, and has no size or
    // mtime to remember: it is read as new every time, and never recorded.
    std::error_code ec;
    f.regular = fs::is_regular_file(path, ec);
    // Unchanged, as far as its size and mtime tell: whether it can still be read, they do not.
    f.unchanged = !recorded.full && f.regular && prior && take_if_unchanged(f.item, *prior);
    if (f.unchanged)
        f.open_why = open_problem(path);
    else
        read_file(f.item, f.regular, store, f.read);
    return f;
}

}  // namespace

// Decides, file by file, which files changed, and reads those, on several threads; what they
// found is settled in file order, so that the run is the same as one read on a single thread.
Scan scan_files(const SourceList& sources, const Recorded& recorded, const SyncOptions& options,
                std::shared_ptr<TextStore> store, SyncReport& report) {
    const std::vector<fs::path>& files = sources.files;
    Scan scan;
    scan.store = std::move(store);
    scan.collection = Collection(scan.store);
    scan.items.reserve(files.size());
    std::size_t notes_read = 0;
    const std::size_t threads = reading_threads(options);
    auto look = [&](std::size_t i) { return look_at(files[i], i, recorded, scan.store); };
    auto settle = [&](std::size_t i, FileLook&& f) {
        Item& it = scan.items.emplace_back(std::move(f.item));
        auto found = recorded.sources.find(it.key);
        const SourceRecord* prior = found == recorded.sources.end() ? nullptr : &found->second;
        if (f.unchanged && f.open_why.empty()) {
            ++report.unchanged;
        } else if (f.unchanged) {
            report.read.problems.push_back({it.path.string(), "cannot read: " + f.open_why + keep(it, *prior, scan)});
        } else {
            read_changed(it, f.regular, prior, recorded.full, scan, f.read);
            append_report(report.read, std::move(f.read));
            notes_read += it.record.ids.size();
        }
        if (options.on_file) options.on_file(i + 1, files.size(), notes_read);
    };
    for_each_in_order(
        files.size(), threads, reading_window(threads), [&](std::size_t i) { return file_bytes(files[i]); }, look,
        settle);
    keep_unlisted(sources, recorded, scan, report.read);
    return scan;
}

// Choices over all files, now and as they were: a tag whose spelling changes touches every note
// that carries it, read or not.
SiteChoices choose_site(Scan& scan, const Recorded& recorded) {
    SiteChoices now, before;
    AuthorCounts authors_now, authors_before;
    for (const auto& it : scan.items) now.add(it.record, authors_now);
    now.author = most_common_author(authors_now);
    if (recorded.full) return now;
    std::vector<const SourceRecord*> by_seq;
    for (const auto& [key, r] : recorded.sources) by_seq.push_back(&r);
    std::sort(by_seq.begin(), by_seq.end(), [](auto* a, auto* b) { return a->seq < b->seq; });
    for (const auto* r : by_seq) before.add(*r, authors_before);
    for (const auto& [key, name] : now.tag_names) {
        auto was = before.tag_names.find(key);
        if (was == before.tag_names.end() || was->second == name) continue;
        for (const auto& it : scan.items)  // every file holding a note with that tag
            if (it.record.tag_names.count(key)) scan.affected.insert(it.record.ids.begin(), it.record.ids.end());
    }
    return now;
}

// Reads the unchanged files that share a note with what changed, then merges in file order, so
// that each affected note is merged from all of its files as a fresh build would.
void merge_needed(Scan& scan, bool full, const SiteChoices& now, const SyncOptions& options, ReadReport& read) {
    std::vector<Item*> needed;
    for (auto& it : scan.items) {
        if (it.absorbed || it.kept) continue;
        if (full || it.changed ||
            std::any_of(it.record.ids.begin(), it.record.ids.end(), [&](auto id) { return scan.affected.count(id); }))
            needed.push_back(&it);
    }
    const std::size_t threads = reading_threads(options);
    struct Read {
        std::unique_ptr<Collection> notes;  // null: the file was read already (it changed)
        ReadReport report;
    };
    auto read_unread = [&](std::size_t i) {  // on a reading thread
        Read r;
        if (!needed[i]->local) {
            r.notes = collection_for(needed[i]->path, scan.store);
            read_source(needed[i]->path, *r.notes, r.report);
        }
        return r;
    };
    auto merge = [&](std::size_t i, Read&& r) {
        append_report(read, std::move(r.report));
        scan.collection.absorb(std::move(r.notes ? *r.notes : *needed[i]->local));
        needed[i]->local.reset();
    };
    for_each_in_order(
        needed.size(), threads, reading_window(threads),
        [&](std::size_t i) { return needed[i]->local ? 0 : file_bytes(needed[i]->path); }, read_unread, merge);
    scan.collection.use_tag_names(now.tag_names);
}

}  // namespace notes::sync_detail
