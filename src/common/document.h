// document.h — a note as a Xapian document, laid out as schema.h describes.
#pragma once

#include <xapian.h>

#include "analyzer.h"
#include "note.h"

namespace notes {

Xapian::Document make_document(const Note& note, const Analyzer& analyzer);

// The note stored in a document's data. Throws std::runtime_error when the data is not a note.
Note note_of(const Xapian::Document& doc);

}  // namespace notes
