// fuzz_markdown.cc — libFuzzer target: issue bodies' Markdown reduced to text (markdown_to_text).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "markdown.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    if (notes::find_invalid_utf8(text) != std::string_view::npos) return -1;  // bodies come from JSON: valid UTF-8
    std::vector<notes::Image> images;
    std::string out = notes::markdown_to_text(text, &images);
    if (notes::find_invalid_utf8(out) != std::string::npos) notes::fuzz::fail("invalid UTF-8 made of valid UTF-8");
    if (out.find('\r') != std::string::npos) notes::fuzz::fail("a carriage return left in the text");
    if (out.find("\n\n\n") != std::string::npos) notes::fuzz::fail("blank lines not collapsed");
    if (!out.empty() && (out.front() == '\n' || out.back() == '\n')) notes::fuzz::fail("a blank line at an end");
    if (out.size() > 4 * text.size() + 16) notes::fuzz::fail("the text grew out of proportion");
    for (const auto& image : images) {
        std::string scheme = image.src.substr(0, image.src.find(':'));
        for (char& c : scheme) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        if (scheme != "http" && scheme != "https") notes::fuzz::fail("an image that is not http(s)");
    }
    return 0;
}
