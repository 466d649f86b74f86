// ascii.cc — small byte-string helpers.
#include "ascii.h"

namespace notes {

std::string_view trim(std::string_view s, std::string_view chars) {
    std::size_t first = s.find_first_not_of(chars);
    if (first == std::string_view::npos) return s.substr(s.size());
    return s.substr(first, s.find_last_not_of(chars) - first + 1);
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = ascii_lower(c);
    return out;
}

bool starts_with_ascii_nocase(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (ascii_lower(s[i]) != prefix[i]) return false;
    return true;
}

bool is_http_url(std::string_view url) {
    for (std::string_view scheme : {"http://", "https://"})
        if (url.size() > scheme.size() && starts_with_ascii_nocase(url, scheme)) return true;
    return false;
}

}  // namespace notes
