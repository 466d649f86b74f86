// fields.cc — looking a text field up by name.
#include "fields.h"

namespace notes::schema {

const TextField* find_text_field(std::string_view name) {
    for (const TextField& f : kTextFields)
        if (f.name == name) return &f;
    return nullptr;
}

}  // namespace notes::schema
