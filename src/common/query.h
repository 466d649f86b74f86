// query.h — the query language: parsing it, and turning it into a Xapian query through the analyzer.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <xapian.h>

#include "analyzer.h"

namespace notes {

// A query that cannot be understood; what() reads "cannot parse query: ...".
struct QueryError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The parsed query. Grammar (whitespace, including U+3000, separates):
//   query   := or ( "OR" or )*         where or := unary ( ["AND"] unary )*   (implicit AND)
//   unary   := ("-" | "NOT") primary | primary
//   primary := "(" query ")" | "\"phrase\"" | field ":" value | "#" tag | word
//   field   := tag | id | date | title | summary | comment       (an unknown field is a word)
struct QueryNode {
    enum class Kind { And, Or, Not, Text, Phrase, Tag, Id, Date };
    Kind kind = Kind::Text;
    bool implicit = false;                  // an And made by juxtaposition, not by "AND"
    std::vector<std::unique_ptr<QueryNode>> children;  // And/Or: operands; Not: the one negated
    std::string field;                      // Text/Phrase: "" (all text), "title", "summary", "comment"
    std::string value;                      // the word, phrase, tag name, id, or date range as written
};

std::unique_ptr<QueryNode> parse_query(std::string_view text);

// What a user asked for, for highlighting and --explain.
struct QueryUnit {
    std::string text;                 // normalised written form of the unit (量子化, fine-tuning)
    std::vector<std::string> terms;   // positional terms (normalised words)
    std::vector<std::string> stems;   // the bases unquoted words search ("Z" terms without prefix)
    bool japanese = false;
};

struct BuiltQuery {
    Xapian::Query query;
    std::vector<QueryUnit> units;     // every positive text unit, in query order
    std::size_t top_level_units = 0;  // units joined by the outermost implicit AND
    bool has_filters = false;         // tag/id/date filters present
};

enum class MatchMode {
    All,  // every word required (implicit AND)
    Any,  // implicit AND read as OR: the fallback when no note has every word
};

BuiltQuery build_query(const QueryNode& root, const Analyzer& analyzer, MatchMode mode);

}  // namespace notes
