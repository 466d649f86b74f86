// printable.cc — escaping terminal control characters.
#include "printable.h"

namespace notes {

namespace {

// The length of the valid UTF-8 sequence at the start of `s`, or 0 when it is not one.
std::size_t utf8_sequence_length(std::string_view s) {
    auto byte = [&](std::size_t i) { return i < s.size() ? static_cast<unsigned char>(s[i]) : 0u; };
    auto continuation = [&](std::size_t i) { return (byte(i) & 0xC0u) == 0x80u; };
    unsigned lead = byte(0);
    if (lead < 0x80) return 1;
    if (lead >= 0xC2 && lead <= 0xDF) return continuation(1) ? 2 : 0;
    // The second byte's range rules out overlong forms, surrogates and code points over U+10FFFF.
    unsigned low = 0x80, high = 0xBF;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
    bool second_ok = byte(1) >= low && byte(1) <= high;
    if (lead >= 0xE0 && lead <= 0xEF) return second_ok && continuation(2) ? 3 : 0;
    if (lead >= 0xF0 && lead <= 0xF4) return second_ok && continuation(2) && continuation(3) ? 4 : 0;
    return 0;
}

void append_escape(std::string& out, unsigned value) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += "\\x";
    out += kHex[(value >> 4) & 0xF];
    out += kHex[value & 0xF];
}

}  // namespace

std::string printable(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        std::string_view rest = text.substr(i);
        auto lead = static_cast<unsigned char>(rest[0]);
        std::size_t length = utf8_sequence_length(rest);
        if (length == 0) {
            append_escape(out, lead);
            length = 1;
        } else if (length == 1 && ((lead < 0x20 && lead != '\t' && lead != '\n') || lead == 0x7F)) {
            append_escape(out, lead);
        } else if (length == 2 && lead == 0xC2 && static_cast<unsigned char>(rest[1]) < 0xA0) {
            append_escape(out, static_cast<unsigned char>(rest[1]));  // C1: U+0080..U+009F
        } else {
            out.append(rest.substr(0, length));
        }
        i += length;
    }
    return out;
}

}  // namespace notes
