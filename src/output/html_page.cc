// html_page.cc — writing notes as a tag page in the site's own markup, and as a standalone page.
#include "html_page.h"

#include <algorithm>
#include <stdexcept>

namespace notes {
namespace {

constexpr std::size_t kVisibleNotes = 3;  // the site shows three notes before "more"

// ---------------------------------------------------------------------------------------------
// Escaping

void append_escaped_char(std::string& out, char c) {
    switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\n':
            break;  // one line per snippet; the site drops "\n" and keeps "\r"
        default:
            out += c;
    }
}

// Text inside an element or an attribute value (always written between double quotes).
void append_escaped(std::string& out, std::string_view text) {
    for (char c : text) append_escaped_char(out, c);
}

// A one-line field (front matter, heading): control characters become spaces, then escaped.
std::string one_line(std::string_view text) {
    std::string out;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        append_escaped_char(out, (u < 0x20 || u == 0x7f) ? ' ' : c);
    }
    return out;
}

bool starts_with_ascii_nocase(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != prefix[i]) return false;
    }
    return true;
}

// Only absolute http(s) URLs without control characters are written into href/src; a browser
// strips leading controls and inner tabs/newlines, which could otherwise smuggle another scheme.
bool is_web_url(std::string_view url) {
    if (!starts_with_ascii_nocase(url, "http://") && !starts_with_ascii_nocase(url, "https://")) return false;
    return std::none_of(url.begin(), url.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
    });
}

