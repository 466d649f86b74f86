// gumbo_arena_test.cc — gumbo parses the same from the arena as from malloc, past its capacity too.
#include <catch2/catch.hpp>

#include <gumbo.h>

#include <memory>
#include <string>

#include "gumbo_arena.h"

namespace {

// Every node of a tree: elements with their attributes, texts, comments, in document order.
void describe(const GumboNode* node, std::string& out) {
    switch (node->type) {
        case GUMBO_NODE_DOCUMENT:
        case GUMBO_NODE_ELEMENT:
        case GUMBO_NODE_TEMPLATE: {
            const GumboVector* children = &node->v.document.children;
            if (node->type != GUMBO_NODE_DOCUMENT) {
                out += '<';
                out += gumbo_normalized_tagname(node->v.element.tag);
                const GumboVector& attrs = node->v.element.attributes;
                for (unsigned i = 0; i < attrs.length; ++i) {
                    const auto* a = static_cast<const GumboAttribute*>(attrs.data[i]);
                    out.append(" ").append(a->name).append("=").append(a->value);
                }
                out += ">";
                children = &node->v.element.children;
            }
            for (unsigned i = 0; i < children->length; ++i)
                describe(static_cast<const GumboNode*>(children->data[i]), out);
            out += "</>";
            break;
        }
        default: out.append("[").append(node->v.text.text).append("]");
    }
}

std::string with_malloc(const std::string& html) {
    GumboOutput* out = gumbo_parse(html.c_str());
    std::string d;
    describe(out->document, d);
    gumbo_destroy_output(&kGumboDefaultOptions, out);
    return d;
}

std::string with_arena(notes::GumboArena& arena, const std::string& html) {
    notes::GumboArena::Parse out = arena.parse(html.data(), html.size());
    std::string d;
    describe(out->document, d);
    return d;
}

std::string sample_page(int notes) {
    std::string html = "<h2>#Adapter/LoRA</h2>\n<!-- a comment -->\n";
    for (int i = 0; i < notes; ++i)
        html +=
            "<div class=\"visible-content\">\n<a class=\"button\" href=\"articles/NLP.html\">#NLP</a>"
            "<span class=\"issue_date\">Issue Date: 2023-0" +
            std::to_string(1 + i % 9) + "-01</span>\n<a href=\"https://github.com/x/y/issues/" +
            std::to_string(100 + i) +
            "\" target=\"_blank\" rel=\"noopener noreferrer\">QLoRA &amp; friends, A. Author+, arXiv23</a>"
            "<br><span class=\"snippet\"><span>Comment</span><p>量子化した &lt;LLM&gt; の微調整 " +
            std::string(static_cast<std::size_t>(i % 40), 'x') + "</p></span>\n</div>\n";
    return html;
}

}  // namespace

TEST_CASE("a parse from the arena is the parse from malloc", "[gumbo_arena]") {
    const std::string html = sample_page(200);
    notes::GumboArena arena;
    CHECK(with_arena(arena, html) == with_malloc(html));
    CHECK(arena.overflowed() == 0);
}

TEST_CASE("released, the arena is used again from its start", "[gumbo_arena]") {
    const std::string html = sample_page(50);
    notes::GumboArena arena;
    notes::GumboArena::Parse out = arena.parse(html.data(), html.size());
    const std::size_t used = arena.used();
    CHECK(used > html.size());
    out.reset();
    CHECK(arena.used() == 0);
    out = arena.parse(html.data(), html.size());
    CHECK(arena.used() == used);
}

TEST_CASE("past its capacity, the arena hands out malloc's memory and frees it", "[gumbo_arena]") {
    // A page's parse far beyond 64 KiB: most of it from malloc, freed by release() (the leak
    // checker of the sanitizer run says whether all of it is).
    const std::string html = sample_page(300);
    notes::GumboArena small(64 << 10);
    CHECK(with_arena(small, html) == with_malloc(html));
    notes::GumboArena::Parse out = small.parse(html.data(), html.size());
    CHECK(small.overflowed() > 0);
    CHECK(small.used() <= (64u << 10));  // never past the region
    out.reset();
    CHECK(small.overflowed() == 0);
}

TEST_CASE("without a region, every allocation is malloc's", "[gumbo_arena]") {
    const std::string html = sample_page(20);
    notes::GumboArena none(0);
    CHECK(with_arena(none, html) == with_malloc(html));
    notes::GumboArena::Parse out = none.parse(html.data(), html.size());
    CHECK(none.used() == 0);
    CHECK(none.overflowed() > 0);
}
