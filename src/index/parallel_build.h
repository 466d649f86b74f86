// parallel_build.h — writing many notes on every core: one writer thread per core, each with its
// own analyzer and temporary shards, merged by Xapian's compaction into one database.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "facets.h"
#include "note.h"

namespace Xapian {
class Document;
}

namespace notes {

struct ParallelBuildOptions {
    unsigned jobs = 0;            // writer threads; 0: one per core (default_jobs)
    std::size_t slice_notes = 0;  // notes per shard; 0: an even share of the jobs, at most 10,000
    // A shard is committed every this many notes (0: once, at its end). Xapian holds each term's
    // new postings in a std::map until a commit: past a few hundred notes the maps outgrow the
    // caches, and inserting into them was a third of a build's time. Small batches give the
    // same database once compacted, posting for posting (20K notes on two writers: 21 → 13 s).
    std::size_t commit_every = 500;
    // Called on the calling thread as writing goes: (notes written, notes to write).
    std::function<void(std::size_t, std::size_t)> written = {};
    // Called on a writer thread before it writes slice `k` (tests make one fail here).
    std::function<void(std::size_t k)> before_slice = {};
};

// The notes of a build, handed over a slice at a time in id order, so that they need not all be
// held at once: `next(most)` gives the next `most` of them (fewer only when there are no more).
struct NoteStream {
    std::size_t total = 0;
    std::function<std::vector<Note>(std::size_t most)> next;
};

// `notes`, in this order, as a stream (which copies each note as it hands it out).
NoteStream stream_of(const std::vector<const Note*>& notes);

// One writer per core, at least one.
unsigned default_jobs();
unsigned resolved_jobs(unsigned jobs);

// The tag table a fresh build of `notes` in this order writes: every writer is given a copy, so
// that each note's facet value names the same tags whichever thread writes it.
TagTable tag_table_of(const std::vector<const Note*>& notes);

// A note's facet value (its year and tag ids in `tags`) added to its document.
void add_facet_value(Xapian::Document& doc, const Note& note, TagTable& tags);

// Writes `notes` into a new glass database at `out_dir` (which must not exist) exactly as one
// writer putting them in this order into an empty index would: the same document ids, terms,
// values and spelling table. The notes are cut into consecutive slices, each written to its own
// shard under `work_dir` (DB_NO_SYNC: they are thrown away) by the next free writer thread, each
// thread with its own Analyzer (MeCab is not shared between threads) and a copy of `tags`, which
// must hold every tag of the notes (tag_table_of). The shards are then compacted, in slice order,
// into `out_dir`. No metadata is written. Throws what a writer threw (after stopping the others)
// or Xapian's error; `work_dir` and a part of `out_dir` are the caller's to remove.
void build_compacted(const std::vector<const Note*>& notes, const TagTable& tags, const std::string& work_dir,
                     const std::string& out_dir, const ParallelBuildOptions& options = {});
// The same, the notes taken from `notes` a slice at a time on the calling thread (the only one
// that calls `next`, which may throw) as writers become free: a slice being written and one
// waiting per writer are all that is held.
void build_compacted(const NoteStream& notes, const TagTable& tags, const std::string& work_dir,
                     const std::string& out_dir, const ParallelBuildOptions& options = {});

}  // namespace notes
