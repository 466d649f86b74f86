// fuzz_query.cc — libFuzzer target: the query language (parse_query) and the Xapian query built from it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "query_builder.h"
#include "tags.h"

namespace {

using notes::fuzz::fail;
using Kind = notes::QueryNode::Kind;

// Each level of parentheses adds at most an OR, an AND and a NOT to the tree.
constexpr std::size_t kMaxTreeDepth = 3 * (notes::kMaxQueryDepth + 1) + 1;

// A tree the builder can take: operators with their operands, leaves with valid values, and no
// deeper than the parser's bound.
void check_tree(const notes::QueryNode& n, std::size_t depth) {
    if (depth > kMaxTreeDepth) fail("a tree deeper than the parser's bound");
    if (notes::find_invalid_utf8(n.value) != std::string::npos) fail("invalid UTF-8 in a value");
    switch (n.kind) {
        case Kind::And:
        case Kind::Or:
            if (n.children.size() < 2) fail("an AND or OR of fewer than two operands");
            break;
        case Kind::Not:
            if (n.children.size() != 1) fail("a NOT of other than one operand");
            break;
        case Kind::Tag:
            if (notes::tag_key(n.value).empty()) fail("a tag filter naming no tag");
            [[fallthrough]];
        default:
            if (!n.children.empty()) fail("a word with operands");
            if (n.kind == Kind::Id && (n.value.empty() || n.value.find_first_not_of("0123456789") != std::string::npos))
                fail("an id that is not a number");
            if (n.kind == Kind::Date && n.value.find_first_not_of("0123456789-.") != std::string::npos)
                fail("a date that is not digits, dashes and dots");
    }
    for (const auto& c : n.children) check_tree(*c, depth + 1);
}

bool has_wildcard(const notes::QueryNode& n) {
    if (n.kind == Kind::Wildcard) return true;
    for (const auto& c : n.children)
        if (has_wildcard(*c)) return true;
    return false;
}

struct World {
    notes::Analyzer analyzer;
    notes::Synonyms synonyms;
    notes::TagLexicon tags;
    World()
        : synonyms(notes::Synonyms::parse("LoRA \"low-rank adaptation\" 低ランク適応\n量子化 quantization quantize\n"
                                          "LLM \"large language model\" 大規模言語モデル\n",
                                          "fuzz", analyzer)),
          tags({"nlp", "quantization", "adapter/lora", "knowledgetracing"}, analyzer) {}
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const World world;
    std::string_view text(reinterpret_cast<const char*>(data), size);
    std::unique_ptr<notes::QueryNode> tree;
    try {
        tree = notes::parse_query(text);
    } catch (const notes::QueryError& e) {
        if (!std::string_view(e.what()).starts_with("cannot parse query: ")) fail("a QueryError of another form");
        return 0;
    }
    if (notes::find_invalid_utf8(text) != std::string_view::npos) fail("invalid UTF-8 parsed");
    check_tree(*tree, 1);
    for (auto mode : {notes::MatchMode::All, notes::MatchMode::Any}) {
        try {
            notes::BuiltQuery built = notes::build_query(*tree, world.analyzer, mode, {&world.synonyms, &world.tags});
            if (built.units.size() > notes::kMaxQueryWords) fail("more units than the bound on words");
            std::size_t synonyms = 0;
            for (const auto& u : built.units) synonyms += u.alternatives.size();
            if (synonyms > notes::kMaxQuerySynonyms) fail("more synonyms than the bound");
            if (built.top_level_units > built.units.size()) fail("more top-level units than units");
        } catch (const notes::QueryError& e) {
            // Its size, or a wildcard the parser cannot judge: what stands before the * is the
            // analyzer's to count (dat..6*: more than one word). The message quotes the query,
            // NUL bytes and all, so only its start is compared.
            const std::string_view why = e.what();
            if (!why.starts_with("cannot parse query: too many words") &&
                !(why.starts_with("cannot parse query: ") && has_wildcard(*tree)))
                fail("the builder refused a parsed query for another reason than its size or a wildcard");
        }
    }
    return 0;
}
