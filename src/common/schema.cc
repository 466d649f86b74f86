// schema.cc — the few computed parts of the schema: tag identity and the date encoding.
#include "schema.h"

#include "normalize.h"

namespace notes::schema {

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

std::string date_value(std::string_view date) {
    if (date.size() != 10 || date[4] != '-' || date[7] != '-') return "";
    std::string v;
    for (std::size_t i = 0; i < date.size(); ++i) {
        if (i == 4 || i == 7) continue;
        if (date[i] < '0' || date[i] > '9') return "";
        v.push_back(date[i]);
    }
    return v;
}

}  // namespace notes::schema
