// tags.cc — tag identity.
#include "tags.h"

#include "normalize.h"

namespace notes {

std::string tag_key(std::string_view tag) {
    std::string folded = normalize(tag);
    std::string key;
    key.reserve(folded.size());
    for (char c : folded) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        key.push_back(c == '_' ? '/' : c);
    }
    return key;
}

}  // namespace notes
