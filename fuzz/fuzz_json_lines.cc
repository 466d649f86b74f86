// fuzz_json_lines.cc — libFuzzer target: the JSON Lines reader (read_json_lines) and the merge of its notes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "sources.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    notes::Collection collection;
    notes::ReadReport report;
    notes::read_json_lines(text, "fuzz.jsonl", collection, report);
    for (const auto& problem : report.problems)
        if (problem.where.rfind("fuzz.jsonl:", 0) != 0) notes::fuzz::fail("a problem that does not name its line");
    notes::fuzz::check_notes(collection.notes());
    return 0;
}
