// html_page.cc — a tag page in the site's own markup: front matter, heading and the notes.
#include "html_page.h"

#include <algorithm>
#include <cstdio>

#include "ascii.h"
#include "hash.h"
#include "html_escape.h"
#include "note_markup.h"

namespace notes {

namespace {

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
    const std::string lower = ascii_lower(v);
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

}  // namespace

std::string tag_file_stem(std::string_view tag) {
    std::string stem;
    for (char c : tag) {
        const auto u = static_cast<unsigned char>(c);
        stem += c == '/' || c == '\\' || u < 0x20 || u == 0x7f ? '_' : c;
    }
    // Jekyll skips a file whose name starts with one of these, and "." and ".." are no file's name.
    if (stem.empty() || std::string_view("._#~").find(stem.front()) != std::string_view::npos) stem.insert(0, "tag-");
    // A file name holds 255 bytes, and the temporary file beside it some 40 more.
    constexpr std::size_t kMaxStem = 150, kKept = kMaxStem - 17;  // "-" and 16 hex digits
    if (stem.size() > kMaxStem) {
        std::size_t cut = kKept;
        while (cut > 0 && (static_cast<unsigned char>(stem[cut]) & 0xC0) == 0x80) --cut;  // a whole character
        Fnv1a hash;
        hash.add(tag);
        char hex[18];
        std::snprintf(hex, sizeof hex, "-%016llx", static_cast<unsigned long long>(hash.value()));
        stem = stem.substr(0, cut) + hex;
    }
    return stem;
}

std::string tag_href(std::string_view tag) {
    std::string href = "articles/";
    for (char c : tag_file_stem(tag)) {
        switch (c) {
            case '%': href += "%25"; break;
            case '#': href += "%23"; break;
            case '?': href += "%3F"; break;
            default: href += c;
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

}  // namespace notes
