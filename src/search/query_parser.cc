// query_parser.cc — the query language's lexer and a small recursive-descent parser.
#include "query_parser.h"

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

bool valid_date_bound(std::string_view d) {
    // YYYY, YYYY-MM or YYYY-MM-DD
    if (d.size() != 4 && d.size() != 7 && d.size() != 10) return false;
    for (std::size_t i = 0; i < d.size(); ++i) {
        bool dash = i == 4 || i == 7;
        if (dash ? d[i] != '-' : (d[i] < '0' || d[i] > '9')) return false;
    }
    return true;
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
        return node;
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
        if (node->children.size() == 1) return std::move(node->children.front());
        return node;
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
                auto inner = parse_or();
                if (!at(Lexeme::Type::RParen))
                    throw QueryError("cannot parse query: unbalanced parenthesis: \"(\" is never closed");
                ++pos_;
                return inner;
            }
            case Lexeme::Type::Phrase: return field_node(l.field, l.text, /*quoted=*/true);
            case Lexeme::Type::Word: {
                if (l.text.size() > 1 && l.text[0] == '#') return field_node("tag", l.text.substr(1), false);
                auto colon = l.text.find(':');
                if (colon != std::string::npos && colon > 0 && colon + 1 < l.text.size())
                    return field_node(l.text.substr(0, colon), l.text.substr(colon + 1), false, l.text);
                node->kind = QueryNode::Kind::Text;
                node->value = l.text;
                return node;
            }
            default: throw QueryError("cannot parse query: unexpected \"" + l.text + "\"");
        }
    }

    static std::unique_ptr<QueryNode> field_node(const std::string& field, const std::string& value, bool quoted,
                                                 const std::string& as_written = "") {
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
            std::string lo = dots == std::string::npos ? value : value.substr(0, dots);
            std::string hi = dots == std::string::npos ? value : value.substr(dots + 2);
            if ((lo.empty() && hi.empty()) || (!lo.empty() && !valid_date_bound(lo)) ||
                (!hi.empty() && !valid_date_bound(hi)))
                throw QueryError("cannot parse query: date:" + value +
                                 " is not a date or range (YYYY, YYYY-MM, YYYY-MM-DD, A..B, ..B, A..)");
        } else if (field.empty() || schema::find_text_field(field)) {
            node->kind = quoted ? QueryNode::Kind::Phrase : QueryNode::Kind::Text;
            node->field = field;
        } else {  // not a field we know: the words as written (arXiv:2305.14314, http://...)
            node->kind = quoted ? QueryNode::Kind::Phrase : QueryNode::Kind::Text;
            node->value = quoted ? field + " " + value : as_written;
        }
        return node;
    }

    std::vector<Lexeme> lx_;
    std::size_t pos_ = 0;
};

}  // namespace

std::unique_ptr<QueryNode> parse_query(std::string_view text) {
    if (std::size_t bad = find_invalid_utf8(text); bad != std::string_view::npos)
        throw QueryError("cannot parse query: invalid UTF-8 at byte " + std::to_string(bad));
    return Parser(lex(text)).parse();
}

}  // namespace notes
