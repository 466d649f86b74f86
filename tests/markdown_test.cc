// markdown_test.cc — issue bodies' Markdown reduced to text, and their images set apart.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "markdown.h"

TEST_CASE("Markdown reduced to text", "[github][markdown]") {
    struct Case {
        const char* markdown;
        const char* text;
    } cases[] = {
        {"# Title\n## Sub ##\n###### six\n####### seven", "Title\nSub\nsix\n####### seven"},
        {"#hashtag and C#", "#hashtag and C#"},
        {"**bold** and *em* and __strong__ and _em_ and ~~gone~~ and ***both***",
         "bold and em and strong and em and gone and both"},
        {"日本語の**強調**です。*斜体*も。", "日本語の強調です。斜体も。"},
        {"snake_case_name, __init__.py, 2*3*4 and a * b * c", "snake_case_name, init.py, 234 and a * b * c"},
        {"**unclosed and *half", "**unclosed and *half"},
        {"`code *not em*` and ``a ` b``", "code *not em* and a ` b"},
        {"```cpp\nint x = a_b * c; // **kept**\n```\nafter", "int x = a_b * c; // **kept**\nafter"},
        {"~~~\n# not a heading\n~~~", "# not a heading"},
        {"[text](https://example.com) and [**bold link**](https://x.org \"t\") and [ref][1]",
         "text and bold link and ref"},
        {"[not a link] and [x]: y and [ ] task", "[not a link] and [x]: y and [ ] task"},
        {"see <https://example.com/a_b_> now", "see https://example.com/a_b_ now"},
        {"https://example.com/_x_/ and https://example.com/a_b",
         "https://example.com/_x_/ and https://example.com/a_b"},
        {"![alt text](https://example.com/a.png) caption", "caption"},
        {"<p align=\"center\"><img src=\"https://example.com/b.png\" alt=\"b\"></p>text", "text"},
        {"a<br>b<br/>c", "a\nb\nc"},
        {"<details><summary>要約</summary>中身</details>", "要約中身"},
        {"a <!-- hidden --> b", "a  b"},
        {"a <!-- hidden\nstill hidden\n--> b", "a\nb"},
        {"1 < 2 and <Abstract, Text> pairs and a<b", "1 < 2 and <Abstract, Text> pairs and a<b"},
        {"&amp; &lt;x&gt; &quot;q&quot; &#65;&#x3042; &#0; &bogus;", "& <x> \"q\" Aあ \xEF\xBF\xBD &bogus;"},
        {"\\*not em\\* and \\_ and \\\\", "*not em* and _ and \\"},
        {"> quoted\n>> nested", "quoted\nnested"},
        {"- one\n* two\n  + three\n1. four", "- one\n- two\n  - three\n1. four"},
        {"above\n\n---\n\n***\nbelow\n===", "above\n\nbelow"},
        {"| a | b |\n|---|:-:|\n| 1 | 2 |", "| a | b |\n| 1 | 2 |"},
        {"a\r\nb\rc\r\n\r\n\r\n\r\nd  \r\n", "a\nb\nc\n\nd"},
        {"\n\n  \nfirst\n\n\n\nsecond\n\n", "first\n\nsecond"},
        {"", ""},
    };
    for (const auto& c : cases) {
        INFO(c.markdown);
        CHECK(notes::markdown_to_text(c.markdown) == c.text);
    }
}

TEST_CASE("images leave the text and become the note's images", "[github][markdown]") {
    std::vector<notes::Image> images;
    std::string text = notes::markdown_to_text(
        "before ![fig](https://example.com/1.png \"title\") <img alt=\"two\" "
        "src='https://example.com/2.png?a=1&amp;b=2'>\n"
        "![again](https://example.com/1.png) ![local](images/3.png) <img src=\"javascript:alert(1)\"> after\n"
        "[![badge](https://example.com/badge.svg)](https://example.com)",
        &images);
    CHECK(text == "before\nafter");
    REQUIRE(images.size() == 3);
    CHECK(images[0] == notes::Image{"https://example.com/1.png", "fig"});
    CHECK(images[1] == notes::Image{"https://example.com/2.png?a=1&b=2", "two"});
    CHECK(images[2] == notes::Image{"https://example.com/badge.svg", "badge"});
}
