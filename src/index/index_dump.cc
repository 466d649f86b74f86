// index_dump.cc — reads every note out of the index, and writes notes as JSON Lines.
#include "index_dump.h"

#include <xapian.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

#include "document.h"
#include "index_writer.h"
#include "schema.h"

namespace notes {

std::vector<Note> read_index_notes(const std::string& db_path) {
    if (!std::filesystem::exists(db_path)) throw IndexError("cannot open index " + db_path + ": no index there");
    Xapian::Database db;
    try {
        db = Xapian::Database(db_path);
    } catch (const Xapian::DatabaseNotFoundError&) {
        throw IndexError("cannot open index " + db_path + ": no index there");
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot open index " + db_path + ": " + e.get_description());
    }
    const std::string prefix(schema::kPrefixId);
    // A writer that commits twice while this reads makes the revision read go away: start over
    // on the newest one (each attempt reads one committed state whole).
    for (int attempt = 0;; ++attempt) {
        try {
            std::vector<Note> notes;
            for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t)
                for (auto p = db.postlist_begin(*t); p != db.postlist_end(*t); ++p) {
                    try {
                        notes.push_back(note_of(db.get_document(*p)));
                    } catch (const std::exception& e) {  // not a note: the index is damaged
                        throw IndexError("cannot read index " + db_path + ": the note of " + std::string(*t) +
                                         " is damaged (" + e.what() + ")");
                    }
                }
            std::sort(notes.begin(), notes.end(), [](const Note& a, const Note& b) { return a.id < b.id; });
            return notes;
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt == 4) throw IndexError("cannot read index " + db_path + ": it keeps changing; try again");
            db.reopen();
        } catch (const Xapian::Error& e) {
            throw IndexError("cannot read index " + db_path + ": " + e.get_description());
        }
    }
}

std::string to_json_lines(const std::vector<Note>& notes) {
    std::string out;
    for (const Note& note : notes) out += to_json(note).dump() + "\n";
    return out;
}

}  // namespace notes
