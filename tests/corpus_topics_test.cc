// corpus_topics_test.cc — tags, facets, dates, synonyms and --like on the real pages in
// ../shared/corpus, checked against what is read off the pages here, without the project's reader
// (exit 77 = skipped when the pages are absent).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include "collection.h"
#include "index_writer.h"
#include "searcher.h"
#include "sources.h"
#include "support.h"

namespace fs = std::filesystem;
using namespace notes::test;

namespace {

const fs::path kCorpus = NOTES_REAL_CORPUS;

// A tag's identity as the README defines it: case folded, "_" as "/", spaces dropped (the real
// tag names are ASCII).
std::string tag_identity(const std::string& name) {
    std::string key;
    for (char c : name) {
        if (c == ' ') continue;
        key.push_back(c == '_' ? '/' : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return key;
}

// What the pages say, read with plain string search: each note's merged tags (the page headings
// it appears under and its buttons there, by identity) and its issue date.
struct PageFacts {
    std::map<std::int64_t, std::set<std::string>> tags;
    std::map<std::int64_t, std::string> date;
    std::map<std::string, std::string> name;  // identity -> a spelling, for queries
};

PageFacts read_pages() {
    PageFacts facts;
    const std::string date_mark = "<br><span class=\"issue_date\">Issue Date: ";
    const std::string button_open = "<a class=\"button\" href=\"";
    for (const auto& entry : fs::directory_iterator(kCorpus)) {
        std::string page = read_file(entry.path());
        std::size_t h = page.find("\n## ");
        REQUIRE(h != std::string::npos);
        std::string heading = page.substr(h + 4, page.find('\n', h + 4) - h - 4);
        if (!heading.empty() && heading.back() == '\r') heading.pop_back();
        facts.name.emplace(tag_identity(heading), heading);
        for (std::size_t at = page.find(date_mark); at != std::string::npos; at = page.find(date_mark, at + 1)) {
            std::string date = page.substr(at + date_mark.size(), 10);
            std::size_t issue = page.find("/issues/", at);
            REQUIRE(issue != std::string::npos);
            std::int64_t id = std::stoll(page.substr(issue + 8, page.find('"', issue) - issue - 8));
            auto& tags = facts.tags[id];
            tags.insert(tag_identity(heading));
            facts.date.emplace(id, date);
            // the buttons written right before the date, walking back one <a class="button"...>#NAME</a> at a time
            std::size_t end = at;
            while (end >= 4 && page.compare(end - 4, 4, "</a>") == 0) {
                std::size_t open = page.rfind(button_open, end - 4);
                if (open == std::string::npos) break;
                std::size_t hash = page.find("\">#", open);
                if (hash == std::string::npos || hash > end) break;
                std::string name = page.substr(hash + 3, end - 4 - hash - 3);
                tags.insert(tag_identity(name));
                facts.name.emplace(tag_identity(name), name);
                end = open;
            }
        }
    }
    return facts;
}

const PageFacts& facts() {
    static PageFacts f = read_pages();
    return f;
}

notes::Searcher& searcher() {
    notes::ReadReport ignored;  // corpus_test judges what could not be read
    static TempIndex index(read_notes({kCorpus.string()}, ignored), {.synonyms_file = NOTES_SOURCE_SYNONYMS});
    return *index.searcher;
}

notes::SearchResult search(const std::string& q, std::size_t limit = 100000) {
    notes::SearchRequest r;
    r.query = q;
    r.limit = limit;
    return searcher().search(r);
}

std::set<std::int64_t> notes_with(const std::string& identity) {
    std::set<std::int64_t> out;
    for (const auto& [id, tags] : facts().tags)
        if (tags.count(identity)) out.insert(id);
    return out;
}

}  // namespace

TEST_CASE("the pages read here and the index agree on the notes", "[corpus][topics]") {
    CHECK(facts().tags.size() >= 700);
    CHECK(searcher().stats().notes == facts().tags.size());
}

TEST_CASE("量子化 puts every #Quantization note in the top 10", "[corpus][topics]") {
    auto quantization = notes_with("quantization");
    REQUIRE(quantization.size() >= 3);
    auto top = ids(search("量子化", 10));
    for (auto id : quantization) {
        INFO("#" << id);
        CHECK(std::find(top.begin(), top.end(), id) != top.end());
    }
}

TEST_CASE("tag:X returns exactly the notes whose merged tags hold X, for every tag", "[corpus][topics]") {
    std::size_t tags = 0;
    for (const auto& [identity, name] : facts().name) {
        ++tags;
        auto expected = notes_with(identity);
        auto found = ids(search("tag:\"" + name + "\""));
        INFO("tag:" << name);
        CHECK(std::set<std::int64_t>(found.begin(), found.end()) == expected);
        CHECK(found.size() == expected.size());
    }
    CHECK(tags == searcher().stats().tags);
}

TEST_CASE("facet counts equal the counts read off the pages", "[corpus][topics]") {
    auto by_identity = [](const std::vector<notes::FacetCount>& facets) {
        std::map<std::string, std::int64_t> out;
        for (const auto& f : facets) out[tag_identity(f.name)] += f.count;
        return out;
    };
    // every note: --tags
    std::map<std::string, std::int64_t> expected;
    for (const auto& [id, tags] : facts().tags)
        for (const auto& t : tags) ++expected[t];
    CHECK(by_identity(searcher().all_tags()) == expected);

    // the notes of one query: tag:NLP date:2023, tags and years
    auto r = search("tag:NLP date:2023", 5);
    std::map<std::string, std::int64_t> tags;
    std::size_t matching = 0;
    for (const auto& [id, t] : facts().tags) {
        if (!t.count("nlp") || !facts().date.at(id).starts_with("2023")) continue;
        ++matching;
        for (const auto& tag : t) ++tags[tag];
    }
    CHECK(r.total == matching);
    CHECK(r.hits.size() == 5);  // facets count all of them, not the five shown
    CHECK(by_identity(r.tag_facets) == tags);
    REQUIRE(r.year_facets.size() == 1);
    CHECK(r.year_facets[0].name == "2023");
    CHECK(r.year_facets[0].count == static_cast<std::int64_t>(matching));

    auto all = search("tag:Article");
    std::map<std::string, std::int64_t> years;
    for (auto id : notes_with("article")) ++years[facts().date.at(id).substr(0, 4)];
    std::map<std::string, std::int64_t> got;
    for (const auto& y : all.year_facets) got[y.name] = y.count;
    CHECK(got == years);
}

TEST_CASE("date: ranges are exact", "[corpus][topics]") {
    struct Range {
        const char* query;
        const char* from;  // inclusive YYYY-MM-DD bounds
        const char* to;
    } ranges[] = {
        {"date:2023", "2023-01-01", "2023-12-31"},
        {"date:2023-07", "2023-07-01", "2023-07-31"},
        {"date:2023-07-22", "2023-07-22", "2023-07-22"},
        {"date:2023-01..2023-06", "2023-01-01", "2023-06-31"},
        {"date:..2021", "0000-00-00", "2021-12-31"},
        {"date:2024..", "2024-01-01", "9999-99-99"},
        {"date:2018-02..2019-11-15", "2018-02-01", "2019-11-15"},
    };
    for (const auto& range : ranges) {
        std::set<std::int64_t> expected;
        for (const auto& [id, date] : facts().date)
            if (date >= range.from && date <= range.to) expected.insert(id);
        auto found = ids(search(range.query));
        INFO(range.query);
        CHECK_FALSE(expected.empty());
        CHECK(std::set<std::int64_t>(found.begin(), found.end()) == expected);
        CHECK(found.size() == expected.size());
    }
}

TEST_CASE("--like returns notes that share the source's topics", "[corpus][topics]") {
    // A topic here is a tag that is not on every other note: #NLP, #Article, #Pocket, #Neural and
    // the like say little about what two notes have in common.
    std::map<std::string, std::size_t> frequency;
    for (const auto& [id, tags] : facts().tags)
        for (const auto& t : tags) ++frequency[t];
    std::size_t all = facts().tags.size();
    auto topics = [&](std::int64_t id) {
        std::set<std::string> out;
        for (const auto& t : facts().tags.at(id))
            if (frequency[t] * 10 < all) out.insert(t);
        return out;
    };
    auto shares_topic = [&](std::int64_t a, std::int64_t b) {
        auto ta = topics(a), tb = topics(b);
        return std::any_of(ta.begin(), ta.end(), [&](const std::string& t) { return tb.count(t) > 0; });
    };
    // Every 10th note that has a topic: the top 5 like it should mostly share one.
    std::size_t sources = 0, sharing = 0, chance = 0, n = 0;
    for (const auto& [id, tags] : facts().tags) {
        if (topics(id).empty() || n++ % 10 != 0) continue;
        notes::SearchRequest r;
        r.limit = 5;
        auto found = ids(searcher().like(id, r));
        CHECK(std::find(found.begin(), found.end(), id) == found.end());
        ++sources;
        for (auto other : found) sharing += shares_topic(id, other);
        for (const auto& [other, t] : facts().tags) chance += other != id && shares_topic(id, other);
    }
    double precision = double(sharing) / double(sources * 5);
    double baseline = double(chance) / double(sources * (all - 1));  // a note drawn at random
    std::printf("--like: %zu sources, %.2f of the top 5 share a topic (at random: %.2f)\n", sources, precision,
                baseline);
    CHECK(sources >= 40);
    CHECK(precision >= 0.6);
    CHECK(precision >= 3 * baseline);

    notes::SearchRequest r;
    r.limit = 5;
    std::size_t qlora = 0;
    for (auto id : ids(searcher().like(881, r))) qlora += shares_topic(881, id);
    CHECK(qlora >= 4);
}
