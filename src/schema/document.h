// document.h — a note as a Xapian document, laid out as schema.h describes.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "analyzer.h"
#include "note.h"
#include "published_page.h"

namespace notes {

// Everything but the facet value, which needs the index's tag ids (IndexWriter adds it).
Xapian::Document make_document(const Note& note, const Analyzer& analyzer);

// The Latin and katakana words of a document that go into the spelling table, each once (schema.h); the table
// counts notes, so a replaced or removed note's words must be taken back with remove_spellings.
std::vector<std::string> spelling_words(const Xapian::Document& doc);
void add_spellings(Xapian::WritableDatabase& db, const Xapian::Document& doc);
void remove_spellings(Xapian::WritableDatabase& db, const Xapian::Document& doc);
// replace_document / delete_document by id term, keeping the spelling table in step.
void replace_note(Xapian::WritableDatabase& db, const std::string& id_term, const Xapian::Document& doc);
void delete_note(Xapian::WritableDatabase& db, const std::string& id_term);

// The note stored in a document's data. Throws std::runtime_error when the data is not a note.
Note note_of(const Xapian::Document& doc);

// Whether the document was indexed with `term` (read from its termlist).
bool has_term(const Xapian::Document& doc, const std::string& term);

// A published page's record in the index metadata, and back (throws std::runtime_error).
std::string page_metadata(const PublishedPage& page);
PublishedPage page_from_metadata(const std::string& value);

}  // namespace notes
