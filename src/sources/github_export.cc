// github_export.cc — reads GitHub issue exports into notes, and reduces issue bodies' Markdown to text.
#include "github_export.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <optional>
#include <unordered_map>

#include "normalize.h"

namespace notes {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }
bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_alnum(char c) { return is_ascii_alpha(c) || is_ascii_digit(c); }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool is_ascii_punct(char c) {
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

std::size_t skip_blank(std::string_view text, std::size_t pos) {
    while (pos < text.size() && is_blank(text[pos])) ++pos;
    return pos;
}

std::string_view trim_blank(std::string_view s) {
    while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
    return s;
}

bool is_http_url(std::string_view url) {
    auto starts = [&](std::string_view scheme) {
        return url.size() > scheme.size() &&
               std::equal(scheme.begin(), scheme.end(), url.begin(), [](char a, char b) { return a == lower(b); });
    };
    return starts("http://") || starts("https://");
}

// ----- the export ------------------------------------------------------------------------------

// "line L, column C" of a byte offset (columns count bytes, from 1).
std::string position(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    std::size_t line = 1, line_start = 0;
    for (std::size_t i = 0; i < offset; ++i)
        if (text[i] == '\n') {
            ++line;
            line_start = i + 1;
        }
    return "line " + std::to_string(line) + ", column " + std::to_string(offset - line_start + 1);
}

// One top-level value of the text, found by its brackets before it is parsed, so that a value
// left open can be called truncated and each entry of an array named by its line.
struct Span {
    std::size_t begin = 0, end = 0;     // [begin, end) of the text
    bool closed = false;                // its brackets balance
    std::vector<std::size_t> elements;  // where each element starts, for an array
};

Span scan_value(std::string_view text, std::size_t begin) {
    Span s{begin, text.size(), false, {}};
    const bool array = text[begin] == '[';
    bool expect_element = false;
    std::size_t depth = 0;
    for (std::size_t i = begin; i < text.size(); ++i) {
        char c = text[i];
        if (expect_element && !is_blank(c)) {
            if (c != ']') s.elements.push_back(i);
            expect_element = false;
        }
        if (c == '"') {
            for (++i; i < text.size() && text[i] != '"'; ++i)
                if (text[i] == '\\') ++i;
            if (i >= text.size()) break;
        } else if (c == '[' || c == '{') {
            if (++depth == 1 && array) expect_element = true;
        } else if (c == ']' || c == '}') {
            if (--depth == 0) {
                s.end = i + 1;
                s.closed = true;
                break;
            }
        } else if (c == ',' && depth == 1 && array) {
            expect_element = true;
        }
    }
    return s;
}

// What nlohmann says went wrong, without its own prefix and position, nor the token it read (which
// can be a whole issue body, or hold the very bytes that are not UTF-8).
std::string parse_reason(const nlohmann::json::exception& e) {
    std::string_view what = e.what();
    std::size_t column = what.find("column ");
    std::size_t colon = column == std::string_view::npos ? column : what.find(": ", column);
    if (colon != std::string_view::npos) {
        what.remove_prefix(colon + 2);
    } else if (std::size_t bracket = what.find("] "); bracket != std::string_view::npos) {
        what.remove_prefix(bracket + 2);
    }
    std::size_t token = what.find("; last read: ");
    if (token == std::string_view::npos) return std::string(what);
    std::size_t expected = what.rfind("; expected ");
    return std::string(what.substr(0, token)) +
           std::string(expected != std::string_view::npos && expected > token ? what.substr(expected) : "");
}

nlohmann::json parse_span(std::string_view text, const Span& s) {
    try {
        return nlohmann::json::parse(text.substr(s.begin, s.end - s.begin));
    } catch (const nlohmann::json::parse_error& e) {
        std::size_t at = s.begin + (e.byte > 0 ? e.byte - 1 : 0);
        if (!s.closed && at >= s.end)
            throw ExportError("truncated JSON: the text ends at " + position(text, text.size()) + ", inside the " +
                              (text[s.begin] == '[' ? "array" : "object") + " opened at " + position(text, s.begin));
        throw ExportError("invalid JSON at " + position(text, at) + ": " + parse_reason(e));
    } catch (const nlohmann::json::exception& e) {
        throw ExportError("invalid JSON in the value at " + position(text, s.begin) + ": " + parse_reason(e));
    }
}

const nlohmann::json* field(const nlohmann::json& object, const char* name) {
    auto it = object.find(name);
    return it == object.end() || it->is_null() ? nullptr : &*it;
}

// Throws std::invalid_argument, turned into an ExportError naming the entry by the caller.
std::string string_field(const nlohmann::json& object, const char* name, bool required) {
    const nlohmann::json* f = field(object, name);
    if (!f) {
        if (required) throw std::invalid_argument(std::string("no \"") + name + "\" field");
        return "";
    }
    if (!f->is_string()) throw std::invalid_argument(std::string("field \"") + name + "\" is not a string");
    return f->get<std::string>();
}

// "2023-07-22T23:30:00Z" -> "2023-07-22"; a UTC offset is applied first, so that
// "2023-07-23T08:30:00+09:00" -> "2023-07-22". A bare date is taken as it is.
std::optional<std::string> utc_date(std::string_view t) {
    auto number = [&](std::size_t at, std::size_t digits) -> std::optional<int> {
        if (at + digits > t.size()) return std::nullopt;
        int n = 0;
        for (std::size_t i = at; i < at + digits; ++i) {
            if (!is_ascii_digit(t[i])) return std::nullopt;
            n = n * 10 + (t[i] - '0');
        }
        return n;
    };
    auto y = number(0, 4), mo = number(5, 2), d = number(8, 2);
    if (!y || !mo || !d || t[4] != '-' || t[7] != '-') return std::nullopt;
    namespace chr = std::chrono;
    chr::year_month_day date{chr::year{*y}, chr::month{static_cast<unsigned>(*mo)},
                             chr::day{static_cast<unsigned>(*d)}};
    if (!date.ok()) return std::nullopt;
    int shift_minutes = 0;
    if (t.size() > 10) {
        if (t[10] != 'T' && t[10] != 't' && t[10] != ' ') return std::nullopt;
        auto h = number(11, 2), mi = number(14, 2);
        if (!h || !mi || t[13] != ':' || *h > 23 || *mi > 59) return std::nullopt;
        std::size_t pos = 16;
        if (pos < t.size() && t[pos] == ':') {
            if (!number(pos + 1, 2)) return std::nullopt;
            pos += 3;
            if (pos < t.size() && t[pos] == '.') {
                ++pos;
                std::size_t digits = pos;
                while (pos < t.size() && is_ascii_digit(t[pos])) ++pos;
                if (pos == digits) return std::nullopt;
            }
        }
        int offset = 0;
        if (pos < t.size() && (t[pos] == 'Z' || t[pos] == 'z')) {
            ++pos;
        } else if (pos < t.size() && (t[pos] == '+' || t[pos] == '-')) {
            int sign = t[pos] == '-' ? -1 : 1;
            auto oh = number(pos + 1, 2);
            std::size_t m_at = pos + 3 < t.size() && t[pos + 3] == ':' ? pos + 4 : pos + 3;
            auto om = number(m_at, 2);
            if (!oh || !om || *oh > 23 || *om > 59) return std::nullopt;
            offset = sign * (*oh * 60 + *om);
            pos = m_at + 2;
        }
        if (pos != t.size()) return std::nullopt;
        shift_minutes = *h * 60 + *mi - offset;
    }
    int shift_days = shift_minutes < 0 ? -1 : shift_minutes >= 24 * 60 ? 1 : 0;
    chr::year_month_day utc{chr::sys_days{date} + chr::days{shift_days}};
    int year = static_cast<int>(utc.year());
    if (year < 1 || year > 9999) return std::nullopt;
    char out[16];
    std::snprintf(out, sizeof out, "%04d-%02u-%02u", year, static_cast<unsigned>(utc.month()),
                  static_cast<unsigned>(utc.day()));
    return std::string(out);
}

// A REST API or gh issue as a note. Throws std::invalid_argument.
Note issue_note(const nlohmann::json& issue, std::vector<std::string>& warnings) {
    Note note;
    const nlohmann::json& number = issue.at("number");
    if (!number.is_number_integer() ||
        (number.is_number_unsigned() &&
         number.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) ||
        number.get<std::int64_t>() <= 0)
        throw std::invalid_argument("field \"number\" is not an issue number");
    note.id = number.get<std::int64_t>();
    note.title = string_field(issue, "title", true);
    // The REST API's "url" is the API's own address; its page is "html_url". gh's "url" is the page.
    if (field(issue, "html_url"))
        note.url = string_field(issue, "html_url", false);
    else if (!field(issue, "created_at"))
        note.url = string_field(issue, "url", false);
    std::string created =
        field(issue, "created_at") ? string_field(issue, "created_at", false) : string_field(issue, "createdAt", false);
    if (!created.empty()) {
        if (auto date = utc_date(created))
            note.date = *date;
        else
            warnings.push_back("issue #" + std::to_string(note.id) + ": creation time \"" + created +
                               "\" is not a date; the note has none");
    }
    if (const nlohmann::json* labels = field(issue, "labels")) {
        if (!labels->is_array()) throw std::invalid_argument("field \"labels\" is not an array");
        for (const auto& label : *labels) {
            if (label.is_string()) {
                note.tags.push_back(label.get<std::string>());
            } else if (label.is_object() && label.contains("name") && label["name"].is_string()) {
                note.tags.push_back(label["name"].get<std::string>());
            } else {
                throw std::invalid_argument("field \"labels\" holds a label without a name");
            }
        }
    }
    note.comment = markdown_to_text(string_field(issue, "body", false), &note.images);
    return note;
}

// ----- Markdown ----------------------------------------------------------------------------------

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
    while (i < s.size() && (is_ascii_alnum(s[i]) || s[i] == '-')) tag.name.push_back(lower(s[i++]));
    for (;;) {
        std::size_t before_space = i;
        while (i < s.size() && is_space(s[i])) ++i;
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
            name.push_back(lower(s[i++]));
        std::size_t j = i;
        while (j < s.size() && is_space(s[j])) ++j;
        std::string value;
        if (j < s.size() && s[j] == '=') {
            i = j + 1;
            while (i < s.size() && is_space(s[i])) ++i;
            if (i >= s.size()) return std::nullopt;
            if (s[i] == '"' || s[i] == '\'') {
                std::size_t close = s.find(s[i], i + 1);
                if (close == std::string_view::npos) return std::nullopt;
                value = s.substr(i + 1, close - i - 1);
                i = close + 1;
            } else {
                std::size_t start = i;
                while (i < s.size() && !is_space(s[i]) &&
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

class MarkdownReducer {
  public:
    explicit MarkdownReducer(std::vector<Image>* images) : images_(images) {}

    std::string reduce(std::string_view markdown) {
        std::string text;  // "\r\n" and "\r" as "\n"
        text.reserve(markdown.size());
        for (std::size_t i = 0; i < markdown.size(); ++i) {
            if (markdown[i] == '\r') {
                text.push_back('\n');
                if (i + 1 < markdown.size() && markdown[i + 1] == '\n') ++i;
            } else {
                text.push_back(markdown[i]);
            }
        }
        std::vector<std::string> lines;
        std::size_t pos = 0;
        while (pos <= text.size()) {
            std::size_t nl = std::min(text.find('\n', pos), text.size());
            block_line(std::string_view(text).substr(pos, nl - pos), lines);
            pos = nl + 1;
        }
        std::string out;  // trailing blanks cut, blank lines collapsed, none at either end
        bool blank_pending = false;
        for (auto& line : lines) {
            std::size_t from = 0;
            while (from <= line.size()) {  // a <br> made more than one line of it
                std::size_t nl = std::min(line.find('\n', from), line.size());
                std::string_view piece = std::string_view(line).substr(from, nl - from);
                while (!piece.empty() && (piece.back() == ' ' || piece.back() == '\t')) piece.remove_suffix(1);
                from = nl + 1;
                if (piece.find_first_not_of(" \t") == std::string_view::npos) {
                    blank_pending = !out.empty();
                    continue;
                }
                if (!out.empty()) out += blank_pending ? "\n\n" : "\n";
                blank_pending = false;
                out.append(piece);
            }
        }
        return out;
    }

  private:
    static constexpr int kMaxLinkDepth = 8;

    std::vector<Image>* images_;
    bool in_comment_ = false;
    char fence_char_ = 0;  // inside a code fence of this character
    std::size_t fence_length_ = 0;

    // Block structure of one line: fences, quotes, headings, rules, list bullets.
    void block_line(std::string_view line, std::vector<std::string>& out) {
        auto indent = [](std::string_view l) {
            std::size_t n = 0;
            while (n < l.size() && n < 3 && l[n] == ' ') ++n;
            return n;
        };
        auto run = [](std::string_view l, std::size_t at) {
            std::size_t n = 0;
            while (at + n < l.size() && l[at + n] == l[at]) ++n;
            return n;
        };
        if (fence_char_) {
            std::size_t at = indent(line);
            if (at < line.size() && line[at] == fence_char_ && run(line, at) >= fence_length_ &&
                trim_blank(line.substr(at + run(line, at))).empty()) {
                fence_char_ = 0;
                return;
            }
            out.emplace_back(line);
            return;
        }
        if (in_comment_) {
            std::size_t end = line.find("-->");
            if (end == std::string_view::npos) return;
            in_comment_ = false;
            line.remove_prefix(end + 3);
            while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
        }
        std::size_t at = indent(line);
        if (at < line.size() && (line[at] == '`' || line[at] == '~')) {
            std::size_t n = run(line, at);
            if (n >= 3 && (line[at] == '~' || line.substr(at + n).find('`') == std::string_view::npos)) {
                fence_char_ = line[at];
                fence_length_ = n;
                return;
            }
        }
        for (;;) {  // block quote marks
            std::size_t q = indent(line);
            if (q >= line.size() || line[q] != '>') break;
            line.remove_prefix(q + 1);
            if (!line.empty() && line.front() == ' ') line.remove_prefix(1);
        }
        std::string_view t = trim_blank(line);
        if (t.size() >= 3) {  // thematic breaks, setext underlines, table rules: dropped
            char c = t.front();
            bool rule = (c == '-' || c == '*' || c == '_' || c == '=') &&
                        t.find_first_not_of(std::string{c, ' ', '\t'}) == std::string_view::npos;
            bool table_rule = t.find('|') != std::string_view::npos && t.find('-') != std::string_view::npos &&
                              t.find_first_not_of("|-: \t") == std::string_view::npos;
            if (rule || table_rule) return;
        }
        at = indent(line);
        std::size_t hashes = at < line.size() && line[at] == '#' ? run(line, at) : 0;
        if (hashes >= 1 && hashes <= 6 && (at + hashes == line.size() || is_space(line[at + hashes]))) {
            std::string_view heading = trim_blank(line.substr(at + hashes));
            std::size_t end = heading.size();
            while (end > 0 && heading[end - 1] == '#') --end;
            if (end == 0 || is_space(heading[end - 1])) heading = trim_blank(heading.substr(0, end));
            out.push_back(ltrim(inline_text(heading)));
            return;
        }
        std::size_t lead = 0;
        while (lead < line.size() && (line[lead] == ' ' || line[lead] == '\t')) ++lead;
        if (lead + 1 < line.size() && (line[lead] == '-' || line[lead] == '*' || line[lead] == '+') &&
            (line[lead + 1] == ' ' || line[lead + 1] == '\t')) {
            out.push_back(std::string(line.substr(0, lead)) + "- " + ltrim(inline_text(line.substr(lead + 2))));
            return;
        }
        // Indentation is the source's: white space left in front by a dropped image or tag goes.
        out.push_back(std::string(line.substr(0, lead)) + ltrim(inline_text(line.substr(lead))));
    }

    static std::string ltrim(std::string s) {
        s.erase(0, std::min(s.size(), s.find_first_not_of(" \t")));
        return s;
    }

    // Inline markup of one line (of a block's content).
    std::string inline_text(std::string_view s) {
        Line line(s);
        Marked marked;
        render(line, 0, s.size(), 0, marked);
        return drop_emphasis(marked);
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

    void add_image(std::string_view src, std::string_view alt) {
        if (!images_ || !is_http_url(src)) return;
        std::string url = decode_entities(src);
        if (std::none_of(images_->begin(), images_->end(), [&](const Image& i) { return i.src == url; }))
            images_->push_back({url, decode_entities(alt)});
    }

    // [text](destination) or [text][ref] at s[at] == '[': where its text ends, the destination
    // (empty for a reference), and the end of the whole link.
    struct Link {
        std::size_t text_end, end;
        std::string_view destination;
    };
    static std::optional<Link> link_at(const Line& line, std::size_t at, std::size_t limit) {
        std::size_t close = line.match(at, limit);
        if (close == SIZE_MAX || close + 1 >= limit) return std::nullopt;
        std::size_t after = line.match(close + 1, limit);
        if (after == SIZE_MAX) return std::nullopt;
        if (line.s[close + 1] == '(') {
            std::string_view dest = trim_blank(line.s.substr(close + 2, after - close - 2));
            if (dest.size() >= 2 && dest.front() == '<' && dest.find('>') != std::string_view::npos)
                dest = dest.substr(1, dest.find('>') - 1);
            else
                dest = dest.substr(0, std::min(dest.size(), dest.find_first_of(" \t")));
            return Link{close, after + 1, dest};
        }
        return Link{close, after + 1, {}};  // [text][ref]
    }

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
                while (end < to && !is_space(s[end]) &&
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

    // At s[at] == '<': a comment, an autolink, a tag (dropped; <img> kept as an image, <br> a line
    // break) or a plain '<'. Returns where to go on.
    std::size_t html(const Line& line, std::size_t at, std::size_t to, Marked& out) {
        std::string_view s = line.s.substr(0, to);
        if (s.substr(at, 4) == "<!--") {
            std::size_t end = s.find("-->", at + 4);
            if (end != std::string_view::npos) return end + 3;
            in_comment_ = true;  // the rest of the line, and the lines up to "-->"
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

    // Emphasis marks (* _ ~ runs) that pair up are dropped; the others are text.
    static std::string drop_emphasis(const Marked& m) {
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
            bool open = !is_space(after), close = !is_space(before);
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
};

}  // namespace

bool looks_like_json(std::string_view content) {
    if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);
    std::size_t at = skip_blank(content, 0);
    return at < content.size() && (content[at] == '[' || content[at] == '{');
}

std::string markdown_to_text(std::string_view markdown, std::vector<Image>* images) {
    return MarkdownReducer(images).reduce(markdown);
}

IssueExport read_issue_export(std::string_view text) {
    IssueExport result;
    std::size_t pos = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
    bool any = false;
    while ((pos = skip_blank(text, pos)) < text.size()) {
        if (text[pos] != '[' && text[pos] != '{')
            throw ExportError("not an issue export: expected an array or an object at " + position(text, pos));
        any = true;
        Span span = scan_value(text, pos);
        nlohmann::json value = parse_span(text, span);
        auto use = [&](const nlohmann::json& entry, std::size_t at) {
            auto fail = [&](const std::string& why) {
                throw ExportError("not an issue export: the entry at " + position(text, at) + " " + why);
            };
            if (!entry.is_object()) fail("is not an object");
            try {
                if (entry.contains("pull_request")) {
                    ++result.pull_requests;
                } else if (entry.contains("number")) {
                    result.notes.push_back(issue_note(entry, result.warnings));
                } else if (entry.contains("id")) {
                    result.notes.push_back(note_from_json(entry));
                } else if (entry.contains("message") && entry["message"].is_string()) {
                    fail("is a GitHub API error (\"" + entry["message"].get<std::string>() + "\"), not an issue");
                } else {
                    fail("has neither \"number\" (an issue) nor \"id\" (a note)");
                }
            } catch (const std::invalid_argument& e) {
                throw ExportError("not an issue export: the entry at " + position(text, at) + ": " + e.what());
            }
        };
        if (value.is_array()) {
            for (std::size_t i = 0; i < value.size(); ++i)
                use(value[i], i < span.elements.size() ? span.elements[i] : span.begin);
        } else {
            use(value, span.begin);
        }
        pos = span.end;
    }
    if (!any) throw ExportError("not an issue export: no JSON value in it");
    if (result.notes.empty() && result.pull_requests == 0) result.warnings.push_back("an export with no issues");
    return result;
}

}  // namespace notes
