// stop_words.h — English words that say nothing about a note's topic.
#pragma once

#include <string_view>

namespace notes {

// A normalised (lower-case) English function word — an article, preposition, conjunction,
// pronoun or auxiliary: `the`, `of`, `and`, `for`, `with`. Not required in a multi-word query
// (they still count inside "quoted phrases" and in synonyms such as "chain of thought"). Words
// that carry meaning in a query (few in "few shot", not, more) are not among them.
bool is_function_word(std::string_view word);

// The function words and the other common words that say nothing about a note's topic (few,
// more, using, et al): never a --like word.
bool is_stop_word(std::string_view word);

}  // namespace notes
