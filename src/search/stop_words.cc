// stop_words.cc — the English stop word list (the usual function words, plus "et al", "vs", "via").
#include "stop_words.h"

#include <unordered_set>

namespace notes {

bool is_function_word(std::string_view word) {
    static const std::unordered_set<std::string_view> kFunction = {
        "a",    "an",    "the",   "of",   "and",  "or",   "for",   "to",  "in",   "on",  "at",   "by",
        "with", "from",  "as",    "is",   "are",  "was",  "were",  "be",  "been", "it",  "its",  "this",
        "that", "these", "those", "into", "than", "then", "their", "our", "we",   "you", "they", "which"};
    return kFunction.count(word) > 0;
}

bool is_stop_word(std::string_view word) {
    static const std::unordered_set<std::string_view> kStop = {
        "a",      "about", "above", "after",   "again",   "all",  "also",   "am",     "an",      "and",  "any",
        "are",    "as",    "at",    "be",      "because", "been", "before", "being",  "between", "both", "but",
        "by",     "can",   "could", "did",     "do",      "does", "doing",  "down",   "during",  "each", "et",
        "few",    "for",   "from",  "further", "had",     "has",  "have",   "having", "he",      "her",  "here",
        "hers",   "him",   "his",   "how",     "i",       "if",   "in",     "into",   "is",      "it",   "its",
        "itself", "just",  "more",  "most",    "my",      "no",   "nor",    "not",    "of",      "off",  "on",
        "once",   "only",  "or",    "other",   "our",     "ours", "out",    "over",   "own",     "same", "she",
        "should", "so",    "some",  "such",    "than",    "that", "the",    "their",  "them",    "then", "there",
        "these",  "they",  "this",  "those",   "through", "to",   "too",    "under",  "until",   "up",   "us",
        "use",    "used",  "using", "very",    "via",     "was",  "we",     "were",   "what",    "when", "where",
        "which",  "while", "who",   "whom",    "why",     "will", "with",   "would",  "you",     "your", "al",
        "vs"};
    return kStop.count(word) > 0;
}

}  // namespace notes
