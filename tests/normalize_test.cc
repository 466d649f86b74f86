// normalize_test.cc — NFKC + case folding, the offset map, UTF-8 validation.
#include <catch2/catch.hpp>

#include "normalize.h"

using notes::normalize;

TEST_CASE("width variants and case fold to one form", "[normalize]") {
    CHECK(normalize("ＬｏＲＡ") == "lora");
    CHECK(normalize("LoRA") == "lora");
    CHECK(normalize("ｶﾀｶﾅ") == "カタカナ");
    CHECK(normalize("ﾊﾟﾗﾒｰﾀ") == "パラメータ");  // the voiced-sound mark composes with its base
    CHECK(normalize("ＧＰＴ－４") == "gpt-4");
    CHECK(normalize("①") == "1");
    CHECK(normalize("Straße") == "strasse");
    CHECK(normalize("量子化") == "量子化");
    CHECK(normalize("\xE3\x80\x80") == " ");  // the ideographic space
}

TEST_CASE("the offset map points back into the original text", "[normalize]") {
    std::string text = "AｶﾞB";
    auto n = notes::normalize_mapped(text);
    REQUIRE(n.text == "aガb");
    REQUIRE(n.source.size() == n.text.size() + 1);
    CHECK(n.source[0] == 0);
    CHECK(n.source[1] == 1);                  // ガ comes from the cluster ｶﾞ at byte 1
    CHECK(n.source[n.text.size() - 1] == 7);  // b comes from byte 7 (after 3+3 bytes of ｶﾞ)
    CHECK(n.source.back() == text.size());
}

TEST_CASE("invalid UTF-8 is found and refused", "[normalize]") {
    CHECK(notes::find_invalid_utf8("abc") == std::string_view::npos);
    CHECK(notes::find_invalid_utf8("ab\xff"
                                   "c") == 2);
    CHECK(notes::find_invalid_utf8("量\xe5\x90") == 3);  // a truncated sequence
    CHECK_THROWS_AS(normalize("ab\xff"), notes::EncodingError);
    CHECK_THROWS_WITH(normalize("ab\xff"), "invalid UTF-8 at byte 2");
}

TEST_CASE("invalid UTF-8 repaired: each bad byte one U+FFFD, the rest kept", "[normalize]") {
    CHECK(notes::valid_utf8("量子化") == "量子化");
    CHECK(notes::valid_utf8("a\xdd>b") == "a\uFFFD>b");
    CHECK(notes::valid_utf8("量\xe5\x90") == "量\uFFFD\uFFFD");  // a truncated sequence
    CHECK(notes::valid_utf8("\xff\xfe") == "\uFFFD\uFFFD");
}

TEST_CASE("display columns: wide characters two, Latin one, combining marks none", "[normalize]") {
    CHECK(notes::display_columns("LoRA") == 4);
    CHECK(notes::display_columns("量子化") == 6);
    CHECK(notes::display_columns("ｶﾀｶﾅ") == 4);       // half-width katakana stay narrow
    CHECK(notes::display_columns("Ａ") == 2);         // full-width Latin is wide
    CHECK(notes::display_columns("e\xCC\x81") == 1);  // e + combining acute
    CHECK(notes::display_columns("a\nb") == 3);       // a newline becomes a space
}

TEST_CASE("kana and kanji are their own normal form, and combine with a following mark", "[normalize]") {
    // normalize() passes these over without utf8proc; nfkc() asks it for each.
    std::size_t checked = 0;
    for (auto [first, last] : {std::pair<char32_t, char32_t>{0x3041, 0x3096},
                               {0x30A1, 0x30FA},
                               {0x30FC, 0x30FC},
                               {0x3400, 0x4DBF},
                               {0x4E00, 0x9FFF}}) {
        for (char32_t cp = first; cp <= last; ++cp) {
            std::string s;
            notes::append_utf8(s, cp);
            if (notes::nfkc(s) != s || normalize(s) != s) FAIL("U+" << std::hex << static_cast<unsigned>(cp));
            ++checked;
        }
    }
    CHECK(checked > 27000);
    CHECK(normalize("か\xE3\x82\x99") == "が");  // か + combining voiced mark
    CHECK(normalize("ハ\xE3\x82\x9A") == "パ");  // ハ + combining semi-voiced mark
    CHECK(normalize("量子化ｶﾞ") == "量子化ガ");
    auto n = notes::normalize_mapped(
        "a\r\nか\xE3\x82\x99"
        "b");
    CHECK(n.text == "a\r\nがb");
    CHECK(n.source == std::vector<std::uint32_t>{0, 1, 1, 3, 3, 3, 9, 10});  // CR LF and か+mark: one cluster each
}
