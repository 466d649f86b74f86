// spelling.cc — did-you-mean: misspelt English and katakana query words corrected from Xapian's
// spelling table.
#include <xapian.h>

#include <algorithm>
#include <map>
#include <string_view>
#include <vector>

#include "normalize.h"
#include "schema.h"
#include "searcher_impl.h"

namespace notes {

// The nearest katakana word, one edit away (two for a word of five characters or more): from the
// notes' words (the spelling table) or the synonyms file's terms (ハルシネーション, which the notes
// write "hallucination"); the notes' word on a tie. "" when none is that near.
std::string Searcher::Impl::katakana_suggestion(const std::string& word) const {
    std::size_t chars = count_codepoints(word);
    if (chars < 3) return "";
    std::size_t most = chars >= 5 ? 2 : 1;
    std::string best = db.get_spelling_suggestion(word, static_cast<unsigned>(most));
    std::size_t best_distance = best.empty() ? most + 1 : edit_distance(code_points(word), code_points(best));
    if (synonyms)
        for (const std::string& key : synonyms->keys()) {
            if (key == word || kana_reading(key) != key) continue;
            std::size_t d = edit_distance(code_points(word), code_points(key));
            if (d < best_distance) {
                best = key;
                best_distance = d;
            }
        }
    return best_distance <= most && best != word ? best : "";
}

// Did-you-mean: an English word found in no note, or in very few, where a word one or two
// edits away is in many (Xapian's spelling table counts notes); a katakana word likewise, by
// characters (ハルシネーシヨン -> ハルシネーション: the table holds katakana words, document.h). The query comes back
// as the user wrote it, the corrected words replaced; "" when nothing needs correcting. `sure`: every
// English correction is in kSureNotes notes or more, enough to run it in the query's place (quan, one
// author's name, is a suggestion for quant, never run for it).
std::string Searcher::Impl::suggest(const std::string& query, const std::vector<QueryUnit>& units, bool& sure) const {
    constexpr Xapian::doccount kSureNotes = 3;
    sure = true;
    constexpr Xapian::doccount kFewNotes = 2;  // "very few"
    constexpr Xapian::doccount kRatio = 20;    // how many more notes the correction must be in
    std::map<std::string, std::string> fixes;
    for (const QueryUnit& u : units) {
        if (u.japanese && u.terms.size() == 1 && kana_reading(u.terms.front()) == u.terms.front()) {
            const std::string& word = u.terms.front();
            // A word the synonyms file knows is no typo, even if the notes say it otherwise.
            bool known = std::any_of(u.alternatives.begin(), u.alternatives.end(),
                                     [](const QueryUnit& a) { return a.reading.empty(); });
            if (known || db.get_termfreq(word) > kFewNotes) continue;
            std::string better = katakana_suggestion(word);
            if (!better.empty()) fixes[word] = better;
            continue;
        }
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
        if (t->kind != TokenKind::Number && fix != fixes.end()) out.replace(t->begin, t->end - t->begin, fix->second);
    }
    return out == query ? "" : out;
}

}  // namespace notes
