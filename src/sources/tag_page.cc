// tag_page.cc — reads a tag page: front matter and heading by lines, the notes through gumbo.
#include "tag_page.h"

#include <gumbo.h>

#include <algorithm>
#include <memory>
#include <unordered_map>

#include "ascii.h"
#include "gumbo_arena.h"
#include "html_text.h"
#include "normalize.h"
#include "page_markup.h"
#include "tags.h"

namespace notes {

namespace {

std::string_view attribute(const GumboElement& el, const char* name) {
    const GumboAttribute* a = gumbo_get_attribute(&el.attributes, name);
    return a ? std::string_view(a->value) : std::string_view();
}

void append_text(const GumboNode* node, const std::vector<std::string>& aside, std::string& out) {
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE || node->type == GUMBO_NODE_CDATA) {
        append_with_aside(node->v.text.text, aside, out);
    } else if (node->type == GUMBO_NODE_ELEMENT) {
        const GumboVector& children = node->v.element.children;
        for (unsigned i = 0; i < children.length; ++i)
            append_text(static_cast<const GumboNode*>(children.data[i]), aside, out);
    }
}

// The number at the end of ".../issues/N", or 0.
std::int64_t issue_number(std::string_view url) {
    auto at = url.rfind("/issues/");
    if (at == std::string_view::npos) return 0;
    std::string_view digits = url.substr(at + 8);
    while (!digits.empty() && (digits.back() == '/' || digits.back() == ' ')) digits.remove_suffix(1);
    if (digits.empty() || digits.size() > 15 || digits.find_first_not_of("0123456789") != std::string_view::npos)
        return 0;
    return std::stoll(std::string(digits));
}

// Walks the notes in document order. A note is: buttons, issue date, title link, snippets,
// images; whichever of buttons, date or link comes after a finished part starts the next note.
class NoteReader {
  public:
    explicit NoteReader(TagPage& page) : page_(page) {}

    // The texts kept aside for the piece visited next.
    void set_aside(const std::vector<std::string>& aside) { aside_ = &aside; }

    void visit(const GumboNode* node) {
        if (node->type != GUMBO_NODE_ELEMENT) return;
        const GumboElement& el = node->v.element;
        std::string_view cls = attribute(el, "class");
        if (el.tag == GUMBO_TAG_A && cls == "button") {
            if (el.children.length == 1) {  // the buttons kept aside (page_markup.h), one marker each
                auto* child = static_cast<const GumboNode*>(el.children.data[0]);
                if (child->type == GUMBO_NODE_TEXT) {
                    auto buttons = aside_buttons(child->v.text.text, *aside_);
                    for (std::string_view text : buttons) button(text, "");
                    if (!buttons.empty()) return;
                }
            }
            std::string text;
            append_text(node, *aside_, text);
            button(text, attribute(el, "href"));
            return;
        }
        if (el.tag == GUMBO_TAG_SPAN && cls == "issue_date") {
            if (has_title_ || has_date_) finish();
            std::string text;
            append_text(node, *aside_, text);
            std::string_view date = trim(text, kTagPageBlanks);
            if (date.rfind("Issue Date:", 0) == 0) date = trim(date.substr(11), kTagPageBlanks);
            current_.date = restore_cr(std::string(date));
            has_date_ = open_ = true;
            return;
        }
        if (el.tag == GUMBO_TAG_A && issue_number(attribute(el, "href")) != 0) {
            if (has_title_) finish();
            current_.url = std::string(attribute(el, "href"));
            current_.id = issue_number(current_.url);
            std::string text;
            append_text(node, *aside_, text);
            current_.title = restore_cr(std::move(text));
            has_title_ = open_ = true;
            return;
        }
        if (el.tag == GUMBO_TAG_SPAN && cls == "snippet") {
            read_snippet(node);
            return;
        }
        if (el.tag == GUMBO_TAG_IMG) {
            if (open_)
                current_.images.push_back({std::string(attribute(el, "src")), std::string(attribute(el, "alt"))});
            return;
        }
        const GumboVector& children = el.children;
        for (unsigned i = 0; i < children.length; ++i) visit(static_cast<const GumboNode*>(children.data[i]));
    }

