// markdown_test.cc — issue bodies' Markdown reduced to text, and their images set apart.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include <string>
#include <vector>

#include "markdown.h"
#include "normalize.h"

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
        // a reference without its definition is text, as GitHub shows it (the old reducer dropped
        // the brackets of any [text][ref])
        {"[text](https://example.com) and [**bold link**](https://x.org \"t\") and [ref][1]",
         "text and bold link and [ref][1]"},
        {"[not a link] and [x]: y and [ ] task", "[not a link] and [x]: y and [ ] task"},
        {"see <https://example.com/a_b_> now", "see https://example.com/a_b_ now"},
        {"https://example.com/_x_/ and https://example.com/a_b",
         "https://example.com/_x_/ and https://example.com/a_b"},
        {"![alt text](https://example.com/a.png) caption", "caption"},
        {"<p align=\"center\"><img src=\"https://example.com/b.png\" alt=\"b\"></p>text", "text"},
        {"a<br>b<br/>c", "a\nb\nc"},
        {"<details><summary>要約</summary>中身</details>", "要約中身"},
        {"a <!-- hidden --> b", "a  b"},
        // a comment inside a paragraph is inline, over lines too (the old reducer broke the line)
        {"a <!-- hidden\nstill hidden\n--> b", "a  b"},
        {"<!-- a block comment\n\nwith a blank line -->\nafter", "after"},
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
        // what the hand-written reducer got wrong (issue 15)
        {"See [QLoRA][qlora] and [LoRA].\n\n[qlora]: https://arxiv.org/abs/2305.14314\n[LoRA]: <https://x.org> \"t\"",
         "See QLoRA and LoRA."},
        {"[LoRA] alone, [Lo\nRA][] and [x][] stay", "[LoRA] alone, [Lo\nRA][] and [x][] stay"},
        {"&copy; 2023 &mdash; A &rarr; B &hellip; &nbsp;x &NotANamedEntity; &copy",
         "© 2023 — A → B … \xC2\xA0x &NotANamedEntity; &copy"},
        {"line one\\\nline two  \nline three", "line one\nline two\nline three"},
        {"LoRA[^1] and QLoRA[^note].\n\n[^1]: Hu et al.\n[^note]: Dettmers et al.",
         "LoRA[1] and QLoRA[2].\n\n1. Hu et al.\n2. Dettmers et al."},
        {"`&copy;` and\n\n    indented &amp; code", "&copy; and\n\nindented &amp; code"},
        {"| a | b |\n|---|---|\n| 1 |\n| | 2 |", "| a | b |\n| 1 |\n| 2 |"},
        {"# 概要\n本文\n\n## 手法\n- 箇条書き", "概要\n本文\n\n手法\n- 箇条書き"},
        {"3. third\n4. fourth", "3. third\n4. fourth"},
        {"- a\n  continued\n- b\n\n```\ncode\n```\nafter", "- a\ncontinued\n- b\n\ncode\nafter"},
        {"<script>alert(1)</script> shown", "<script>alert(1)</script> shown"},
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

TEST_CASE("an image by reference is an image too", "[github][markdown]") {
    std::vector<notes::Image> images;
    std::string text =
        notes::markdown_to_text("before ![図][fig] after\n\n[fig]: https://example.com/fig.png \"Figure\"", &images);
    CHECK(text == "before  after");
    REQUIRE(images.size() == 1);
    CHECK(images[0] == notes::Image{"https://example.com/fig.png", "図"});
}

TEST_CASE("Markdown nested deeper than gumbo takes still gives its text", "[github][markdown]") {
    std::string deep(2000, '>');
    std::vector<notes::Image> images;
    std::string text = notes::markdown_to_text(deep + " deep text ![i](https://example.com/i.png)", &images);
    CHECK(text.find("deep text") != std::string::npos);
    CHECK(text.find('>') == std::string::npos);
}

TEST_CASE("a character reference to a control character leaves valid UTF-8 and no carriage return",
          "[github][markdown]") {
    // Found by the fuzzer: gumbo decodes &#xd to a carriage return, and &#xddddddddd (no
    // semicolon, past U+10FFFF) to a lone byte 0xDD.
    for (const char* markdown : {"<p>&#xdh", "<p>&#xd;h", "a &#13; b", "&#x0d;", "<p>&#x80;x", "&#1;&#x7f;",
                                 "<p a=b> &#xddddddddd&gtext", "<p>&#x110000x", "<p>&#xdddddddddd"}) {
        INFO(markdown);
        std::string text = notes::markdown_to_text(markdown, nullptr);
        CAPTURE(text);
        CHECK(notes::find_invalid_utf8(text) == std::string::npos);
        CHECK(text.find('\r') == std::string::npos);
    }
}

TEST_CASE("Markdown is read alike on several threads at once", "[markdown][faults]") {
    // cmark-gfm keeps the characters its extensions start inlines with (~ for ~~strikethrough~~)
    // in one table for the whole process, and a parser that finishes takes them out of it: a
    // parse running beside it then reads ~~OOM~~ as text. Pages and exports are read on several
    // threads (a GitHub export's bodies among them).
    const std::string body = "前置き ~~OOM~~ を避ける。| a | b |\n|---|---|\n| 1 | 2 |\n\n~~消した~~ 文。";
    const std::string expected = notes::markdown_to_text(body);
    REQUIRE(expected.find("~~") == std::string::npos);
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 300; ++i)
                if (notes::markdown_to_text(body) != expected) ++wrong;
        });
    for (auto& t : threads) t.join();
    CHECK(wrong == 0);
}
