// parallel_build_test.cc — the parallel rebuild: equal to one writer's build, published atomically.
#include <xapian.h>
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <sstream>
#include <thread>

#include "generations.h"
#include "index_layout.h"
#include "index_writer.h"
#include "parallel_build.h"
#include "schema.h"
#include "searcher.h"
#include "spill_store.h"
#include "support.h"
#include "sync.h"

extern char** environ;

namespace fs = std::filesystem;
using namespace notes::test;

namespace {

// `n` notes as JSON Lines, varied enough to exercise every term family: English and Japanese
// text, katakana and Latin words for the spelling table, tags whose spelling differs between
// notes (the display name is the last one written), dates over several years. `variant` changes
// every note's summary, so that a run over another variant rewrites them all.
std::string corpus(int n, int variant = 0) {
    const std::vector<std::string> latin = {"quantization", "pruning",   "distillation", "retrieval",
                                            "alignment",    "benchmark", "transformer",  "attention"};
    const std::vector<std::string> kana = {"トランスフォーマー", "ベンチマーク", "データセット", "アテンション"};
    const std::vector<std::string> ja = {"量子化によってモデルを軽量化する", "検索拡張生成の評価を行った",
                                         "大規模言語モデルの推論を高速化した", "事前学習の効率を調べた"};
    const std::vector<std::string> tags = {
        "NLP", "Efficiency_SpeedUp",     "efficiency/speedup",   "RAG(RetrievalAugmentedGeneration)", "Survey",
        "LLM", "Information Extraction", "InformationExtraction"};
    std::string out;
    for (int i = 1; i <= n; ++i) {
        auto pick = [&](const auto& pool, int k) {
            return pool[static_cast<std::size_t>((i * 7 + k * 3) % pool.size())];
        };
        nlohmann::json note = {
            {"id", i},
            {"title", "Note " + std::to_string(i) + " on " + pick(latin, 1) + " " + pick(kana, 2)},
            {"summary",
             pick(ja, 3) + "。" + pick(latin, 4) + " " + pick(latin, i % 5) + " v" + std::to_string(variant)},
            {"comment", pick(kana, 5) + "の" + pick(ja, 6)},
            {"tags", std::vector<std::string>{pick(tags, 7), pick(tags, 8 + i % 3)}},
            {"date", std::to_string(2016 + i % 9) + "-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10)},
            {"url", "https://github.com/example/notes/issues/" + std::to_string(i)}};
        out += note.dump() + "\n";
    }
    return out;
}

// Everything a reader can see, document ids included: each note's docid and data, terms with
// wdf and positions, values, the spelling table with its frequencies, and the metadata but for
// the time of reading in "sources". Equal dumps mean equal indexes, down to the numbering.
std::string dump(const std::string& db_path) {
    Xapian::Database db(db_path);
    std::ostringstream out;
    out << "docs " << db.get_doccount() << " last " << db.get_lastdocid() << "\n";
    for (auto id = db.allterms_begin("Q"); id != db.allterms_end("Q"); ++id) {
        Xapian::docid did = *db.postlist_begin(*id);
        Xapian::Document doc = db.get_document(did);
        out << did << " " << *id << " " << doc.get_data() << "\n";
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            out << "  " << *t << ":" << t.get_wdf();
            for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) out << "," << *p;
            out << "\n";
        }
        for (auto v = doc.values_begin(); v != doc.values_end(); ++v)
            out << "  v" << v.get_valueno() << "=" << *v << "\n";
    }
    for (auto s = db.spellings_begin(); s != db.spellings_end(); ++s)
        out << "spell " << *s << ":" << s.get_termfreq() << "\n";
    for (auto k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k)
        if (*k != notes::schema::kMetaSources) out << "meta " << *k << " " << db.get_metadata(*k) << "\n";
    return out.str();
}

notes::SyncReport sync(const std::string& db, const fs::path& source, unsigned jobs, std::size_t rebuild_above = 2000) {
    notes::SyncOptions options;
    options.jobs = jobs;
    options.rebuild_above = rebuild_above;
    return notes::sync_index(db, std::vector<fs::path>{source}, analyzer(), options);
}

// What the index folder holds besides the published generation: nothing, after any run.
std::vector<std::string> leftovers(const std::string& db) {
    const std::string published = notes::schema::published_generation(db);
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(db)) {
        std::string name = e.path().filename().string();
        if (name == notes::schema::kStubFile || published == "glass " + name + "\n") continue;
        out.push_back(name);
    }
    return out;
}

std::size_t doc_count(const std::string& db) { return Xapian::Database(db).get_doccount(); }

}  // namespace

