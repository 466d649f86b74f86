// index_writer.h — changing the on-disk index: one writer at a time, changes in one transaction.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "analyzer.h"
#include "errors.h"
#include "note.h"
#include "parallel_build.h"
#include "published_page.h"

namespace notes {

struct WriteStats {
    std::size_t added = 0, updated = 0, removed = 0;  // notes already held as they are: not counted
};

// Opens the index at `db_path` for writing (creating it), failing at once with IndexLockedError
// when another writer holds it, and starts a transaction: nothing is visible to readers, nor
// survives a crash, until commit(). Destroying an uncommitted writer drops its changes.
// The index is the generation its stub names (index_layout.h); a new index gets one. What a run
// killed half-way left there (build folders, unpublished generations) is removed once the lock
// is held.
class IndexWriter {
  public:
    IndexWriter(const std::string& db_path, const Analyzer& analyzer);
    ~IndexWriter();
    IndexWriter(const IndexWriter&) = delete;
    IndexWriter& operator=(const IndexWriter&) = delete;

    // The index was written by another schema version or analyzer: every note must be rewritten.
    bool stale() const;
    const std::string& path() const;  // the index folder, as given
    std::vector<std::int64_t> ids() const;
    std::string metadata(const std::string& key) const;
    std::vector<std::string> metadata_keys(const std::string& prefix) const;

    // Writes each note that the index does not hold as it is (all of them when stale), analysing
    // the next notes on a second thread, which alone uses the analyzer until put_all returns,
    // while Xapian writes on this one. `written(done, total)`, when given, is called on this
    // thread after each note written of those that needed it.
    void put_all(const std::vector<const Note*>& notes, WriteStats& stats,
                 const std::function<void(std::size_t, std::size_t)>& written = {});
    // Writes `notes` (in id order) as a new generation of the index, in parallel
    // (parallel_build.h), and makes it the one this writer changes: it then holds these notes
    // alone and no metadata, and commit() publishes it. Counts as put_all and remove() would
    // (notes unchanged are not counted). The lock on the old generation is held until commit().
    void rebuild_all(const std::vector<const Note*>& notes, WriteStats& stats, const ParallelBuildOptions& options);
    // The same, the notes taken a slice at a time (parallel_build.h) on this thread, which counts
    // them as they pass; `tags` holds every tag of the notes, as tag_table_of would give it.
    void rebuild_all(const NoteStream& notes, const TagTable& tags, WriteStats& stats,
                     const ParallelBuildOptions& options);
    void remove(std::int64_t id, WriteStats& stats);
    void set_metadata(const std::string& key, const std::string& value);  // "" deletes
    // Stamps the schema version and analyzer, then commits everything at once; after
    // rebuild_all, then publishes the new generation and removes the old one.
    void commit();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Everything the index holds.
struct IndexContents {
    std::vector<Note> notes;
    std::string author;                          // named by the pages' front matter
    std::map<std::string, PublishedPage> pages;  // by tag_key(), to write tag pages back
};

// Makes the index at `db_path` hold exactly `contents`, in one commit.
WriteStats write_index(const std::string& db_path, const IndexContents& contents, const Analyzer& analyzer);

// The metadata of the pages and author in `contents` (schema.h: author, page:<key>), replacing
// what the writer's index has.
void write_site_metadata(IndexWriter& writer, const std::string& author,
                         const std::map<std::string, PublishedPage>& pages);

}  // namespace notes
