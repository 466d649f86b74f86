// normalize.cc — NFKC + case folding through utf8proc, per grapheme cluster to keep an offset map.
#include "normalize.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstdlib>

namespace notes {

namespace {

constexpr auto kOptions =
    static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);

// Kana, ー and the common kanji: their own NFKC and case fold (as normalize_test checks), and never
// part of a cluster with what stands before or after them unless that is a combining mark. Most
// of a Japanese note, passed over without asking utf8proc.
bool is_stable(char32_t cp) {
    return (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30A1 && cp <= 0x30FA) || cp == 0x30FC ||
           (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF);
}

// Normalises one grapheme cluster (code points) and appends it. Composition never crosses a
// grapheme boundary, so clusters normalised one by one give the same text as the whole at once.
void append_normalized(std::string& out, const char32_t* cps, std::size_t n) {
    if (n == 1 && is_stable(cps[0])) {
        append_utf8(out, cps[0]);
        return;
    }
    std::array<utf8proc_int32_t, 128> buffer;
    std::vector<utf8proc_int32_t> big;
    utf8proc_int32_t* buf = buffer.data();
    utf8proc_ssize_t cap = buffer.size();
    utf8proc_ssize_t len = 0;
    for (;;) {
        len = 0;
        bool fits = true;
        for (std::size_t k = 0; k < n; ++k) {
            int last_boundclass = 0;
            utf8proc_ssize_t r = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(cps[k]), buf + len,
                                                         cap > len ? cap - len : 0, kOptions, &last_boundclass);
            if (r < 0) throw EncodingError("cannot normalise text: " + std::string(utf8proc_errmsg(r)));
            if (len + r > cap) fits = false;
            len += r;
        }
        if (fits) break;
        big.assign(static_cast<std::size_t>(len) * 2, 0);
        buf = big.data();
        cap = static_cast<utf8proc_ssize_t>(big.size());
    }
    // Canonical ordering and composition over the decomposed buffer.
    utf8proc_ssize_t r = utf8proc_normalize_utf32(buf, len, kOptions);
    if (r < 0) throw EncodingError("cannot normalise text: " + std::string(utf8proc_errmsg(r)));
    for (utf8proc_ssize_t k = 0; k < r; ++k) append_utf8(out, static_cast<char32_t>(buf[k]));
}

// Whether a cluster may end between the two without utf8proc's rules: ASCII but a CR (CR LF is
// one cluster) and is_stable characters are no prepended, extending or spacing mark.
bool plain_boundary(char32_t before, char32_t after) {
    auto plain = [](char32_t cp) { return (cp < 0x80 && cp != '\r') || is_stable(cp); };
    return plain(before) && plain(after);
}

template <typename OnCluster>
void for_each_cluster(std::string_view text, OnCluster on_cluster) {
    std::size_t bad = find_invalid_utf8(text);
    if (bad != std::string_view::npos) throw EncodingError("invalid UTF-8 at byte " + std::to_string(bad));
    std::vector<char32_t> cluster;
    std::size_t cluster_start = 0;
    utf8proc_int32_t state = 0;
    char32_t prev = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t at = i;
        unsigned char c = static_cast<unsigned char>(text[i]);
        char32_t cp;
        if (c < 0x80) {
            cp = c;
            ++i;
        } else {
            cp = next_codepoint(text, i);
        }
        if (!cluster.empty() &&
            (plain_boundary(prev, cp) || utf8proc_grapheme_break_stateful(static_cast<utf8proc_int32_t>(prev),
                                                                          static_cast<utf8proc_int32_t>(cp), &state))) {
            on_cluster(cluster, cluster_start);
            cluster.clear();
        }
        if (cluster.empty()) {
            cluster_start = at;
            state = 0;
        }
        cluster.push_back(cp);
        prev = cp;
    }
    if (!cluster.empty()) on_cluster(cluster, cluster_start);
}

}  // namespace

