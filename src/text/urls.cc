// urls.cc — finds URLs in text, ends each where its grammar ends, and picks the words to index.
#include "urls.h"

#include <algorithm>
#include <string>

#include "ascii.h"

namespace notes {

namespace {

bool is_url_char(char c) {
    return is_ascii_alnum(c) || std::string_view("-._~:/?#[]@!$&'()*+,;=%").find(c) != std::string_view::npos;
}

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

// The length of the digit run at s[at].
std::size_t digits_at(std::string_view s, std::size_t at) {
    std::size_t n = 0;
    while (at + n < s.size() && is_ascii_digit(s[at + n])) ++n;
    return n;
}

// Where `url` (scheme and all) ends by its site's grammar, or npos when no rule knows its site.
std::size_t site_end(std::string_view url) {
    std::size_t host = url.find("://") + 3;
    std::size_t path = std::min(url.find('/', host), url.size());
    std::string host_name = ascii_lower(url.substr(host, path - host));
    if (host_name.starts_with("www.")) host_name.erase(0, 4);
    std::string_view p = url.substr(path);
    auto after = [&](std::string_view marker, std::size_t from) -> std::size_t {
        std::size_t at = p.find(marker, from);
        return at == std::string_view::npos ? std::string_view::npos : at + marker.size();
    };
    if (host_name == "twitter.com" || host_name == "x.com" || host_name == "mobile.twitter.com") {
        std::size_t id = after("/status/", 0);
        if (id == std::string_view::npos || digits_at(p, id) == 0) return std::string_view::npos;
        std::size_t end = id + digits_at(p, id);
        // The share link's ?s=<n>&t=<22 characters>, whatever is glued after it.
        if (p.substr(end, 3) == "?s=" && p.substr(end + 3 + digits_at(p, end + 3), 3) == "&t=") {
            std::size_t t = end + 3 + digits_at(p, end + 3) + 3, n = 0;
            while (t + n < p.size() && n < 22 && (is_ascii_alnum(p[t + n]) || p[t + n] == '-' || p[t + n] == '_')) ++n;
            if (n == 22) end = t + n;
        }
        return path + end;
    }
    if (host_name == "github.com") {
        std::size_t slashes = 0, at = 0;  // /OWNER/REPO/(issues|pull)/N
        for (; at < p.size() && slashes < 4; ++at) slashes += p[at] == '/';
        std::string_view kind = p.substr(0, at);
        if (slashes < 4 || digits_at(p, at) == 0 || !(kind.ends_with("/issues/") || kind.ends_with("/pull/")))
            return std::string_view::npos;
        return path + at + digits_at(p, at);
    }
    if (host_name == "note.com") {  // /USER/n/n + 12 hexadecimal digits
        std::size_t id = after("/n/n", 0), n = 0;
        while (id != std::string_view::npos && id + n < p.size() && n < 12 &&
               std::string_view("0123456789abcdef").find(p[id + n]) != std::string_view::npos)
            ++n;
        return n == 12 ? path + id + n : std::string_view::npos;
    }
    return std::string_view::npos;
}

// Where a URL that text was glued onto ends in its last path segment: after a known file
// extension followed by a capital, else before the first capital that follows a digit (or a
// lower-case letter, when the segment begins lower case); npos when nothing marks a seam.
std::size_t glued_seam(std::string_view url) {
    std::size_t host = url.find("://") + 3;
    std::size_t slash = url.rfind('/');
    if (slash < host || slash == std::string_view::npos || url.find_first_of("?#", slash) != std::string_view::npos)
        return std::string_view::npos;
    std::string_view segment = url.substr(slash + 1);
    for (std::string_view ext : {".pdf", ".html", ".htm", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".md", ".ipynb"}) {
        std::size_t at = segment.find(ext);
        if (at != std::string_view::npos && at + ext.size() < segment.size() && is_upper(segment[at + ext.size()]))
            return slash + 1 + at + ext.size();
    }
    bool lower_start = !segment.empty() && is_lower(segment.front());
    for (std::size_t i = 1; i < segment.size(); ++i) {
        char before = segment[i - 1];
        if (is_upper(segment[i]) && (is_ascii_digit(before) || (lower_start && is_lower(before)))) {
            std::string_view rest = segment.substr(i);
            if (std::all_of(rest.begin(), rest.end(), is_ascii_alnum)) return slash + 1 + i;
            return std::string_view::npos;
        }
    }
    return std::string_view::npos;
}

// The run of URL characters from `begin`, without trailing punctuation or an unopened ) or ].
std::size_t run_end(std::string_view text, std::size_t begin) {
    std::size_t end = begin;
    int parens = 0, brackets = 0;
    for (; end < text.size() && is_url_char(text[end]); ++end) {
        char c = text[end];
        if (c == '(') ++parens;
        if (c == '[') ++brackets;
        if ((c == ')' && --parens < 0) || (c == ']' && --brackets < 0)) break;
    }
    while (end > begin && std::string_view(".,:;!?'*").find(text[end - 1]) != std::string_view::npos) --end;
    return end;
}

bool is_id(std::string_view word) {
    auto digits = static_cast<std::size_t>(std::count_if(word.begin(), word.end(), is_ascii_digit));
    return word.size() >= 8 && digits >= 3;
}

// Words every link of some site carries, which say nothing about the note.
bool is_url_boilerplate(std::string_view word) {
    static constexpr std::string_view kWords[] = {"status", "issues", "pull",  "blob",   "tree", "main", "master",
                                                  "entry",  "items",  "files", "assets", "abs",  "pdf",  "html"};
    std::string lower = ascii_lower(word);
    return std::find(std::begin(kWords), std::end(kWords), lower) != std::end(kWords);
}

std::vector<Url::Word> words_of(std::string_view text, std::size_t begin, std::size_t end) {
    std::string_view url = text.substr(begin, end - begin);
    std::size_t host = url.find("://") + 3;
    std::size_t path = std::min(url.find_first_of("/?#", host), url.size());
    std::size_t stop = std::min(url.find_first_of("?#", host), url.size());
    std::vector<Url::Word> words;
    for (std::size_t i = host; i < stop;) {
        if (!is_ascii_alnum(url[i])) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < stop && is_ascii_alnum(url[j])) ++j;
        std::string_view w = url.substr(i, j - i);
        bool keep = i < path ? w.size() > 2 && ascii_lower(w) != "www" && j < path  // not the top-level domain
                             : w.size() > 1 && !is_id(w) && !is_url_boilerplate(w);
        if (keep) words.push_back({begin + i, begin + j});
        i = j;
    }
    return words;
}

}  // namespace

std::vector<Url> find_urls(std::string_view text) {
    std::vector<Url> urls;
    for (std::size_t at = 0; at < text.size();) {
        std::size_t h = text.find("http", at);
        if (h == std::string_view::npos) break;
        std::string_view rest = text.substr(h);
        std::size_t scheme = starts_with_ascii_nocase(rest, "https://")  ? 8
                             : starts_with_ascii_nocase(rest, "http://") ? 7
                                                                         : 0;
        if (scheme == 0 || h + scheme >= text.size() || !is_ascii_alnum(text[h + scheme])) {
            at = h + 4;
            continue;
        }
        std::size_t end = run_end(text, h);
        bool glued = end < text.size() && static_cast<unsigned char>(text[end]) >= 0x80;
        std::string_view url = text.substr(h, end - h);
        if (std::size_t site = site_end(url); site != std::string_view::npos)
            end = h + site;
        else if (std::size_t seam = glued ? glued_seam(url) : std::string_view::npos; seam != std::string_view::npos)
            end = h + seam;
        urls.push_back({h, end, words_of(text, h, end)});
        at = end;
    }
    return urls;
}

}  // namespace notes
