// model_names.cc — a model name's parts and the name they make (model_names.h).
#include "model_names.h"

#include "normalize.h"

namespace notes {

namespace {

bool is_ascii_digit(char32_t cp) { return cp >= '0' && cp <= '9'; }

}  // namespace

Join join_of(std::string_view between) {
    if (between == ".") return Join::Dot;
    if (between == "/") return Join::Slash;
    static constexpr std::string_view kHyphens[] = {"-", "\u2010", "\u2012", "\u2013", "\u2212", "\u30FC"};
    for (auto h : kHyphens)
        if (between == h) return Join::Hyphen;
    return Join::None;
}

std::vector<std::pair<std::size_t, std::size_t>> latin_parts(std::string_view s, std::size_t start, std::size_t end) {
    constexpr std::size_t kMaxParts = 3;
    std::vector<std::pair<std::size_t, std::size_t>> parts;
    bool digit = false;
    for (std::size_t i = start; i < end;) {
        std::size_t at = i;
        bool d = is_ascii_digit(next_codepoint(s, i));
        if (parts.empty() || d != digit)
            parts.emplace_back(at, i);
        else
            parts.back().second = i;
        digit = d;
    }
    if (parts.size() > kMaxParts) return {{start, end}};
    return parts;
}

void mark_name(std::vector<Token>& toks, Token& t, Join join) {
    if (t.kind != TokenKind::Number || toks.empty()) return;
    Token& p = toks.back();
    if ((join == Join::Glued || join == Join::Hyphen) && p.kind == TokenKind::Latin && !p.name_part) {
        p.name = p.term + t.term;
        p.name_part = t.name_part = true;
    } else if (join == Join::Dot && p.kind == TokenKind::Number && p.name_part) {
        std::size_t first = toks.size() - 1;
        while (first > 0 && toks[first].name.empty()) --first;
        if (toks[first].name.size() + t.term.size() >= kMaxTermBytes) return;
        toks[first].name += "." + t.term;
        t.name_part = true;
    }
}

namespace {

bool only_spaces(std::string_view s) {
    if (s.empty()) return false;
    for (std::size_t i = 0; i < s.size();) {
        char32_t cp = next_codepoint(s, i);
        if (cp != ' ' && cp != '\t' && cp != 0x3000) return false;
    }
    return true;
}

}  // namespace

void join_spaced_names(std::string_view text, std::vector<Token>& tokens) {
    constexpr std::size_t kMaxVersionDigits = 3;  // a year (Transformer 2017) is no version
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
        Token& word = tokens[i];
        Token& number = tokens[i + 1];
        if (word.kind != TokenKind::Latin || word.name_part || word.joins_previous ||
            number.kind != TokenKind::Number || number.joins_previous || number.term.size() > kMaxVersionDigits ||
            !only_spaces(text.substr(word.end, number.begin - word.end)))
            continue;
        word.name = word.term + number.term;
        word.name_part = number.name_part = number.joins_previous = true;
        for (std::size_t k = i + 2;
             k < tokens.size() && tokens[k].joins_previous && tokens[k].kind == TokenKind::Number &&
             text.substr(tokens[k - 1].end, tokens[k].begin - tokens[k - 1].end) == ".";
             ++k) {
            word.name += "." + tokens[k].term;
            tokens[k].name_part = true;
        }
    }
}

}  // namespace notes
