// tags.h — the identity of a tag across its spellings.
#pragma once

#include <string>
#include <string_view>

namespace notes {

// NFKC + case folding, "_" -> "/", white space removed: Efficiency_SpeedUp, efficiency/speedup
// and "Information Extraction" / InformationExtraction are one tag.
std::string tag_key(std::string_view tag);

// `tag` as every reader keeps it: tab, CR and LF made spaces, other control characters (C0, DEL,
// C1 U+0080..U+009F) dropped, surrounding spaces trimmed. A tag is a file name and a button on
// the tag pages notes-search writes, and is shown on a terminal: ESC or NUL has no place in it.
// "" when nothing is left: the reader drops the tag.
std::string clean_tag(std::string_view tag);

}  // namespace notes
