// corpus_test.cc — the real tag pages in ../shared/corpus, when they are there (exit 77 = skipped).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <set>
#include <sstream>

#include "collection.h"
#include "index_writer.h"
#include "searcher.h"
#include "sources.h"

namespace fs = std::filesystem;

namespace {

const fs::path kCorpus = NOTES_REAL_CORPUS;

notes::Analyzer& analyzer() {
    static notes::Analyzer a;
    return a;
}

struct CorpusIndex {
    fs::path dir;
    std::size_t notes = 0;
    notes::ReadReport report;
    CorpusIndex() {
        std::random_device rd;
        dir = fs::temp_directory_path() / ("notes-corpus-" + std::to_string(rd()));
        notes::Collection c;
        for (const auto& f : notes::find_sources({kCorpus.string()})) notes::read_source(f, c, report);
        notes = c.size();
        notes::write_index(dir.string(), c.notes(), c.author(), analyzer());
    }
    ~CorpusIndex() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};

CorpusIndex& corpus() {
    static CorpusIndex index;
    return index;
}

std::vector<std::int64_t> ids(const std::string& q, std::size_t limit = 20) {
    notes::Searcher s(corpus().dir.string(), analyzer());
    notes::SearchRequest r;
    r.query = q;
    r.limit = limit;
    std::vector<std::int64_t> out;
    for (const auto& h : s.search(r).hits) out.push_back(h.note.id);
    return out;
}

bool has(const std::vector<std::int64_t>& v, std::int64_t id) { return std::find(v.begin(), v.end(), id) != v.end(); }

}  // namespace

TEST_CASE("every page reads; one document per distinct issue number", "[corpus]") {
    // Counted here independently of the parser: the title link lines of every page.
    std::regex link(R"re(^<a href="https://github\.com/[^"]+/issues/([0-9]+)">)re");
    std::set<std::string> distinct;
    for (const auto& e : fs::directory_iterator(kCorpus)) {
        std::ifstream in(e.path());
        std::string line;
        std::smatch m;
        while (std::getline(in, line))
            if (std::regex_search(line, m, link)) distinct.insert(m[1]);
    }
    CHECK(corpus().report.problems.empty());
    CHECK(corpus().notes == distinct.size());
    notes::Searcher s(corpus().dir.string(), analyzer());
    CHECK(s.stats().notes == distinct.size());
}

TEST_CASE("LoRA 量子化 ranks QLoRA (#881) first", "[corpus]") {
    auto r = ids("LoRA 量子化");
    REQUIRE_FALSE(r.empty());
    CHECK(r.front() == 881);
}

TEST_CASE("width and case variants return what LoRA returns", "[corpus]") {
    auto base = ids("LoRA", 100);
    CHECK(base.size() >= 10);
    CHECK(ids("ＬｏＲＡ", 100) == base);
    CHECK(ids("lora", 100) == base);
}

TEST_CASE("part of a compound and an English inflection find #881", "[corpus]") {
    CHECK(has(ids("量子", 100), 881));
    CHECK(has(ids("quantize", 100), 881));
}

int main(int argc, char** argv) {
    if (!fs::is_directory(kCorpus)) {
        std::printf("skipped: the real corpus is not at %s\n", kCorpus.c_str());
        return 77;
    }
    return Catch::Session().run(argc, argv);
}
