// html_escape.cc — entities for text and Liquid's braces, spaces for control characters, and the URLs allowed in links.
#include "html_escape.h"

#include <algorithm>

#include "ascii.h"

namespace notes {

void append_escaped_char(std::string& out, char c, char next) {
    switch (c) {
        case '{':
            // Jekyll runs a page through Liquid before Markdown: "{{" or "{%" in a note would be
            // evaluated (an include, a site variable). The entity reads back as "{".
            out += next == '{' || next == '%' ? "&#123;" : "{";
            break;
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\n': break;  // one line per snippet; the site drops "\n" and keeps "\r"
        default: out += c;
    }
}

void append_escaped(std::string& out, std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i)
        append_escaped_char(out, text[i], i + 1 < text.size() ? text[i + 1] : '\0');
}

std::string one_line(std::string_view text) {
    std::string line(text);
    for (char& c : line) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) c = ' ';
    }
    std::string out;
    append_escaped(out, line);
    return out;
}

// A browser strips leading controls and inner tabs/newlines, which could otherwise smuggle
// another scheme past the prefix check.
bool is_web_url(std::string_view url) {
    if (!starts_with_ascii_nocase(url, "http://") && !starts_with_ascii_nocase(url, "https://")) return false;
    return std::none_of(url.begin(), url.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
    });
}

}  // namespace notes
