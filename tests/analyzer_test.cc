// analyzer_test.cc — token tables for Japanese, English, mixed and width-variant text (ipadic).
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "analyzer.h"
#include "normalize.h"
#include "support.h"

using namespace notes::test;

namespace {

// "term" per token: "+" when it continues a compound, "(base)" for a stem or dictionary form,
// "*" for a function word, "=name" for a model name written whole, "~" for its weightless parts;
// positions are the order of the list.
std::string describe(std::string_view text) {
    std::string out;
    for (const auto& t : analyzer().analyze(text).tokens) {
        if (!out.empty()) out += ' ';
        if (t.joins_previous) out += '+';
        out += t.term;
        if (!t.base.empty() && t.base != t.term) out += "(" + t.base + ")";
        if (!t.content()) out += '*';
        if (!t.name.empty()) out += "=" + t.name;
        if (t.name_part) out += '~';
    }
    return out;
}

std::string compounds(std::string_view text) {
    std::string out;
    for (const auto& c : analyzer().analyze(text).compounds) out += (out.empty() ? "" : " ") + c;
    return out;
}

}  // namespace

TEST_CASE("token tables", "[analyzer]") {
    struct Row {
        const char* text;
        const char* tokens;
    };
    const Row rows[] = {
        // English: case folded, stems beside the words, hyphenated words joined
        {"QLoRA: Efficient Finetuning of Quantized LLMs",
         "qlora efficient(effici) finetuning(finetun) of quantized(quantiz) llms"},
        {"fine-tuning GPT-4", "fine +tuning(tune) gpt=gpt4~ +4~"},
        {"Dettmers+, N_A, arXiv23", "dettmers(dettmer) n a arxiv=arxiv23~ +23~"},
        // Japanese: MeCab words, compounds joined, particles and auxiliaries marked
        {"大規模言語モデルの量子化を用いた", "大 +規模 +言語 +モデル の* 量子 +化 を* 用い(用いる) た*"},
        {"微調整された", "微 +調整 さ* れ* た*"},
        {"量子化する", "量子 +化 する*"},
        // width variants give the same tokens as their normal forms
        {"ＬｏＲＡで量子化", "lora で* 量子 +化"},
        {"ｶﾀｶﾅ", "カタカナ"},
        {"ﾊﾟﾗﾒｰﾀ", "パラメータ"},
        // katakana words with and without the final long-vowel mark meet
        {"コンピューター", "コンピュータ"},
        {"パラメーター", "パラメータ"},
        // mixed text: Latin runs never reach MeCab
        {"LoRAとQLoRAの比較", "lora と* qlora の* 比較"},
        {"GPT-4による要約", "gpt=gpt4~ +4~ による* 要約"},
    };
    for (const auto& row : rows) {
        INFO(row.text);
        CHECK(describe(row.text) == row.tokens);
    }
}

TEST_CASE("a model name is the same tokens however it is written", "[analyzer]") {
    struct Row {
        const char* text;
        const char* tokens;
    };
    const Row rows[] = {
        // letters and digits cut apart, the name written whole on the first
        {"GPT4", "gpt=gpt4~ +4~"},
        {"GPT-4", "gpt=gpt4~ +4~"},
        {"GPT\u20104", "gpt=gpt4~ +4~"},  // U+2010 hyphen
        {"GPT\u20114", "gpt=gpt4~ +4~"},  // U+2011 non-breaking hyphen: NFKC makes it U+2010
        {"GPT\u20124", "gpt=gpt4~ +4~"},  // U+2012 figure dash
        {"GPT\u20134", "gpt=gpt4~ +4~"},  // U+2013 en dash
        {"GPT\u22124", "gpt=gpt4~ +4~"},  // U+2212 minus
        {"GPT\uFF0D4", "gpt=gpt4~ +4~"},  // full-width hyphen-minus: NFKC makes it -
        {"GPTー4", "gpt=gpt4~ +4~"},      // what an IME types for -
        {"LLaMA2", "llama=llama2~ +2~"},
        {"Llama-2", "llama=llama2~ +2~"},
        {"GPT-3.5", "gpt=gpt3.5~ +3~ +5~"},
        {"GPT3.5", "gpt=gpt3.5~ +3~ +5~"},
        {"GPT-4V", "gpt=gpt4~ +4~ +v"},
        // in a note, words apart stay words: Llama 2, Figure 2
        {"Llama 2", "llama 2"},
        // digits then letters are cut too, but make no name; an id of many parts stays whole
        {"4bit", "4 +bit"},
        {"a1b2c3d4", "a1b2c3d4"},
        // a long vowel mark between katakana is still Japanese
        {"ユーザー", "ユーザ"},
    };
    for (const auto& row : rows) {
        INFO(row.text);
        CHECK(describe(row.text) == row.tokens);
    }
}

