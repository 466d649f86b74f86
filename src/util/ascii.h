// ascii.h — small byte-string helpers shared by every layer (ASCII only; Unicode is text/).
#pragma once

#include <string>
#include <string_view>

namespace notes {

// U+3000, the space a Japanese IME types: a separator wherever ASCII white space is one.
inline constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";

// Space, tab, CR or LF: JSON's white space, and the bytes trim() cuts unless told otherwise.
inline bool is_ascii_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
inline bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_ascii_alnum(char c) { return is_ascii_alpha(c) || is_ascii_digit(c); }

// `s` without the leading and trailing bytes found in `chars`.
std::string_view trim(std::string_view s, std::string_view chars = " \t\r\n");

// ASCII letters folded to lower case; every other byte kept (UTF-8 passes through untouched).
inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
std::string ascii_lower(std::string_view s);
// Whether `s` starts with `prefix` (given in lower case), ASCII letters compared without case.
bool starts_with_ascii_nocase(std::string_view s, std::string_view prefix);

// An absolute http:// or https:// URL (scheme in any case) with something after the scheme.
bool is_http_url(std::string_view url);

}  // namespace notes
