// schema.cc — the computed parts of the schema: the date encoding.
#include "schema.h"

namespace notes::schema {

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