TEST_CASE("a parallel build equals one writer's, whatever the number of writers", "[parallel]") {
    TempDir dir;
    const fs::path source = dir.write("notes.jsonl", corpus(301));
    auto one = sync(dir.str("j1"), source, 1);
    REQUIRE(one.written);
    CHECK_FALSE(one.rebuilt);
    const std::string expected = dump(dir.str("j1"));
    for (unsigned jobs : {2u, 4u}) {
        const std::string db = dir.str("j" + std::to_string(jobs));
        auto r = sync(db, source, jobs);
        REQUIRE(r.written);
        CHECK(r.rebuilt);
        CHECK(r.stats.added == 301);
        CHECK(dump(db) == expected);
        CHECK(leftovers(db).empty());
    }
    // Document ids follow note ids, 1 to 301, with no gap between shards.
    Xapian::Database db(dir.str("j4"));
    CHECK(db.get_lastdocid() == 301);
    for (std::int64_t id : {1, 76, 77, 151, 226, 301}) CHECK(*db.postlist_begin(notes::schema::id_term(id)) == id);
}

TEST_CASE("shards of uneven slices compact into one writer's database", "[parallel]") {
    TempDir dir;
    notes::ReadReport report;
    const fs::path source = dir.write("notes.jsonl", corpus(97));
    notes::Collection collection = read_notes({source.string()}, report);
    std::vector<notes::Note> notes = collection.notes();
    std::vector<const notes::Note*> all;
    for (const auto& n : notes) all.push_back(&n);
    notes::TagTable tags = notes::tag_table_of(all);
    // The table a fresh index holds: one writer, in this order.
    {
        notes::IndexWriter writer(dir.str("one"), analyzer());
        notes::WriteStats stats;
        writer.put_all(all, stats);
        writer.commit();
    }
    notes::build_compacted(all, tags, dir.str("work"), dir.str("many"), {.jobs = 3, .slice_notes = 7});
    // No metadata is written by build_compacted: compare what the writer stamps apart.
    std::string one = dump(dir.str("one")), many = dump(dir.str("many"));
    one = one.substr(0, one.find("meta "));
    CHECK(many.find("meta ") == std::string::npos);
    CHECK(many == one);
    CHECK(Xapian::Database(dir.str("one")).get_metadata("tags") == tags.encode());
    // Shards committed every few notes, or only at their end, compact into the same database.
    for (std::size_t every : {std::size_t{0}, std::size_t{1}, std::size_t{4}}) {
        const std::string out = dir.str("every-" + std::to_string(every));
        notes::build_compacted(all, tags, dir.str("work-" + std::to_string(every)), out,
                               {.jobs = 2, .slice_notes = 40, .commit_every = every});
        INFO("commit every " << every);
        CHECK(dump(out) == many);
    }
}

TEST_CASE("notes streamed a slice at a time build what the whole list builds, and a failing stream stops it",
          "[parallel]") {
    TempDir dir;
    notes::ReadReport report;
    notes::Collection collection = read_notes({dir.write("notes.jsonl", corpus(97)).string()}, report);
    std::vector<notes::Note> notes = collection.notes();
    std::vector<const notes::Note*> all;
    for (const auto& n : notes) all.push_back(&n);
    const notes::TagTable tags = notes::tag_table_of(all);
    notes::build_compacted(all, tags, dir.str("work-list"), dir.str("list"), {.jobs = 2, .slice_notes = 10});
    std::vector<std::size_t> asked;  // what the writers were given, slice by slice
    notes::NoteStream stream{97, [&](std::size_t most) {
                                 asked.push_back(most);
                                 return collection.take_notes(most);
                             }};
    notes::build_compacted(stream, tags, dir.str("work-stream"), dir.str("stream"), {.jobs = 2, .slice_notes = 10});
    CHECK(dump(dir.str("stream")) == dump(dir.str("list")));
    CHECK(asked == std::vector<std::size_t>{10, 10, 10, 10, 10, 10, 10, 10, 10, 7});
    CHECK(collection.size() == 0);
    SECTION("a stream that throws: the writers stop and the error comes out") {
        std::size_t calls = 0;
        notes::NoteStream source = notes::stream_of(all);
        notes::NoteStream failing{97, [&](std::size_t most) {
                                      if (++calls == 4) throw notes::SpillError("injected: cannot read back");
                                      return source.next(most);
                                  }};
        CHECK_THROWS_WITH(notes::build_compacted(failing, tags, dir.str("work-fail"), dir.str("fail"),
                                                 {.jobs = 2, .slice_notes = 10}),
                          "injected: cannot read back");
        CHECK(calls == 4);
    }
    SECTION("a stream that ends early is an error, not a smaller index") {
        notes::NoteStream short_stream{98, notes::stream_of(all).next};
        CHECK_THROWS_AS(notes::build_compacted(short_stream, tags, dir.str("work-short"), dir.str("short"),
                                               {.jobs = 2, .slice_notes = 10}),
                        std::logic_error);
    }
}