    void finish() {
        if (open_) {
            if (!has_title_) {
                page_.warnings.push_back(
                    "a note without a title link was skipped" +
                    (current_.date.empty() ? std::string() : " (Issue Date: " + current_.date + ")"));
            } else {
                if (!has_date_) page_.warnings.push_back("note #" + std::to_string(current_.id) + " has no Issue Date");
                page_.notes.push_back(std::move(current_));
            }
        }
        current_ = Note{};
        keys_.clear();
        has_title_ = has_date_ = open_ = false;
    }

  private:
    // One button: its text, and its href for a button without one.
    void button(std::string_view text, std::string_view href) {
        if (has_title_ || has_date_) finish();
        std::string_view name = trim(text, kTagPageBlanks);
        if (!name.empty() && name.front() == '#') name.remove_prefix(1);
        if (name.empty()) name = tag_from_href(href);
        // A page names a few hundred tags over thousands of buttons: each is cleaned and keyed once.
        std::string raw(name);
        auto known = tags_.find(raw);
        if (known == tags_.end()) {
            std::string tag = clean_tag(restore_cr(raw));
            std::string key = tag_key(tag);
            known = tags_.emplace(std::move(raw), std::pair{std::move(tag), std::move(key)}).first;
        }
        const auto& [tag, key] = known->second;
        bool seen = key.empty() || std::find(keys_.begin(), keys_.end(), key) != keys_.end();
        if (!seen) {  // the site repeats a button at times
            current_.tags.push_back(tag);
            keys_.push_back(key);
        }
        open_ = true;
    }

    static std::string_view tag_from_href(std::string_view href) {
        auto slash = href.find("articles/");
        if (slash != std::string_view::npos) href = href.substr(slash + 9);
        if (href.size() > 5 && href.substr(href.size() - 5) == ".html") href.remove_suffix(5);
        return href;
    }

    static bool is_structure(const GumboNode* node) {
        if (node->type != GUMBO_NODE_ELEMENT) return false;
        const GumboElement& el = node->v.element;
        std::string_view cls = attribute(el, "class");
        return el.tag == GUMBO_TAG_IMG || el.tag == GUMBO_TAG_DIV || el.tag == GUMBO_TAG_BUTTON ||
               (el.tag == GUMBO_TAG_A && (cls == "button" || issue_number(attribute(el, "href")) != 0)) ||
               (el.tag == GUMBO_TAG_SPAN && (cls == "issue_date" || cls == "snippet"));
    }

    void read_snippet(const GumboNode* node) {
        const GumboVector& children = node->v.element.children;
        std::string label, text;
        // A snippet cut off without its </span> swallows the notes after it: its text ends at the
        // first piece of note structure, which is then read as usual.
        unsigned i = 0;
        for (; i < children.length; ++i) {
            auto* child = static_cast<const GumboNode*>(children.data[i]);
            if (is_structure(child)) break;
            if (i == 0 && child->type == GUMBO_NODE_ELEMENT && child->v.element.tag == GUMBO_TAG_SPAN) {
                append_text(child, *aside_, label);
                continue;
            }
            append_text(child, *aside_, text);
        }
        if (i < children.length) page_.warnings.push_back("a snippet is not closed (truncated text?)");
        (trim(label, kTagPageBlanks).empty() ? unlabeled_ : labeled_) += 1;
        if (!open_) {
            page_.warnings.push_back("a snippet outside any note was skipped");
        } else {
            text = restore_cr(std::move(text));
            // The old generator wrote one unlabelled snippet: the note's comment.
            std::string& field = trim(label, kTagPageBlanks) == "Summary" ? current_.summary : current_.comment;
            if (field.empty()) field = std::move(text);
        }
        for (; i < children.length; ++i) visit(static_cast<const GumboNode*>(children.data[i]));
    }

  public:
    int labeled_ = 0, unlabeled_ = 0;

