// schema.cc — the computed parts of the schema: the date encoding, terms cut to Xapian's limit.
#include "schema.h"

#include <cstdio>

#include "hash.h"

namespace notes::schema {

std::string fit_term(std::string term) {
    if (term.size() <= kMaxTermBytes) return term;
    Fnv1a h;
    h.add(term);
    char tail[18];
    std::snprintf(tail, sizeof tail, "~%016llx", static_cast<unsigned long long>(h.value()));
    std::size_t keep = kMaxTermBytes - (sizeof tail - 1);
    while (keep > 0 && (static_cast<unsigned char>(term[keep]) & 0xC0) == 0x80) --keep;  // not inside a character
    term.resize(keep);
    return term + tail;
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