TEST_CASE("a query reads a word and a short number typed apart as one name", "[analyzer]") {
    auto joined = [](std::string text) {
        auto a = analyzer().analyze(text);
        notes::join_spaced_names(text, a.tokens);
        std::string out;
        for (const auto& t : a.tokens)
            out += (out.empty() ? "" : " ") + std::string(t.joins_previous ? "+" : "") + t.term +
                   (t.name.empty() ? "" : "=" + t.name);
        return out;
    };
    CHECK(joined("gpt 4") == "gpt=gpt4 +4");
    CHECK(joined("Llama\u30002") == "llama=llama2 +2");
    CHECK(joined("GPT 3.5") == "gpt=gpt3.5 +3 +5");
    CHECK(joined("transformer 2017") == "transformer 2017");  // a year is no version
    CHECK(joined("2 gpt") == "2 gpt");
}

TEST_CASE("readings of kanji nouns and compounds, in katakana", "[analyzer]") {
    auto readings = [](std::string_view text) {
        auto r = analyzer().analyze(text).readings;
        return std::set<std::string>(r.begin(), r.end());
    };
    // 量子|化: the compound and the noun; 化 alone (one kana) is left out
    CHECK(readings("量子化") == std::set<std::string>{"リョウシ", "リョウシカ"});
    CHECK(readings("推薦システム") == std::set<std::string>{"スイセン", "スイセンシステム"});
    CHECK(readings("システム").empty());  // no kanji: the word is its own reading
    CHECK(readings("LoRA").empty());
    CHECK(notes::kana_reading("りょうしか") == "リョウシカ");
    CHECK(notes::kana_reading("ハルシネーション") == "ハルシネーション");
    CHECK(notes::kana_reading("量子化").empty());
    CHECK(notes::kana_reading("かa").empty());
}

TEST_CASE("compounds and their runs at word boundaries are terms, never spanning two", "[analyzer]") {
    CHECK(compounds("量子化") == "量子化");
    CHECK(compounds("量子化 LoRA 微調整") == "量子化 微調整");
    // Runs of up to four words, none crossing a particle (化を).
    CHECK(compounds("大規模言語モデルの量子化を用いた") ==
          "大規模 大規模言語 大規模言語モデル 規模言語 規模言語モデル 言語モデル 量子化");
    // A run may start with a suffix: the query 時系列 is matched by its compound term alone, and
    // MeCab reads 時 as a suffix in 非補償型時系列.
    CHECK(compounds("モデル量子化手法") == "モデル量子 モデル量子化 モデル量子化手法 量子化 量子化手法 化手法");
    CHECK((" " + compounds("非補償型時系列") + " ").find(" 時系列 ") != std::string::npos);
    CHECK(compounds("タグの時系列も扱う") == "時系列");  // 時 as a dependent noun (非自立)
    CHECK(compounds("化") == "");
    // A word MeCab keeps whole is its own term; the two nouns its dictionary also cuts it into
    // are compound terms (量子 finds 量子力学), never the accidents inside a word (デル, 古屋).
    CHECK(compounds("ランタイム") == "ラン タイム");
    CHECK(compounds("量子力学") == "量子 力学");
    CHECK(compounds("名古屋") == "");
    CHECK(compounds("モデル") == "");
    CHECK(compounds("LoRA") == "");
    // However long the compound, its runs of up to four words are terms (nine nouns: 8 + 7 + 6).
    const std::string nine = compounds("東京大阪名古屋福岡札幌仙台広島京都神戸");
    CHECK(std::count(nine.begin(), nine.end(), ' ') + 1 == 21);
    // The key forgets the long-vowel marks inside katakana, however the words were cut.
    CHECK(notes::compound_key("コンピュータシステム") == notes::compound_key("コンピューターシステム"));
    CHECK(notes::compound_key("ビール") == "ビール");  // after one katakana the mark is kept
}

TEST_CASE("offsets point into the original text", "[analyzer]") {
    std::string text = "ＬｏＲＡ 量子化";
    auto tokens = analyzer().analyze(text).tokens;
    REQUIRE(tokens.size() == 3);
    CHECK(text.substr(tokens[0].begin, tokens[0].end - tokens[0].begin) == "ＬｏＲＡ");
    CHECK(text.substr(tokens[1].begin, tokens[2].end - tokens[1].begin) == "量子化");
}

TEST_CASE("the user dictionary keeps technical terms whole", "[analyzer]") {
    REQUIRE_FALSE(analyzer().userdic_path().empty());
    CHECK(describe("ファインチューニング") == "ファインチューニング");
}

TEST_CASE("invalid UTF-8 is refused", "[analyzer]") {
    CHECK_THROWS_AS(analyzer().analyze("abc\xff"), notes::EncodingError);
}

TEST_CASE("a Japanese run of any length is analysed whole, in pieces MeCab accepts", "[analyzer][faults]") {
    // 120,000 characters without punctuation: one run. Whole, it took minutes (the lattice and
    // the lattice grows faster than the text) or MeCab refused it.
    std::string text;
    for (int i = 0; i < 20000; ++i) text += "量子化の研究";
    auto a = analyzer().analyze(text);
    std::size_t research = 0;
    for (const auto& t : a.tokens) research += t.term == "研究";
    CHECK(research >= 19900);  // a piece boundary may cut a word now and then
    REQUIRE_FALSE(a.tokens.empty());
    CHECK(a.tokens.back().end == text.size());
    CHECK(a.tokens.back().term == "研究");
    CHECK(a.compounds.size() >= 19900);  // 量子化 once a sentence, the odd cut word aside
}

