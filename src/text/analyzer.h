// analyzer.h — the one text-analysis path: normalise, MeCab for Japanese runs, stems for Latin words.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace notes {

enum class TokenKind : std::uint8_t { Latin, Number, Japanese };

// What a token is for ranking and phrase building; Japanese tokens get theirs from MeCab (ipadic).
enum class WordClass : std::uint8_t {
    Noun,        // 名詞 (general, proper, サ変, number...) and every Latin word
    NounSuffix,  // 名詞,接尾: 化 in 量子化
    Prefix,      // 接頭詞: 大 in 大規模
    Verb,        // 動詞,自立
    Adjective,   // 形容詞,自立
    Function,    // particles, auxiliaries, symbols, light verbs (する, いる): kept for phrases only
};

struct Token {
    std::string term;         // normalised surface, the positional term
    std::string base;         // English stem or Japanese dictionary form ("" when none)
    std::uint32_t begin = 0;  // byte range in the text given to analyze()
    std::uint32_t end = 0;
    TokenKind kind = TokenKind::Latin;
    WordClass word_class = WordClass::Noun;
    // This token continues the previous one as one written word: a Japanese compound noun
    // (大規模|言語|モデル) or a Latin word joined by - . / (fine-tuning, GPT-4).
    bool joins_previous = false;

    bool content() const { return word_class != WordClass::Function; }
};

// A character bigram of a Japanese run; positions count characters, with gaps between runs so
// that a phrase of bigrams never spans two runs.
struct Gram {
    std::string term;
    std::uint32_t position = 0;
};

struct Analysis {
    std::vector<Token> tokens;
    std::vector<Gram> bigrams;
};

// Thread rules: analyze() is const but not thread-safe: it runs MeCab's one tagger and lattice,
// whose state each call rewrites. A thread that analyses owns its Analyzer, or is the only thread
// using a shared one until it is joined (IndexWriter::put_all's analysis thread works so); the
// other members only read and may be called from any thread.
class Analyzer {
  public:
    // MeCab with the build's system dictionary (ipadic) and the user dictionary named by
    // $NOTES_SEARCH_USERDIC, else the shipped one (paths.h data_file: beside the executable, the
    // installed one, the build's). Throws
    // std::runtime_error("cannot load MeCab dictionary ...") when MeCab cannot start.
    Analyzer();
    ~Analyzer();
    Analyzer(const Analyzer&) = delete;
    Analyzer& operator=(const Analyzer&) = delete;

    // Throws EncodingError on invalid UTF-8.
    Analysis analyze(std::string_view text) const;

    // Names the dictionaries in use; an index built with another fingerprint tokenises differently.
    const std::string& fingerprint() const;
    const std::string& userdic_path() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Character bigrams of one normalised Japanese string (katakana words without a final ー), in
// order; a single character gives nothing.
std::vector<std::string> japanese_bigrams(std::string_view normalized);

bool is_japanese_char(char32_t cp);

}  // namespace notes