std::size_t find_invalid_utf8(std::string_view text) {
    std::size_t i = 0;
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    while (i < text.size()) {
        if (p[i] < 0x80) {
            ++i;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p + i, static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
        if (n < 0) return i;
        i += static_cast<std::size_t>(n);
    }
    return std::string_view::npos;
}

std::string valid_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t bad = find_invalid_utf8(text); bad != std::string_view::npos; bad = find_invalid_utf8(text)) {
        out.append(text.substr(0, bad));
        out.append("\xEF\xBF\xBD");
        text.remove_prefix(bad + 1);
    }
    out.append(text);
    return out;
}

char32_t next_codepoint(std::string_view text, std::size_t& i) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n = utf8proc_iterate(reinterpret_cast<const unsigned char*>(text.data()) + i,
                                          static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
    if (n <= 0) {  // callers pass valid UTF-8; step over a bad byte rather than loop forever
        ++i;
        return 0xFFFD;
    }
    i += static_cast<std::size_t>(n);
    return static_cast<char32_t>(cp);
}

void append_utf8(std::string& out, char32_t cp) {
    unsigned char buf[4];
    utf8proc_ssize_t n = utf8proc_encode_char(static_cast<utf8proc_int32_t>(cp), buf);
    out.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(n));
}

std::size_t count_codepoints(std::string_view text) {
    std::size_t n = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::size_t char_columns(char32_t cp) {
    // White space of any kind is shown as one space in a one-line snippet.
    if (cp == '\n' || cp == '\r' || cp == '\t') return 1;
    int w = utf8proc_charwidth(static_cast<utf8proc_int32_t>(cp));
    return w > 0 ? static_cast<std::size_t>(w) : 0;
}

std::size_t display_columns(std::string_view text) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < text.size();) n += char_columns(next_codepoint(text, i));
    return n;
}

bool is_letter_or_number(char32_t cp) {
    switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
        case UTF8PROC_CATEGORY_LU:
        case UTF8PROC_CATEGORY_LL:
        case UTF8PROC_CATEGORY_LT:
        case UTF8PROC_CATEGORY_LM:
        case UTF8PROC_CATEGORY_LO:
        case UTF8PROC_CATEGORY_ND:
        case UTF8PROC_CATEGORY_NL:
        case UTF8PROC_CATEGORY_NO: return true;
        default: return false;
    }
}

namespace {

// A letter or digit one column wide: a character of a script that spaces its words.
bool spaced_word_char(char32_t cp) { return is_letter_or_number(cp) && char_columns(cp) == 1; }

}  // namespace

bool cut_keeps_words(char32_t before, char32_t after) {
    if (!utf8proc_grapheme_break(static_cast<utf8proc_int32_t>(before), static_cast<utf8proc_int32_t>(after)))
        return false;
    return !(spaced_word_char(before) && spaced_word_char(after));
}

std::string normalize(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for_each_cluster(text, [&](const std::vector<char32_t>& cl, std::size_t) {
        if (cl.size() == 1 && cl[0] < 0x80) {
            char c = static_cast<char>(cl[0]);
            out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
        } else {
            append_normalized(out, cl.data(), cl.size());
        }
    });
    return out;
}

std::string nfkc(std::string_view text) {
    utf8proc_uint8_t* mapped = nullptr;
    const utf8proc_ssize_t n =
        utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()), static_cast<utf8proc_ssize_t>(text.size()),
                     &mapped, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE));
    if (n < 0) throw EncodingError("cannot normalise text: " + std::string(utf8proc_errmsg(n)));
    std::string out(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(n));
    std::free(mapped);
    return out;
}

Normalized normalize_mapped(std::string_view text) {
    Normalized n;
    n.text.reserve(text.size());
    n.source.reserve(text.size() + 1);
    for_each_cluster(text, [&](const std::vector<char32_t>& cl, std::size_t start) {
        if (cl.size() == 1 && cl[0] < 0x80) {
            char c = static_cast<char>(cl[0]);
            n.text.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
        } else {
            append_normalized(n.text, cl.data(), cl.size());
        }
        n.source.resize(n.text.size(), static_cast<std::uint32_t>(start));
    });
    n.source.push_back(static_cast<std::uint32_t>(text.size()));
    return n;
}

std::u32string code_points(std::string_view s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) out.push_back(next_codepoint(s, i));
    return out;
}

std::size_t edit_distance(std::u32string_view a, std::u32string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

}  // namespace notes
