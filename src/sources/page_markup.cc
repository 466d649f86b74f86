// page_markup.cc — a tag page's lines made ready for gumbo (see page_markup.h).
#include "page_markup.h"

#include <algorithm>
#include <optional>

#include "ascii.h"
#include "normalize.h"

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

// Most of a page's bytes are the texts of its title and snippet lines, and gumbo's tokenizer takes
// them a character at a time. A text that gumbo would hand back as it is (see kept_as_is) is kept
// aside and gumbo sees a marker in its place: U+E001, the text's number in its piece, U+E002.
// NoteReader puts the text back where it finds the marker; the reading is the same either way
// (pages_test and the page fuzzer read pages both ways and compare).
// The buttons of a note, likewise, are one element with a marker per button (U+E003, number,
// U+E002): a note's buttons are most of the rest.
constexpr std::string_view kAsideOpen = "\xEE\x80\x81", kAsideClose = "\xEE\x80\x82";
constexpr std::string_view kButtonOpen = "\xEE\x80\x83";

void append_marker(std::string_view open, std::size_t number, std::string& out) {
    out.append(open).append(std::to_string(number)).append(kAsideClose);
}

// The number of the marker that opens at `at` (either kind: both openers are three bytes), and
// where it ends; none where no marker of ours is there, or its number is not below `count`.
std::optional<std::size_t> read_marker(std::string_view text, std::size_t at, std::size_t count, std::size_t& end) {
    std::size_t digits = at + kAsideOpen.size(), close = text.find(kAsideClose, digits);
    if (close == std::string_view::npos || close == digits || close - digits > 9) return std::nullopt;
    std::size_t number = 0;
    for (std::size_t i = digits; i < close; ++i) {
        if (!is_ascii_digit(text[i])) return std::nullopt;
        number = number * 10 + static_cast<std::size_t>(text[i] - '0');
    }
    if (number >= count) return std::nullopt;
    end = close + kAsideClose.size();
    return number;
}

// A piece's texts kept aside (PageMarkup's), as the line's helpers add to them.
struct AsideTexts {
    bool on;  // off where the page itself holds U+E001 or U+E003
    std::vector<std::string>& texts;
    std::size_t& bytes;
};

// What gumbo, between a title link's or a snippet's tags, returns unchanged, and places where a
// marker would be placed: no character reference (&), none of the characters it replaces (NUL
// and the C0 and C1 controls but tab, noncharacters), and something other than whitespace (a
// table moves text but not whitespace). A carriage return counts as text: gumbo sees its stand-in.
bool kept_as_is(std::string_view text) {
    bool visible = false;
    for (std::size_t i = 0; i < text.size();) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if (c == '&' || (c < 0x20 && c != '\t' && c != '\r') || c == 0x7F) return false;
            visible |= c != ' ' && c != '\t';
            ++i;
            continue;
        }
        char32_t cp = next_codepoint(text, i);
        if (cp < 0xA0 || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) return false;
        visible = true;
    }
    return visible;
}

// A title's or snippet's text into `out`: as a marker where it can be kept aside, else escaped.
// `as_text`: gumbo reads the text as text, not inside a tag (where a quote in it would matter).
void append_text_of_line(std::string_view text, bool as_text, AsideTexts& aside, std::string& out) {
    if (aside.on && as_text && kept_as_is(text)) {
        append_marker(kAsideOpen, aside.texts.size(), out);
        // As gumbo would have it: with the carriage returns' stand-ins (see read_notes).
        aside.texts.push_back(text.find('\r') == std::string_view::npos ? std::string(text)
                                                                        : replace_all(text, "\r", kCrStandIn));
        aside.bytes += text.size();
    } else {
        out += escape_text(text);
    }
}

bool is_html_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

// Where HTML's tokenizer ends a tag's name or an attribute's: at a space, "/" or ">" (and, for an
// attribute, at its "=").
bool ends_name(char c) { return is_html_space(c) || c == '/' || c == '>'; }

