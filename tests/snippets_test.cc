// snippets_test.cc — make_snippet: the window cut to the terminal width, markdown left out.
#include <catch2/catch.hpp>

#include <cctype>

#include "normalize.h"
#include "snippets.h"
#include "support.h"

using namespace notes::test;

TEST_CASE("a long text's snippet is cut to the width around the match", "[search]") {
    std::string text;
    for (int i = 0; i < 30; ++i) text += "前置きの文章です。";
    text += "ここで量子化の話をする。";
    for (int i = 0; i < 30; ++i) text += "後書きの文章です。";
    notes::Note n = note(1, "t", text, {});
    notes::QueryUnit unit{"量子化", {"量子", "化"}, {}, true, {}, ""};
    auto s = notes::make_snippet(n, {unit}, analyzer(), 40);
    CHECK(s.text.starts_with("…"));
    CHECK(s.text.ends_with("…"));
    CHECK(notes::count_codepoints(s.text) <= 42);
    REQUIRE(s.marks.size() == 1);
    CHECK(s.text.substr(s.marks[0].first, s.marks[0].second - s.marks[0].first) == "量子化");
}

TEST_CASE("snippets show a markdown link's text, not its target, and leave images out", "[search]") {
    notes::Note n =
        note(1, "t", "[量子化の解説](https://example.com/x) と ![image](https://example.com/i.png) を参照。", {});
    notes::QueryUnit unit;
    unit.text = "量子化";
    unit.terms = {"量子", "化"};
    unit.japanese = true;
    auto s = notes::make_snippet(n, {unit}, analyzer(), 100);
    CHECK(s.text == "量子化の解説 と を参照。");
    REQUIRE(s.marks.size() == 1);
    CHECK(s.text.substr(s.marks[0].first, s.marks[0].second - s.marks[0].first) == "量子化");
}

TEST_CASE("snippets leave out a heading's marks, also where the site ran lines together", "[search]") {
    notes::Note n = note(1, "t", "# 概要量子化の論文。重要# 一言で言うとC# と #453 を参照", {});
    notes::QueryUnit unit;
    unit.text = "量子化";
    unit.terms = {"量子", "化"};
    unit.japanese = true;
    auto s = notes::make_snippet(n, {unit}, analyzer(), 100);
    CHECK(s.text == "概要量子化の論文。重要一言で言うとC# と #453 を参照");
}

TEST_CASE("snippet width counts terminal columns: a Japanese character takes two", "[search]") {
    std::string ja, en;
    for (int i = 0; i < 40; ++i) ja += "前置きの文章です。";
    ja += "ここで量子化の話をする。";
    for (int i = 0; i < 40; ++i) ja += "後書きの文章です。";
    for (int i = 0; i < 40; ++i) en += "some words before it ";
    en += "here we quantize the weights ";
    for (int i = 0; i < 40; ++i) en += "and some words after it ";
    notes::QueryUnit ja_unit{"量子化", {"量子", "化"}, {}, true, {}, ""};
    notes::QueryUnit en_unit{"quantize", {"quantize"}, {}, false, {}, ""};
    auto j = notes::make_snippet(note(1, "t", ja, {}), {ja_unit}, analyzer(), 60);
    auto e = notes::make_snippet(note(2, "t", en, {}), {en_unit}, analyzer(), 60);
    // Both fill the 60 columns (give or take a character at the edge), plus two ellipses.
    CHECK(notes::display_columns(j.text) <= 62);
    CHECK(notes::display_columns(j.text) >= 58);
    CHECK(notes::count_codepoints(j.text) <= 32);
    CHECK(notes::display_columns(e.text) <= 62);
    CHECK(notes::display_columns(e.text) >= 50);  // the collapsed spaces may leave a little room
    REQUIRE(j.marks.size() == 1);
    CHECK(j.text.substr(j.marks[0].first, j.marks[0].second - j.marks[0].first) == "量子化");
}

namespace {

// The text the snippet shows, ellipses and spaces as shown, for comparing with the note's words.
std::string shown_words(const notes::Snippet& s) {
    std::string t = s.text;
    for (std::string_view cut : {"…"})
        for (std::size_t at; (at = t.find(cut)) != std::string::npos;) t.replace(at, cut.size(), " ");
    return t;
}

// Whether every Latin word the snippet shows is a whole word of `text` (none cut by an edge).
bool whole_words(const notes::Snippet& s, const std::string& text) {
    std::string t = shown_words(s);
    auto letter = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
    for (std::size_t i = 0; i < t.size();) {
        if (!letter(t[i])) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < t.size() && letter(t[j])) ++j;
        std::string word = t.substr(i, j - i);
        bool found = false;
        for (std::size_t at = text.find(word); at != std::string::npos && !found; at = text.find(word, at + 1))
            found = (at == 0 || !letter(text[at - 1])) &&
                    (at + word.size() == text.size() || !letter(text[at + word.size()]));
        if (!found) return false;
        i = j;
    }
    return true;
}

}  // namespace

