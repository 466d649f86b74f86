// sync.cc — the incremental update: re-reads only what changed, writes what a fresh build would.
#include "sync.h"

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
#include "schema.h"
#include "source_record.h"

namespace fs = std::filesystem;

namespace notes {

namespace {

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
    fs::path path;
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
    Collection collection;  // the notes merged so far
    // A whole rebuild met a file it could not read at all: the notes it held cannot be kept.
    bool unread_in_full = false;
};

// The previous run's records tell which files can be skipped; a stale index has none worth using.
Recorded load_recorded(const IndexWriter& writer) {
    Recorded out;
    const std::string prefix(schema::kMetaSourcePrefix);
    if (!writer.stale())
        for (const auto& key : writer.metadata_keys(prefix)) {
            SourceRecord r;
            if (!parse_record(writer.metadata(key), r)) continue;
            if (r.path.empty() && !key.starts_with(prefix + "#")) r.path = key.substr(prefix.size());
            if (!r.path.empty()) out.sources.emplace(r.path, std::move(r));
        }
    out.ids = writer.ids();
    out.full = writer.stale() || out.sources.empty() || out.ids.empty();
    return out;
}

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
bool take_if_unchanged(Item& it, const SourceRecord& was) {
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

// A changed file is read now, on a reading thread: its hash, then its notes into a collection of
// its own, with its own problems and warnings, which read_changed settles in file order.
void read_file(Item& it, bool regular, ReadReport& read) {
    if (it.record.hash.empty() && regular) it.record.hash = file_hash(it.path.string());
    it.local = std::make_unique<Collection>();
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
FileLook look_at(const fs::path& path, std::size_t seq, const Recorded& recorded) {
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
        read_file(f.item, f.regular, f.read);
    return f;
}

// Decides, file by file, which files changed, and reads those, on several threads; what they
// found is settled in file order, so that the run is the same as one read on a single thread.
Scan scan_files(const SourceList& sources, const Recorded& recorded, const SyncOptions& options, SyncReport& report) {
    const std::vector<fs::path>& files = sources.files;
    Scan scan;
    scan.items.reserve(files.size());
    std::size_t notes_read = 0;
    const std::size_t threads = reading_threads(options);
    auto look = [&](std::size_t i) { return look_at(files[i], i, recorded); };
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
    for_each_in_order(files.size(), threads, 2 * threads, look, settle);
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
            r.notes = std::make_unique<Collection>();
            read_source(needed[i]->path, *r.notes, r.report);
        }
        return r;
    };
    auto merge = [&](std::size_t i, Read&& r) {
        append_report(read, std::move(r.report));
        scan.collection.absorb(std::move(r.notes ? *r.notes : *needed[i]->local));
        needed[i]->local.reset();
    };
    for_each_in_order(needed.size(), threads, 2 * threads, read_unread, merge);
    scan.collection.use_tag_names(now.tag_names);
}

// A rebuild in parallel writes every note again, so it pays when many change; it cannot keep the
// notes of a source unread this time, which only the index holds.
bool take_rebuild(const Scan& scan, const Recorded& recorded, const SyncOptions& options) {
    if (resolved_jobs(options.jobs) < 2 || !scan.kept.empty()) return false;
    return recorded.full || scan.affected.size() > std::max(options.rebuild_above, recorded.ids.size() / 10);
}

// Notes handed to the writer at a time: the merged notes leave the collection a slice at a time,
// so that they are never held twice, and those written are freed as the index grows.
constexpr std::size_t kWriteSlice = 4096;

// Writes the affected notes (all, in a full build) and removes those no file holds any more; a
// rebuild writes them all as a new generation, which holds no other. A note of another shard
// counts as absent: a shard that held it (before --shard) lets it go.
void write_notes(IndexWriter& writer, Scan& scan, const Recorded& recorded, const SyncOptions& options,
                 const ShardSpec& shard, bool rebuild, WriteStats& stats) {
    if (rebuild) {
        const std::vector<Note> notes = scan.collection.take_notes(scan.collection.size());
        std::vector<const Note*> all;
        for (const Note& n : notes)
            if (in_shard(n.id, shard)) all.push_back(&n);
        writer.rebuild_all(all, stats, {.jobs = options.jobs, .written = options.on_write});
        return;
    }
    auto wanted = [&](std::int64_t id) { return (recorded.full || scan.affected.count(id)) && !scan.kept.count(id); };
    std::vector<std::int64_t> present = scan.collection.ids();  // sorted
    std::erase_if(present, [&](std::int64_t id) { return !in_shard(id, shard); });
    std::size_t total = 0, done = 0;
    for (auto id : present) total += wanted(id);
    for (;;) {
        const std::vector<Note> slice = scan.collection.take_notes(kWriteSlice);
        if (slice.empty()) break;
        std::vector<const Note*> to_write;
        for (const Note& n : slice)
            if (in_shard(n.id, shard) && wanted(n.id)) to_write.push_back(&n);
        auto written = [&](std::size_t d, std::size_t) { options.on_write(done + d, total); };
        writer.put_all(to_write, stats, options.on_write ? written : std::function<void(std::size_t, std::size_t)>());
        done += to_write.size();  // the unchanged ones, not written, are done too
        return_free_memory();
    }
    auto remove_absent = [&](const auto& ids) {
        for (auto id : ids)
            if (!std::binary_search(present.begin(), present.end(), id) && !scan.kept.count(id))
                writer.remove(id, stats);
    };
    if (recorded.full)
        remove_absent(recorded.ids);
    else
        remove_absent(scan.affected);
}

// The shard the run writes: the one given, which must be the one recorded (any, for an index with
// no note yet or about to be rebuilt whole), else the one recorded.
ShardSpec run_shard(const IndexWriter& writer, const Recorded& recorded, const SyncOptions& options) {
    std::string was_text = writer.metadata(std::string(schema::kMetaShard));
    ShardSpec was;
    if (!was_text.empty()) {
        try {
            was = parse_shard(was_text);
        } catch (const std::invalid_argument&) {
            throw IndexError("cannot use index: its shard (\"" + was_text +
                             "\") is damaged; rebuild it in a new folder");
        }
    }
    if (!options.shard || *options.shard == was || writer.stale() || recorded.ids.empty())
        return options.shard.value_or(was);
    throw ShardMismatchError("cannot index as shard " + options.shard->text() + ": the index holds " +
                             (was.whole() ? std::string("every note (it was built without --shard)")
                                          : "shard " + was.text() + " (given at its first build)") +
                             "; run it " + (was.whole() ? "without --shard" : "with --shard " + was.text()) +
                             ", or build shard " + options.shard->text() + " in another --db folder");
}

// Two tags whose facet ids collide are refused over every tag of the sources, not only the
// notes of this shard: each shard reads the same sources, so they all refuse alike.
std::string facet_collision(const SiteChoices& now) {
    std::unordered_map<std::uint32_t, const std::string*> seen;
    for (const auto& [key, name] : now.tag_names) {
        auto [it, made] = seen.emplace(tag_facet_id(key), &name);
        if (!made)
            return "tags " + *it->second + " and " + name +
                   " have the same facet id, and the facets would count one as the other; rename one of the two "
                   "tags; the index was left untouched";
    }
    return "";
}

// The records that let the next run skip unchanged files, then the site's own metadata.
void record_sources(IndexWriter& writer, const Scan& scan, const SiteChoices& now) {
    const std::string prefix(schema::kMetaSourcePrefix);
    for (const auto& key : writer.metadata_keys(prefix)) writer.set_metadata(key, "");
    for (const auto& it : scan.items) {
        if (!it.recorded) continue;
        SourceRecord r = it.record;
        r.path = it.key;
        writer.set_metadata(source_key(it.key), record_json(r));
    }
    write_site_metadata(writer, now.author, now.pages);
}

}  // namespace

