// query_parser.cc — the query language's lexer and a small recursive-descent parser.
#include "query_parser.h"

#include <algorithm>
#include <unordered_set>

#include "ascii.h"
#include "fields.h"
#include "normalize.h"
#include "tags.h"

namespace notes {

namespace {

struct Lexeme {
    enum class Type { Word, Phrase, LParen, RParen, Or, And, Not };
    Type type;
    std::string text;   // Word: as written; Phrase: inside the quotes
    std::string field;  // Phrase: the field before :"..." when there was one
};

bool space_at(std::string_view s, std::size_t i, std::size_t& width) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        width = 1;
        return true;
    }
    if (s.substr(i).starts_with(kIdeographicSpace)) {
        width = kIdeographicSpace.size();
        return true;
    }
    return false;
}

std::vector<Lexeme> lex(std::string_view s) {
    std::vector<Lexeme> out;
    std::size_t i = 0, w = 0;
    while (i < s.size()) {
        if (space_at(s, i, w)) {
            i += w;
            continue;
        }
        char c = s[i];
        if (c == '(' || c == ')') {
            out.push_back({c == '(' ? Lexeme::Type::LParen : Lexeme::Type::RParen, std::string(1, c), ""});
            ++i;
            continue;
        }
        if (c == '-' && i + 1 < s.size() && !space_at(s, i + 1, w) && s[i + 1] != ')') {
            out.push_back({Lexeme::Type::Not, "-", ""});
            ++i;
            continue;
        }
        if (c == '"') {
            std::size_t close = s.find('"', i + 1);
            if (close == std::string_view::npos)
                throw QueryError("cannot parse query: unbalanced quote (\") at character " + std::to_string(i + 1));
            out.push_back({Lexeme::Type::Phrase, std::string(s.substr(i + 1, close - i - 1)), ""});
            i = close + 1;
            continue;
        }
        std::size_t start = i;
        while (i < s.size() && !space_at(s, i, w) && s[i] != '(' && s[i] != ')') {
            if (s[i] == ':' && i + 1 < s.size() && s[i + 1] == '"') {  // field:"quoted value"
                std::size_t close = s.find('"', i + 2);
                if (close == std::string_view::npos)
                    throw QueryError("cannot parse query: unbalanced quote (\") at character " + std::to_string(i + 2));
                out.push_back({Lexeme::Type::Phrase, std::string(s.substr(i + 2, close - i - 2)),
                               std::string(s.substr(start, i - start))});
                i = close + 1;
                start = std::string_view::npos;
                break;
            }
            ++i;
        }
        if (start == std::string_view::npos) continue;
        std::string word(s.substr(start, i - start));
        if (word == "OR")
            out.push_back({Lexeme::Type::Or, word, ""});
        else if (word == "AND")
            out.push_back({Lexeme::Type::And, word, ""});
        else if (word == "NOT")
            out.push_back({Lexeme::Type::Not, word, ""});
        else
            out.push_back({Lexeme::Type::Word, word, ""});
    }
    return out;
}

bool date_shaped(std::string_view d) {
    // YYYY, YYYY-MM or YYYY-MM-DD
    if (d.size() != 4 && d.size() != 7 && d.size() != 10) return false;
    for (std::size_t i = 0; i < d.size(); ++i) {
        bool dash = i == 4 || i == 7;
        if (dash ? d[i] != '-' : (d[i] < '0' || d[i] > '9')) return false;
    }
    return true;
}

int number_at(std::string_view d, std::size_t at, std::size_t digits) {
    int n = 0;
    for (std::size_t i = at; i < at + digits; ++i) n = n * 10 + (d[i] - '0');
    return n;
}

