// index_writer.cc — writes notes inside one Xapian transaction, skipping the unchanged ones.
#include "index_writer.h"

#include <xapian.h>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <optional>
#include <set>
#include <thread>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "bounded_queue.h"
#include "document.h"
#include "facets.h"
#include "generations.h"
#include "index_errors.h"
#include "schema.h"

namespace notes {

namespace {

// Documents analysed ahead of the writer: enough to ride out a slow note, few enough to stay small.
constexpr std::size_t kAnalysedAhead = 256;

}  // namespace

struct IndexWriter::Impl {
    Xapian::WritableDatabase db;
    const Analyzer& analyzer;
    std::string db_path;
    bool stale = false;
    bool open_transaction = false;
    bool rebuilt = false;  // the tag table is written whole
    TagTable tags;         // used by the writing thread only
    // After rebuild_all: the old generation, open only to hold its lock until the new one is
    // published, and the new one's folder name, removed if the writer ends without publishing.
    Xapian::WritableDatabase lock_db;
    std::string new_generation;
    explicit Impl(const Analyzer& a) : analyzer(a) {}

    struct Pending {
        const Note* note;
        bool existed;  // to count it as updated rather than added
    };
    std::vector<Pending> to_write(const std::vector<const Note*>& notes);
    void open(const std::string& db_path);

