// snippets_test.cc — make_snippet: the window cut to the terminal width, markdown left out.
#include <catch2/catch.hpp>

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
