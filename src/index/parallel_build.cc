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
#include <optional>
#include <stdexcept>
#include <thread>

#include "analyzer.h"
#include "bounded_queue.h"
#include "document.h"
#include "schema.h"

namespace fs = std::filesystem;

namespace notes {

namespace {

// A shard this size stays under Xapian's flush threshold (10,000 documents), so each is written
// once, at its commit; and a million notes make a hundred shards, which compaction merges well.
constexpr std::size_t kMaxSliceNotes = 10000;

// One slice of the notes, for shard `k`.
struct Slice {
    std::size_t k = 0;
    std::vector<Note> notes;
};

// What the writer threads share. Slices come in order through `queue`, filled by the calling
// thread; a failure sets `stop`, which the others check between notes, and closes the queue.
struct Run {
    const TagTable& tags;
    const ParallelBuildOptions& options;
    std::size_t total;
    std::size_t slice_notes;
    std::size_t slices;
    std::string work_dir;
    BoundedQueue<Slice> queue;

    std::atomic<std::size_t> done{0};
    std::atomic<bool> stop{false};
    std::mutex mutex;  // guards `failure` and `finished`
    std::condition_variable changed;
    std::exception_ptr failure;
    unsigned finished = 0;

    Run(std::size_t n, const TagTable& t, const ParallelBuildOptions& o, std::size_t slice, std::string work,
        unsigned jobs)
        : tags(t),
          options(o),
          total(n),
          slice_notes(slice),
          slices((n + slice - 1) / slice),
          work_dir(std::move(work)),
          queue(jobs) {}

    std::string shard(std::size_t k) const { return (fs::path(work_dir) / ("shard-" + std::to_string(k))).string(); }

    void fail(std::exception_ptr e) {
        {
            std::lock_guard lock(mutex);
            if (!failure) failure = e;
            stop = true;
        }
        queue.close();  // wakes the calling thread waiting for room
    }

    void report() {
        if (options.written && !stop) options.written(done, total);
    }
};

void write_slice(Run& run, const Slice& slice, const Analyzer& analyzer, TagTable& tags) {
    if (run.options.before_slice) run.options.before_slice(slice.k);
    Xapian::WritableDatabase db(run.shard(slice.k), Xapian::DB_CREATE | Xapian::DB_NO_SYNC);
    for (std::size_t i = 0; i < slice.notes.size() && !run.stop; ++i) {
        const Note& note = slice.notes[i];
        Xapian::Document doc = make_document(note, analyzer);
        add_facet_value(doc, note, tags);
        replace_note(db, schema::id_term(note.id), doc);
        ++run.done;
        if (run.options.commit_every && (i + 1) % run.options.commit_every == 0) db.commit();
    }
    if (!run.stop) db.commit();
    db.close();
}

// One writer thread: its own analyzer and tag table, slices taken in turn until none is left.
void writer(Run& run) {
    try {
        Analyzer analyzer;
        TagTable tags = run.tags;
        while (std::optional<Slice> slice = run.queue.pop()) {
            if (run.stop) break;
            write_slice(run, *slice, analyzer, tags);
        }
    } catch (...) {
        run.fail(std::current_exception());
    }
    std::lock_guard lock(run.mutex);
    ++run.finished;
    run.changed.notify_all();
}

// On the calling thread: the slices, in order, as the writers make room for them.
void feed(Run& run, const NoteStream& notes) {
    try {
        for (std::size_t k = 0; k < run.slices && !run.stop; ++k) {
            const std::size_t want = std::min(run.slice_notes, run.total - k * run.slice_notes);
            Slice slice{k, notes.next(want)};
            if (slice.notes.size() != want) throw std::logic_error("build_compacted: the notes ended early");
            while (!run.queue.wait_for_room(std::chrono::milliseconds(100))) run.report();
            if (!run.queue.push(std::move(slice))) break;  // closed: a writer failed
            run.report();
        }
    } catch (...) {
        run.fail(std::current_exception());
    }
    run.queue.close();  // no more: the writers end when the queue is empty
}

// Starts the writers, feeds them and waits for them, telling `written` how far they are.
void write_shards(Run& run, const NoteStream& notes, unsigned jobs) {
    std::vector<std::thread> threads;
    try {
        for (unsigned j = 0; j < jobs; ++j) threads.emplace_back(writer, std::ref(run));
    } catch (...) {  // no thread to be had: those started stop, and are joined
        run.fail(std::current_exception());
    }
    feed(run, notes);
    {
        std::unique_lock lock(run.mutex);
        while (run.finished < threads.size()) {
            run.changed.wait_for(lock, std::chrono::milliseconds(100));
            lock.unlock();
            run.report();
            lock.lock();
        }
    }
    for (auto& t : threads) t.join();
    if (run.failure) std::rethrow_exception(run.failure);
}

}  // namespace

NoteStream stream_of(const std::vector<const Note*>& notes) {
    return {notes.size(), [&notes, at = std::size_t{0}](std::size_t most) mutable {
                std::vector<Note> slice;
                for (; slice.size() < most && at < notes.size(); ++at) slice.push_back(*notes[at]);
                return slice;
            }};
}

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
    build_compacted(stream_of(notes), tags, work_dir, out_dir, options);
}

void build_compacted(const NoteStream& notes, const TagTable& tags, const std::string& work_dir,
                     const std::string& out_dir, const ParallelBuildOptions& options) {
    const unsigned jobs = resolved_jobs(options.jobs);
    std::size_t slice = options.slice_notes;
    if (slice == 0) slice = std::clamp<std::size_t>((notes.total + jobs - 1) / jobs, 1, kMaxSliceNotes);
    Run run(notes.total, tags, options, slice, work_dir, jobs);
    if (run.slices == 0) {  // nothing to compact: an empty database
        Xapian::WritableDatabase empty(out_dir, Xapian::DB_CREATE);
        empty.commit();
        return;
    }
    fs::create_directories(work_dir);
    write_shards(run, notes, static_cast<unsigned>(std::min<std::size_t>(jobs, run.slices)));
    if (options.written) options.written(notes.total, notes.total);
    // Compaction renumbers each shard's documents after the previous shard's, so slice order is
    // document id order, and sums the shards' spelling tables word by word.
    Xapian::Database shards;
    for (std::size_t k = 0; k < run.slices; ++k) shards.add_database(Xapian::Database(run.shard(k)));
    shards.compact(out_dir, Xapian::DBCOMPACT_MULTIPASS);
}

}  // namespace notes
