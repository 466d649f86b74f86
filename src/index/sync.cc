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
#include "sync_scan.h"

namespace fs = std::filesystem;

namespace notes {

using sync_detail::choose_site;
using sync_detail::merge_needed;
using sync_detail::Recorded;
using sync_detail::Scan;
using sync_detail::scan_files;
using sync_detail::SiteChoices;

namespace {

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
    if (rebuild) {  // the notes leave the collection (and its file) a slice at a time
        scan.collection.drop_if([&](std::int64_t id) { return !in_shard(id, shard); });
        TagTable tags;
        scan.collection.for_each_tags([&](std::int64_t, const std::vector<std::string>& names) {
            for (const auto& name : names) tags.id_for(name);
        });
        const NoteStream notes{scan.collection.size(),
                               [&](std::size_t most) { return scan.collection.take_notes(most); }};
        writer.rebuild_all(notes, tags, stats, {.jobs = options.jobs, .written = options.on_write});
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
    // The merged notes' texts wait beside the index, in a file no one else sees (spill_store.h).
    Scan scan = scan_files(sources, recorded, options, TextStore::temporary_file(writer.path()), report);
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
