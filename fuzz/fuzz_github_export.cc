// fuzz_github_export.cc — libFuzzer target: the GitHub issue export reader (read_issue_export).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "collection.h"
#include "fuzz_check.h"
#include "github_export.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        notes::IssueExport issues = notes::read_issue_export(text);
        notes::fuzz::check_notes(issues.notes);
        notes::Collection collection;
        for (const auto& note : issues.notes) collection.add_note(note);
        notes::fuzz::check_notes(collection.notes());
    } catch (const notes::ExportError& e) {
        std::string_view what = e.what();  // every refusal says what it is
        if (!what.starts_with("invalid JSON") && !what.starts_with("truncated JSON") &&
            !what.starts_with("not an issue export"))
            notes::fuzz::fail("an export error of no known kind");
    }
    return 0;
}
