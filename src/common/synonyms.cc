// synonyms.cc — reading dict/synonyms, and the keys under which query words meet synonyms and tags.
#include "synonyms.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "normalize.h"

namespace notes {

namespace {

bool is_blank_at(std::string_view s, std::size_t i, std::size_t& width) {
    if (s[i] == ' ' || s[i] == '\t') {
        width = 1;
        return true;
    }
    if (s.compare(i, 3, "\xE3\x80\x80") == 0) {  // U+3000: a Japanese keyboard's space
        width = 3;
        return true;
    }
    return false;
}

// The terms of one line: white-space separated, "double quoted" when a term has spaces.
std::vector<std::string> split_terms(std::string_view line, const std::string& where) {
    std::vector<std::string> terms;
    std::size_t i = 0, w = 0;
    while (i < line.size()) {
        if (is_blank_at(line, i, w)) {
            i += w;
            continue;
        }
        if (line[i] == '"') {
            std::size_t close = line.find('"', i + 1);
            if (close == std::string_view::npos) throw SynonymsError("cannot read synonyms " + where + ": unbalanced quote (\")");
            std::string term(line.substr(i + 1, close - i - 1));
            if (term.find_first_not_of(" \t") == std::string::npos)
                throw SynonymsError("cannot read synonyms " + where + ": an empty quoted term");
            terms.push_back(std::move(term));
            i = close + 1;
            if (i < line.size() && !is_blank_at(line, i, w))
                throw SynonymsError("cannot read synonyms " + where + ": a quoted term must be followed by a space");
            continue;
        }
        std::size_t start = i;
        while (i < line.size() && !is_blank_at(line, i, w)) {
            if (line[i] == '"')
                throw SynonymsError("cannot read synonyms " + where + ": a quote (\") inside a term; quote the whole term");
            ++i;
        }
        terms.emplace_back(line.substr(start, i - start));
    }
    return terms;
}

std::string compact(const std::vector<const Token*>& tokens, bool stem_last) {
    std::string out;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& t = *tokens[i];
        bool stem = stem_last && i + 1 == tokens.size() && t.kind == TokenKind::Latin && !t.base.empty();
        out += stem ? t.base : t.term;
    }
    return out;
}

const std::vector<std::size_t> kNoGroups;

}  // namespace

std::string match_key(const std::vector<const Token*>& tokens) {
    std::string key;
    bool prev_latin = false;
    for (const Token* t : tokens) {
        bool latin = t->kind != TokenKind::Japanese;
        if (latin && prev_latin) key.push_back(' ');
        key += latin && !t->base.empty() ? t->base : t->term;
        prev_latin = latin;
    }
    return key;
}

std::vector<std::vector<const Token*>> token_units(const std::vector<Token>& tokens) {
    std::vector<std::vector<const Token*>> units;
    for (const Token& t : tokens) {
        if (units.empty() || !t.joins_previous) units.emplace_back();
        units.back().push_back(&t);
    }
    return units;
}

Synonyms Synonyms::parse(std::string_view text, const std::string& name, const Analyzer& analyzer) {
    Synonyms out;
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a BOM some editors write
    std::size_t line_no = 0;
    while (!text.empty()) {
        std::size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
        ++line_no;
        if (line.ends_with('\r')) line.remove_suffix(1);
        std::string where = name + ":" + std::to_string(line_no);
        if (std::size_t bad = find_invalid_utf8(line); bad != std::string_view::npos)
            throw SynonymsError("cannot read synonyms " + where + ": invalid UTF-8 at byte " + std::to_string(bad + 1) +
                                " of the line");
        std::size_t first = line.find_first_not_of(" \t");
        if (first == std::string_view::npos || line[first] == '#') continue;
        SynonymGroup group;
        group.line = line_no;
        for (auto& written : split_terms(line, where)) {
            SynonymTerm term;
            term.tokens = analyzer.analyze(written).tokens;
            if (term.tokens.empty())
                throw SynonymsError("cannot read synonyms " + where + ": \"" + written + "\" has no word to search for");
            std::vector<const Token*> all;
            for (const Token& t : term.tokens) all.push_back(&t);
            term.key = match_key(all);
            term.form = term.key;
            if (term.tokens.size() > 1) {
                term.form = "\"";
                for (const Token& t : term.tokens) term.form += t.term + " ";
            }
            term.written = std::move(written);
            bool repeated = false;  // quantize / quantized: one stem, one term
            for (const auto& other : group.terms) repeated = repeated || other.form == term.form;
            if (!repeated) group.terms.push_back(std::move(term));
        }
        if (group.terms.size() < 2)
            throw SynonymsError("cannot read synonyms " + where +
                                ": a group needs at least two different terms (they are compared normalised and stemmed)");
        out.add(std::move(group));
    }
    out.description_ = name + " (" + std::to_string(out.groups_.size()) + " groups)";
    return out;
}

Synonyms Synonyms::load(const std::string& path, const Analyzer& analyzer) {
    std::error_code ec;
    if (path.empty() || !std::filesystem::exists(path, ec)) {
        Synonyms none;
        none.description_ = path.empty() ? "none" : "none: no file at " + path;
        return none;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw SynonymsError("cannot read synonyms " + path + ": it cannot be opened");
    std::stringstream ss;
    ss << in.rdbuf();
    return parse(ss.str(), path, analyzer);
}

std::string Synonyms::default_path(const std::string& requested) {
    if (!requested.empty()) return requested;
    if (const char* env = std::getenv("NOTES_SEARCH_SYNONYMS"); env && *env) return env;
    std::error_code ec;
    for (const char* candidate : {NOTES_INSTALLED_SYNONYMS, NOTES_BUILD_SYNONYMS})
        if (std::filesystem::exists(candidate, ec)) return candidate;
    return NOTES_INSTALLED_SYNONYMS;
}

const std::vector<std::size_t>& Synonyms::find(const std::string& key) const {
    auto it = by_key_.find(key);
    return it == by_key_.end() ? kNoGroups : it->second;
}

void Synonyms::add(SynonymGroup group) {
    std::size_t index = groups_.size();
    for (const auto& term : group.terms) {
        auto& list = by_key_[term.key];
        if (list.empty() || list.back() != index) list.push_back(index);
        longest_ = std::max(longest_, token_units(term.tokens).size());
    }
    groups_.push_back(std::move(group));
}

TagLexicon::TagLexicon(const std::vector<std::string>& keys, const Analyzer& analyzer) {
    for (const auto& key : keys) {
        Analysis a = analyzer.analyze(key);
        std::vector<const Token*> tokens;
        for (const Token& t : a.tokens) tokens.push_back(&t);
        if (tokens.empty()) continue;
        ++count_;
        for (bool stem : {false, true}) {
            std::string form = compact(tokens, stem);
            // A one-letter form would tie a tag to a stray letter of the query.
            if (count_codepoints(form) < 2) continue;
            auto& list = by_form_[(stem ? "~" : "") + form];
            if (list.empty() || list.back() != key) list.push_back(key);
        }
    }
}

std::vector<std::string> TagLexicon::find(const std::vector<const Token*>& tokens) const {
    std::vector<std::string> out;
    if (tokens.empty()) return out;
    for (bool stem : {false, true}) {
        auto it = by_form_.find((stem ? "~" : "") + compact(tokens, stem));
        if (it == by_form_.end()) continue;
        for (const auto& key : it->second)
            if (std::find(out.begin(), out.end(), key) == out.end()) out.push_back(key);
    }
    return out;
}

}  // namespace notes
