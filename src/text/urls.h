// urls.h — web addresses inside text: where each ends, and which of its words are worth indexing.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace notes {

// A URL found in a text, as byte ranges of that text.
struct Url {
    std::size_t begin = 0, end = 0;
    // The words worth finding the note by, in order: the host's name without "www", the top-level
    // domain and labels of one or two letters; the path's words without single letters, the few
    // that every link of a site carries (status, issues, blob...) and ids (8 or more characters
    // with 3 digits or more). The query string and fragment give none.
    struct Word {
        std::size_t begin = 0, end = 0;
    };
    std::vector<Word> words;
};

// Every http(s) URL in `text`, in order. A URL is a run of the characters URLs are made of,
// without trailing punctuation or a closing parenthesis or bracket it did not open. The site's
// generator glues the text that followed a URL onto it (".../09/11/024828DeepFMに関する"), so a
// URL glued to a following non-ASCII character ends earlier where its site's grammar ends: after
// a tweet's id (and its ?s=..&t=.. share token), a GitHub issue or pull request number, a note.com
// id, a file extension followed by a capital letter, and in the last path segment before a
// capital letter that follows a digit (or a lower-case letter, when the segment begins lower case).
std::vector<Url> find_urls(std::string_view text);

}  // namespace notes
