// markdown_inline.cc — the inline Markdown of a line: code spans, links and images, HTML, entities, emphasis.
#include "markdown_inline.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <unordered_map>

#include "ascii.h"
#include "normalize.h"

namespace notes {

namespace {

// A line holds no CR: markdown.cc made each one a line break and cut the text into lines there. So
// is_ascii_blank below means space, tab, and the line break a <br> leaves in reduced text.

// What a backslash escapes.
bool is_ascii_punct(char c) {
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

// Text as it is being reduced, with, for each byte, whether it is literal (code, an escaped or
// decoded character, a URL) and so never an emphasis mark.
struct Marked {
    std::string text;
    std::string literal;  // '1' or '0' per byte of text
    void add(std::string_view s, bool is_literal) {
        text.append(s);
        literal.append(s.size(), is_literal ? '1' : '0');
    }
    void add(char c, bool is_literal) {
        text.push_back(c);
        literal.push_back(is_literal ? '1' : '0');
    }
};

// The few entities issue bodies use, and numeric references.
std::optional<std::pair<std::string, std::size_t>> entity_at(std::string_view s, std::size_t at) {
    static const std::pair<std::string_view, std::string_view> kNamed[] = {
        {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&nbsp;", " "}};
    for (const auto& [name, value] : kNamed)
        if (s.substr(at, name.size()) == name) return std::pair{std::string(value), name.size()};
    if (s.substr(at, 2) != "&#") return std::nullopt;
    std::size_t i = at + 2;
    bool hex = i < s.size() && (s[i] == 'x' || s[i] == 'X');
    if (hex) ++i;
    std::size_t digits = i;
    std::uint32_t cp = 0;
    while (i < s.size() && i - digits < 7) {
        char c = s[i];
        int v = is_ascii_digit(c)             ? c - '0'
                : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                              : -1;
        if (v < 0) break;
        cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(v);
        ++i;
    }
    if (i == digits || i >= s.size() || s[i] != ';') return std::nullopt;
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    std::string out;
    append_utf8(out, static_cast<char32_t>(cp));
    return std::pair{out, i + 1 - at};
}

// An HTML tag at s[at] == '<': its end, its name in lower case and its attributes.
struct Tag {
    std::size_t end = 0;
    std::string name;
    bool closing = false;
    std::vector<std::pair<std::string, std::string>> attributes;
};

std::optional<Tag> tag_at(std::string_view s, std::size_t at) {
    Tag tag;
    std::size_t i = at + 1;
    if (i < s.size() && s[i] == '/') {
        tag.closing = true;
        ++i;
    }
    if (i >= s.size() || !is_ascii_alpha(s[i])) return std::nullopt;
    while (i < s.size() && (is_ascii_alnum(s[i]) || s[i] == '-')) tag.name.push_back(ascii_lower(s[i++]));
    for (;;) {
        std::size_t before_space = i;
        while (i < s.size() && is_ascii_blank(s[i])) ++i;
        if (i >= s.size()) return std::nullopt;
        if (s[i] == '>') break;
        if (s[i] == '/' && i + 1 < s.size() && s[i + 1] == '>') {
            ++i;
            break;
        }
        if (tag.closing || i == before_space) return std::nullopt;  // attributes follow white space
        if (!is_ascii_alpha(s[i]) && s[i] != '_' && s[i] != ':') return std::nullopt;
        std::string name;
        while (i < s.size() && (is_ascii_alnum(s[i]) || s[i] == '_' || s[i] == ':' || s[i] == '.' || s[i] == '-'))
            name.push_back(ascii_lower(s[i++]));
        std::size_t j = i;
        while (j < s.size() && is_ascii_blank(s[j])) ++j;
        std::string value;
        if (j < s.size() && s[j] == '=') {
            i = j + 1;
            while (i < s.size() && is_ascii_blank(s[i])) ++i;
            if (i >= s.size()) return std::nullopt;
            if (s[i] == '"' || s[i] == '\'') {
                std::size_t close = s.find(s[i], i + 1);
                if (close == std::string_view::npos) return std::nullopt;
                value = s.substr(i + 1, close - i - 1);
                i = close + 1;
            } else {
                std::size_t start = i;
                while (i < s.size() && !is_ascii_blank(s[i]) &&
                       std::string_view("\"'=<>`").find(s[i]) == std::string_view::npos)
                    ++i;
                if (i == start) return std::nullopt;
                value = s.substr(start, i - start);
            }
        }
        tag.attributes.emplace_back(std::move(name), std::move(value));
    }
    tag.end = i + 1;
    return tag;
}

std::string decode_entities(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        if (s[i] == '&')
            if (auto e = entity_at(s, i)) {
                out += e->first;
                i += e->second;
                continue;
            }
        out.push_back(s[i++]);
    }
    return out;
}

// Where code spans, brackets and parentheses of a line close, found once in linear time.
struct Line {
    std::string_view s;
    std::unordered_map<std::size_t, std::pair<std::size_t, std::size_t>> code;  // open run -> close run [b, e)
    std::unordered_map<std::size_t, std::size_t> close;                         // '[' or '(' -> its match
    explicit Line(std::string_view text) : s(text) {
        struct Run {
            std::size_t begin, length;
        };
        std::vector<Run> runs;
        for (std::size_t i = 0; i < s.size();) {
            if (s[i] != '`') {
                i += s[i] == '\\' && i + 1 < s.size() && s[i + 1] != '`' ? 2 : 1;
                continue;
            }
            std::size_t n = 0;
            while (i + n < s.size() && s[i + n] == '`') ++n;
            runs.push_back({i, n});
            i += n;
        }
        std::vector<std::size_t> next_same(runs.size(), SIZE_MAX);
        std::unordered_map<std::size_t, std::size_t> seen;  // run length -> the next run of it
        for (std::size_t r = runs.size(); r-- > 0;) {
            auto it = seen.find(runs[r].length);
            if (it != seen.end()) next_same[r] = it->second;
            seen[runs[r].length] = r;
        }
        std::vector<std::pair<std::size_t, std::size_t>> spans;
        for (std::size_t r = 0; r < runs.size();) {
            if (next_same[r] == SIZE_MAX) {
                ++r;
                continue;
            }
            const Run& close_run = runs[next_same[r]];
            code[runs[r].begin] = {close_run.begin, close_run.begin + close_run.length};
            spans.emplace_back(runs[r].begin, close_run.begin + close_run.length);
            r = next_same[r] + 1;
        }
        std::vector<std::size_t> brackets, parens;
        std::size_t span = 0;
        for (std::size_t i = 0; i < s.size(); ++i) {
            while (span < spans.size() && spans[span].first < i) ++span;
            if (span < spans.size() && i == spans[span].first) {
                i = spans[span++].second - 1;
                continue;
            }
            char c = s[i];
            if (c == '\\' && i + 1 < s.size() && s[i + 1] != '`') {
                ++i;
            } else if (c == '[') {
                brackets.push_back(i);
            } else if (c == ']' && !brackets.empty()) {
                close[brackets.back()] = i;
                brackets.pop_back();
            } else if (c == '(') {
                parens.push_back(i);
            } else if (c == ')' && !parens.empty()) {
                close[parens.back()] = i;
                parens.pop_back();
            }
        }
    }
    std::size_t match(std::size_t open, std::size_t limit) const {
        auto it = close.find(open);
        return it == close.end() || it->second >= limit ? SIZE_MAX : it->second;
    }
};

// [text](destination) or [text][ref] at s[at] == '[': where its text ends, the destination
// (empty for a reference), and the end of the whole link.
struct Link {
    std::size_t text_end, end;
    std::string_view destination;
};
std::optional<Link> link_at(const Line& line, std::size_t at, std::size_t limit) {
    std::size_t close = line.match(at, limit);
    if (close == SIZE_MAX || close + 1 >= limit) return std::nullopt;
    std::size_t after = line.match(close + 1, limit);
    if (after == SIZE_MAX) return std::nullopt;
    if (line.s[close + 1] == '(') {
        std::string_view dest = trim(line.s.substr(close + 2, after - close - 2));
        if (dest.size() >= 2 && dest.front() == '<' && dest.find('>') != std::string_view::npos)
            dest = dest.substr(1, dest.find('>') - 1);
        else
            dest = dest.substr(0, std::min(dest.size(), dest.find_first_of(" \t")));
        return Link{close, after + 1, dest};
    }
    return Link{close, after + 1, {}};  // [text][ref]
}

// Emphasis marks (* _ ~ runs) that pair up are dropped; the others are text.
std::string drop_emphasis(const Marked& m) {
    struct Run {
        std::size_t begin, length;
        bool can_open, can_close, dropped = false;
    };
    const std::string& t = m.text;
    auto word = [](char c) { return is_ascii_alnum(c) || static_cast<unsigned char>(c) >= 0x80; };
    std::vector<Run> runs;
    for (std::size_t i = 0; i < t.size();) {
        char c = t[i];
        if ((c != '*' && c != '_' && c != '~') || m.literal[i] == '1') {
            ++i;
            continue;
        }
        std::size_t n = 0;
        while (i + n < t.size() && t[i + n] == c && m.literal[i + n] == '0') ++n;
        char before = i > 0 ? t[i - 1] : ' ', after = i + n < t.size() ? t[i + n] : ' ';
        bool open = !is_ascii_blank(after), close = !is_ascii_blank(before);
        if (c != '*') {  // no intraword _ or ~ emphasis: snake_case, 1~2
            open = open && !word(before);
            close = close && !word(after);
        }
        if (c == '~' && n > 2) open = close = false;
        runs.push_back({i, n, open, close});
        i += n;
    }
    std::vector<std::size_t> openers;
    for (std::size_t r = 0; r < runs.size(); ++r) {
        bool matched = false;
        if (runs[r].can_close) {
            std::size_t looked = 0;
            for (std::size_t k = openers.size(); k-- > 0 && looked++ < 64;) {
                const Run& o = runs[openers[k]];
                if (t[o.begin] == t[runs[r].begin] && o.length == runs[r].length) {
                    runs[openers[k]].dropped = runs[r].dropped = true;
                    openers.resize(k);
                    matched = true;
                    break;
                }
            }
        }
        if (!matched && runs[r].can_open) openers.push_back(r);
    }
    std::string out;
    out.reserve(t.size());
    std::size_t pos = 0;
    for (const Run& r : runs) {
        if (!r.dropped) continue;
        out.append(t, pos, r.begin - pos);
        pos = r.begin + r.length;
    }
    out.append(t, pos, std::string::npos);
    return out;
}

// Renders a line's inline markup, emphasis marks still in it; images go to the context.
class InlineRenderer {
  public:
    explicit InlineRenderer(InlineContext& context) : context_(context) {}

    void render(const Line& line, std::size_t from, std::size_t to, int depth, Marked& out) {
        std::string_view s = line.s;
        for (std::size_t i = from; i < to;) {
            char c = s[i];
            if (c == '\\' && i + 1 < to && is_ascii_punct(s[i + 1])) {
                out.add(s[i + 1], true);
                i += 2;
            } else if (c == '`') {
                std::size_t n = 0;
                while (i + n < to && s[i + n] == '`') ++n;
                auto code = line.code.find(i);
                if (code == line.code.end() || code->second.second > to) {
                    out.add(s.substr(i, n), true);
                    i += n;
                    continue;
                }
                std::string_view content = s.substr(i + n, code->second.first - i - n);
                if (content.size() >= 2 && content.front() == ' ' && content.back() == ' ' &&
                    content.find_first_not_of(' ') != std::string_view::npos)
                    content = content.substr(1, content.size() - 2);
                out.add(content, true);
                i = code->second.second;
            } else if (c == '!' && i + 1 < to && s[i + 1] == '[' && link_at(line, i + 1, to)) {
                Link link = *link_at(line, i + 1, to);
                add_image(link.destination, s.substr(i + 2, link.text_end - i - 2));
                i = link.end;
            } else if (c == '[' && depth < kMaxLinkDepth && link_at(line, i, to)) {
                Link link = *link_at(line, i, to);
                render(line, i + 1, link.text_end, depth + 1, out);
                i = link.end;
            } else if (c == '<') {
                i = html(line, i, to, out);
            } else if (c == '&' && entity_at(s.substr(0, to), i)) {
                auto e = *entity_at(s.substr(0, to), i);
                out.add(e.first, true);
                i += e.second;
            } else if ((c == 'h' || c == 'H') && (i == from || !is_ascii_alnum(s[i - 1])) &&
                       is_http_url(s.substr(i, to - i))) {
                std::size_t end = i;  // a bare URL: no emphasis inside it
                while (end < to && !is_ascii_blank(s[end]) &&
                       std::string_view("<>*`\"[]").find(s[end]) == std::string_view::npos)
                    ++end;
                out.add(s.substr(i, end - i), true);
                i = end;
            } else {
                out.add(c, false);
                ++i;
            }
        }
    }

  private:
    static constexpr int kMaxLinkDepth = 8;

    InlineContext& context_;

    void add_image(std::string_view src, std::string_view alt) {
        if (!context_.images || !is_http_url(src)) return;
        std::string url = decode_entities(src);
        if (std::none_of(context_.images->begin(), context_.images->end(),
                         [&](const Image& i) { return i.src == url; }))
            context_.images->push_back({url, decode_entities(alt)});
    }

    // At s[at] == '<': a comment, an autolink, a tag (dropped; <img> kept as an image, <br> a line
    // break) or a plain '<'. Returns where to go on.
    std::size_t html(const Line& line, std::size_t at, std::size_t to, Marked& out) {
        std::string_view s = line.s.substr(0, to);
        if (s.substr(at, 4) == "<!--") {
            std::size_t end = s.find("-->", at + 4);
            if (end != std::string_view::npos) return end + 3;
            context_.in_comment = true;  // the rest of the line, and the lines up to "-->"
            return to;
        }
        for (std::string_view scheme : {"http://", "https://", "mailto:"}) {
            std::string_view rest = s.substr(at + 1);
            if (rest.size() > scheme.size() && rest.substr(0, scheme.size()) == scheme) {
                std::size_t end = rest.find_first_of(" \t<>");
                if (end != std::string_view::npos && rest[end] == '>') {
                    out.add(rest.substr(0, end), true);
                    return at + 1 + end + 1;
                }
            }
        }
        auto tag = tag_at(s, at);
        if (!tag) {
            out.add('<', false);
            return at + 1;
        }
        if (tag->name == "img" && !tag->closing) {
            std::string_view src, alt;
            for (const auto& [name, value] : tag->attributes) {
                if (name == "src") src = value;
                if (name == "alt") alt = value;
            }
            add_image(src, alt);
        } else if (tag->name == "br") {
            out.add('\n', true);
        }
        return tag->end;
    }
};

}  // namespace

std::string reduce_inline(std::string_view s, InlineContext& context) {
    Line line(s);
    Marked marked;
    InlineRenderer(context).render(line, 0, s.size(), 0, marked);
    return drop_emphasis(marked);
}

}  // namespace notes