TEST_CASE("a snippet never starts or ends inside a Latin word", "[search][snippets]") {
    // The match a fifth of the width in: at 100 columns the window began 20 columns before
    // "calibration", two letters from the end of "Mitigating", and the snippet read "…ng Label Biases".
    const std::string text =
        "A study of in-context learners and their biases. Mitigating Label Biases via calibration of the "
        "domain context across many classification tasks, with several models of every size and many prompts.";
    notes::QueryUnit unit{"calibration", {"calibration"}, {}, false, {}, ""};
    auto exact = notes::make_snippet(note(1, "t", text, {}), {unit}, analyzer(), 100);
    CHECK_FALSE(exact.text.starts_with("…ng "));
    CHECK(exact.text.starts_with("…Label Biases via calibration of the domain"));
    CHECK(whole_words(exact, text));
    for (std::size_t width : {40, 46, 50, 60, 64, 70, 100}) {
        INFO("width " << width);
        auto s = notes::make_snippet(note(1, "t", text, {}), {unit}, analyzer(), width);
        CHECK(whole_words(s, text));
        REQUIRE(s.marks.size() == 1);
        CHECK(s.text.substr(s.marks[0].first, s.marks[0].second - s.marks[0].first) == "calibration");
        CHECK(notes::display_columns(s.text) <= width + 2);
        CHECK(notes::display_columns(s.text) + 20 >= width);  // a word left out costs its columns, no more
    }
}

TEST_CASE("many widths and matches: no Latin word is cut, Japanese is cut between characters", "[search][snippets]") {
    std::string en, ja;
    for (int i = 0; i < 12; ++i) en += "Several understandable considerations accompany extraordinary measurements. ";
    en += "Here quantization happens. ";
    for (int i = 0; i < 12; ++i) en += "Afterwards, interpretability characterizes everything. ";
    for (int i = 0; i < 20; ++i) ja += "前置きの文章です。";
    ja += "ここで量子化の話をする。";
    for (int i = 0; i < 20; ++i) ja += "後書きの文章です。";
    notes::QueryUnit en_unit{"quantization", {"quantization"}, {}, false, {}, ""};
    notes::QueryUnit ja_unit{"量子化", {"量子", "化"}, {}, true, {}, ""};
    for (std::size_t width = 30; width <= 120; width += 7) {
        INFO("width " << width);
        auto e = notes::make_snippet(note(1, "t", en, {}), {en_unit}, analyzer(), width);
        CHECK(whole_words(e, en));
        CHECK(e.marks.size() == 1);
        auto j = notes::make_snippet(note(2, "t", ja, {}), {ja_unit}, analyzer(), width);
        // Japanese has no spaces: the window keeps its width (give or take a character)
        CHECK(notes::display_columns(j.text) + 4 >= width);
        CHECK(notes::find_invalid_utf8(j.text) == std::string::npos);
    }
}

TEST_CASE("a cut never splits a letter from its combining mark", "[search][snippets]") {
    // "e" + U+0301 (a decomposed é), one after another: no space to cut at but between clusters.
    std::string text;
    for (int i = 0; i < 40; ++i) text += "e\u0301";
    text += " 量子化 ";
    for (int i = 0; i < 40; ++i) text += "漢\u0301";  // a wide character with a combining mark: cut between clusters
    notes::QueryUnit unit{"量子化", {"量子", "化"}, {}, true, {}, ""};
    for (std::size_t width : {20, 21, 22, 23, 30}) {
        auto s = notes::make_snippet(note(1, "t", text, {}), {unit}, analyzer(), width);
        INFO(s.text);
        CHECK(s.text.find("…\u0301") == std::string::npos);  // no mark left without its letter
        std::string body = s.text.substr(0, s.text.size() - (s.text.ends_with("…") ? 3 : 0));
        CHECK_FALSE(body.ends_with("e"));  // an "e" whose mark was cut off
        CHECK_FALSE(body.ends_with("漢"));
    }
}

TEST_CASE("snippets mark an inflected word and a katakana word by its term, and no phrase across a sentence",
          "[search]") {
    // 用いる searches its dictionary form: the note's 用いた is marked.
    notes::QueryUnit verb{"用いる", {"用いる"}, {"用いる"}, true, {}, ""};
    auto s =
        notes::make_snippet(note(1, "t", "前置きの文章。本研究では知識蒸留を用いた。", {}), {verb}, analyzer(), 100);
    REQUIRE(s.marks.size() == 1);
    CHECK(s.text.substr(s.marks[0].first, s.marks[0].second - s.marks[0].first) == "用い");
    notes::QueryUnit katakana{"コンピュータ", {"コンピュータ"}, {}, true, {}, ""};
    s = notes::make_snippet(note(1, "t", "英語の文。コンピューターの話。", {}), {katakana}, analyzer(), 100);
    REQUIRE(s.marks.size() == 1);
    CHECK(s.text.substr(s.marks[0].first, s.marks[0].second - s.marks[0].first) == "コンピューター");
    // "language model" as a phrase: a Japanese sentence between the two words keeps them apart.
    notes::QueryUnit phrase{"language model", {"language", "model"}, {}, false, {}, ""};
    s = notes::make_snippet(note(1, "t", "language と書いた後、model の話。language model です。", {}), {phrase},
                            analyzer(), 100);
    REQUIRE(s.marks.size() == 1);
    CHECK(s.text.substr(s.marks[0].first, s.marks[0].second - s.marks[0].first) == "language model");
}

