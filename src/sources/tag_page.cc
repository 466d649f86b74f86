// tag_page.cc — reads a tag page: front matter and heading by lines, the notes through gumbo.
#include "tag_page.h"

#include <gumbo.h>

#include <algorithm>
#include <memory>

#include "ascii.h"
#include "html_text.h"
#include "normalize.h"
#include "tags.h"

namespace notes {

namespace {

// The generator pastes titles and snippet texts into the markup unescaped, so a note that
// mentions "<Abstract, Text>" would open an element. The text of the two kinds of line that carry
// them (a title link, a snippet) is escaped before gumbo sees it; the markup around stays as is.
std::string escape_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c == '<')
            out += "&lt;";
        else if (c == '>')
            out += "&gt;";
        else
            out.push_back(c);
    }
    return out;
}

std::string escape_raw_text_lines(std::string_view body) {
    constexpr std::string_view kSnippet = "<span class=\"snippet\">", kSnippetEnd = "</span>";
    constexpr std::string_view kLink = "<a href=\"", kLinkEnd = "</a>";
    std::string out;
    out.reserve(body.size() + body.size() / 16);
    std::size_t pos = 0;
    while (pos < body.size()) {
        std::size_t nl = body.find('\n', pos);
        std::size_t end = nl == std::string_view::npos ? body.size() : nl;
        std::string_view line = body.substr(pos, end - pos);
        std::string_view tail;  // the CR of a CRLF line ending
        if (line.ends_with('\r')) {
            tail = line.substr(line.size() - 1);
            line.remove_suffix(1);
        }
        if (line.starts_with(kSnippet) && line.ends_with(kSnippetEnd)) {
            std::string_view inner = line.substr(kSnippet.size(), line.size() - kSnippet.size() - kSnippetEnd.size());
            std::string_view label;
            if (inner.starts_with("<span>")) {
                std::size_t close = inner.find("</span>");
                if (close != std::string_view::npos && close < 40) {
                    label = inner.substr(0, close + 7);
                    inner.remove_prefix(close + 7);
                }
            }
            out.append(kSnippet).append(label).append(escape_text(inner)).append(kSnippetEnd);
        } else if (line.starts_with(kLink) && line.ends_with(kLinkEnd) && line.find("\">") != std::string_view::npos) {
            std::size_t open_end = line.find("\">") + 2;
            out.append(line.substr(0, open_end))
                .append(escape_text(line.substr(open_end, line.size() - open_end - kLinkEnd.size())))
                .append(kLinkEnd);
        } else {
            out.append(line);
        }
        out.append(tail);
        if (nl != std::string_view::npos) out.push_back('\n');
        pos = end + 1;
    }
    return out;
}

// HTML parsing turns every carriage return into a line feed; the notes keep theirs, so they are
// carried through gumbo as a private-use character.
constexpr std::string_view kCrStandIn = "\xEE\x80\x80";  // U+E000

// `from` -> `to` everywhere, in one pass (a page may hold many).
std::string replace_all(std::string_view s, std::string_view from, std::string_view to) {
    std::string out;
    out.reserve(s.size());
    std::size_t pos = 0;
    for (std::size_t at = s.find(from); at != std::string_view::npos; at = s.find(from, pos)) {
        out.append(s, pos, at - pos).append(to);
        pos = at + from.size();
    }
    out.append(s, pos, std::string_view::npos);
    return out;
}

std::string restore_cr(const std::string& s) {
    if (s.find(kCrStandIn) == std::string::npos) return s;
    return replace_all(s, kCrStandIn, "\r");
}

std::string_view attribute(const GumboElement& el, const char* name) {
    const GumboAttribute* a = gumbo_get_attribute(&el.attributes, name);
    return a ? std::string_view(a->value) : std::string_view();
}