// Why a date-shaped bound is no day of the calendar (years 0001 to 9999, Gregorian); "" when it is one.
std::string date_problem(std::string_view d) {
    int year = number_at(d, 0, 4);
    if (year == 0) return "there is no year 0000";
    if (d.size() < 7) return "";
    int month = number_at(d, 5, 2);
    if (month < 1 || month > 12) return "there is no month " + std::string(d.substr(5, 2));
    if (d.size() < 10) return "";
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    int days = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
    int day = number_at(d, 8, 2);
    if (day < 1 || day > days)
        return std::string(d.substr(0, 7)) + " has no day " + std::string(d.substr(8, 2)) + " (it has " +
               std::to_string(days) + ")";
    return "";
}

// A date:VALUE checked: a date or a range of them, its start not after its end.
void check_date(const std::string& value, const std::string& lo, const std::string& hi) {
    if ((lo.empty() && hi.empty()) || (!lo.empty() && !date_shaped(lo)) || (!hi.empty() && !date_shaped(hi)))
        throw QueryError("cannot parse query: date:" + value +
                         " is not a date or range (YYYY, YYYY-MM, YYYY-MM-DD, A..B, ..B, A..)");
    for (const std::string& bound : {lo, hi})
        if (std::string problem = bound.empty() ? "" : date_problem(bound); !problem.empty())
            throw QueryError("cannot parse query: date:" + value + " is not a date: " + problem);
    // Compared as their first days: 2023-05..2023 is May to December, 2024..2023 nothing.
    if (!lo.empty() && !hi.empty() &&
        lo.substr(0, std::min(lo.size(), hi.size())) > hi.substr(0, std::min(lo.size(), hi.size())))
        throw QueryError("cannot parse query: date:" + value + " is an empty range: " + lo + " comes after " + hi);
}

// A field of the query language with a value of the kind it takes, for messages; "" for a word
// that names no field (arXiv:, http:).
std::string field_example(std::string_view field) {
    if (field == "tag") return "tag:NAME";
    if (field == "id") return "id:881";
    if (field == "date") return "date:2023";
    if (schema::find_text_field(field)) return std::string(field) + ":WORD";
    return "";
}

// A field with nothing after its colon (tag:, title:"") is refused, not searched as the word "tag".
void check_value(const std::string& field, const std::string& value) {
    std::string example = field_example(field);
    if (!example.empty() && trim(value).empty())
        throw QueryError("cannot parse query: nothing after \"" + field + ":\"; write " + example +
                         ", with no space after the colon");
}

// The shape of a subtree in one string, so that repeated words and groups are merged.
std::string signature(const QueryNode& n) {
    std::string s = std::to_string(static_cast<int>(n.kind)) + (n.implicit ? "i" : "") + n.field + '\x1f' + n.value;
    if (!n.children.empty()) {
        s += '(';
        for (const auto& c : n.children) s += signature(*c) + '\x1e';
        s += ')';
    }
    return s;
}

// The distinct words and filters of a tree (its leaves), into `seen`.
void count_leaves(const QueryNode& n, std::unordered_set<std::string>& seen) {
    if (n.children.empty()) seen.insert(signature(n));
    for (const auto& c : n.children) count_leaves(*c, seen);
}

class Parser {
  public:
    explicit Parser(std::vector<Lexeme> lexemes) : lx_(std::move(lexemes)) {}

    std::unique_ptr<QueryNode> parse() {
        if (lx_.empty()) throw QueryError("cannot parse query: it is empty");
        auto node = parse_or();
        if (pos_ < lx_.size()) {
            if (lx_[pos_].type == Lexeme::Type::RParen)
                throw QueryError("cannot parse query: unbalanced parenthesis: \")\" without \"(\"");
            throw QueryError("cannot parse query: unexpected \"" + lx_[pos_].text + "\"");
        }
        std::unordered_set<std::string> words;
        count_leaves(*node, words);
        if (words.size() > kMaxQueryWords) throw too_many_words(words.size());
        return node;
    }

  private:
    bool at(Lexeme::Type t) const { return pos_ < lx_.size() && lx_[pos_].type == t; }

