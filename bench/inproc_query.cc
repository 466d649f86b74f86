// inproc_query.cc — notes-bench-query: query latency of notes-search inside one process, as JSON.
//
//   notes-bench-query --db DIR --queries FILE [--repeat N] [--limit N] [--mode MODE]... [--all-tags N]
//
// Opens the index and the analyzer once, runs one warm-up query, then every query of FILE
// (a line "QUERY" or "CLASS<TAB>QUERY"; "#" lines and blank lines ignored) N times, round robin,
// and prints for each mode the seconds of every run, the matching notes, and p50/p95 per class.
// Modes:
//   search   notes::Searcher::search as notes-search runs it (--limit hits with snippets, tag and
//            year facets; the total and facets exact up to kExactMatches past the page, estimated
//            beyond); what the "with facets" figure is
//   exact    the same with --exact: every match counted, as notes-search did before the estimates
//   plain    the same Xapian query (parse_query + build_query, the any-word fallback when no note
//            has every word) with BM25, --limit hits decoded with snippets, but no facet counting
//            and Xapian's default early termination (total estimated): what search would cost
//            without facets; the "without facets" figure
//   count    the tag and year facets alone: every match of the query fed to a match spy like
//            searcher.cc's FacetSpy (get_mset(0, 0, all)); the counting cost, per match
//   match    every match visited (get_mset(0, limit, all), as search does for its exact total)
//            but nothing counted and no hit decoded: what the exact total costs without facets
//   read     as count, but the spy only reads the two values (tags, date) and counts nothing:
//            count - read is the splitting and counting, read - match the value reads
// --all-tags N times Searcher::all_tags() (every note's tags counted: the facet of the whole
// index, the worst case of the counter) N times.
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "analyzer.h"
#include "document.h"
#include "query_builder.h"
#include "schema.h"
#include "searcher.h"

namespace {

using Clock = std::chrono::steady_clock;

struct BenchQuery {
    std::string cls;
    std::string text;
};

std::vector<BenchQuery> read_queries(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read queries " + path);
    std::vector<BenchQuery> out;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        std::size_t tab = line.find('\t');
        if (tab == std::string::npos)
            out.push_back({"all", line});
        else
            out.push_back({line.substr(0, tab), line.substr(tab + 1)});
    }
    if (out.empty()) throw std::runtime_error("cannot use queries " + path + ": no query in it");
    return out;
}

// "count" runs the counter notes-search runs (facets.h); "read" only reads the value it reads.
class TagYearCounter : public Xapian::MatchSpy {
  public:
    explicit TagYearCounter(bool count = true) : count_(count) {}
    void operator()(const Xapian::Document& doc, double weight) override {
        ++seen_;
        if (count_)
            counter_(doc, weight);
        else
            bytes_ += doc.get_value(notes::schema::kSlotFacets).size();
    }
    std::size_t seen() const { return seen_; }

  private:
    notes::FacetCounter counter_;
    std::size_t seen_ = 0;
    std::size_t bytes_ = 0;
    bool count_;
};

// One query run in one mode; returns the matching notes (exact, or Xapian's estimate in "plain").
class Runner {
  public:
    Runner(const std::string& db, const notes::Analyzer& analyzer)
        : searcher_(db, analyzer), db_(db), analyzer_(analyzer) {}

    std::size_t run(const std::string& mode, const std::string& query, std::size_t limit) {
        if (mode == "search" || mode == "exact") {
            notes::SearchRequest req;
            req.query = query;
            req.limit = limit;
            req.exact = mode == "exact";
            return searcher_.search(req).total;
        }
        auto tree = notes::parse_query(query);
        notes::BuiltQuery built = notes::build_query(*tree, analyzer_, notes::MatchMode::All);
        Xapian::Enquire enquire(db_);
        enquire.set_weighting_scheme(Xapian::BM25Weight());
        if (mode == "count" || mode == "read") {
            TagYearCounter counter(mode == "count");
            enquire.add_matchspy(&counter);
            enquire.set_query(built.query);
            enquire.get_mset(0, 0, db_.get_doccount());
            if (counter.seen() == 0 && built.top_level_units >= 2) {
                TagYearCounter any(mode == "count");
                enquire.clear_matchspies();
                enquire.add_matchspy(&any);
                enquire.set_query(notes::build_query(*tree, analyzer_, notes::MatchMode::Any).query);
                enquire.get_mset(0, 0, db_.get_doccount());
                return any.seen();
            }
            return counter.seen();
        }
        if (mode == "match") {
            enquire.set_query(built.query);
            Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(limit), db_.get_doccount());
            if (mset.get_matches_estimated() == 0 && built.top_level_units >= 2) {
                enquire.set_query(notes::build_query(*tree, analyzer_, notes::MatchMode::Any).query);
                mset = enquire.get_mset(0, static_cast<Xapian::doccount>(limit), db_.get_doccount());
            }
            return mset.get_matches_estimated();
        }
        // plain
        enquire.set_query(built.query);
        Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(limit));
        if (mset.get_matches_estimated() == 0 && built.top_level_units >= 2) {
            built = notes::build_query(*tree, analyzer_, notes::MatchMode::Any);
            enquire.set_query(built.query);
            mset = enquire.get_mset(0, static_cast<Xapian::doccount>(limit));
        }
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            notes::Note note = notes::note_of(it.get_document());
            sink_ += notes::make_snippet(note, built.units, analyzer_, 100).text.size();
        }
        return mset.get_matches_estimated();
    }

    double all_tags_seconds(std::size_t& tags) {
        auto t0 = Clock::now();
        tags = searcher_.all_tags().size();
        return std::chrono::duration<double>(Clock::now() - t0).count();
    }

    std::size_t notes() const { return db_.get_doccount(); }

  private:
    notes::Searcher searcher_;
    Xapian::Database db_;
    const notes::Analyzer& analyzer_;
    std::size_t sink_ = 0;  // keeps the snippets from being optimised away
};

