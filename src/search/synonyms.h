// synonyms.h — what else a query word means: the groups of dict/synonyms and the index's tag names.
#pragma once

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "analyzer.h"

namespace notes {

// A synonyms file that cannot be used; what() reads "cannot read synonyms FILE:LINE: reason".
struct SynonymsError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The form in which a run of query words and a synonym are compared, so that they meet whatever
// their width, case, inflection or MeCab split: Japanese tokens concatenated (言語|モデル and
// 言語モデル alike), Latin words by stem, joined by one space (fine-tuning and "fine tuning" alike).
std::string match_key(const std::vector<const Token*>& tokens);

// The tokens cut into query units: a word, or a compound / joined word (大規模|言語|モデル, fine-tuning).
std::vector<std::vector<const Token*>> token_units(const std::vector<Token>& tokens);

struct SynonymTerm {
    std::string written;        // as in the file
    std::vector<Token> tokens;  // as the analyzer reads it
    std::string key;            // match_key(tokens)
    // What is searched for: the stem for one word (quantize = quantized), the exact words for
    // several (fine-tuning, "large language model"): a phrase has positions, and stems have none.
    std::string form;
};

struct SynonymGroup {
    std::vector<SynonymTerm> terms;  // distinct forms, in file order
    std::size_t line = 0;
};

// dict/synonyms: one group of equivalent terms per line (the format is in the file's header).
class Synonyms {
  public:
    Synonyms() = default;  // no synonyms

    // Throws SynonymsError naming `name`:line for a line that cannot be read.
    static Synonyms parse(std::string_view text, const std::string& name, const Analyzer& analyzer);
    // The file at `path`; a missing file gives no synonyms, and says so in describe(). Analysing
    // its thousand terms with MeCab was most of a short query's time, so the first load keeps the
    // terms' keys in a cache file (paths.h cache_dir(), named by a hash of the text, the path and
    // the analyzer's fingerprint) and later loads analyse only the groups a query meets.
    static Synonyms load(const std::string& path, const Analyzer& analyzer);
    // The files in turn, their groups one after the other (a term in groups of both files finds
    // both); describe() names each: "A (N groups) + B (M groups)".
    static Synonyms load_all(const std::vector<std::string>& paths, const Analyzer& analyzer);
    // `requested` when given, else $NOTES_SEARCH_SYNONYMS, else the shipped file (paths.h
    // data_file: beside the executable, installed, the source tree); the installed path when none exists.
    static std::string default_path(const std::string& requested = "");
    // What a search reads: default_path(), then the user's own file (paths.h user_synonyms_file),
    // which adds groups, when it exists.
    static std::vector<std::string> default_paths();

    std::size_t size() const { return groups_.size(); }
    // Group i; from load's cache its terms are analysed the first time it is asked for.
    const SynonymGroup& group(std::size_t i) const;
    // Every group, analysed (for listing and tests; a query asks only for the groups it meets).
    const std::vector<SynonymGroup>& groups() const;
    // Indexes of the groups holding a term whose match_key is `key`, ascending.
    std::vector<std::size_t> find(std::string_view key) const;
    // Every term's match_key (for did-you-mean: the words the file knows).
    std::vector<std::string> keys() const;
    // The most query units a term spans (a phrase of three words spans three).
    std::size_t longest_term() const { return longest_; }
    // "PATH (N groups)", or "none: no file at PATH".
    const std::string& describe() const { return description_; }

  private:
    // A term's key and its group; views into storage_.
    struct KeyEntry {
        std::string_view key;
        std::size_t group;
    };

    void add(SynonymGroup group, std::string_view text);
    void append(Synonyms&& other);
    static bool key_order(const KeyEntry& a, const KeyEntry& b);
    void sort_keys();
    const std::string& file_of(std::size_t group) const;
    std::string to_cache() const;
    static bool from_cache(std::string bytes, const std::string& name, const Analyzer& analyzer, Synonyms& out);

    // Analysis on demand mutates these behind const: a Synonyms is used by one thread.
    mutable std::vector<SynonymGroup> groups_;
    mutable std::vector<bool> ready_;  // groups_[i] analysed
    // The bytes that texts_ and keys_ view: a cache file kept whole, not a string and a map node
    // for each of its thousand keys (every page a query's process touches first costs).
    std::vector<std::shared_ptr<const std::string>> storage_;
    std::vector<std::string_view> texts_;                     // each group's line as written
    std::vector<std::pair<std::size_t, std::string>> files_;  // (first group, file): for messages
    const Analyzer* analyzer_ = nullptr;
    std::vector<KeyEntry> keys_;  // by key, then group; each pair once
    std::size_t longest_ = 0;
    std::string description_ = "none";
};

// The tags of an index in the forms a run of query words is compared with: their letters alone
// (knowledge tracing -> knowledgetracing meets KnowledgeTracing, Efficiency/SpeedUp ->
// efficiencyspeedup) and with the last word stemmed (recommender system meets RecommenderSystems).
class TagLexicon {
  public:
    TagLexicon() = default;
    // `keys` are tag_key() forms, as the index's K terms hold them.
    TagLexicon(const std::vector<std::string>& keys, const Analyzer& analyzer);
    // The same, kept in the cache folder (files.h read_cache) under a hash of the keys and the
    // dictionaries: analysing every tag name costs a one-note search more than its query.
    static TagLexicon load(const std::vector<std::string>& keys, const Analyzer& analyzer);

    // The tag keys that the tokens name, if any.
    std::vector<std::string> find(const std::vector<const Token*>& tokens) const;
    std::size_t size() const { return count_; }

  private:
    void add(const std::string& form, const std::string& key);
    std::string to_cache() const;
    bool from_cache(std::string_view bytes);

    std::unordered_map<std::string, std::vector<std::string>> by_form_;
    std::vector<std::pair<std::string, std::string>> added_;  // (form, key) in the order added
    std::size_t count_ = 0;
};

}  // namespace notes