SyncReport sync_index(const std::string& db_path, const std::vector<fs::path>& files, const Analyzer& analyzer,
                      const SyncOptions& options) {
    return sync_index(db_path, SourceList{files, {}}, analyzer, options);
}

SyncReport sync_files(IndexWriter& writer, const SourceList& sources, const SyncOptions& options) {
    const std::vector<fs::path>& files = sources.files;
    SyncReport report;
    report.files = files.size();
    if (options.on_files) options.on_files(files);
    const Recorded recorded = load_recorded(writer);
    Scan scan = scan_files(sources, recorded, options, report);
    if (options.strict && !report.read.problems.empty()) {
        report.untouched_because = std::to_string(report.read.problems.size()) +
                                   " input problem(s) with --strict; the index was left untouched";
        return report;
    }
    if (recorded.full && !recorded.ids.empty() && (scan.unread_in_full || !sources.unreadable_folders.empty())) {
        // A stale index (another version's, or an unfinished build) keeps no record that could keep
        // the notes of what cannot be read now: rebuilding it whole would drop them.
        report.untouched_because =
            "the index must be rebuilt whole (it was built by another version, or its build was not finished), "
            "and what cannot be read now would lose its notes; the index was left untouched: make it readable, "
            "or leave it out (notes-index --forget PATH)";
        return report;
    }
    const ShardSpec shard = run_shard(writer, recorded, options);
    const SiteChoices now = choose_site(scan, recorded);
    report.untouched_because = facet_collision(now);
    if (!report.untouched_because.empty()) return report;
    report.rebuilt = take_rebuild(scan, recorded, options);
    merge_needed(scan, recorded.full || report.rebuilt, now, options, report.read);
    write_notes(writer, scan, recorded, options, shard, report.rebuilt, report.stats);
    report.notes = writer.ids().size();
    if (report.notes == 0 && !options.allow_empty) {
        report.untouched_because =
            "no notes found in " + std::to_string(files.size()) + " file(s); the index was left untouched";
        return report;
    }
    record_sources(writer, scan, now);
    writer.set_metadata(std::string(schema::kMetaShard), shard.text());
    for (const auto& it : scan.items) {
        if (!it.recorded) continue;
        HeldFile& held = report.held.emplace_back(HeldFile{it.key, {}});
        for (auto id : it.record.ids)
            if (in_shard(id, shard)) held.ids.push_back(id);
    }
    return report;
}

SyncReport sync_index(const std::string& db_path, const SourceList& sources, const Analyzer& analyzer,
                      const SyncOptions& options) try {
    IndexWriter writer(db_path, analyzer);  // takes the lock before any work
    SyncReport report = sync_files(writer, sources, options);
    if (!report.untouched_because.empty()) return report;
    writer.commit();
    report.written = true;
    return report;
} catch (const Xapian::Error& e) {  // the writer's own opening errors come as IndexError already
    throw_index_error(e, "write", db_path);
}

}  // namespace notes
