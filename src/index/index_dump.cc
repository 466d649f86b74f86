// index_dump.cc — reads every note out of the index, and writes notes as JSON Lines.
#include "index_dump.h"

#include <xapian.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

#include "document.h"
#include "index_errors.h"
#include "index_writer.h"
#include "schema.h"

namespace notes {

namespace {

// Every note of one committed state of `db`, by increasing number.
std::vector<Note> notes_of(Xapian::Database& db, const std::string& db_path) {
    const std::string prefix(schema::kPrefixId);
    std::vector<Note> notes;
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t)
        for (auto p = db.postlist_begin(*t); p != db.postlist_end(*t); ++p) {
            try {
                notes.push_back(note_of(db.get_document(*p)));
            } catch (const std::exception& e) {  // not a note: the index is damaged
                throw IndexError("cannot read index " + db_path + ": the note of " + std::string(*t) + " is damaged (" +
                                 e.what() + "); rebuild it: " + rebuild_hint(db_path));
            }
        }
    std::sort(notes.begin(), notes.end(), [](const Note& a, const Note& b) { return a.id < b.id; });
    return notes;
}

Xapian::Database open_for_dump(const std::string& db_path) {
    std::error_code ec;
    if (!std::filesystem::exists(db_path, ec) && !ec)
        throw IndexError("cannot open index " + db_path + ": no index there");
    try {
        Xapian::Database db(db_path);
        // Every finished build stamps the schema: without it (and without notes) a first build
        // was cut short, and an empty dump would pass for a backup of nothing.
        if (db.get_doccount() == 0 && db.get_metadata(std::string(schema::kMetaSchema)).empty())
            throw IndexError(unfinished_index_message("read", db_path));
        return db;
    } catch (const Xapian::Error& e) {
        throw_index_error(e, "open", db_path);
    }
}

}  // namespace

std::vector<Note> read_index_notes(const std::string& db_path) {
    Xapian::Database db = open_for_dump(db_path);
    // A writer that commits twice while this reads makes the revision read go away: start over
    // on the newest one (each attempt reads one committed state whole).
    for (int attempt = 0;; ++attempt) {
        try {
            return notes_of(db, db_path);
        } catch (const Xapian::DatabaseModifiedError& e) {
            if (attempt == 4) throw_index_error(e, "read", db_path);
            try {
                db.reopen();
            } catch (const Xapian::Error& reopen_error) {
                throw_index_error(reopen_error, "read", db_path);
            }
        } catch (const Xapian::Error& e) {
            throw_index_error(e, "read", db_path);
        }
    }
}

std::string to_json_lines(const std::vector<Note>& notes) {
    std::string out;
    for (const Note& note : notes) out += to_json(note).dump() + "\n";
    return out;
}

}  // namespace notes
