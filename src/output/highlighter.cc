// highlighter.cc — finding the terms in a text and writing it with <mark> around each.
#include "highlighter.h"

#include <algorithm>

#include "ascii.h"
#include "html_escape.h"

namespace notes {

namespace {

// A Latin word is marked only as a whole word: LoRA inside QLoRA is another word. (Japanese has
// no spaces to go by; its terms are MeCab words already.)
bool whole_word(std::string_view text, std::size_t pos, std::size_t len) {
    auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
    if (alnum(text[pos]) && pos > 0 && alnum(text[pos - 1])) return false;
    if (alnum(text[pos + len - 1]) && pos + len < text.size() && alnum(text[pos + len])) return false;
    return true;
}

}  // namespace

Highlighter::Highlighter(const std::vector<std::string>& terms) {
    for (const auto& t : terms) {
        // A term must start a character: an empty term, or one starting with a UTF-8
        // continuation byte, could match inside a character.
        if (t.empty() || (static_cast<unsigned char>(t.front()) & 0xC0) == 0x80) continue;
        if (std::find(terms_.begin(), terms_.end(), t) == terms_.end()) terms_.push_back(t);
    }
    std::stable_sort(terms_.begin(), terms_.end(),
                     [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

void Highlighter::append(std::string& out, std::string_view text) const {
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t len = match_at(text, i);
        if (len == 0) {
            append_escaped_char(out, text[i], i + 1 < text.size() ? text[i + 1] : '\0');
            ++i;
            continue;
        }
        out += "<mark>";
        append_escaped(out, text.substr(i, len));
        out += "</mark>";
        i += len;
    }
}

std::size_t Highlighter::match_at(std::string_view text, std::size_t pos) const {
    for (const auto& t : terms_) {
        if (text.size() - pos < t.size()) continue;
        bool same = true;
        for (std::size_t k = 0; k < t.size() && same; ++k) same = ascii_lower(text[pos + k]) == ascii_lower(t[k]);
        if (same && whole_word(text, pos, t.size())) return t.size();
    }
    return 0;
}

}  // namespace notes