// Where the tag whose name ends at `at` ends (its ">"), as HTML's tokenizer reads attributes: a
// quote opens a value only after "=", and a ">" inside it is the value's; npos where the tag goes
// on past the line.
std::size_t tag_end(std::string_view line, std::size_t at) {
    while (at < line.size()) {
        char c = line[at];
        if (c == '>') return at;
        if (is_html_space(c) || c == '/') {
            ++at;
            continue;
        }
        // An attribute's name (a first "=" belongs to it), then its value, if any.
        for (++at; at < line.size() && !ends_name(line[at]) && line[at] != '=';) ++at;
        while (at < line.size() && is_html_space(line[at])) ++at;
        if (at >= line.size() || line[at] != '=') continue;
        for (++at; at < line.size() && is_html_space(line[at]);) ++at;
        if (at < line.size() && (line[at] == '"' || line[at] == '\'')) {
            std::size_t close = line.find(line[at], at + 1);
            if (close == std::string_view::npos) return close;
            at = close + 1;
        } else {
            while (at < line.size() && !is_html_space(line[at]) && line[at] != '>') ++at;
        }
    }
    return std::string_view::npos;
}

// The site's buttons at the start of `line` (after any images), where the line starts with nothing
// open but a block (`clean`): then gumbo makes each `<a class="button" href="H">T</a>` an element of
// its own with T as its text, and NoteReader reads them from their markers alike. Each T must be
// kept_as_is, without "<" or a carriage return (trimmed differently from its stand-in), and name
// a tag without its href. Returns how many bytes of `line` were taken.
std::size_t take_buttons(std::string_view line, AsideTexts& aside, std::string& out) {
    constexpr std::string_view kImage = "<img ", kButton = "<a class=\"button\" href=\"", kButtonEnd = "</a>";
    std::size_t pos = 0;
    while (line.substr(pos).starts_with(kImage)) {
        std::size_t end = tag_end(line, pos + kImage.size());
        if (end == std::string_view::npos) return 0;
        pos = end + 1;
    }
    std::string markers;
    std::size_t taken = pos;
    while (line.substr(taken).starts_with(kButton)) {
        std::size_t href = taken + kButton.size(), href_end = line.find("\">", href);
        // The "> must close this button's href (not the next one's: <a class="button" href="x"`#T</a>).
        if (href_end == std::string_view::npos ||
            line.substr(href, href_end - href).find('"') != std::string_view::npos)
            break;
        std::size_t text = href_end + 2, text_end = line.find(kButtonEnd, text);
        if (text_end == std::string_view::npos) break;
        std::string_view t = line.substr(text, text_end - text);
        std::string_view name = trim(t, kTagPageBlanks);
        if (!name.empty() && name.front() == '#') name.remove_prefix(1);
        if (t.find_first_of("<\r") != std::string_view::npos || !kept_as_is(t) || trim(name, kTagPageBlanks).empty())
            break;
        append_marker(kButtonOpen, aside.texts.size(), markers);
        aside.texts.emplace_back(t);
        aside.bytes += text_end + kButtonEnd.size() - taken;
        taken = text_end + kButtonEnd.size();
    }
    if (markers.empty()) return 0;
    out.append(line.substr(0, pos)).append("<a class=\"button\">").append(markers).append(kButtonEnd);
    return taken;
}

// How a line starts, for the texts and buttons kept aside: `in_text` where every tag so far was
// the site's own and whole within its line (gumbo's tokenizer is between tags), `clean` where
// moreover nothing is open but a block (PieceCuts).
struct LineStart {
    bool in_text = false;
    bool clean = false;
};

// One line of the body, its "\n" included, for gumbo: its title's or snippet's text, or its buttons,
// kept aside where they can be.
std::string escape_raw_text_line(std::string_view line, AsideTexts& aside, LineStart start) {
    constexpr std::string_view kSnippet = "<span class=\"snippet\">", kSnippetEnd = "</span>";
    constexpr std::string_view kLink = "<a href=\"", kLinkEnd = "</a>";
    std::string out;
    out.reserve(line.size() + line.size() / 16);
    std::size_t text_end = line.size();  // before the line ending: "\n", "\r\n", or none at the end
    if (text_end > 0 && line[text_end - 1] == '\n') --text_end;
    if (text_end > 0 && line[text_end - 1] == '\r') --text_end;
    std::string_view tail = line.substr(text_end);
    line = line.substr(0, text_end);
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
        out.append(kSnippet).append(label);
        bool label_closes = label.find('<', 1) == label.size() - 7;  // nothing but its own </span>
        append_text_of_line(inner, start.in_text && (label.empty() || label_closes), aside, out);
        out.append(kSnippetEnd);
    } else if (line.starts_with(kLink) && line.ends_with(kLinkEnd) && line.find("\">") != std::string_view::npos) {
        std::size_t open_end = line.find("\">") + 2;
        out.append(line.substr(0, open_end));
        // The first "> ends the tag only where it closes the href's quotes (not <a href=">"...).
        bool tag_closes = open_end >= kLink.size() + 2 &&
                          line.substr(kLink.size(), open_end - 2 - kLink.size()).find('"') == std::string_view::npos;
        append_text_of_line(line.substr(open_end, line.size() - open_end - kLinkEnd.size()),
                            start.in_text && tag_closes, aside, out);
        out.append(kLinkEnd);
    } else {
        std::size_t taken = start.clean && aside.on ? take_buttons(line, aside, out) : 0;
        out.append(line.substr(taken));
    }
    return out.append(tail);
}

}  // namespace

