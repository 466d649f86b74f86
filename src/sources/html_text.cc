// html_text.cc — walks the gumbo tree of rendered Markdown, writing its text line by line.
#include "html_text.h"

#include <gumbo.h>

#include <algorithm>
#include <charconv>
#include <memory>
#include <stdexcept>

#include "ascii.h"
#include "normalize.h"

namespace notes {

int html_nesting_depth(std::string_view html, int start_depth) {
    static constexpr std::string_view kVoid[] = {"br",     "img",  "hr",  "meta",  "link",  "input", "wbr",
                                                 "source", "area", "col", "embed", "param", "track", "base"};
    int depth = start_depth, deepest = start_depth;
    for (std::size_t at = html.find('<'); at != std::string_view::npos; at = html.find('<', at + 1)) {
        if (at + 1 >= html.size()) break;
        if (html[at + 1] == '/') {
            depth = depth > 0 ? depth - 1 : 0;
            continue;
        }
        std::size_t name_end = at + 1;
        while (name_end < html.size() && is_ascii_alnum(html[name_end])) ++name_end;
        if (name_end == at + 1) continue;  // "<" of text, "<!", "<?"
        std::string name = ascii_lower(html.substr(at + 1, name_end - at - 1));
        if (std::find(std::begin(kVoid), std::end(kVoid), name) != std::end(kVoid)) continue;
        std::size_t close = html.find('>', name_end);
        if (close != std::string_view::npos && close > 0 && html[close - 1] == '/') continue;
        deepest = std::max(deepest, ++depth);
    }
    return deepest;
}

namespace {

std::string_view attribute(const GumboElement& el, const char* name) {
    const GumboAttribute* a = gumbo_get_attribute(&el.attributes, name);
    return a ? std::string_view(a->value) : std::string_view();
}

bool is_block(GumboTag tag) {
    switch (tag) {
        case GUMBO_TAG_P:
        case GUMBO_TAG_H1:
        case GUMBO_TAG_H2:
        case GUMBO_TAG_H3:
        case GUMBO_TAG_H4:
        case GUMBO_TAG_H5:
        case GUMBO_TAG_H6:
        case GUMBO_TAG_BLOCKQUOTE:
        case GUMBO_TAG_PRE:
        case GUMBO_TAG_UL:
        case GUMBO_TAG_OL:
        case GUMBO_TAG_LI:
        case GUMBO_TAG_TABLE:
        case GUMBO_TAG_TR:
        case GUMBO_TAG_HR:
        case GUMBO_TAG_DIV:
        case GUMBO_TAG_SECTION: return true;
        default: return false;
    }
}

// cmark's data-sourcepos="3:1-5:12": the first and last source line of a block; 0 when absent.
// A list that a blank line follows ends at "6:0", column 0 of that blank line: it ended on line 5.
std::pair<int, int> source_lines(const GumboElement& el) {
    std::string_view pos = attribute(el, "data-sourcepos");
    int first = 0, last = 0, last_column = 0;
    std::size_t dash = pos.find('-');
    if (dash == std::string_view::npos) return {0, 0};
    std::from_chars(pos.data(), pos.data() + pos.size(), first);
    auto [colon, ec] = std::from_chars(pos.data() + dash + 1, pos.data() + pos.size(), last);
    if (ec == std::errc() && colon < pos.data() + pos.size() && *colon == ':')
        std::from_chars(colon + 1, pos.data() + pos.size(), last_column);
    return {first, last_column == 0 && last > first ? last - 1 : last};
}

// The text as it is written, with line and paragraph breaks held back until text follows them,
// so that empty elements leave no blank lines.
class TextWriter {
  public:
    enum Break { kNone, kLine, kBlank };

    void brk(Break b) { pending_ = std::max(pending_, b); }
    // A list item's bullet, written in front of its first text.
    void bullet(std::string b) { bullet_ = std::move(b); }

    // Outside a code block a line break in the text is one (never a blank line), and white space
    // at the start of a line goes; inside one (`verbatim`) both are kept.
    void text(std::string_view s, bool verbatim) {
        // gumbo decodes a character reference to a carriage return (&#xd;) and, to one past
        // U+10FFFF without its semicolon, a stray byte: the first is a line end, the second U+FFFD.
        std::string repaired;
        if (find_invalid_utf8(s) != std::string_view::npos) s = repaired = valid_utf8(s);
        for (char c : s) {
            if (c == '\r') c = '\n';
            bool line_start = out_.empty() || out_.back() == '\n' || pending_ != kNone;
            if (c == '\n') {
                if (verbatim || !line_start) out_.push_back('\n');
                continue;
            }
            if (line_start && !verbatim && (c == ' ' || c == '\t')) continue;
            flush();
            out_.push_back(c);
        }
    }

    std::string take() { return std::move(out_); }

  private:
    std::string out_;
    Break pending_ = kNone;
    std::string bullet_;