TEST_CASE("an incremental run after a parallel build stays equal to a fresh build", "[parallel]") {
    TempDir dir;
    const fs::path source = dir.write("notes.jsonl", corpus(120));
    REQUIRE(sync(dir.str("db"), source, 2).rebuilt);
    auto fresh = [&](const std::string& name) {
        REQUIRE(sync(dir.str(name), source, 1).written);
        return dump(dir.str(name));
    };
    SECTION("a small change is written in place") {
        std::string text = corpus(120);
        text += corpus(122).substr(text.size());  // two notes more
        write_file(source, text);
        auto r = sync(dir.str("db"), source, 2);
        REQUIRE(r.written);
        CHECK_FALSE(r.rebuilt);
        CHECK(r.stats.added == 2);
        CHECK(dump(dir.str("db")) == fresh("fresh"));
    }
    SECTION("a change above the threshold is a parallel rebuild") {
        write_file(source, corpus(110, 1));  // every note changed, ten gone
        auto r = sync(dir.str("db"), source, 2, 50);
        REQUIRE(r.written);
        CHECK(r.rebuilt);
        CHECK(r.stats.updated == 110);
        CHECK(r.stats.removed == 10);
        CHECK(dump(dir.str("db")) == fresh("fresh"));
        CHECK(leftovers(dir.str("db")).empty());
    }
}

TEST_CASE("a writer that fails leaves the previous index whole and no folder behind", "[parallel]") {
    TempDir dir;
    const fs::path source = dir.write("notes.jsonl", corpus(60));
    REQUIRE(sync(dir.str("db"), source, 2).written);
    const std::string before = dump(dir.str("db"));
    notes::ReadReport report;
    notes::Collection other = read_notes({dir.write("other.jsonl", corpus(80, 2)).string()}, report);
    std::vector<notes::Note> notes = other.notes();
    std::vector<const notes::Note*> all;
    for (const auto& n : notes) all.push_back(&n);
    {
        notes::IndexWriter writer(dir.str("db"), analyzer());
        notes::WriteStats stats;
        auto fail_second = [](std::size_t k) {
            if (k == 1) throw std::runtime_error("injected failure in slice 1");
        };
        CHECK_THROWS_WITH(writer.rebuild_all(all, stats, {.jobs = 2, .slice_notes = 20, .before_slice = fail_second}),
                          "injected failure in slice 1");
    }
    CHECK(dump(dir.str("db")) == before);
    CHECK(leftovers(dir.str("db")).empty());
    // A rebuild that succeeded but was never committed is dropped the same way.
    {
        notes::IndexWriter writer(dir.str("db"), analyzer());
        notes::WriteStats stats;
        writer.rebuild_all(all, stats, {.jobs = 2});
        CHECK(writer.ids().size() == 80);
    }
    CHECK(dump(dir.str("db")) == before);
    CHECK(leftovers(dir.str("db")).empty());
}

TEST_CASE("a second writer during a parallel build is refused by the lock", "[parallel]") {
    TempDir dir;
    const fs::path source = dir.write("notes.jsonl", corpus(40));
    REQUIRE(sync(dir.str("db"), source, 2).written);
    notes::ReadReport report;
    notes::Collection collection = read_notes({source.string()}, report);
    std::vector<notes::Note> notes = collection.notes();
    std::vector<const notes::Note*> all;
    for (const auto& n : notes) all.push_back(&n);
    std::string refused;
    notes::IndexWriter writer(dir.str("db"), analyzer());
    notes::WriteStats stats;
    auto second_writer = [&](std::size_t k) {
        if (k != 0) return;
        try {
            notes::IndexWriter other(dir.str("db"), analyzer());
        } catch (const notes::IndexLockedError& e) {
            refused = e.what();
        }
    };
    writer.rebuild_all(all, stats, {.jobs = 2, .slice_notes = 10, .before_slice = second_writer});
    CHECK_THAT(refused, Catch::Contains("another notes-index holds its lock") && Catch::Contains("/gen-"));
    writer.commit();
    CHECK(doc_count(dir.str("db")) == 40);
}

