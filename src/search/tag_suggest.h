// tag_suggest.h — the tags a tag name the index does not hold may have meant (--tag quantisation).
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "facets.h"

namespace notes {

// A --tag that no note carries; what() reads "cannot filter by tag X: no note has that tag; closest: A, B".
struct UnknownTagError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A tag:NAME of the query that no note carries, with the tags it may have meant.
struct UnknownTag {
    std::string name;                  // as written
    std::vector<std::string> closest;  // display names, best first (closest_tags)
};

inline constexpr std::size_t kClosestTags = 3;

// The tags of `tags` closest to `wanted`, best first, at most `limit`, compared by tag_key
// (tags.h: case, width, spaces and "_" do not count): one whose path part is `wanted` (lora ->
// Adapter/LoRA), then by edit distance on the key or a part (quantisation -> Quantization; at
// most 1 edit for a name of 4 characters, 2 up to 8, 3 beyond), a key or part starting with
// `wanted` (quant -> Quantization) or holding it (speed -> Efficiency/SpeedUp), both for 3
// characters or more; ties to the tag with more notes. None when nothing is that close.
std::vector<std::string> closest_tags(std::string_view wanted, const std::vector<FacetCount>& tags,
                                      std::size_t limit = kClosestTags);

// "; closest: A, B" for a message, or "; notes-search --tags lists them" when `closest` is empty.
std::string closest_tags_hint(const std::vector<std::string>& closest);

}  // namespace notes