    void flush() {
        if (!out_.empty() && pending_ != kNone) {
            if (out_.back() != '\n') out_.push_back('\n');
            if (pending_ == kBlank && (out_.size() < 2 || out_[out_.size() - 2] != '\n')) out_.push_back('\n');
        }
        pending_ = kNone;
        if (!bullet_.empty()) {
            std::string b = std::move(bullet_);
            bullet_.clear();
            out_.append(b);
        }
    }
};

class TextReader {
  public:
    explicit TextReader(std::vector<Image>* images) : images_(images) {}

    void visit(const GumboNode* node, bool verbatim) {
        switch (node->type) {
            case GUMBO_NODE_TEXT:
            case GUMBO_NODE_WHITESPACE:
            case GUMBO_NODE_CDATA: out_.text(node->v.text.text, verbatim); return;
            case GUMBO_NODE_ELEMENT:
            case GUMBO_NODE_TEMPLATE: element(node, verbatim); return;
            default: return;  // comments, the document
        }
    }

    std::string take() { return out_.take(); }

  private:
    std::vector<Image>* images_;
    TextWriter out_;
    int last_line_ = 0;  // the last source line of the blocks entered or left so far
    int list_depth_ = 0;

    void children(const GumboNode* node, bool verbatim) {
        const GumboVector& kids = node->v.element.children;
        for (unsigned i = 0; i < kids.length; ++i) visit(static_cast<const GumboNode*>(kids.data[i]), verbatim);
    }

    void element(const GumboNode* node, bool verbatim) {
        const GumboElement& el = node->v.element;
        switch (el.tag) {
            case GUMBO_TAG_HEAD: return;
            case GUMBO_TAG_IMG: return image(el);
            case GUMBO_TAG_BR: return out_.text("\n", verbatim);
            case GUMBO_TAG_TR: return row(node);
            case GUMBO_TAG_A:
                if (attribute(el, "class") == "footnote-backref") return;
                break;
            case GUMBO_TAG_SUP:
                if (attribute(el, "class") == "footnote-ref") {
                    out_.text("[", verbatim);
                    children(node, verbatim);
                    return out_.text("]", verbatim);
                }
                break;
            default: break;
        }
        if (!is_block(el.tag)) return children(node, verbatim);
        auto [first, last] = source_lines(el);
        out_.brk(el.tag == GUMBO_TAG_SECTION || (first > 0 && last_line_ > 0 && first > last_line_ + 1)
                     ? TextWriter::kBlank
                     : TextWriter::kLine);
        last_line_ = std::max(last_line_, first);
        bool list = el.tag == GUMBO_TAG_UL || el.tag == GUMBO_TAG_OL;
        if (el.tag == GUMBO_TAG_LI) out_.bullet(bullet(node));
        list_depth_ += list;
        children(node, verbatim || el.tag == GUMBO_TAG_PRE);
        list_depth_ -= list;
        out_.brk(TextWriter::kLine);
        last_line_ = std::max(last_line_, last);
    }

    // "- " in a bullet list, "N. " in an ordered one (counting from its start), two spaces a level in.
    std::string bullet(const GumboNode* item) const {
        std::string indent(2 * static_cast<std::size_t>(std::max(list_depth_ - 1, 0)), ' ');
        const GumboNode* list = item->parent;
        if (!list || list->type != GUMBO_NODE_ELEMENT || list->v.element.tag != GUMBO_TAG_OL) return indent + "- ";
        long long number = 1;
        std::string_view start = attribute(list->v.element, "start");
        std::from_chars(start.data(), start.data() + start.size(), number);
        for (unsigned i = 0; i < item->index_within_parent; ++i) {
            auto* sibling = static_cast<const GumboNode*>(list->v.element.children.data[i]);
            if (sibling->type == GUMBO_NODE_ELEMENT && sibling->v.element.tag == GUMBO_TAG_LI) ++number;
        }
        return indent + std::to_string(number) + ". ";
    }

    // A table row as "| a | b |", each cell's text on the row's line.
    void row(const GumboNode* node) {
        std::string line;
        const GumboVector& cells = node->v.element.children;
        for (unsigned i = 0; i < cells.length; ++i) {
            auto* cell = static_cast<const GumboNode*>(cells.data[i]);
            if (cell->type != GUMBO_NODE_ELEMENT) continue;
            TextReader inner(images_);
            inner.children(cell, false);
            std::string text = inner.take();
            std::replace(text.begin(), text.end(), '\n', ' ');
            std::string_view t = trim(text);
            if (!t.empty()) line.append(line.empty() ? "| " : " | ").append(t);
        }
        out_.brk(TextWriter::kLine);
        if (!line.empty()) out_.text(line + " |", false);
        out_.brk(TextWriter::kLine);
    }

    void image(const GumboElement& el) {
        std::string src(attribute(el, "src"));
        if (!images_ || !is_http_url(src)) return;
        if (std::none_of(images_->begin(), images_->end(), [&](const Image& i) { return i.src == src; }))
            images_->push_back({src, std::string(attribute(el, "alt"))});
    }
};

}  // namespace

std::string html_to_text(std::string_view html, std::vector<Image>* images) {
    std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> out(
        gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size()),
        [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
    if (!out) throw std::runtime_error("cannot parse HTML");
    TextReader reader(images);
    reader.visit(out->root, false);
    return reader.take();
}

}  // namespace notes