TEST_CASE("a reader keeps its generation through a rebuild, and refresh() moves to the new one", "[parallel]") {
    TempDir dir;
    const fs::path source = dir.write("notes.jsonl", corpus(30));
    REQUIRE(sync(dir.str("db"), source, 2).written);
    notes::Searcher searcher(dir.str("db"), analyzer(), {.synonyms = "none"});
    notes::SearchRequest all;
    all.query =
        "quantization OR pruning OR distillation OR retrieval OR alignment OR benchmark OR transformer OR "
        "attention";
    const auto before = searcher.search(all).total;
    CHECK_FALSE(searcher.refresh());
    write_file(source, corpus(45, 1));
    REQUIRE(sync(dir.str("db"), source, 2, 0).rebuilt);
    CHECK(searcher.search(all).total == before);  // the old generation, unlinked, is still read
    CHECK(searcher.refresh());
    CHECK(searcher.search(all).total > before);
    CHECK_FALSE(searcher.refresh());
    // An in-place change is seen the way it always was: a new revision of the same generation.
    write_file(source, corpus(45, 1) + corpus(46, 1).substr(corpus(45, 1).size()));
    REQUIRE_FALSE(sync(dir.str("db"), source, 2).rebuilt);
    CHECK(searcher.refresh());
}

TEST_CASE("an index of the older layout is moved into a generation by a rebuild", "[parallel]") {
    TempDir dir;
    const fs::path source = dir.write("notes.jsonl", corpus(50));
    REQUIRE(sync(dir.str("made"), source, 1).written);
    // The tables of the generation, copied into the index folder itself: what notes-index wrote
    // before generations.
    fs::create_directory(dir.path / "db");
    for (const auto& e : fs::directory_iterator(notes::current_database_dir(dir.str("made"))))
        fs::copy(e.path(), dir.path / "db" / e.path().filename());
    const std::string before = dump(dir.str("db"));
    fs::create_directory(dir.path / "db" / ".build-1-1");  // a build killed before: removed
    SECTION("written in place, it keeps its layout") {
        write_file(source, corpus(51));
        auto r = sync(dir.str("db"), source, 2);
        REQUIRE_FALSE(r.rebuilt);
        CHECK(fs::exists(dir.path / "db" / "iamglass"));
        CHECK_FALSE(fs::exists(dir.path / "db" / ".build-1-1"));
    }
    SECTION("rebuilt, it becomes a stub and a generation") {
        write_file(source, corpus(50, 1));
        auto r = sync(dir.str("db"), source, 2, 0);
        REQUIRE(r.rebuilt);
        CHECK_FALSE(fs::exists(dir.path / "db" / "iamglass"));
        CHECK(leftovers(dir.str("db")).empty());  // no table of the old layout left
        CHECK(dump(dir.str("db")) != before);
        CHECK(dump(dir.str("db")) == (sync(dir.str("fresh"), source, 1), dump(dir.str("fresh"))));
    }
}

namespace {

// notes-index started in the background, its output thrown away, so that the test can kill it.
pid_t start_index(const std::vector<std::string>& args) {
    std::vector<std::string> all = {NOTES_INDEX_EXE};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    int rc = posix_spawn(&pid, NOTES_INDEX_EXE, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    REQUIRE(rc == 0);
    return pid;
}

std::int64_t searched_notes(const std::string& db) {
    Run r = run(NOTES_SEARCH_EXE, {"--db", db, "--stats", "--json"});
    INFO(r.err);
    REQUIRE(r.status == 0);
    return r.json().at("notes").get<std::int64_t>();
}

}  // namespace

TEST_CASE("notes-index killed at any moment leaves the previous index or the new one", "[parallel][e2e]") {
    TempDir dir;
    const std::string db = dir.str("db");
    const fs::path source = dir.path / "notes.jsonl";
    write_file(source, corpus(100));
    REQUIRE(run(NOTES_INDEX_EXE, {"--db", db, "-q", "-j", "2", source.string()}).status == 0);
    std::int64_t held = 100;
    // Each round gives notes-index a source to rebuild from (every note changed, a count of its
    // own) and kills it after a while; the index must then open and hold the old count or the new.
    int round = 0;
    for (int ms : {30, 100, 250, 500, 900, 1500, 2500}) {
        ++round;
        const std::int64_t wanted = 3000 + round;
        write_file(source, corpus(static_cast<int>(wanted), round));
        pid_t pid = start_index({"--db", db, "-q", "-j", "2", source.string()});
        std::this_thread::sleep_for(std::chrono::milliseconds(ms));  // the moment of the kill, not a wait
        ::kill(pid, SIGKILL);
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        const std::int64_t now = searched_notes(db);
        INFO("killed after " << ms << " ms");
        CHECK((now == held || now == wanted));
        held = now;
    }
    // A clean run afterwards finishes the job and clears what the killed ones left.
    Run last = run(NOTES_INDEX_EXE, {"--db", db, "-q", "-j", "2", source.string()});
    INFO(last.err);
    REQUIRE(last.status == 0);
    CHECK(searched_notes(db) == 3000 + round);
    CHECK(leftovers(db).empty());
}
