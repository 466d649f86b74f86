// model_names.h — model names in every spelling (GPT-4 = GPT4 = gpt 4): where a Latin run is cut
// into letter and digit parts, and which parts make one name (Token::name). The analyzer's own;
// the query side reaches it through join_spaced_names (analyzer.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "analyzer.h"

namespace notes {

inline constexpr std::size_t kMaxTermBytes = 120;  // Xapian refuses terms over 245 bytes with a prefix

// How a Latin word is joined to the one before it, if it is.
enum class Join : std::uint8_t { None, Glued, Hyphen, Dot, Slash };

// - . / join two Latin words into one written word, and so do the Unicode hyphens that NFKC leaves
// as they are (U+2010 hyphen, which U+2011 becomes; U+2012 figure dash; U+2013 en dash; U+2212
// minus) and ー, which a Japanese IME types for - (GPTー4).
Join join_of(std::string_view between);

// A Latin run cut where letters and digits meet (gpt4 -> gpt|4, llama65b -> llama|65|b), as
// Elasticsearch's word_delimiter_graph does; byte ranges in `s`. A run of more parts than a model
// name has (an id, a hash) stays whole.
std::vector<std::pair<std::size_t, std::size_t>> latin_parts(std::string_view s, std::size_t start, std::size_t end);

// `t`, about to follow `toks`, starts or continues a model name (Token::name): a number glued or
// hyphenated to letters, then numbers after dots (gpt-3.5).
void mark_name(std::vector<Token>& toks, Token& t, Join join);

}  // namespace notes
