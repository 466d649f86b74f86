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
    // (大規模|言語|モデル), a Latin word joined by - . / or a Unicode hyphen (fine-tuning, GPT‐4),
    // or the digits glued to letters (gpt|4 in GPT4).
    bool joins_previous = false;
    // A model name: letters then a number, glued or hyphenated (GPT4, GPT-4, LLaMA-2, GPT-3.5).
    // Its first token holds the name written whole ("gpt4", "gpt3.5"), searched as one term at
    // that token's position; `name_part` marks its letters and digits, indexed at their positions
    // for phrases (gpt 4 = GPT-4 = GPT4) but without weight, so that LLaMA finds LLaMA2 below
    // the notes that write LLaMA itself.
    std::string name;
    bool name_part = false;
    // MeCab's reading of a Japanese token (ipadic's 読み, katakana: 量子 -> リョウシ); "" when none.
    std::string reading;

    bool content() const { return word_class != WordClass::Function; }
};

struct Analysis {
    std::vector<Token> tokens;
    // The compound keys (compound_key) of the runs of two to kMaxCompoundRun words at word
    // boundaries of each Japanese compound, nouns of any kind side by side (大|規模|言語|モデル:
    // 大規模, 大規模言語, 大規模言語モデル, 規模言語, 規模言語モデル, 言語モデル), in order, repeats
    // kept: what a query word finds however MeCab split it in the note, wherever its words stand.
    std::vector<std::string> compounds;
    // Readings of the Japanese nouns and compounds written with kanji, in katakana: each noun's,
    // each compound's and each run of up to kMaxReadingRun words inside one (量子|化: リョウシ,
    // リョウシカ; a single kana such as 化's カ is left out), so that a query typed in kana finds them.
    std::vector<std::string> readings;
};

inline constexpr std::size_t kMaxReadingRun = 4;
// A compound term joins at most four words: the longest compounds of the synonyms file and of the
// tag names (大|規模|言語|モデル) are four words, and longer windows would only add terms no one
// types. A query word of more words is found by its phrase.
inline constexpr std::size_t kMaxCompoundRun = 4;

// `s` with every ー taken out: how a word is compared with a text whose words lost their final ー.
std::string without_long_vowels(std::string_view s);

// Which Japanese runs analyze() gives to MeCab, when a caller only looks for known words in a text
// (snippets.h): a run is the text between spaces, punctuation and Latin letters, which MeCab reads
// apart from the rest, so leaving one out changes no other token. A run is kept when it may hold
// a token whose term is one of the words added, or whose base is one of the bases; the others
// are not analysed.
class RunFilter {
  public:
    // A token's term is its text, normalised, less a final ー (strip_final_long_vowels): so both
    // sides are compared with every ー taken out.
    void add_term(std::string_view term);
    // An inflected word's base (its dictionary form: 用いる for 用いた, 良い for 良かっ) keeps the
    // first character in every form MeCab gives a base to (する and くる are light verbs, which
    // have none): a run without it has no such token.
    void add_base(std::string_view base);
    // A word typed in kana matches the kanji that read so: nothing can be left out.
    void keep_all() { all_ = true; }
    // `run` is normalised text.
    bool keeps(std::string_view run) const;

  private:
    std::vector<std::string> needles_;
    bool all_ = false;
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
    // The same, but each Japanese run that `filter` does not keep stands as one token of kind
    // Japanese and class Function with an empty term, base and reading over the run's bytes, so
    // that no match of several words spans it; compounds and readings are those of the runs kept.
    Analysis analyze(std::string_view text, const RunFilter& filter) const;

    // Names the dictionaries in use; an index built with another fingerprint tokenises differently.
    const std::string& fingerprint() const;
    const std::string& userdic_path() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The key a compound is indexed and looked up by: the words' terms joined, each ー dropped that
// follows two or more katakana, so that コンピューター|システム (whose word lost its final ー) and
// コンピューターシステム in one word meet.
std::string compound_key(std::string_view joined_terms);

bool is_japanese_char(char32_t cp);

// The katakana form of a text written in kana alone (りょうしか -> リョウシカ, ー kept); "" when it
// holds anything else (a kanji, a Latin letter, a space).
std::string kana_reading(std::string_view text);

// The query side of model names: a word of letters followed by a number of at most three digits
// (gpt 4, Llama 2, GPT 3.5) is read as one name, as GPT-4 is. Notes keep such words apart (Figure 2
// is two words); a query means the name. `text` is the text the tokens were analysed from.
void join_spaced_names(std::string_view text, std::vector<Token>& tokens);

}  // namespace notes
