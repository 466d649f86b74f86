// wildcard.cc — a trailing wildcard read as one word's start, expanded by Xapian, listed for the reader.
#include "wildcard.h"

#include <algorithm>

#include "fields.h"
#include "normalize.h"

namespace notes {

namespace {

// The words of `db` that start with `prefix` + `start`, the kMaxWildcardWords most frequent as
// Xapian takes them, most frequent first; `matched` counts them all.
std::vector<std::string> words_starting(const Xapian::Database& db, const std::string& prefix, const std::string& start,
                                        std::size_t& matched) {
    std::vector<std::pair<Xapian::doccount, std::string>> found;
    const std::string from = prefix + start;
    for (auto t = db.allterms_begin(from); t != db.allterms_end(from); ++t)
        found.emplace_back(t.get_termfreq(), (*t).substr(prefix.size()));
    matched = found.size();
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    if (found.size() > kMaxWildcardWords) found.resize(kMaxWildcardWords);
    std::vector<std::string> words;
    for (auto& f : found) words.push_back(std::move(f.second));
    return words;
}

Xapian::Query expansion_of(const std::string& term) {
    return Xapian::Query(Xapian::Query::OP_WILDCARD, term, kMaxWildcardWords,
                         Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
}

}  // namespace

Wildcard build_wildcard(const QueryNode& node, const Analyzer& analyzer, const Xapian::Database* db) {
    const std::string written = (node.field.empty() ? "" : node.field + ":") + node.value + "*";
    Wildcard w;
    w.tokens = analyzer.analyze(node.value).tokens;
    if (w.tokens.empty())
        throw QueryError("cannot parse query: " + written +
                         " has no word before the *; a wildcard ends a word (quant*)");
    if (w.tokens.size() > 1)
        throw QueryError("cannot parse query: " + written +
                         " is more than one word before the *; a wildcard ends one word (quant*, 量子*)");
    const Token& start = w.tokens.front();
    if (count_codepoints(start.term) < kMinWildcardChars)
        throw QueryError("cannot parse query: " + written + " is too short: a wildcard needs at least " +
                         std::to_string(kMinWildcardChars) + " characters before the * (quant*)");
    const schema::TextField* field = schema::find_text_field(node.field);
    const std::string prefix = field ? std::string(field->prefix) : std::string();
    std::vector<Xapian::Query> parts{expansion_of(prefix + start.term)};
    if (!field)  // as a word of the free text is: the title's copy adds its own score
        for (const schema::TextField& f : schema::kTextFields)
            if (f.searched_with_free_text) parts.push_back(expansion_of(std::string(f.prefix) + start.term));
    w.query = parts.size() == 1 ? parts.front() : Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());

    w.expansion.start = start.term;
    w.expansion.field = node.field;
    if (db) w.expansion.words = words_starting(*db, prefix, start.term, w.expansion.matched);
    w.unit.text = start.term;
    w.unit.japanese = start.kind == TokenKind::Japanese;
    for (const std::string& word : w.expansion.words) {
        QueryUnit alternative;
        alternative.text = word;
        alternative.terms = {word};
        alternative.japanese = w.unit.japanese;
        w.unit.alternatives.push_back(std::move(alternative));
    }
    return w;
}

}  // namespace notes
