// fuzz_check.h — what every fuzz target asks of the notes a reader made from arbitrary input.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "normalize.h"
#include "note.h"

namespace notes::fuzz {

[[noreturn]] inline void fail(const char* what) {
    std::fprintf(stderr, "fuzz check failed: %s\n", what);
    std::abort();
}

// A note the index can take: a positive id, valid UTF-8 throughout (nlohmann's dump would throw
// on anything else, and notes-index with it), and the same note again after its JSON round trip.
inline void check_notes(const std::vector<Note>& notes) {
    for (const Note& note : notes) {
        if (note.id <= 0) fail("a note without a positive id");
        std::string json = to_json(note).dump();
        if (find_invalid_utf8(json) != std::string::npos) fail("invalid UTF-8 in a note");
        if (!(note_from_json(nlohmann::json::parse(json)) == note)) fail("a note changed in its JSON round trip");
    }
}

}  // namespace notes::fuzz
