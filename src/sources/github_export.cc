// github_export.cc — reads GitHub issue exports into notes.
#include "github_export.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <optional>

#include "ascii.h"
#include "markdown.h"
#include "tags.h"

namespace notes {

namespace {

std::size_t skip_blank(std::string_view text, std::size_t pos) {
    while (pos < text.size() && is_ascii_blank(text[pos])) ++pos;
    return pos;
}

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
        if (expect_element && !is_ascii_blank(c)) {
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
            std::string name;
            if (label.is_string())
                name = label.get<std::string>();
            else if (label.is_object() && label.contains("name") && label["name"].is_string())
                name = label["name"].get<std::string>();
            else
                throw std::invalid_argument("field \"labels\" holds a label without a name");
            if (std::string tag = clean_tag(name); !tag.empty()) note.tags.push_back(std::move(tag));
        }
    }
    note.comment = markdown_to_text(string_field(issue, "body", false), &note.images);
    return note;
}

}  // namespace

bool looks_like_json(std::string_view content) {
    if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);
    std::size_t at = skip_blank(content, 0);
    return at < content.size() && (content[at] == '[' || content[at] == '{');
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
