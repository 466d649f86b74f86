// markdown.cc — Markdown rendered as GitHub renders it (cmark-gfm), then read as text (html_text.cc).
#include "markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <memory>
#include <mutex>

#include "html_text.h"

namespace notes {

namespace {

// What GitHub turns on for issue bodies: raw HTML is kept (and read by gumbo; tagfilter shows
// <script> and the like as text, as GitHub does), footnotes, tables, ~~strikethrough~~, bare URLs.
// Source positions tell html_text where the source had blank lines between blocks.
constexpr int kOptions = CMARK_OPT_UNSAFE | CMARK_OPT_FOOTNOTES | CMARK_OPT_SOURCEPOS;
constexpr const char* kExtensions[] = {"table", "strikethrough", "autolink", "tagfilter"};

struct CmarkFree {
    void operator()(cmark_parser* p) const { cmark_parser_free(p); }
    void operator()(cmark_node* n) const { cmark_node_free(n); }
    void operator()(char* s) const { cmark_get_default_mem_allocator()->free(s); }
};

// "\r\n" and "\r" as "\n": cmark reads them all as line ends, but keeps them inside code.
std::string unify_line_breaks(std::string_view markdown) {
    std::string text;
    text.reserve(markdown.size());
    for (std::size_t i = 0; i < markdown.size(); ++i) {
        if (markdown[i] == '\r') {
            text.push_back('\n');
            if (i + 1 < markdown.size() && markdown[i + 1] == '\n') ++i;
        } else {
            text.push_back(markdown[i]);
        }
    }
    return text;
}

// The text's lines with trailing blanks cut, blank lines collapsed to one, none at either end.
std::string join_lines(std::string_view text) {
    std::string out;
    bool blank_pending = false;
    std::size_t from = 0;
    while (from <= text.size()) {
        std::size_t nl = std::min(text.find('\n', from), text.size());
        std::string_view line = text.substr(from, nl - from);
        line = line.substr(0, line.find_last_not_of(" \t\r") + 1);
        from = nl + 1;
        if (line.empty()) {
            blank_pending = !out.empty();
            continue;
        }
        if (!out.empty()) out += blank_pending ? "\n\n" : "\n";
        blank_pending = false;
        out.append(line);
    }
    return out;
}

}  // namespace

std::string markdown_to_text(std::string_view markdown, std::vector<Image>* images) {
    static const bool registered = (cmark_gfm_core_extensions_ensure_registered(), true);
    (void)registered;
    // cmark-gfm keeps the characters that start an extension's inlines (~ for strikethrough) in
    // one table for the process, set when a parse starts and cleared when it finishes: two
    // parses at once (pages and exports are read on several threads) lose ~~text~~ and tables.
    // One parse and render at a time; gumbo, most of the work, runs outside.
    static std::mutex cmark_mutex;
    std::string source = unify_line_breaks(markdown);
    std::unique_ptr<char, CmarkFree> html;
    {
        std::lock_guard<std::mutex> lock(cmark_mutex);
        std::unique_ptr<cmark_parser, CmarkFree> parser(cmark_parser_new(kOptions));
        for (const char* name : kExtensions)
            if (cmark_syntax_extension* extension = cmark_find_syntax_extension(name))
                cmark_parser_attach_syntax_extension(parser.get(), extension);
        cmark_parser_feed(parser.get(), source.data(), source.size());
        std::unique_ptr<cmark_node, CmarkFree> document(cmark_parser_finish(parser.get()));
        if (!document) return join_lines(source);
        cmark_llist* extensions = cmark_parser_get_syntax_extensions(parser.get());
        html.reset(cmark_render_html(document.get(), kOptions, extensions));
        if (html_nesting_depth(html.get()) > kMaxHtmlNesting) {
            // Nested deeper than gumbo can take: cmark's own plain text, without the raw HTML and images.
            std::unique_ptr<char, CmarkFree> plain(cmark_render_plaintext(document.get(), kOptions, 0));
            return join_lines(plain.get());
        }
    }
    return join_lines(html_to_text(html.get(), images));
}

}  // namespace notes