TEST_CASE("a Japanese noun is marked where its text is, also inside a word MeCab keeps whole", "[search][snippets]") {
    notes::QueryUnit noun{"パラメータ", {"パラメータ"}, {}, true, {}, ""};
    CHECK(notes::found_by_text(noun));
    // MeCab reads ダイナミックパラメーター as one unknown word; its text holds the noun all the same,
    // and the ー after it belongs to the mark.
    auto s = notes::make_snippet(note(1, "t", "静的なパラメーターと、ダイナミックパラメーター。", {}), {noun},
                                 analyzer(), 100);
    REQUIRE(s.marks.size() == 2);
    CHECK(s.text.substr(s.marks[0].first, s.marks[0].second - s.marks[0].first) == "パラメーター");
    CHECK(s.text.substr(s.marks[1].first, s.marks[1].second - s.marks[1].first) == "パラメーター");
    CHECK(s.text.substr(0, s.marks[1].first).ends_with("ダイナミック"));
    // Width and case variants meet as the index's words do (normalised both sides).
    notes::QueryUnit compound{"大規模言語モデル", {"大", "規模", "言語", "モデル"}, {}, true, {}, ""};
    s = notes::make_snippet(note(1, "t", "これは大規模言語ﾓﾃﾞﾙの話。", {}), {compound}, analyzer(), 100);
    REQUIRE(s.marks.size() == 1);
    CHECK(s.text.substr(s.marks[0].first, s.marks[0].second - s.marks[0].first) == "大規模言語ﾓﾃﾞﾙ");

    // What the text alone cannot tell keeps MeCab: an inflected word (its base), a word typed in
    // kana (its reading), a single character (化 in every 変化), English.
    CHECK_FALSE(notes::found_by_text({"用いる", {"用いる"}, {"用いる"}, true, {}, ""}));
    CHECK_FALSE(notes::found_by_text({"りょうしか", {"りょうしか"}, {}, true, {}, "リョウシカ"}));
    CHECK_FALSE(notes::found_by_text({"化", {"化"}, {}, true, {}, ""}));
    CHECK_FALSE(notes::found_by_text({"ルー", {"ル"}, {}, true, {}, ""}));
    CHECK_FALSE(notes::found_by_text({"model", {"model"}, {"model"}, false, {}, ""}));
    notes::QueryUnit one{"化", {"化"}, {}, true, {}, ""};
    s = notes::make_snippet(note(1, "t", "状態の変化と文化。", {}), {one}, analyzer(), 100);
    CHECK(s.marks.empty());  // 化 is no word of its own in 変化 or 文化
}

TEST_CASE("an inflected or kana word the note writes as the query does is marked by its text", "[search][snippets]") {
    // なし (an adjective, base ない) where the note writes なし: marked there, and only there.
    notes::QueryUnit nashi{"なし", {"なし"}, {"ない"}, true, {}, ""};
    auto s = notes::make_snippet(note(1, "t", "教師なしの学習。ラベルがない場合。", {}), {nashi}, analyzer(), 100);
    REQUIRE(s.marks.size() == 1);
    CHECK(s.text.substr(s.marks[0].first, s.marks[0].second - s.marks[0].first) == "なし");
    // A note that writes it otherwise is read by MeCab, as before: 用いた for 用いる.
    notes::QueryUnit verb{"用いる", {"用いる"}, {"用いる"}, true, {}, ""};
    s = notes::make_snippet(note(1, "t", "知識蒸留を用いた。", {}), {verb}, analyzer(), 100);
    REQUIRE(s.marks.size() == 1);
    CHECK(s.text.substr(s.marks[0].first, s.marks[0].second - s.marks[0].first) == "用い");

    // A reading stays only for a note that holds a word read so.
    notes::QueryUnit kana{"りょうしか", {"りょうしか"}, {}, true, {}, "リョウシカ"};
    notes::QueryUnit word{"量子化", {"量子", "化"}, {}, true, {kana}, ""};
    std::vector<std::string> asked;
    auto none = notes::readings_held({word, kana}, [&](const std::string& r) {
        asked.push_back(r);
        return false;
    });
    CHECK(asked == std::vector<std::string>{"リョウシカ", "リョウシカ"});
    CHECK(none[0].alternatives[0].reading.empty());
    CHECK(none[1].reading.empty());
    CHECK(notes::found_by_text(none[1]));
    auto held = notes::readings_held({word, kana}, [](const std::string&) { return true; });
    CHECK(held[0].alternatives[0].reading == "リョウシカ");
    CHECK(held[1].reading == "リョウシカ");
    s = notes::make_snippet(note(1, "t", "量子化の話。", {}), held, analyzer(), 100);
    REQUIRE(s.marks.size() == 1);
    CHECK(s.text.substr(s.marks[0].first, s.marks[0].second - s.marks[0].first) == "量子化");
}
