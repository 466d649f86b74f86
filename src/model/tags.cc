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

std::string clean_tag(std::string_view tag) {
    std::string out;
    out.reserve(tag.size());
    for (std::size_t i = 0; i < tag.size(); ++i) {
        auto c = static_cast<unsigned char>(tag[i]);
        if (c == '\t' || c == '\r' || c == '\n') {
            out += ' ';
        } else if (c == 0xC2 && i + 1 < tag.size() && static_cast<unsigned char>(tag[i + 1]) < 0xA0 &&
                   static_cast<unsigned char>(tag[i + 1]) >= 0x80) {
            ++i;  // a C1 control, two bytes in UTF-8
        } else if (c >= 0x20 && c != 0x7F) {
            out += tag[i];
        }
    }
    std::size_t first = out.find_first_not_of(' ');
    if (first == std::string::npos) return "";
    return out.substr(first, out.find_last_not_of(' ') - first + 1);
}

}  // namespace notes