    std::unique_ptr<QueryNode> parse_or() {
        auto left = parse_and();
        if (!at(Lexeme::Type::Or)) return left;
        auto node = std::make_unique<QueryNode>();
        node->kind = QueryNode::Kind::Or;
        node->children.push_back(std::move(left));
        while (at(Lexeme::Type::Or)) {
            ++pos_;
            node->children.push_back(parse_and());
        }
        return merge_repeated(std::move(node));
    }

    std::unique_ptr<QueryNode> parse_and() {
        auto node = std::make_unique<QueryNode>();
        node->kind = QueryNode::Kind::And;
        node->implicit = true;
        while (pos_ < lx_.size() && !at(Lexeme::Type::Or) && !at(Lexeme::Type::RParen)) {
            if (at(Lexeme::Type::And)) {
                node->implicit = false;
                ++pos_;
                continue;
            }
            node->children.push_back(parse_unary());
        }
        if (node->children.empty()) {
            std::string what = pos_ < lx_.size() ? "before \"" + lx_[pos_].text + "\"" : "at the end";
            throw QueryError("cannot parse query: a word is missing " + what);
        }
        return merge_repeated(std::move(node));
    }

    std::unique_ptr<QueryNode> parse_unary() {
        if (at(Lexeme::Type::Not)) {
            ++pos_;
            if (pos_ >= lx_.size() || at(Lexeme::Type::Or) || at(Lexeme::Type::RParen))
                throw QueryError("cannot parse query: nothing to exclude after \"NOT\" or \"-\"");
            auto node = std::make_unique<QueryNode>();
            node->kind = QueryNode::Kind::Not;
            node->children.push_back(parse_primary());
            return node;
        }
        return parse_primary();
    }

    std::unique_ptr<QueryNode> parse_primary() {
        const Lexeme& l = lx_[pos_++];
        auto node = std::make_unique<QueryNode>();
        switch (l.type) {
            case Lexeme::Type::LParen: {
                // Each level is a call deeper: a bound keeps 25,000 "(" from overflowing the stack.
                if (++depth_ > kMaxQueryDepth)
                    throw QueryError("cannot parse query: too deeply nested (more than " +
                                     std::to_string(kMaxQueryDepth) + " levels of parentheses)");
                auto inner = parse_or();
                if (!at(Lexeme::Type::RParen))
                    throw QueryError("cannot parse query: unbalanced parenthesis: \"(\" is never closed");
                ++pos_;
                --depth_;
                return inner;
            }
            case Lexeme::Type::Phrase: return field_node(l.field, l.text, /*quoted=*/true);
            case Lexeme::Type::Word: {
                if (l.text.size() > 1 && l.text[0] == '#') return field_node("tag", l.text.substr(1), false);
                auto colon = l.text.find(':');
                if (colon != std::string::npos && colon > 0 && colon + 1 < l.text.size())
                    return field_node(l.text.substr(0, colon), l.text.substr(colon + 1), false, l.text);
                if (colon != std::string::npos && colon > 0) check_value(l.text.substr(0, colon), "");
                if (l.text.back() == '*') return wildcard_node("", l.text);
                node->kind = QueryNode::Kind::Text;
                node->value = l.text;
                return node;
            }
            default: throw QueryError("cannot parse query: unexpected \"" + l.text + "\"");
        }
    }

