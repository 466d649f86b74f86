// normalize.h — the one text normalisation (NFKC + case folding) for indexing and querying alike.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace notes {

struct EncodingError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Byte offset of the first invalid UTF-8 sequence, or npos when `text` is valid UTF-8.
std::size_t find_invalid_utf8(std::string_view text);

// `text` with each invalid UTF-8 sequence (each byte that starts none) replaced by U+FFFD.
std::string valid_utf8(std::string_view text);

// NFKC and case folding: "ＬｏＲＡ" -> "lora", "ｶﾀｶﾅ" -> "カタカナ". Throws EncodingError.
std::string normalize(std::string_view text);

// NFKC alone, case kept: how the query line is read before it is split, so that what a Japanese
// IME types (ＯＲ, －, （）, ：, U+3000) works as its ASCII form. Throws EncodingError.
std::string nfkc(std::string_view text);

// The normalised text with, for each byte of it, the offset of the byte in the original text where
// the grapheme cluster it came from starts (plus one entry for the end), so that a match found in
// normalised text can be shown in the original.
struct Normalized {
    std::string text;
    std::vector<std::uint32_t> source;  // size text.size() + 1
};
Normalized normalize_mapped(std::string_view text);

// One code point at `i` (advanced past it); `text` must be valid UTF-8.
char32_t next_codepoint(std::string_view text, std::size_t& i);
void append_utf8(std::string& out, char32_t cp);
// Code points in a valid UTF-8 string.
std::size_t count_codepoints(std::string_view text);

// A letter or a number of any script (Unicode categories L* and N*).
bool is_letter_or_number(char32_t cp);

// Levenshtein distance in code points (insertions, deletions, substitutions): did-you-mean and
// the closest tag names.
std::size_t edit_distance(std::u32string_view a, std::u32string_view b);
// `s` as code points, for edit_distance.
std::u32string code_points(std::string_view s);
// Terminal columns: East Asian wide characters take two, combining marks none (utf8proc's
// widths); a line of Japanese is twice as wide as as many Latin letters.
std::size_t char_columns(char32_t cp);
std::size_t display_columns(std::string_view text);

// Whether a line shown cut between code points `before` and `after` keeps its words whole: never
// inside a grapheme cluster (a letter and its combining mark, an emoji sequence), nor between two
// letters or digits of a script written with spaces (Latin, Greek, Cyrillic: "…ng Label" is
// half a word). Between two wide characters (Japanese, Chinese: no spaces to go by) anywhere.
bool cut_keeps_words(char32_t before, char32_t after);

}  // namespace notes