std::string restore_cr(const std::string& s) {
    if (s.find(kCrStandIn) == std::string::npos) return s;
    return replace_all(s, kCrStandIn, "\r");
}

PageMarkup::PageMarkup(std::string_view body, bool aside)
    : aside_on_(aside && body.find(kAsideOpen) == std::string_view::npos &&
                body.find(kButtonOpen) == std::string_view::npos) {}

void PageMarkup::add_line(std::string_view line) {
    AsideTexts aside{aside_on_, aside_, aside_bytes_};
    std::string prepared = replace_all(escape_raw_text_line(line, aside, {tags_whole_, may_cut()}), "\r", kCrStandIn);
    feed_cuts(prepared);
    piece_ += prepared;
}

// Where a page's markup may be cut so that gumbo, given the pieces one by one, builds the trees
// NoteReader would walk in the whole: at a line's start where the open elements are none or one
// <div> (a block of notes), every tag so far being the site's own (a, span, div, button; br, img),
// whole within its line and closed in order. Markup of any other kind makes no more cuts.
bool PageMarkup::may_cut() const { return tags_whole_ && (open_.empty() || (open_.size() == 1 && open_[0] == "div")); }

void PageMarkup::feed_cuts(std::string_view line) {
    for (std::size_t at = line.find('<'); tags_whole_ && at != std::string_view::npos; at = line.find('<', at + 1)) {
        bool closing = at + 1 < line.size() && line[at + 1] == '/';
        std::size_t name_start = at + 1 + closing, name_end = name_start;
        while (name_end < line.size() && is_ascii_alnum(line[name_end])) ++name_end;
        if (name_end == name_start) {  // "<" of text, unless a comment or the like begins
            tags_whole_ =
                !closing && (name_start >= line.size() || (line[name_start] != '!' && line[name_start] != '?'));
            continue;
        }
        // The tokenizer ends a name only at a space, "/" or ">": </span?> is no span's end.
        if (name_end < line.size() && !ends_name(line[name_end])) {
            tags_whole_ = false;
            continue;
        }
        std::string name = ascii_lower(line.substr(name_start, name_end - name_start));
        std::size_t end = tag_end(line, name_end);
        bool contained = name == "a" || name == "span" || name == "div" || name == "button";
        tags_whole_ = end != std::string_view::npos && (contained || ((name == "br" || name == "img") && !closing)) &&
                      !(contained && line[end - 1] == '/');
        if (!tags_whole_) continue;
        at = end;
        if (!contained) continue;
        if (!closing)
            open_.push_back(name);
        else if (!open_.empty() && open_.back() == name)
            open_.pop_back();
        else
            tags_whole_ = false;
    }
}

void PageMarkup::next_piece() {
    piece_.clear();
    aside_.clear();
    aside_bytes_ = 0;
    start_depth_ = static_cast<int>(open_.size());
}

void append_with_aside(std::string_view text, const std::vector<std::string>& aside, std::string& out) {
    // Both kinds of marker: a button element's markers, read as text (inside a date left open, say),
    // are its buttons' texts run together, as gumbo would give them.
    auto next_marker = [&text] { return std::min(text.find(kAsideOpen), text.find(kButtonOpen)); };
    for (std::size_t at = next_marker(), end = 0; at != std::string_view::npos; at = next_marker()) {
        std::optional<std::size_t> number = read_marker(text, at, aside.size(), end);
        if (!number) break;  // not a marker of ours: the page's own text
        out.append(text.substr(0, at)).append(aside[*number]);
        text.remove_prefix(end);
    }
    out.append(text);
}

std::vector<std::string_view> aside_buttons(std::string_view text, const std::vector<std::string>& aside) {
    std::vector<std::string_view> buttons;
    for (std::size_t at = 0; at < text.size();) {
        std::optional<std::size_t> number;
        if (text.substr(at).starts_with(kButtonOpen)) number = read_marker(text, at, aside.size(), at);
        if (!number) return {};
        buttons.push_back(aside[*number]);
    }
    return buttons;
}

}  // namespace notes