    void write(const Note& note, const std::string& id_term, Xapian::Document& doc) {
        add_facet_value(doc, note, tags);
        replace_note(db, id_term, doc);
    }
    void publish();
};

// Opens the database, decides whether it is stale and starts the transaction.
void IndexWriter::Impl::open(const std::string& db_path) {
    db = Xapian::WritableDatabase(db_path, Xapian::DB_CREATE_OR_OPEN);
    stale = db.get_metadata(std::string(schema::kMetaSchema)) != schema::kSchemaVersion ||
            db.get_metadata(std::string(schema::kMetaAnalyzer)) != analyzer.fingerprint();
    // A stale index has its notes rewritten, so its ids start again (it may have none, or others').
    if (!stale) {
        try {
            tags = TagTable::decode(db.get_metadata(std::string(schema::kMetaTags)));
        } catch (const std::exception&) {
            stale = true;  // rewriting every note rebuilds the table
        }
    }
    db.begin_transaction();
    open_transaction = true;
}

IndexWriter::IndexWriter(const std::string& db_path, const Analyzer& analyzer)
    : impl_(std::make_unique<Impl>(analyzer)) {
    impl_->db_path = db_path;
    std::error_code ec;
    std::filesystem::create_directories(db_path, ec);
    if (ec) throw IndexError("cannot create index folder " + db_path + ": " + ec.message());
    try {
        prepare_index_folder(db_path);
        impl_->open(db_path);
    } catch (const Xapian::Error& e) {
        // Told apart from a lock file this user may not open, which is a permission problem.
        if (classify(e) == IndexFault::lock_held)
            throw IndexLockedError("cannot open index " + db_path +
                                   " for writing: another notes-index holds its lock (" +
                                   current_database_dir(db_path) + "/flintlock); try again when it has finished");
        throw_index_error(e, "open", db_path);
    }
    remove_leftovers(db_path);  // under the lock: no other writer is at work there
}

IndexWriter::~IndexWriter() {
    try {
        if (impl_->open_transaction) impl_->db.cancel_transaction();
        if (!impl_->new_generation.empty()) {  // a rebuild never published: its folder goes
            impl_->db.close();
            std::error_code ec;
            std::filesystem::remove_all(std::filesystem::path(impl_->db_path) / impl_->new_generation, ec);
        }
    } catch (...) {  // a destructor never throws; the uncommitted changes are gone either way
    }
}

bool IndexWriter::stale() const { return impl_->stale; }

const std::string& IndexWriter::path() const { return impl_->db_path; }

std::vector<std::int64_t> IndexWriter::ids() const {
    std::vector<std::int64_t> out;
    std::string prefix(schema::kPrefixId);
    for (auto t = impl_->db.allterms_begin(prefix); t != impl_->db.allterms_end(prefix); ++t)
        out.push_back(std::stoll((*t).substr(prefix.size())));
    return out;
}

std::string IndexWriter::metadata(const std::string& key) const { return impl_->db.get_metadata(key); }

std::vector<std::string> IndexWriter::metadata_keys(const std::string& prefix) const {
    std::vector<std::string> keys;
    for (auto k = impl_->db.metadata_keys_begin(prefix); k != impl_->db.metadata_keys_end(prefix); ++k)
        keys.push_back(*k);
    return keys;
}

// Which notes need writing is decided before the analysis starts, reading the database on the
// calling thread only: Xapian objects are not shared between threads.
std::vector<IndexWriter::Impl::Pending> IndexWriter::Impl::to_write(const std::vector<const Note*>& notes) {
    std::vector<Pending> todo;
    for (const Note* note : notes) {
        std::string id_term = schema::id_term(note->id);
        Xapian::PostingIterator p = db.postlist_begin(id_term);
        bool exists = p != db.postlist_end(id_term);
        if (exists && !stale && db.get_document(*p).get_data() == to_json(*note).dump()) continue;
        todo.push_back({note, exists});
    }
    return todo;
}

void IndexWriter::put_all(const std::vector<const Note*>& notes, WriteStats& stats,
                          const std::function<void(std::size_t, std::size_t)>& written) {
    const std::vector<Impl::Pending> todo = impl_->to_write(notes);
    // Analysis (MeCab, stemming) of note i+1.. runs on a helper thread while Xapian takes note i:
    // the two costs are of a size, and the machine has two cores. The helper thread is the only
    // one that calls the analyzer until it is joined (Analyzer::analyze is not thread-safe).
    // Xapian::Document moves leave the source empty, so no reference count (not atomic) is ever
    // touched by both threads: the queue moves each document across under its mutex.
    BoundedQueue<Xapian::Document> analysed(kAnalysedAhead);
    std::exception_ptr failure;  // set by the helper before it closes the queue
    std::thread analysis([&] {
        try {
            for (const Impl::Pending& p : todo)
                if (!analysed.push(make_document(*p.note, impl_->analyzer))) return;  // closed: stop
        } catch (...) {
            failure = std::current_exception();
        }
        analysed.close();
    });
    // However this ends, the helper is stopped (closing wakes a push waiting for room) and joined.
    auto finish = [&] {
        analysed.close();
        analysis.join();
    };
    try {
        for (std::size_t i = 0; i < todo.size(); ++i) {
            std::optional<Xapian::Document> doc = analysed.pop();
            if (!doc) {
                if (failure) std::rethrow_exception(failure);
                throw IndexError("cannot analyse the notes: the analysis thread stopped early");
            }
            impl_->write(*todo[i].note, schema::id_term(todo[i].note->id), *doc);
            ++(todo[i].existed ? stats.updated : stats.added);
            if (written) written(i + 1, todo.size());
        }
    } catch (...) {
        finish();
        throw;
    }
    finish();
}

void IndexWriter::rebuild_all(const std::vector<const Note*>& notes, WriteStats& stats,
                              const ParallelBuildOptions& options) {
    rebuild_all(stream_of(notes), tag_table_of(notes), stats, options);
}

void IndexWriter::rebuild_all(const NoteStream& notes, const TagTable& table, WriteStats& stats,
                              const ParallelBuildOptions& options) {
    namespace fs = std::filesystem;
    Impl& m = *impl_;
    if (!m.new_generation.empty()) throw std::logic_error("rebuild_all: the index was rebuilt already");
    WriteStats counted;
    std::vector<std::int64_t> now;  // the ids written
    // Each slice is counted against the old generation as it passes, on this thread (Xapian's
    // objects stay on one thread), while the writer threads write the slices before it.
    NoteStream counting{notes.total, [&](std::size_t most) {
                            std::vector<Note> slice = notes.next(most);
                            std::vector<const Note*> passing;
                            for (const Note& n : slice) {
                                passing.push_back(&n);
                                now.push_back(n.id);
                            }
                            for (const auto& p : m.to_write(passing)) ++(p.existed ? counted.updated : counted.added);
                            return slice;
                        }};
    TagTable tags = table;
    const fs::path work = fs::path(m.db_path) / new_build_folder_name();
    m.new_generation = new_generation_name();
    try {
        build_compacted(counting, tags, work.string(), (fs::path(m.db_path) / m.new_generation).string(), options);
    } catch (...) {
        std::error_code ec;
        fs::remove_all(work, ec);
        throw;  // the destructor removes the new generation
    }
    std::error_code ec;
    fs::remove_all(work, ec);
    std::sort(now.begin(), now.end());
    for (auto id : ids())
        if (!std::binary_search(now.begin(), now.end(), id)) ++counted.removed;
    // The old generation's transaction is dropped; it stays open for its lock alone.
    m.db.cancel_transaction();
    m.open_transaction = false;
    m.lock_db = m.db;
    m.db = Xapian::WritableDatabase((fs::path(m.db_path) / m.new_generation).string(), Xapian::DB_OPEN);
    m.db.begin_transaction();
    m.open_transaction = true;
    m.tags = std::move(tags);
    m.rebuilt = true;
    stats.added += counted.added;
    stats.updated += counted.updated;
    stats.removed += counted.removed;
}

// The new generation committed, readers are pointed at it; then the old one's lock is let go
// and its folder removed.
void IndexWriter::Impl::publish() {
    Retired retired = publish_generation(db_path, new_generation);
    new_generation.clear();
    lock_db.close();
    remove_retired(retired);
}

void IndexWriter::remove(std::int64_t id, WriteStats& stats) {
    std::string id_term = schema::id_term(id);
    if (impl_->db.postlist_begin(id_term) == impl_->db.postlist_end(id_term)) return;
    delete_note(impl_->db, id_term);
    ++stats.removed;
}

void IndexWriter::set_metadata(const std::string& key, const std::string& value) { impl_->db.set_metadata(key, value); }

void IndexWriter::commit() {
    impl_->db.set_metadata(std::string(schema::kMetaSchema), std::string(schema::kSchemaVersion));
    impl_->db.set_metadata(std::string(schema::kMetaAnalyzer), impl_->analyzer.fingerprint());
    if (impl_->tags.changed() || impl_->stale || impl_->rebuilt)
        impl_->db.set_metadata(std::string(schema::kMetaTags), impl_->tags.encode());
    impl_->db.commit_transaction();
    impl_->open_transaction = false;
    impl_->db.close();
    if (!impl_->new_generation.empty()) impl_->publish();
}

void write_site_metadata(IndexWriter& writer, const std::string& author,
                         const std::map<std::string, PublishedPage>& pages) {
    writer.set_metadata(std::string(schema::kMetaAuthor), author);
    // Keyed by schema::page_key, which the searcher reads: a tag key too long for Xapian is cut
    // with a hash, the same way on both sides.
    std::set<std::string> wanted;
    for (const auto& [key, page] : pages) wanted.insert(schema::page_key(key));
    for (const auto& key : writer.metadata_keys(std::string(schema::kMetaPagePrefix)))
        if (!wanted.count(key)) writer.set_metadata(key, "");
    for (const auto& [key, page] : pages) writer.set_metadata(schema::page_key(key), page_metadata(page));
}

WriteStats write_index(const std::string& db_path, const IndexContents& contents, const Analyzer& analyzer) try {
    IndexWriter writer(db_path, analyzer);
    WriteStats stats;
    std::unordered_set<std::int64_t> wanted;
    std::vector<const Note*> all;
    for (const Note& note : contents.notes) {
        wanted.insert(note.id);
        all.push_back(&note);
    }
    writer.put_all(all, stats);
    for (auto id : writer.ids())
        if (!wanted.count(id)) writer.remove(id, stats);
    write_site_metadata(writer, contents.author, contents.pages);
    writer.commit();
    return stats;
} catch (const Xapian::Error& e) {
    throw_index_error(e, "write", db_path);
}

}  // namespace notes