namespace {

bool same_token(const notes::Token& a, const notes::Token& b) {
    return a.term == b.term && a.base == b.base && a.begin == b.begin && a.end == b.end && a.kind == b.kind &&
           a.word_class == b.word_class && a.joins_previous == b.joins_previous && a.name == b.name &&
           a.name_part == b.name_part && a.reading == b.reading;
}

// The filtered analysis is the whole one with each run left out as one empty token: every other
// token is the same, in the same order.
void check_filtered(std::string_view text, const notes::RunFilter& filter, std::size_t& left_out) {
    INFO(text);
    auto whole = analyzer().analyze(text).tokens;
    auto some = analyzer().analyze(text, filter).tokens;
    std::size_t w = 0;
    for (const auto& t : some) {
        if (t.term.empty()) {  // a run left out: the whole analysis has its words there
            CHECK(t.kind == notes::TokenKind::Japanese);
            CHECK_FALSE(t.content());
            ++left_out;
            REQUIRE(w < whole.size());
            CHECK(whole[w].begin >= t.begin);
            while (w < whole.size() && whole[w].end <= t.end) ++w;
            continue;
        }
        REQUIRE(w < whole.size());
        CHECK(same_token(t, whole[w]));
        ++w;
    }
    CHECK(w == whole.size());
}

}  // namespace

TEST_CASE("a run filter leaves out the Japanese runs without its words and changes no other token", "[analyzer]") {
    notes::RunFilter filter;
    filter.add_term("量子");
    filter.add_term("化");
    std::size_t left_out = 0;
    check_filtered("前置きの文章です。ここで量子化の話をする。LoRA を使う、GPT-4 と後書き。", filter, left_out);
    CHECK(left_out == 3);  // 前置きの文章です, を使う, と後書き
    auto toks = analyzer().analyze("前置きです。量子化する。", filter).tokens;
    REQUIRE(toks.size() >= 3);
    CHECK(toks[0].term.empty());
    CHECK(toks[1].term == "量子");
    // Latin words are never left out; nothing is, with keep_all or with a word of every run.
    left_out = 0;
    check_filtered("Quantization of LLMs: QLoRA と GPTQ の比較", notes::RunFilter(), left_out);
    CHECK(left_out == 2);
    notes::RunFilter all;
    all.keep_all();
    left_out = 0;
    check_filtered("前置きの文章です。ここで量子化の話をする。", all, left_out);
    CHECK(left_out == 0);
}

TEST_CASE("a run filter keeps the runs of an inflected word's forms and of a word less its ー", "[analyzer]") {
    notes::RunFilter verb;
    verb.add_base("用いる");  // 用いた, 用いて, 用いれば: the first character stays
    for (const char* text : {"手法を用いた。", "モデルを用いて学習する。", "これを用いれば良い。"}) {
        auto toks = analyzer().analyze(text, verb).tokens;
        bool found = false;
        for (const auto& t : toks) found = found || t.base == "用いる";
        CHECK(found);
    }
    notes::RunFilter adjective;
    adjective.add_base("良い");
    bool found = false;
    for (const auto& t : analyzer().analyze("結果が良かった。", adjective).tokens) found = found || t.base == "良い";
    CHECK(found);
    // The term of コンピューター is コンピュータ; the note may write either.
    notes::RunFilter katakana;
    katakana.add_term("コンピュータ");
    for (const char* text : {"コンピューターの話。", "コンピュータの話。", "コンピューターシステム"}) {
        std::size_t left_out = 0;
        check_filtered(text, katakana, left_out);
        CHECK(left_out == 0);
    }
    std::size_t left_out = 0;
    check_filtered("ソフトウェアの話。", katakana, left_out);
    CHECK(left_out == 1);
}

TEST_CASE("filtered by each of their own words, the fixtures' texts keep every token of that word", "[analyzer]") {
    const std::string texts[] = {
        "大規模言語モデル(LLM)の量子化手法を提案し、推論速度を向上させた。ファインチューニングなしで性能を維持する。",
        "本研究では、知識蒸留を用いて小さなモデルを学習した。評価指標としてBLEUとROUGEを用いた。",
        "教師なし学習による対話生成。データセットを構築し、人手評価を行った結果、良好な性能が得られた。",
    };
    for (const auto& text : texts) {
        for (const auto& word : analyzer().analyze(text).tokens) {
            if (word.kind != notes::TokenKind::Japanese) continue;
            notes::RunFilter filter;
            filter.add_term(word.term);
            if (!word.base.empty()) filter.add_base(word.base);
            std::size_t left_out = 0;
            check_filtered(text, filter, left_out);
            bool kept = false;
            for (const auto& t : analyzer().analyze(text, filter).tokens) kept = kept || same_token(t, word);
            INFO(word.term);
            CHECK(kept);
        }
    }
}
