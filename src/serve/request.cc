// request.cc — checking a request's parameters and turning them into the command --json runs.
#include "request.h"

#include <charconv>

#include "ascii.h"
#include "normalize.h"
#include "printable.h"

namespace notes::serve {

namespace {

// The one value of a parameter that counts once ("" when absent).
std::string single(const Params& params, const std::string& name) {
    auto [first, last] = params.equal_range(name);
    if (first == last) return "";
    if (std::next(first) != last) throw BadRequest("cannot use " + name + ": give it once");
    return first->second;
}

void check_text(const std::string& name, const std::string& value, std::size_t max_bytes) {
    if (value.size() > max_bytes)
        throw BadRequest("cannot use " + name + ": it is over " + std::to_string(max_bytes) + " bytes");
    if (std::size_t at = find_invalid_utf8(value); at != std::string::npos)
        throw BadRequest("cannot use " + name + ": it is not valid UTF-8 (at byte " + std::to_string(at + 1) + ")");
}

std::size_t number(const std::string& name, const std::string& text, std::size_t fallback, std::size_t max) {
    if (text.empty()) return fallback;
    std::size_t value = 0;
    const char* end = text.data() + text.size();
    const auto [at, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || at != end || value > max)
        throw BadRequest("cannot use " + name + "=" + printable(text) + ": give a number from 0 to " +
                         std::to_string(max));
    return value;
}

void append_encoded(std::string& out, std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    for (unsigned char c : text) {
        if (is_ascii_alnum(static_cast<char>(c)) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
}

}  // namespace

bool SearchState::blank() const {
    return q.find_first_not_of(" \t\r\n") == std::string::npos && tags.empty() && date.empty();
}

SearchState read_state(const Params& params) {
    SearchState s;
    s.q = single(params, "q");
    check_text("q", s.q, kMaxQueryBytes);
    auto [first, last] = params.equal_range("tag");
    for (auto it = first; it != last; ++it) {
        if (it->second.empty()) continue;  // a form's empty field
        check_text("tag", it->second, kMaxTagBytes);
        if (s.tags.size() == kMaxTags) throw BadRequest("cannot use tag: give at most " + std::to_string(kMaxTags));
        s.tags.push_back(it->second);
    }
    s.date = single(params, "date");
    check_text("date", s.date, kMaxDateBytes);
    // Only what a date range is written with, so that the value cannot add words or operators
    // to the query it is appended to; the query parser judges the rest.
    if (s.date.find_first_not_of("0123456789-.") != std::string::npos)
        throw BadRequest("cannot use date=" + printable(s.date) + ": give a date or a range (2023, 2023-01..2023-06)");
    const std::string sort = single(params, "sort");
    if (!sort.empty()) s.sort = sort;
    if (s.sort != "relevance" && s.sort != "newest" && s.sort != "oldest")
        throw BadRequest("cannot use sort=" + printable(s.sort) + ": give relevance, newest or oldest");
    s.limit = number("limit", single(params, "limit"), 20, kMaxLimit);
    s.offset = number("offset", single(params, "offset"), 0, kMaxOffset);
    return s;
}

Command command_of(const SearchState& s) {
    Command c;
    c.request.query = s.q;
    if (!s.date.empty()) c.request.query += (s.q.empty() ? "date:" : " date:") + s.date;
    c.request.filter_tags = s.tags;
    c.request.limit = s.limit;
    c.request.offset = s.offset;
    c.request.sort = s.sort == "newest"   ? SortOrder::Newest
                     : s.sort == "oldest" ? SortOrder::Oldest
                                          : SortOrder::Relevance;
    return c;
}

std::string page_url(const SearchState& s) {
    std::string out = "/";
    auto add = [&](std::string_view name, std::string_view value) {
        out += out.size() == 1 ? "?" : "&";
        out += name;
        out += '=';
        append_encoded(out, value);
    };
    if (!s.q.empty()) add("q", s.q);
    for (const auto& t : s.tags) add("tag", t);
    if (!s.date.empty()) add("date", s.date);
    if (s.sort != "relevance") add("sort", s.sort);
    return out;
}

}  // namespace notes::serve