void append_text(const GumboNode* node, std::string& out) {
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE || node->type == GUMBO_NODE_CDATA) {
        out += node->v.text.text;
    } else if (node->type == GUMBO_NODE_ELEMENT) {
        const GumboVector& children = node->v.element.children;
        for (unsigned i = 0; i < children.length; ++i)
            append_text(static_cast<const GumboNode*>(children.data[i]), out);
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

// What a page's lines and texts are trimmed of: a "\r" of a CRLF page too, but not a "\n" inside an
// element's text (as this reader always did).
constexpr std::string_view kBlanks = " \t\r";

// Walks the notes in document order. A note is: buttons, issue date, title link, snippets,
// images; whichever of buttons, date or link comes after a finished part starts the next note.
class NoteReader {
  public:
    explicit NoteReader(TagPage& page) : page_(page) {}

    void visit(const GumboNode* node) {
        if (node->type != GUMBO_NODE_ELEMENT) return;
        const GumboElement& el = node->v.element;
        std::string_view cls = attribute(el, "class");
        if (el.tag == GUMBO_TAG_A && cls == "button") {
            if (has_title_ || has_date_) finish();
            std::string text;
            append_text(node, text);
            std::string_view name = trim(text, kBlanks);
            if (!name.empty() && name.front() == '#') name.remove_prefix(1);
            if (name.empty()) name = tag_from_href(attribute(el, "href"));
            std::string tag = clean_tag(restore_cr(std::string(name)));
            std::string key = tag_key(tag);
            bool seen = key.empty() || std::any_of(current_.tags.begin(), current_.tags.end(),
                                                   [&](const std::string& t) { return tag_key(t) == key; });
            if (!seen) current_.tags.push_back(std::move(tag));  // the site repeats a button at times
            open_ = true;
            return;
        }
        if (el.tag == GUMBO_TAG_SPAN && cls == "issue_date") {
            if (has_title_ || has_date_) finish();
            std::string text;
            append_text(node, text);
            std::string_view date = trim(text, kBlanks);
            if (date.rfind("Issue Date:", 0) == 0) date = trim(date.substr(11), kBlanks);
            current_.date = std::string(date);
            has_date_ = open_ = true;
            return;
        }
        if (el.tag == GUMBO_TAG_A && issue_number(attribute(el, "href")) != 0) {
            if (has_title_) finish();
            current_.url = std::string(attribute(el, "href"));
            current_.id = issue_number(current_.url);
            std::string text;
            append_text(node, text);
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
        has_title_ = has_date_ = open_ = false;
    }

  private:
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
                append_text(child, label);
                continue;
            }
            append_text(child, text);
        }
        if (i < children.length) page_.warnings.push_back("a snippet is not closed (truncated text?)");
        (trim(label, kBlanks).empty() ? unlabeled_ : labeled_) += 1;
        if (!open_) {
            page_.warnings.push_back("a snippet outside any note was skipped");
        } else {
            text = restore_cr(std::move(text));
            // The old generator wrote one unlabelled snippet: the note's comment.
            std::string& field = trim(label, kBlanks) == "Summary" ? current_.summary : current_.comment;
            if (field.empty()) field = std::move(text);
        }
        for (; i < children.length; ++i) visit(static_cast<const GumboNode*>(children.data[i]));
    }

  public:
    int labeled_ = 0, unlabeled_ = 0;

  private:
    TagPage& page_;
    Note current_;
    bool has_title_ = false, has_date_ = false, open_ = false;
};

// "key: value" from the front matter; values may be quoted.
std::string front_matter_value(std::string_view line) {
    auto colon = line.find(':');
    std::string_view v = trim(line.substr(colon + 1), kBlanks);
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
        v = v.substr(1, v.size() - 2);
    return std::string(v);
}

