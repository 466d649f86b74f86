// document.h — a note as a Xapian document, laid out as schema.h describes.
#pragma once

#include <xapian.h>

#include "analyzer.h"
#include "note.h"
#include "tag_page.h"

namespace notes {

Xapian::Document make_document(const Note& note, const Analyzer& analyzer);

// The note stored in a document's data. Throws std::runtime_error when the data is not a note.
Note note_of(const Xapian::Document& doc);

// A published page's record in the index metadata, and back (throws std::runtime_error).
std::string page_metadata(const PublishedPage& page);
PublishedPage page_from_metadata(const std::string& value);

}  // namespace notes