    static std::unique_ptr<QueryNode> field_node(const std::string& field, const std::string& value, bool quoted,
                                                 const std::string& as_written = "") {
        check_value(field, value);
        auto node = std::make_unique<QueryNode>();
        node->value = value;
        if (field == "tag") {
            node->kind = QueryNode::Kind::Tag;
            if (tag_key(value).empty()) throw QueryError("cannot parse query: tag: names no tag");
        } else if (field == "id") {
            node->kind = QueryNode::Kind::Id;
            std::string v = value.size() > 1 && value[0] == '#' ? value.substr(1) : value;
            if (v.empty() || v.size() > 15 || v.find_first_not_of("0123456789") != std::string::npos)
                throw QueryError("cannot parse query: id:" + value + " is not an issue number");
            node->value = v;
        } else if (field == "date") {
            node->kind = QueryNode::Kind::Date;
            auto dots = value.find("..");
            check_date(value, dots == std::string::npos ? value : value.substr(0, dots),
                       dots == std::string::npos ? value : value.substr(dots + 2));
        } else if (!quoted && value.back() == '*' && (field.empty() || schema::find_text_field(field))) {
            return wildcard_node(field, value);
        } else if (field.empty() || schema::find_text_field(field)) {
            node->kind = quoted ? QueryNode::Kind::Phrase : QueryNode::Kind::Text;
            node->field = field;
        } else {  // not a field we know: the words as written (arXiv:2305.14314, http://...)
            node->kind = quoted ? QueryNode::Kind::Phrase : QueryNode::Kind::Text;
            node->value = quoted ? field + " " + value : as_written;
        }
        return node;
    }

    // A word ending in "*" (quant*, title:quant*): the start of the words it stands for. A bare
    // "*" would stand for every word of the index, and is refused.
    static std::unique_ptr<QueryNode> wildcard_node(const std::string& field, const std::string& word) {
        auto node = std::make_unique<QueryNode>();
        node->kind = QueryNode::Kind::Wildcard;
        node->field = field;
        node->value = word.substr(0, word.find_last_not_of('*') + 1);
        if (trim(node->value).empty())
            throw QueryError(
                "cannot parse query: " + (field.empty() ? "" : field + ":") + word +
                " has no word before the *; a wildcard ends a word (quant* finds quantization, quantized)");
        return node;
    }

    static QueryError too_many_words(std::size_t n) {
        return QueryError("cannot parse query: too many words (" + std::to_string(n) + "; at most " +
                          std::to_string(kMaxQueryWords) + ")");
    }

    // Repeated operands say nothing more (a AND a is a, a OR a is a): the first of each is kept,
    // and an operator left with one operand is that operand. Words typed one after another are
    // left to the builder, which reads them as one text (a repeated word there is merged too).
    static std::unique_ptr<QueryNode> merge_repeated(std::unique_ptr<QueryNode> node) {
        std::unordered_set<std::string> seen;
        std::vector<std::unique_ptr<QueryNode>> kept;
        for (auto& child : node->children) {
            bool in_run = node->implicit && child->kind == QueryNode::Kind::Text;
            if (in_run || seen.insert(signature(*child)).second) kept.push_back(std::move(child));
        }
        node->children = std::move(kept);
        if (node->children.size() == 1) return std::move(node->children.front());
        return node;
    }

    std::vector<Lexeme> lx_;
    std::size_t pos_ = 0;
    std::size_t depth_ = 0;
};

}  // namespace

namespace {

// The query line as an IME types it, read as its ASCII forms: NFKC first (ＯＲ, －, （）, ：, ＂ and
// U+3000 become OR, -, (), :, " and a space), then curly double quotes, which NFKC keeps, as ".
std::string as_typed(std::string_view text) {
    std::string s = nfkc(text);
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        bool quote = false;
        for (std::string_view q : {"\u201C", "\u201D", "\u201E", "\u201F", "\u301D", "\u301E", "\u301F"})
            if (s.compare(i, q.size(), q) == 0) {
                out += '"';
                i += q.size();
                quote = true;
                break;
            }
        if (!quote) out += s[i++];
    }
    return out;
}

}  // namespace

std::unique_ptr<QueryNode> parse_query(std::string_view text) {
    if (std::size_t bad = find_invalid_utf8(text); bad != std::string_view::npos)
        throw QueryError("cannot parse query: invalid UTF-8 at byte " + std::to_string(bad));
    return Parser(lex(as_typed(text))).parse();
}

}  // namespace notes
