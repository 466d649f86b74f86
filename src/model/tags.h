// tags.h — the identity of a tag across its spellings.
#pragma once

#include <string>
#include <string_view>

namespace notes {

// NFKC + case folding, "_" -> "/", white space removed: Efficiency_SpeedUp, efficiency/speedup
// and "Information Extraction" / InformationExtraction are one tag.
std::string tag_key(std::string_view tag);

}  // namespace notes
