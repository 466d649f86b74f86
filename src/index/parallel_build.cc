// parallel_build.cc — shards written on several threads and compacted in slice order.
#include "parallel_build.h"

#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <mutex>
#include <thread>

#include "analyzer.h"
#include "document.h"
#include "schema.h"

namespace fs = std::filesystem;

namespace notes {

namespace {

// A shard this size stays under Xapian's flush threshold (10,000 documents), so each is written
// once, at its commit; and a million notes make a hundred shards, which compaction merges well.
constexpr std::size_t kMaxSliceNotes = 10000;

// What the writer threads share. Slices are handed out in order from `next`; a failure sets
// `stop`, which the others check between notes.
struct Run {
    const std::vector<const Note*>& notes;
    const TagTable& tags;
    const ParallelBuildOptions& options;
    std::size_t slice_notes;
    std::size_t slices;
    std::string work_dir;

    std::atomic<std::size_t> next{0}, done{0};
    std::atomic<bool> stop{false};
    std::mutex mutex;  // guards `failure` and `finished`
    std::condition_variable changed;
    std::exception_ptr failure;
    unsigned finished = 0;

    Run(const std::vector<const Note*>& n, const TagTable& t, const ParallelBuildOptions& o, std::size_t slice,
        std::string work)
        : notes(n),
          tags(t),
          options(o),
          slice_notes(slice),
          slices((n.size() + slice - 1) / slice),
          work_dir(std::move(work)) {}

    std::string shard(std::size_t k) const { return (fs::path(work_dir) / ("shard-" + std::to_string(k))).string(); }

    void fail(std::exception_ptr e) {
        std::lock_guard lock(mutex);
        if (!failure) failure = e;
        stop = true;
    }
};

void write_slice(Run& run, std::size_t k, const Analyzer& analyzer, TagTable& tags) {
    if (run.options.before_slice) run.options.before_slice(k);
    Xapian::WritableDatabase db(run.shard(k), Xapian::DB_CREATE | Xapian::DB_NO_SYNC);
    const std::size_t end = std::min(run.notes.size(), (k + 1) * run.slice_notes);
    for (std::size_t i = k * run.slice_notes; i < end && !run.stop; ++i) {
        const Note& note = *run.notes[i];
        Xapian::Document doc = make_document(note, analyzer);
        add_facet_value(doc, note, tags);
        replace_note(db, schema::id_term(note.id), doc);
        ++run.done;
    }
    if (!run.stop) db.commit();
    db.close();
}

// One writer thread: its own analyzer and tag table, slices taken in turn until none is left.
void writer(Run& run) {
    try {
        Analyzer analyzer;
        TagTable tags = run.tags;
        for (std::size_t k = run.next++; k < run.slices && !run.stop; k = run.next++)
            write_slice(run, k, analyzer, tags);
    } catch (...) {
        run.fail(std::current_exception());
    }
    std::lock_guard lock(run.mutex);
    ++run.finished;
    run.changed.notify_all();
}

// Starts the writers and waits for them, telling `written` how far they are on this thread.
void write_shards(Run& run, unsigned jobs) {
    std::vector<std::thread> threads;
    try {
        for (unsigned j = 0; j < jobs; ++j) threads.emplace_back(writer, std::ref(run));
    } catch (...) {  // no thread to be had: those started stop, and are joined
        run.fail(std::current_exception());
    }
    {
        std::unique_lock lock(run.mutex);
        while (run.finished < threads.size()) {
            run.changed.wait_for(lock, std::chrono::milliseconds(100));
            if (run.options.written && !run.stop) {
                lock.unlock();
                run.options.written(run.done, run.notes.size());
                lock.lock();
            }
        }
    }
    for (auto& t : threads) t.join();
    if (run.failure) std::rethrow_exception(run.failure);
}

}  // namespace

unsigned default_jobs() { return std::max(1u, std::thread::hardware_concurrency()); }

unsigned resolved_jobs(unsigned jobs) { return jobs == 0 ? default_jobs() : jobs; }

TagTable tag_table_of(const std::vector<const Note*>& notes) {
    TagTable tags;
    for (const Note* note : notes)
        for (const auto& tag : note->tags) tags.id_for(tag);
    return tags;
}

void add_facet_value(Xapian::Document& doc, const Note& note, TagTable& tags) {
    std::vector<std::uint32_t> ids;
    for (const auto& tag : note.tags) ids.push_back(tags.id_for(tag));
    doc.add_value(schema::kSlotFacets, facet_value(schema::date_value(note.date), ids));
}

void build_compacted(const std::vector<const Note*>& notes, const TagTable& tags, const std::string& work_dir,
                     const std::string& out_dir, const ParallelBuildOptions& options) {
    const unsigned jobs = resolved_jobs(options.jobs);
    std::size_t slice = options.slice_notes;
    if (slice == 0) slice = std::clamp<std::size_t>((notes.size() + jobs - 1) / jobs, 1, kMaxSliceNotes);
    Run run(notes, tags, options, slice, work_dir);
    if (run.slices == 0) {  // nothing to compact: an empty database
        Xapian::WritableDatabase empty(out_dir, Xapian::DB_CREATE);
        empty.commit();
        return;
    }
    fs::create_directories(work_dir);
    write_shards(run, static_cast<unsigned>(std::min<std::size_t>(jobs, run.slices)));
    if (options.written) options.written(notes.size(), notes.size());
    // Compaction renumbers each shard's documents after the previous shard's, so slice order is
    // document id order, and sums the shards' spelling tables word by word.
    Xapian::Database shards;
    for (std::size_t k = 0; k < run.slices; ++k) shards.add_database(Xapian::Database(run.shard(k)));
    shards.compact(out_dir, Xapian::DBCOMPACT_MULTIPASS);
}

}  // namespace notes
