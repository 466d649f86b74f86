// run_filter.cc — which Japanese runs a search for known words needs MeCab for (analyzer.h).
#include <string>

#include "analyzer.h"
#include "normalize.h"

namespace notes {

namespace {

constexpr std::string_view kLongVowel = "ー";

}  // namespace

std::string without_long_vowels(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t at = 0; at < s.size();) {
        std::size_t next = s.find(kLongVowel, at);
        if (next == std::string_view::npos) next = s.size();
        out.append(s.substr(at, next - at));
        at = next + (next < s.size() ? kLongVowel.size() : 0);
    }
    return out;
}

void RunFilter::add_term(std::string_view term) {
    std::string needle = without_long_vowels(term);
    if (needle.empty()) {  // a term of ー alone: found anywhere a ー is
        all_ = true;
        return;
    }
    needles_.push_back(std::move(needle));
}

void RunFilter::add_base(std::string_view base) {
    std::size_t end = 0;
    if (!base.empty()) next_codepoint(base, end);
    add_term(base.substr(0, end));
}

bool RunFilter::keeps(std::string_view run) const {
    if (all_) return true;
    if (needles_.empty()) return false;
    std::string stripped;
    if (run.find(kLongVowel) != std::string_view::npos) {
        stripped = without_long_vowels(run);
        run = stripped;
    }
    for (const auto& needle : needles_)
        if (run.find(needle) != std::string_view::npos) return true;
    return false;
}

}  // namespace notes
