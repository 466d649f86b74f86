// published_page.h — what notes-search needs to write a tag page back as it was published.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace notes {

struct PublishedPage {
    std::string tag;  // the heading
    std::string title;
    std::string author;
    bool unlabeled_snippets = false;
    std::vector<std::int64_t> order;  // the notes' issue numbers in page order
};

}  // namespace notes
