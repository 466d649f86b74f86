// query_parser.h — the query language read into a tree: the grammar, its errors.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace notes {

// A query that cannot be understood; what() reads "cannot parse query: ...".
struct QueryError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The parsed query. Grammar (whitespace, including U+3000, separates):
//   query   := or ( "OR" or )*         where or := unary ( ["AND"] unary )*   (implicit AND)
//   unary   := ("-" | "NOT") primary | primary
//   primary := "(" query ")" | "\"phrase\"" | field ":" value | "#" tag | word | word "*"
//   field   := tag | id | date | a text field's name (fields.h)    (an unknown field is a word)
// A word ending in "*" (quant*, title:quant*) is a Wildcard: the words of the index that start
// with it; its value is the word without the "*". Inside quotes "*" is no operator.
struct QueryNode {
    enum class Kind { And, Or, Not, Text, Phrase, Tag, Id, Date, Wildcard };
    Kind kind = Kind::Text;
    bool implicit = false;                             // an And made by juxtaposition, not by "AND"
    std::vector<std::unique_ptr<QueryNode>> children;  // And/Or: operands; Not: the one negated
    std::string field;                                 // Text/Phrase/Wildcard: "" (all text) or a text field's name
    std::string value;                                 // the word, phrase, tag name, id, or date range as written
};

// Bounds on what a query may ask, each a QueryError beyond it: parentheses within parentheses
// (each level is a call deeper in the parser and the builder), and distinct words and filters
// (each is a Xapian subquery, widened by synonyms: thousands took seconds and gigabytes).
inline constexpr std::size_t kMaxQueryDepth = 100;
inline constexpr std::size_t kMaxQueryWords = 64;

// The tree of `text`; repeated operands of AND and OR are merged. Throws QueryError.
std::unique_ptr<QueryNode> parse_query(std::string_view text);

}  // namespace notes
