// index_writer.cc — a diff of the notes against the index, applied inside one Xapian transaction.
#include "index_writer.h"

#include <xapian.h>

#include <filesystem>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "document.h"
#include "schema.h"

namespace notes {

WriteStats write_index(const std::string& db_path, const IndexContents& contents, const Analyzer& analyzer) {
    const std::vector<Note>& notes = contents.notes;
    std::error_code ec;
    std::filesystem::create_directories(db_path, ec);
    if (ec) throw IndexError("cannot create index folder " + db_path + ": " + ec.message());
    Xapian::WritableDatabase db;
    try {
        db = Xapian::WritableDatabase(db_path, Xapian::DB_CREATE_OR_OPEN);
    } catch (const Xapian::DatabaseLockError&) {
        throw IndexLockedError("cannot open index " + db_path + " for writing: another notes-index holds its lock (" +
                               db_path + "/flintlock); try again when it has finished");
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot open index " + db_path + " for writing: " + e.get_description());
    }

    bool rewrite_all = db.get_metadata(std::string(schema::kMetaSchema)) != schema::kSchemaVersion ||
                       db.get_metadata(std::string(schema::kMetaAnalyzer)) != analyzer.fingerprint();
    WriteStats stats;
    db.begin_transaction();
    std::unordered_set<std::string> wanted;
    wanted.reserve(notes.size());
    for (const Note& note : notes) {
        std::string id_term = schema::id_term(note.id);
        wanted.insert(id_term);
        Xapian::PostingIterator p = db.postlist_begin(id_term);
        bool exists = p != db.postlist_end(id_term);
        if (exists && !rewrite_all && db.get_document(*p).get_data() == to_json(note).dump()) {
            ++stats.unchanged;
            continue;
        }
        db.replace_document(id_term, make_document(note, analyzer));
        ++(exists ? stats.updated : stats.added);
    }
    std::vector<std::string> gone;
    std::string id_prefix(schema::kPrefixId);
    for (auto t = db.allterms_begin(id_prefix); t != db.allterms_end(id_prefix); ++t)
        if (!wanted.count(*t)) gone.push_back(*t);
    for (const auto& term : gone) {
        db.delete_document(term);
        ++stats.removed;
    }
    db.set_metadata(std::string(schema::kMetaSchema), std::string(schema::kSchemaVersion));
    db.set_metadata(std::string(schema::kMetaAnalyzer), analyzer.fingerprint());
    db.set_metadata(std::string(schema::kMetaAuthor), contents.author);
    std::string page_prefix(schema::kMetaPagePrefix);
    std::vector<std::string> stale;
    for (auto k = db.metadata_keys_begin(page_prefix); k != db.metadata_keys_end(page_prefix); ++k)
        if (!contents.pages.count((*k).substr(page_prefix.size()))) stale.push_back(*k);
    for (const auto& k : stale) db.set_metadata(k, "");
    for (const auto& [key, page] : contents.pages) db.set_metadata(page_prefix + key, page_metadata(page));
    db.commit_transaction();
    db.close();
    return stats;
}

}  // namespace notes
