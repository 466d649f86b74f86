// printable.h — text from notes and files made safe to show on a terminal.
#pragma once

#include <string>
#include <string_view>

namespace notes {

namespace printable_detail {

// The length of the valid UTF-8 sequence starting at text[i]; 0 when the bytes there are not one
// (overlong forms, surrogates and code points past U+10FFFF included).
inline std::size_t utf8_length(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char c = byte(i);
    if (c < 0x80) return 1;
    std::size_t n = 0;
    unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0) low = 0xA0;
        if (c == 0xED) high = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0) low = 0x90;
        if (c == 0xF4) high = 0x8F;
    } else {
        return 0;
    }
    if (i + n > text.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        const unsigned char b = byte(i + k);
        if (b < (k == 1 ? low : 0x80) || b > (k == 1 ? high : 0xBF)) return 0;
    }
    return n;
}

}  // namespace printable_detail

// `text` with every byte a terminal would act on written as a \xHH escape: the C0 controls except
// tab and newline (ESC starts the sequences that retitle a window or clear the screen, BEL
// rings), DEL, the C1 controls U+0080–U+009F (both bytes of each: U+009B, CSI, is "\xc2\x9b")
// and every byte that is not part of valid UTF-8. Valid UTF-8 is kept as it is.
inline std::string printable(std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        const std::size_t n = printable_detail::utf8_length(text, i);
        const bool c0 = n == 1 && ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F);
        const bool c1 = n == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0;
        if (n > 0 && !c0 && !c1) {
            out.append(text, i, n);
            i += n;
            continue;
        }
        for (std::size_t k = 0; k < (n > 0 ? n : 1); ++k, ++i) {
            const auto b = static_cast<unsigned char>(text[i]);
            out += "\\x";
            out += kHex[b >> 4];
            out += kHex[b & 0xF];
        }
    }
    return out;
}

}  // namespace notes
