// explain.cc — what --explain shows: the query's words as analysed, their widenings, the filters,
// and the Xapian query as run.
#include "explain.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <regex>

#include "searcher_impl.h"

namespace notes {

// Xapian describes a scale factor with every digit of its double (0.80000000000000004441 * ...):
// shown to a person as the number that was written (0.8).
std::string tidy_scale_factors(const std::string& description) {
    static const std::regex factor(R"((^|[( ])(\d+\.\d{6,}) \* )");
    std::string out;
    auto begin = description.cbegin();
    for (std::sregex_iterator it(description.begin(), description.end(), factor), end; it != end; ++it) {
        const auto& m = *it;
        out.append(begin, m[2].first);
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.6g", std::strtod(m[2].str().c_str(), nullptr));
        out += buf;
        out += " * ";
        begin = m[0].second;
    }
    out.append(begin, description.cend());
    return out;
}

Explanation Searcher::Impl::explain(const BuiltQuery& built, const std::vector<std::string>& filter_tags, bool any_word,
                                    const Xapian::Query& q) const {
    Explanation e;
    e.texts = built.texts;
    e.expansions = built.expansions;
    for (auto& x : e.expansions)
        for (auto& tag : x.tags) tag = tag_name(tag);
    e.wildcards = built.wildcards;
    e.filters = built.filters;
    for (const auto& tag : filter_tags) e.filters.push_back("--tag " + tag);
    if (!synonyms) synonyms = Synonyms::load_all(synonyms_paths, analyzer);
    e.synonyms = synonyms->describe();
    e.user_dictionary = analyzer.userdic_path();
    // Xapian 1.4's remote backend keeps no spelling table: a remote shard's words are never offered.
    if (shards.remote())
        e.spelling = shards.shards.size() == 1 || std::all_of(shards.shards.begin(), shards.shards.end(),
                                                              [](const Shard& s) { return s.remote; })
                         ? "did-you-mean is off: the shards are remote, and Xapian's remote backend has no "
                           "spelling table"
                         : "did-you-mean reads the local shards only: Xapian's remote backend has no spelling table";
    e.any_word = any_word;
    e.xapian_query = tidy_scale_factors(q.get_description());
    return e;
}

}  // namespace notes