double percentile(std::vector<double> xs, double p) {
    if (xs.empty()) return 0;
    std::sort(xs.begin(), xs.end());
    double k = (xs.size() - 1) * p / 100.0;
    auto lo = static_cast<std::size_t>(k);
    std::size_t hi = std::min(lo + 1, xs.size() - 1);
    return xs[lo] + (xs[hi] - xs[lo]) * (k - static_cast<double>(lo));
}

nlohmann::json summary(const std::vector<double>& xs) {
    return {{"p50_ms", percentile(xs, 50) * 1000},
            {"p95_ms", percentile(xs, 95) * 1000},
            {"max_ms", xs.empty() ? 0.0 : *std::max_element(xs.begin(), xs.end()) * 1000},
            {"n", xs.size()}};
}

int usage(const char* msg) {
    std::cerr << "notes-bench-query: " << msg
              << "\nusage: notes-bench-query --db DIR --queries FILE [--repeat N] [--limit N] "
                 "[--mode search|exact|plain|count|match|read]... [--all-tags N]\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) try {
    std::string db, queries_path;
    std::size_t repeat = 10, limit = 10, all_tags = 0;
    std::vector<std::string> modes;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (i + 1 >= argc) return usage(("missing value after " + a).c_str());
        std::string v = argv[++i];
        if (a == "--db")
            db = v;
        else if (a == "--queries")
            queries_path = v;
        else if (a == "--repeat")
            repeat = std::stoul(v);
        else if (a == "--limit")
            limit = std::stoul(v);
        else if (a == "--all-tags")
            all_tags = std::stoul(v);
        else if (a == "--mode") {
            if (v != "search" && v != "exact" && v != "plain" && v != "count" && v != "match" && v != "read")
                return usage(("unknown mode " + v).c_str());
            modes.push_back(v);
        } else
            return usage(("unknown option " + a).c_str());
    }
    if (db.empty()) return usage("--db is required");
    if (modes.empty() && all_tags == 0) modes.push_back("search");
    std::vector<BenchQuery> queries;
    if (!modes.empty()) {
        if (queries_path.empty()) return usage("--queries is required");
        queries = read_queries(queries_path);
    }

    notes::Analyzer analyzer;
    Runner runner(db, analyzer);
    nlohmann::json out = {{"db", db}, {"notes", runner.notes()}, {"repeat", repeat}, {"limit", limit}};
    for (const std::string& mode : modes) {
        runner.run(mode, queries.front().text, limit);  // warm-up: maps the index, as a server would have
        std::vector<std::vector<double>> seconds(queries.size());
        std::vector<std::size_t> totals(queries.size());
        for (std::size_t r = 0; r < repeat; ++r)
            for (std::size_t k = 0; k < queries.size(); ++k) {
                auto t0 = Clock::now();
                totals[k] = runner.run(mode, queries[k].text, limit);
                seconds[k].push_back(std::chrono::duration<double>(Clock::now() - t0).count());
            }
        nlohmann::json per = nlohmann::json::array();
        std::map<std::string, std::vector<double>> by_class;
        std::vector<double> all;
        for (std::size_t k = 0; k < queries.size(); ++k) {
            per.push_back(
                {{"class", queries[k].cls}, {"query", queries[k].text}, {"total", totals[k]}, {"seconds", seconds[k]}});
            by_class[queries[k].cls].insert(by_class[queries[k].cls].end(), seconds[k].begin(), seconds[k].end());
            all.insert(all.end(), seconds[k].begin(), seconds[k].end());
        }
        nlohmann::json classes = nlohmann::json::object();
        for (const auto& [cls, xs] : by_class) classes[cls] = summary(xs);
        out["modes"][mode] = {{"queries", per}, {"classes", classes}, {"all", summary(all)}};
    }
    if (all_tags > 0) {
        std::size_t tags = 0;
        runner.all_tags_seconds(tags);  // warm-up
        std::vector<double> xs;
        for (std::size_t r = 0; r < all_tags; ++r) xs.push_back(runner.all_tags_seconds(tags));
        out["all_tags"] = summary(xs);
        out["all_tags"]["tags"] = tags;
    }
    std::cout << out.dump() << "\n";
    return 0;
} catch (const std::exception& e) {
    std::cerr << "notes-bench-query: " << e.what() << "\n";
    return 1;
}
