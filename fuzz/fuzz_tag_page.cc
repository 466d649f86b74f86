// fuzz_tag_page.cc — libFuzzer target: the tag page reader (parse_tag_page), its shortcuts, and the merge of its notes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "collection.h"
#include "fuzz_check.h"
#include "tag_page.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        notes::TagPage page = notes::parse_tag_page(text);
        notes::fuzz::check_notes(page.notes);
        // The shortcuts (pieces, texts kept out of gumbo) read as gumbo reads the page whole.
        notes::TagPage whole = notes::parse_tag_page(text, {.piece_bytes = SIZE_MAX, .texts_aside = false});
        notes::TagPage cut = notes::parse_tag_page(text, {.piece_bytes = 64});
        for (const notes::TagPage* p : {&page, &cut})
            if (!(whole.notes == p->notes) || whole.warnings != p->warnings ||
                whole.unlabeled_snippets != p->unlabeled_snippets)
                notes::fuzz::fail("a page read with the shortcuts differs from the page read whole");
        notes::Collection collection;
        collection.add_page(page);
        notes::fuzz::check_notes(collection.notes());
    } catch (const notes::PageError&) {
        // not a tag page: refused, as it should be
    }
    return 0;
}
