// markdown.cc — Markdown reduced to text line by line: line breaks, fences, quotes, rules, headings
// and bullets here; what is inside a line in markdown_inline.cc.
#include "markdown.h"

#include <algorithm>

#include "ascii.h"
#include "markdown_inline.h"

namespace notes {

namespace {

// Up to three spaces in front of a block mark (four make indented code, which stays text).
std::size_t indent(std::string_view line) {
    std::size_t n = 0;
    while (n < line.size() && n < 3 && line[n] == ' ') ++n;
    return n;
}

// How many times line[at] repeats from `at` on.
std::size_t run(std::string_view line, std::size_t at) {
    std::size_t n = 0;
    while (at + n < line.size() && line[at + n] == line[at]) ++n;
    return n;
}

std::string ltrim(std::string s) {
    s.erase(0, std::min(s.size(), s.find_first_not_of(" \t")));
    return s;
}

// "\r\n" and "\r" as "\n".
std::string unify_line_breaks(std::string_view markdown) {
    std::string text;
    text.reserve(markdown.size());
    for (std::size_t i = 0; i < markdown.size(); ++i) {
        if (markdown[i] == '\r') {
            text.push_back('\n');
            if (i + 1 < markdown.size() && markdown[i + 1] == '\n') ++i;
        } else {
            text.push_back(markdown[i]);
        }
    }
    return text;
}

std::string_view without_quote_marks(std::string_view line) {
    for (;;) {
        std::size_t q = indent(line);
        if (q >= line.size() || line[q] != '>') return line;
        line.remove_prefix(q + 1);
        if (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    }
}

// Thematic breaks, setext underlines and table rules (given trimmed): lines that are dropped.
bool is_rule(std::string_view t) {
    if (t.size() < 3) return false;
    char c = t.front();
    bool rule = (c == '-' || c == '*' || c == '_' || c == '=') &&
                t.find_first_not_of(std::string{c, ' ', '\t'}) == std::string_view::npos;
    bool table_rule = t.find('|') != std::string_view::npos && t.find('-') != std::string_view::npos &&
                      t.find_first_not_of("|-: \t") == std::string_view::npos;
    return rule || table_rule;
}

// The reduced lines as one text: trailing blanks cut, blank lines collapsed, none at either end.
std::string join_lines(const std::vector<std::string>& lines) {
    std::string out;
    bool blank_pending = false;
    for (const auto& line : lines) {
        std::size_t from = 0;
        while (from <= line.size()) {  // a <br> made more than one line of it
            std::size_t nl = std::min(line.find('\n', from), line.size());
            std::string_view piece = std::string_view(line).substr(from, nl - from);
            piece = piece.substr(0, piece.find_last_not_of(" \t") + 1);
            from = nl + 1;
            if (piece.empty()) {
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

class MarkdownReducer {
  public:
    explicit MarkdownReducer(std::vector<Image>* images) { inline_.images = images; }

    std::string reduce(std::string_view markdown) {
        std::string text = unify_line_breaks(markdown);
        std::vector<std::string> lines;
        std::size_t pos = 0;
        while (pos <= text.size()) {
            std::size_t nl = std::min(text.find('\n', pos), text.size());
            block_line(std::string_view(text).substr(pos, nl - pos), lines);
            pos = nl + 1;
        }
        return join_lines(lines);
    }

  private:
    InlineContext inline_;
    char fence_char_ = 0;  // inside a code fence of this character
    std::size_t fence_length_ = 0;

    // Block structure of one line: fences, quotes, headings, rules, list bullets.
    void block_line(std::string_view line, std::vector<std::string>& out) {
        if (fence_char_) {
            if (!closes_fence(line)) out.emplace_back(line);
            return;
        }
        if (inline_.in_comment && !ends_comment(line)) return;
        if (opens_fence(line)) return;
        line = without_quote_marks(line);
        if (is_rule(trim(line))) return;
        out.push_back(text_of(line));
    }

    bool closes_fence(std::string_view line) {
        std::size_t at = indent(line);
        if (at >= line.size() || line[at] != fence_char_ || run(line, at) < fence_length_ ||
            !trim(line.substr(at + run(line, at))).empty())
            return false;
        fence_char_ = 0;
        return true;
    }

    bool opens_fence(std::string_view line) {
        std::size_t at = indent(line);
        if (at >= line.size() || (line[at] != '`' && line[at] != '~')) return false;
        std::size_t n = run(line, at);
        if (n < 3 || (line[at] == '`' && line.substr(at + n).find('`') != std::string_view::npos)) return false;
        fence_char_ = line[at];
        fence_length_ = n;
        return true;
    }

    // Inside an HTML comment: whether it ends on `line`, which is then cut to what follows it.
    bool ends_comment(std::string_view& line) {
        std::size_t end = line.find("-->");
        if (end == std::string_view::npos) return false;
        inline_.in_comment = false;
        line.remove_prefix(end + 3);
        line.remove_prefix(std::min(line.size(), line.find_first_not_of(" \t")));
        return true;
    }

    // A line of text: a heading without its marks, a list bullet as "- ", or the line itself.
    std::string text_of(std::string_view line) {
        std::size_t at = indent(line);
        std::size_t hashes = at < line.size() && line[at] == '#' ? run(line, at) : 0;
        if (hashes >= 1 && hashes <= 6 && (at + hashes == line.size() || is_ascii_blank(line[at + hashes]))) {
            std::string_view heading = trim(line.substr(at + hashes));
            std::size_t end = heading.size();
            while (end > 0 && heading[end - 1] == '#') --end;
            if (end == 0 || is_ascii_blank(heading[end - 1])) heading = trim(heading.substr(0, end));
            return ltrim(reduce_inline(heading, inline_));
        }
        std::size_t lead = std::min(line.size(), line.find_first_not_of(" \t"));
        if (lead + 1 < line.size() && (line[lead] == '-' || line[lead] == '*' || line[lead] == '+') &&
            (line[lead + 1] == ' ' || line[lead + 1] == '\t'))
            return std::string(line.substr(0, lead)) + "- " + ltrim(reduce_inline(line.substr(lead + 2), inline_));
        // Indentation is the source's: white space left in front by a dropped image or tag goes.
        return std::string(line.substr(0, lead)) + ltrim(reduce_inline(line.substr(lead), inline_));
    }
};

}  // namespace

std::string markdown_to_text(std::string_view markdown, std::vector<Image>* images) {
    return MarkdownReducer(images).reduce(markdown);
}

}  // namespace notes
