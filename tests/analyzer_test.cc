// analyzer_test.cc — token tables for Japanese, English, mixed and width-variant text (ipadic).
#include <catch2/catch.hpp>

#include "analyzer.h"
#include "normalize.h"
#include "support.h"

using namespace notes::test;

namespace {

// "term" per token: "+" when it continues a compound, "(base)" for a stem or dictionary form,
// "*" for a function word; positions are the order of the list.
std::string describe(std::string_view text) {
    std::string out;
    for (const auto& t : analyzer().analyze(text).tokens) {
        if (!out.empty()) out += ' ';
        if (t.joins_previous) out += '+';
        out += t.term;
        if (!t.base.empty() && t.base != t.term) out += "(" + t.base + ")";
        if (!t.content()) out += '*';
    }
    return out;
}

std::string bigrams(std::string_view text) {
    std::string out;
    for (const auto& g : analyzer().analyze(text).bigrams)
        out += (out.empty() ? "" : " ") + g.term + "@" + std::to_string(g.position);
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
        {"fine-tuning GPT-4", "fine +tuning(tune) gpt +4"},
        {"Dettmers+, N_A, arXiv23", "dettmers(dettmer) n a arxiv23"},
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
        {"GPT-4による要約", "gpt +4 による* 要約"},
    };
    for (const auto& row : rows) {
        INFO(row.text);
        CHECK(describe(row.text) == row.tokens);
    }
}

TEST_CASE("bigrams cover Japanese runs, never spanning two", "[analyzer]") {
    CHECK(bigrams("量子化") == "量子@0 子化@1");
    CHECK(bigrams("量子化 LoRA 微調整") == "量子@0 子化@1 微調@5 調整@6");
    CHECK(bigrams("大規模言語モデルの量子化を用いた") ==
          "大規@0 規模@1 模言@2 言語@3 語モ@4 モデ@5 デル@6 量子@9 子化@10");
    CHECK(bigrams("化") == "");
    CHECK(bigrams("LoRA") == "");
    CHECK(notes::japanese_bigrams("コンピューター") == notes::japanese_bigrams("コンピュータ"));
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
    // the bigram positions grow faster than the text) or MeCab refused it.
    std::string text;
    for (int i = 0; i < 20000; ++i) text += "量子化の研究";
    auto a = analyzer().analyze(text);
    std::size_t research = 0;
    for (const auto& t : a.tokens) research += t.term == "研究";
    CHECK(research >= 19900);  // a piece boundary may cut a word now and then
    REQUIRE_FALSE(a.tokens.empty());
    CHECK(a.tokens.back().end == text.size());
    CHECK(a.tokens.back().term == "研究");
    // Bigram positions keep increasing across the pieces.
    for (std::size_t i = 1; i < a.bigrams.size(); ++i) REQUIRE(a.bigrams[i].position > a.bigrams[i - 1].position);
}