  private:
    TagPage& page_;
    const std::vector<std::string>* aside_ = nullptr;
    std::unordered_map<std::string, std::pair<std::string, std::string>> tags_;  // button text -> tag, tag_key
    Note current_;
    std::vector<std::string> keys_;  // tag_key of each of current_.tags
    bool has_title_ = false, has_date_ = false, open_ = false;
};

// "key: value" from the front matter; values may be quoted.
std::string front_matter_value(std::string_view line) {
    auto colon = line.find(':');
    std::string_view v = trim(line.substr(colon + 1), kTagPageBlanks);
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
        v = v.substr(1, v.size() - 2);
    return std::string(v);
}

// The notes of a page's body (after its heading), read a piece at a time (PageMarkup). A cut is
// safe only if the markup after it is the site's own too: where other markup follows a cut, this
// stops and returns false, and the page is to be read again in one piece.
bool read_notes(std::string_view body, const PageReading& how, TagPage& page) {
    NoteReader reader(page);
    PageMarkup markup(body, how.texts_aside);
    reader.set_aside(markup.aside());
    GumboArena arena;
    auto read_piece = [&] {
        const std::string& piece = markup.piece();
        if (html_nesting_depth(piece, markup.start_depth()) > kMaxHtmlNesting)
            throw PageError("not a tag page: markup nested more than " + std::to_string(kMaxHtmlNesting) +
                            " levels deep");
        GumboArena::Parse out = arena.parse(piece.data(), piece.size());
        if (!out) throw PageError("cannot parse the page's HTML");
        reader.visit(out->root);
        markup.next_piece();
    };
    bool cut = false;
    for (std::size_t pos = 0; pos < body.size();) {
        std::size_t nl = body.find('\n', pos);
        std::size_t end = nl == std::string_view::npos ? body.size() : nl + 1;
        if (markup.bytes() >= how.piece_bytes && markup.may_cut()) {
            read_piece();
            cut = true;
        }
        markup.add_line(body.substr(pos, end - pos));
        if (cut && !markup.tags_whole()) return false;
        pos = end;
    }
    read_piece();
    reader.finish();
    page.unlabeled_snippets = reader.unlabeled_ > 0 && reader.labeled_ == 0;
    return true;
}

}  // namespace

TagPage parse_tag_page(std::string_view content) { return parse_tag_page(content, PageReading{}); }

TagPage parse_tag_page(std::string_view content, const PageReading& how) {
    if (std::size_t bad = find_invalid_utf8(content); bad != std::string_view::npos)
        throw PageError("invalid UTF-8 at byte " + std::to_string(bad));
    TagPage page;
    std::size_t pos = 0;
    auto next_line = [&](std::string_view& line) {
        if (pos >= content.size()) return false;
        std::size_t nl = content.find('\n', pos);
        if (nl == std::string_view::npos) nl = content.size();
        line = content.substr(pos, nl - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        pos = nl + 1;
        return true;
    };
    std::string_view line;
    while (next_line(line) && trim(line, kTagPageBlanks).empty()) {
    }
    if (trim(line, kTagPageBlanks) != "---") throw PageError("not a tag page: no front matter");
    bool closed = false;
    while (next_line(line)) {
        if (trim(line, kTagPageBlanks) == "---") {
            closed = true;
            break;
        }
        if (line.rfind("title:", 0) == 0) page.title = front_matter_value(line);
        if (line.rfind("author:", 0) == 0) page.author = front_matter_value(line);
    }
    if (!closed) throw PageError("not a tag page: the front matter is not closed");
    while (next_line(line) && trim(line, kTagPageBlanks).empty()) {
    }
    if (line.rfind("## ", 0) != 0) throw PageError("not a tag page: no \"## <Tag>\" heading after the front matter");
    page.tag = clean_tag(trim(line.substr(3), kTagPageBlanks));
    if (page.tag.empty()) throw PageError("not a tag page: the heading names no tag");

    std::string_view body = content.substr(std::min(pos, content.size()));
    if (!read_notes(body, how, page)) {
        page.notes.clear();
        page.warnings.clear();
        read_notes(body, {.piece_bytes = SIZE_MAX, .texts_aside = how.texts_aside}, page);
    }
    return page;
}

}  // namespace notes