// A front matter value: written as is when YAML reads it back as the same string (every title on
// the site is such a plain scalar), otherwise double-quoted.
bool is_plain_yaml_scalar(std::string_view v) {
    if (v.empty() || v.front() == ' ' || v.back() == ' ' || v.back() == ':') return false;
    if (std::string_view("-?:,[]{}#&*!|>'\"%@`").find(v.front()) != std::string_view::npos) return false;
    if (v.find(": ") != std::string_view::npos || v.find(" #") != std::string_view::npos) return false;
    if (v.find('\\') != std::string_view::npos) return false;
    // Scalars YAML would read as something else than a string: numbers, booleans, null.
    const bool numeric = std::all_of(v.begin(), v.end(), [](char c) {
        return (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '+' || c == 'e' || c == 'E';
    });
    if (numeric) return false;
    std::string lower(v);
    for (char& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    for (std::string_view word : {"~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", ".inf", ".nan"})
        if (lower == word) return false;
    return true;
}

std::string yaml_value(std::string_view text) {
    std::string v = one_line(text);
    if (is_plain_yaml_scalar(v)) return v;
    std::string quoted = "\"";
    for (char c : v) {
        if (c == '\\') quoted += '\\';  // '"' is already &quot;
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

// ---------------------------------------------------------------------------------------------
// Highlighting

// Marks every occurrence of the terms in a text, longest term first at each position.
class Highlighter {
  public:
    explicit Highlighter(const std::vector<std::string>& terms) {
        for (const auto& t : terms) {
            // A term must start a character: an empty term, or one starting with a UTF-8
            // continuation byte, could match inside a character.
            if (t.empty() || (static_cast<unsigned char>(t.front()) & 0xC0) == 0x80) continue;
            if (std::find(terms_.begin(), terms_.end(), t) == terms_.end()) terms_.push_back(t);
        }
        std::stable_sort(terms_.begin(), terms_.end(),
                         [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    }

    void append(std::string& out, std::string_view text) const {
        std::size_t i = 0;
        while (i < text.size()) {
            const std::size_t len = match_at(text, i);
            if (len == 0) {
                append_escaped_char(out, text[i]);
                ++i;
                continue;
            }
            out += "<mark>";
            append_escaped(out, text.substr(i, len));
            out += "</mark>";
            i += len;
        }
    }

  private:
    static char fold(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

    std::size_t match_at(std::string_view text, std::size_t pos) const {
        for (const auto& t : terms_) {
            if (text.size() - pos < t.size()) continue;
            bool same = true;
            for (std::size_t k = 0; k < t.size() && same; ++k) same = fold(text[pos + k]) == fold(t[k]);
            if (same && whole_word(text, pos, t.size())) return t.size();
        }
        return 0;
    }

    // A Latin word is marked only as a whole word: LoRA inside QLoRA is another word. (Japanese
    // has no spaces to go by; its terms are MeCab words already.)
    static bool whole_word(std::string_view text, std::size_t pos, std::size_t len) {
        auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
        if (alnum(text[pos]) && pos > 0 && alnum(text[pos - 1])) return false;
        if (alnum(text[pos + len - 1]) && pos + len < text.size() && alnum(text[pos + len])) return false;
        return true;
    }

    std::vector<std::string> terms_;
};

// ---------------------------------------------------------------------------------------------
// Notes

enum class TagButtons { links, chips };  // links to the tag pages (site), or plain chips (disk)

struct NoteStyle {
    std::string_view own_tag;
    SnippetLabels labels = SnippetLabels::shown;
    TagButtons buttons = TagButtons::links;
    const Highlighter* highlighter = nullptr;  // none on tag pages
};

void append_text(std::string& out, std::string_view text, const NoteStyle& style) {
    if (style.highlighter != nullptr)
        style.highlighter->append(out, text);
    else
        append_escaped(out, text);
}

void append_snippet(std::string& out, std::string_view label, std::string_view text, const NoteStyle& style) {
    out += "<span class=\"snippet\">";
    if (style.labels == SnippetLabels::shown) {
        out += "<span>";
        out += label;
        out += "</span>";
    }
    append_text(out, text, style);
    out += "</span>\n";
}

void append_note(std::string& out, const Note& note, const NoteStyle& style) {
    std::vector<std::string_view> shown;
    for (const auto& tag : note.tags) {
        if (tag.empty() || tag == style.own_tag) continue;
        if (std::find(shown.begin(), shown.end(), tag) != shown.end()) continue;
        shown.push_back(tag);
        if (style.buttons == TagButtons::links) {
            out += "<a class=\"button\" href=\"";
            append_escaped(out, tag_href(tag));
            out += "\">#";
            append_escaped(out, tag);
            out += "</a>";
        } else {
            out += "<span class=\"button\">#";
            append_escaped(out, tag);
            out += "</span>";
        }
    }
    out += "<br><span class=\"issue_date\">Issue Date: ";
    append_escaped(out, note.date);
    out += "</span>\n";

    if (is_web_url(note.url)) {
        out += "<a href=\"";
        append_escaped(out, note.url);
        out += "\">";
    } else {
        out += "<a>";
    }
    append_text(out, note.title, style);
    out += "</a>\n";

    if (!note.summary.empty()) append_snippet(out, "Summary", note.summary, style);
    if (!note.comment.empty()) append_snippet(out, "Comment", note.comment, style);

    for (const auto& image : note.images) {
        if (!is_web_url(image.src)) continue;
        out += "<img src=\"";
        append_escaped(out, image.src);
        out += "\" alt=\"";
        append_escaped(out, image.alt);
        out += "\">";
    }
}

// The visible/hidden structure shared by both kinds of page. `wrap_notes` puts each note in a
// <div class="note"> (standalone page); the site writes notes back to back.
struct Layout {
    bool wrap_notes = false;
    std::string more_button;  // written between the two containers
    std::string hide_button;  // written at the end of the hidden container
};

void append_notes(std::string& out, const std::vector<Note>& notes, const NoteStyle& style, const Layout& layout) {
    auto append_one = [&](const Note& note) {
        if (layout.wrap_notes) out += "<div class=\"note\">\n";
        append_note(out, note, style);
        if (layout.wrap_notes) {
            if (!out.empty() && out.back() != '\n') out += '\n';
            out += "</div>\n";
        }
    };
    out += "<div class=\"visible-content\">\n";
    for (std::size_t i = 0; i < notes.size() && i < kVisibleNotes; ++i) append_one(notes[i]);
    out += "</div>\n";
    if (notes.size() <= kVisibleNotes) return;
    out += layout.more_button;
    out += "\n<div class=\"hidden-content\">\n";
    for (std::size_t i = kVisibleNotes; i < notes.size(); ++i) append_one(notes[i]);
    out += layout.hide_button;
    out += "</div>\n";
}

// ---------------------------------------------------------------------------------------------
// The standalone page's own look and behaviour

constexpr std::string_view kStandaloneCss = R"css(
:root {
  --text: #1f2328; --muted: #59636e; --line: #d8dee4; --accent: #0969da;
  --chip: #eef2f6; --chip-text: #24292f; --mark: #fff3a3; --paper: #ffffff; --page: #f6f8fa;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--page); color: var(--text);
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Hiragino Kaku Gothic ProN",
    "Hiragino Sans", "Noto Sans CJK JP", "Noto Sans JP", "Yu Gothic UI", "Yu Gothic", Meiryo,
    "IPAexGothic", sans-serif;
  font-size: 16px; line-height: 1.75; overflow-wrap: anywhere;
}
.page { max-width: 52rem; margin: 0 auto; padding: 1.5rem 1rem 4rem; }
header.results { border-bottom: 1px solid var(--line); margin-bottom: 1.25rem; padding-bottom: 1rem; }
header.results h1 { font-size: 1.5rem; line-height: 1.4; margin: 0 0 .5rem; }
.summary-line { color: var(--muted); margin: 0 0 .75rem; }
.summary-line .query { color: var(--text); font-weight: 600; }
.summary-line .count { color: var(--text); font-weight: 600; }
.facets { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .4rem; }
.chip {
  display: inline-flex; align-items: center; gap: .35rem; padding: .1rem .65rem;
  border-radius: 999px; background: var(--chip); color: var(--chip-text);
  border: 1px solid var(--line); font-size: .85rem; line-height: 1.6;
}
.chip .chip-count {
  background: #fff; border-radius: 999px; padding: 0 .45rem; font-size: .75rem; color: var(--muted);
}
.note {
  background: var(--paper); border: 1px solid var(--line); border-radius: 8px;
  padding: .85rem 1rem; margin: 0 0 .9rem;
}
.note .button {
  display: inline-block; margin: 0 .3rem .3rem 0; padding: 0 .5rem; border-radius: 4px;
  background: var(--chip); color: var(--accent); font-size: .8rem; line-height: 1.7;
}
.note .issue_date { display: block; color: var(--muted); font-size: .8rem; }
.note a { color: var(--accent); font-weight: 600; font-size: 1.05rem; text-decoration: none; }
.note a:hover { text-decoration: underline; }
.note .snippet { display: block; margin-top: .45rem; font-size: .93rem; }
.note .snippet > span:first-child {
  display: inline-block; margin-right: .5rem; padding: 0 .4rem; border-radius: 4px;
  background: #ddf4ff; color: #0550ae; font-size: .75rem; font-weight: 600;
}
.note img { display: block; max-width: 100%; height: auto; margin-top: .6rem; border-radius: 4px; }
mark { background: var(--mark); color: inherit; padding: 0 .1em; border-radius: 2px; }
.hidden-content { display: none; }
.more-button, .hide-button {
  font: inherit; font-size: .95rem; cursor: pointer; padding: .35rem 1.2rem;
  border: 1px solid var(--line); border-radius: 6px; background: var(--paper); color: var(--accent);
}
.more-button:hover, .hide-button:hover { background: var(--chip); }
.empty { color: var(--muted); }
footer { margin-top: 2rem; color: var(--muted); font-size: .8rem; }
)css";

constexpr std::string_view kStandaloneScript = R"js(
// Shows the i-th group of hidden notes and swaps its "more" button for its "hide" button.
function showMore(i) {
  var hidden = document.querySelectorAll('.hidden-content')[i];
  var more = document.querySelectorAll('.more-button')[i];
  if (!hidden) return;
  hidden.style.display = 'block';
  if (more) more.style.display = 'none';
  var hide = hidden.querySelector('.hide-button');
  if (hide) hide.style.display = 'inline-block';
}
// Hides the i-th group again and brings its "more" button back into view.
function hideContent(i) {
  var hidden = document.querySelectorAll('.hidden-content')[i];
  var more = document.querySelectorAll('.more-button')[i];
  if (!hidden) return;
  hidden.style.display = 'none';
  var hide = hidden.querySelector('.hide-button');
  if (hide) hide.style.display = 'none';
  if (more) {
    more.style.display = 'inline-block';
    more.scrollIntoView({block: 'nearest'});
  }
}
// Images that cannot be loaded (offline, moved) are left out instead of shown broken.
(function () {
  var images = document.querySelectorAll('.note img');
  for (var k = 0; k < images.length; k++) {
    if (images[k].complete && images[k].naturalWidth === 0) images[k].style.display = 'none';
    else images[k].addEventListener('error', function () { this.style.display = 'none'; });
  }
})();
)js";

}  // namespace

// ---------------------------------------------------------------------------------------------

std::string tag_href(std::string_view tag) {
    std::string href = "articles/";
    for (char c : tag) {
        switch (c) {
            case '/':
            case '\\':
                href += '_';
                break;
            case '%':
                href += "%25";
                break;
            case '#':
                href += "%23";
                break;
            case '?':
                href += "%3F";
                break;
            default:
                href += c;
        }
    }
    href += ".html";
    return href;
}

void sort_site_order(std::vector<Note>& notes) {
    auto is_article = [](const Note& n) { return std::find(n.tags.begin(), n.tags.end(), "Article") != n.tags.end(); };
    std::stable_sort(notes.begin(), notes.end(), [&](const Note& a, const Note& b) {
        const bool aa = is_article(a), ba = is_article(b);
        if (aa != ba) return !aa;                      // non-Article first
        if (a.date != b.date) return a.date > b.date;  // "YYYY-MM-DD": newest first, "" last
        return a.id > b.id;                            // highest issue number first
    });
}

std::string render_tag_page(const PageSpec& spec) {
    std::string out;
    out += "---\nlayout: post\ntitle: ";
    out += yaml_value(spec.title);
    out += "\nauthor: ";
    out += yaml_value(spec.author);
    out += "\n---\n## ";
    out += one_line(spec.heading);
    out += "\n";
    const NoteStyle style{.own_tag = spec.own_tag, .labels = spec.snippet_labels, .buttons = TagButtons::links};
    const Layout layout{
        .wrap_notes = false,
        .more_button = "<button onclick=\"showMore(0)\">more</button>\n",
        .hide_button = "<button onclick=\"hideContent(0)\" style=\"display: none;\">hide</button>\n",
    };
    append_notes(out, spec.notes, style, layout);
    return out;
}

std::string render_standalone(const StandalonePage& p) {
    const PageSpec& spec = p.page;
    std::string out;
    out += "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n";
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    if (!spec.author.empty()) out += "<meta name=\"author\" content=\"" + one_line(spec.author) + "\">\n";
    out += "<title>" + one_line(spec.title) + "</title>\n";
    out += "<style>";
    out += kStandaloneCss;
    out += "</style>\n</head>\n<body>\n<div class=\"page\">\n<header class=\"results\">\n";
    out += "<h1>" + one_line(spec.heading) + "</h1>\n";

    out += "<p class=\"summary-line\">";
    if (!p.query.empty()) out += "検索語 <span class=\"query\">" + one_line(p.query) + "</span> ・ ";
    out += "<span class=\"count\">" + std::to_string(p.total) + "件</span>";
    const auto shown = static_cast<std::int64_t>(spec.notes.size());
    if (shown < p.total) out += "（うち " + std::to_string(shown) + " 件を表示）";
    out += "</p>\n";

    if (!p.facets.empty()) {
        out += "<ul class=\"facets\">\n";
        for (const auto& [tag, count] : p.facets) {
            out += "<li class=\"chip\"><span class=\"chip-tag\">#";
            append_escaped(out, tag);
            out += "</span><span class=\"chip-count\">" + std::to_string(count) + "</span></li>\n";
        }
        out += "</ul>\n";
    }
    out += "</header>\n<main>\n";

    if (spec.notes.empty()) {
        out += "<p class=\"empty\">該当するメモはありません。</p>\n";
    } else {
        const Highlighter highlighter(p.highlight_terms);
        const NoteStyle style{.own_tag = spec.own_tag,
                              .labels = spec.snippet_labels,
                              .buttons = TagButtons::chips,
                              .highlighter = &highlighter};
        const std::size_t rest = spec.notes.size() > kVisibleNotes ? spec.notes.size() - kVisibleNotes : 0;
        const Layout layout{
            .wrap_notes = true,
            .more_button = "<button class=\"more-button\" onclick=\"showMore(0)\">more <span class=\"more-count\">+" +
                           std::to_string(rest) + "</span></button>\n",
            .hide_button =
                "<button class=\"hide-button\" onclick=\"hideContent(0)\" style=\"display: none;\">hide</button>\n",
        };
        append_notes(out, spec.notes, style, layout);
    }
    out += "</main>\n";
    if (!spec.author.empty()) out += "<footer>" + one_line(spec.author) + "</footer>\n";
    out += "</div>\n<script>";
    out += kStandaloneScript;
    out += "</script>\n</body>\n</html>\n";
    return out;
}

}  // namespace notes
