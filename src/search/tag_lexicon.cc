// tag_lexicon.cc — the index's tag names in the forms query words are compared with, and their cache.
#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "files.h"
#include "hash.h"
#include "normalize.h"
#include "synonyms.h"

namespace notes {

namespace {

constexpr std::string_view kCacheHeader = "notes-search tag lexicon 1\n";

std::string compact(const std::vector<const Token*>& tokens, bool stem_last) {
    std::string out;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& t = *tokens[i];
        bool stem = stem_last && i + 1 == tokens.size() && t.kind == TokenKind::Latin && !t.base.empty();
        out += stem ? t.base : t.term;
    }
    return out;
}

}  // namespace

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
            add((stem ? "~" : "") + form, key);
        }
    }
}

void TagLexicon::add(const std::string& form, const std::string& key) {
    auto& list = by_form_[form];
    if (!list.empty() && list.back() == key) return;
    list.push_back(key);
    added_.emplace_back(form, key);
}

std::string TagLexicon::to_cache() const {
    std::string out(kCacheHeader);
    out += std::to_string(count_) + "\n";
    for (const auto& [form, key] : added_) out += form + "\t" + key + "\n";
    return out;
}

bool TagLexicon::from_cache(std::string_view bytes) {
    if (!bytes.starts_with(kCacheHeader)) return false;
    bytes.remove_prefix(kCacheHeader.size());
    std::size_t nl = bytes.find('\n');
    if (nl == std::string_view::npos) return false;
    count_ = std::strtoul(std::string(bytes.substr(0, nl)).c_str(), nullptr, 10);
    bytes.remove_prefix(nl + 1);
    while (!bytes.empty()) {
        nl = bytes.find('\n');
        if (nl == std::string_view::npos) return false;
        std::string_view line = bytes.substr(0, nl);
        bytes.remove_prefix(nl + 1);
        std::size_t tab = line.find('\t');
        if (tab == std::string_view::npos) return false;
        add(std::string(line.substr(0, tab)), std::string(line.substr(tab + 1)));
    }
    return true;
}

TagLexicon TagLexicon::load(const std::vector<std::string>& keys, const Analyzer& analyzer) {
    Fnv1a h;
    for (const auto& key : keys) h.add_part(key);
    h.add_part(analyzer.fingerprint());
    h.add_part(kCacheHeader);
    char name[40];
    std::snprintf(name, sizeof name, "tags-%016llx", static_cast<unsigned long long>(h.value()));
    if (std::optional<std::string> cached = read_cache(name)) {
        TagLexicon out;
        if (out.from_cache(*cached)) return out;
    }
    TagLexicon out(keys, analyzer);
    // A form holds no tab or newline (it is words' letters); a key that did could not be read back.
    bool plain = std::none_of(out.added_.begin(), out.added_.end(), [](const auto& entry) {
        return entry.first.find_first_of("\t\n") != std::string::npos || entry.second.find('\n') != std::string::npos;
    });
    if (plain) write_cache(name, out.to_cache());
    return out;
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