// Where a page's markup may be cut so that gumbo, given the pieces one by one, builds the trees
// NoteReader would walk in the whole: at a line's start where the open elements are none or one
// <div> (a block of notes), every tag so far being the site's own (a, span, div, button; br, img),
// whole within its line and closed in order. Markup of any other kind makes no more cuts.
class PieceCuts {
  public:
    void feed(std::string_view line) {
        for (std::size_t at = line.find('<'); ok_ && at != std::string_view::npos; at = line.find('<', at + 1)) {
            bool closing = at + 1 < line.size() && line[at + 1] == '/';
            std::size_t name_start = at + 1 + closing, name_end = name_start;
            while (name_end < line.size() && is_ascii_alnum(line[name_end])) ++name_end;
            if (name_end == name_start) {  // "<" of text, unless a comment or the like begins
                ok_ = !closing && (name_start >= line.size() || (line[name_start] != '!' && line[name_start] != '?'));
                continue;
            }
            std::string name = ascii_lower(line.substr(name_start, name_end - name_start));
            std::size_t end = line.find('>', name_end);
            std::string_view inside = line.substr(name_end, end == std::string_view::npos ? 0 : end - name_end);
            bool contained = name == "a" || name == "span" || name == "div" || name == "button";
            ok_ = end != std::string_view::npos && std::count(inside.begin(), inside.end(), '"') % 2 == 0 &&
                  (contained || ((name == "br" || name == "img") && !closing)) && !(contained && inside.ends_with('/'));
            if (!ok_ || !contained) continue;
            if (!closing)
                open_.push_back(name);
            else if (!open_.empty() && open_.back() == name)
                open_.pop_back();
            else
                ok_ = false;
        }
    }
    bool may_cut() const { return ok_ && (open_.empty() || (open_.size() == 1 && open_[0] == "div")); }
    int depth() const { return static_cast<int>(open_.size()); }

  private:
    std::vector<std::string> open_;
    bool ok_ = true;
};

// The notes of a page's body (after its heading), read a piece at a time: each line escaped
// (escape_raw_text_lines works line by line), pieces cut where PieceCuts allows.
void read_notes(std::string_view body, std::size_t piece_bytes, TagPage& page) {
    NoteReader reader(page);
    PieceCuts cuts;
    std::string piece;
    int piece_depth = 0;
    auto read_piece = [&] {
        if (html_nesting_depth(piece, piece_depth) > kMaxHtmlNesting)
            throw PageError("not a tag page: markup nested more than " + std::to_string(kMaxHtmlNesting) +
                            " levels deep");
        std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> out(
            gumbo_parse_with_options(&kGumboDefaultOptions, piece.data(), piece.size()),
            [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
        if (!out) throw PageError("cannot parse the page's HTML");
        reader.visit(out->root);
        piece.clear();
        piece_depth = cuts.depth();
    };
    for (std::size_t pos = 0; pos < body.size();) {
        std::size_t nl = body.find('\n', pos);
        std::size_t end = nl == std::string_view::npos ? body.size() : nl + 1;
        if (piece.size() >= piece_bytes && cuts.may_cut()) read_piece();
        std::string line = replace_all(escape_raw_text_lines(body.substr(pos, end - pos)), "\r", kCrStandIn);
        cuts.feed(line);
        piece += line;
        pos = end;
    }
    read_piece();
    reader.finish();
    page.unlabeled_snippets = reader.unlabeled_ > 0 && reader.labeled_ == 0;
}

}  // namespace

TagPage parse_tag_page(std::string_view content) { return parse_tag_page(content, kPagePieceBytes); }

TagPage parse_tag_page(std::string_view content, std::size_t piece_bytes) {
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
    while (next_line(line) && trim(line, kBlanks).empty()) {
    }
    if (trim(line, kBlanks) != "---") throw PageError("not a tag page: no front matter");
    bool closed = false;
    while (next_line(line)) {
        if (trim(line, kBlanks) == "---") {
            closed = true;
            break;
        }
        if (line.rfind("title:", 0) == 0) page.title = front_matter_value(line);
        if (line.rfind("author:", 0) == 0) page.author = front_matter_value(line);
    }
    if (!closed) throw PageError("not a tag page: the front matter is not closed");
    while (next_line(line) && trim(line, kBlanks).empty()) {
    }
    if (line.rfind("## ", 0) != 0) throw PageError("not a tag page: no \"## <Tag>\" heading after the front matter");
    page.tag = clean_tag(trim(line.substr(3), kBlanks));
    if (page.tag.empty()) throw PageError("not a tag page: the heading names no tag");

    read_notes(content.substr(std::min(pos, content.size())), piece_bytes, page);
    return page;
}

}  // namespace notes
