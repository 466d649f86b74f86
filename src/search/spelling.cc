// spelling.cc — did-you-mean: misspelt English query words corrected from Xapian's spelling table.
#include <xapian.h>

#include <algorithm>
#include <map>

#include "schema.h"
#include "searcher_impl.h"

namespace notes {

// Did-you-mean: an English word found in no note, or in very few, where a word one or two
// edits away is in many (Xapian's spelling table counts notes). The query comes back as the
// user wrote it, the corrected words replaced; "" when nothing needs correcting. `sure`: every
// correction is in kSureNotes notes or more, enough to run it in the query's place (quan, one
// author's name, is a suggestion for quant, never run for it).
std::string Searcher::Impl::suggest(const std::string& query, const std::vector<QueryUnit>& units, bool& sure) const {
    constexpr Xapian::doccount kSureNotes = 3;
    sure = true;
    constexpr Xapian::doccount kFewNotes = 2;  // "very few"
    constexpr Xapian::doccount kRatio = 20;    // how many more notes the correction must be in
    std::map<std::string, std::string> fixes;
    for (const QueryUnit& u : units) {
        if (u.japanese || u.terms.size() != 1 || u.stems.empty()) continue;
        const std::string& word = u.terms.front();
        if (word.size() < 3 || word.find_first_not_of("abcdefghijklmnopqrstuvwxyz") != std::string::npos) continue;
        Xapian::doccount notes = db.get_termfreq(std::string(schema::kPrefixStem) + u.stems.front());
        if (notes > kFewNotes) continue;
        std::string better = db.get_spelling_suggestion(word, 2);
        if (better.empty() || better == word) continue;
        Analysis b = analyzer.analyze(better);
        if (b.tokens.size() != 1 || b.tokens.front().base == u.stems.front()) continue;  // only an inflection
        const Xapian::doccount better_notes = db.get_termfreq(better);
        if (better_notes < std::max<Xapian::doccount>(1, kRatio * notes)) continue;
        sure = sure && better_notes >= kSureNotes;
        fixes[word] = better;
    }
    if (fixes.empty()) return "";
    std::string out = query;
    Analysis a = analyzer.analyze(query);
    for (auto t = a.tokens.rbegin(); t != a.tokens.rend(); ++t) {
        auto fix = fixes.find(t->term);
        if (t->kind == TokenKind::Latin && fix != fixes.end()) out.replace(t->begin, t->end - t->begin, fix->second);
    }
    return out == query ? "" : out;
}

}  // namespace notes
