// spill_store_test.cc — the text store that holds merged notes on disk, and the collection on it:
// the same notes as in memory, and a failure to write is an error, never a note lost.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <string>
#include <vector>

#include "collection.h"
#include "sources.h"
#include "spill_store.h"
#include "support.h"
#include "sync.h"

namespace fs = std::filesystem;
using namespace notes::test;

namespace {

const std::string kFixtures = NOTES_TEST_FIXTURES;

// Texts of every kind the store meets: empty, short, multi-byte, and one bigger than the buffer.
std::vector<std::string> sample_texts() {
    std::vector<std::string> texts = {"", "a", "量子化によってモデルを軽量化する", std::string(3000, 'x'), "\r\n end"};
    texts.push_back(std::string(3 << 20, 'y') + "tail");
    for (int i = 0; i < 2000; ++i) texts.push_back("note " + std::to_string(i) + std::string(i % 700, 'z'));
    return texts;
}

void check_round_trip(notes::TextStore& store) {
    const std::vector<std::string> texts = sample_texts();
    std::vector<notes::TextRef> refs;
    for (const auto& t : texts) refs.push_back(store.append(t));
    for (std::size_t i = 0; i < texts.size(); ++i) REQUIRE(store.read(refs[i]) == texts[i]);
    std::uint64_t total = 0;
    for (const auto& t : texts) total += t.size();
    CHECK(store.bytes() == total);
}

// Notes of the fixture pages and JSON Lines, each file read into a collection of its own and
// absorbed into `into`, as notes-index reads them.
void read_as_a_sync_does(notes::Collection& into) {
    notes::ReadReport report;
    for (const auto& f : notes::find_sources({kFixtures + "/pages", kFixtures + "/notes.jsonl"})) {
        notes::Collection local;
        notes::read_source(f, local, report);
        into.absorb(std::move(local));
    }
}

// The same sources read straight into one collection in memory, as before the store existed.
std::vector<notes::Note> read_in_memory() {
    notes::ReadReport report;
    return read_notes({kFixtures + "/pages", kFixtures + "/notes.jsonl"}, report).notes();
}

// A page of `n` notes whose summaries are long enough to pass the store's buffer.
notes::TagPage big_page(const std::string& tag, int n, std::size_t summary_bytes) {
    notes::TagPage page;
    page.tag = tag;
    for (int i = 1; i <= n; ++i) {
        notes::Note note;
        note.id = i;
        note.title = "Note " + std::to_string(i);
        note.summary = std::string(summary_bytes, 'a' + static_cast<char>(i % 26));
        page.notes.push_back(note);
    }
    return page;
}

}  // namespace

TEST_CASE("the store gives back every text, in memory and in a file", "[spill]") {
    SECTION("in memory") {
        notes::TextStore store;
        CHECK_FALSE(store.on_disk());
        check_round_trip(store);
    }
    SECTION("in a temporary file") {
        TempDir dir;
        auto store = notes::TextStore::temporary_file(dir.str());
        CHECK(store->on_disk());
        check_round_trip(*store);
        // The file has no name: nothing to clean up, whatever becomes of the process.
        CHECK(dir.names().empty());
    }
    SECTION("in a file written a few bytes at a time") {
        TempDir dir;
        auto dribble = [](int fd, const void* data, std::size_t size, off_t offset) {
            return ::pwrite(fd, data, std::min<std::size_t>(size, 7), offset);
        };
        auto store = notes::TextStore::temporary_file(dir.str(), dribble);
        check_round_trip(*store);
    }
}

TEST_CASE("a text that spans appends is read back in one piece", "[spill]") {
    TempDir dir;
    auto store = notes::TextStore::temporary_file(dir.str());
    notes::TextRef first = store->append(std::string(1 << 20, 'p'));  // flushed by the next append
    store->append("qrs");                                             // still in the buffer
    std::string span;
    store->read_span(first.offset + first.size - 2, 5, span);
    CHECK(span == "ppqrs");
}

TEST_CASE("a store that cannot be written is an error naming the folder and the reason", "[spill]") {
    TempDir dir;
    auto full = [](int, const void*, std::size_t, off_t) -> ssize_t {
        errno = ENOSPC;
        return -1;
    };
    SECTION("appending") {
        auto store = notes::TextStore::temporary_file(dir.str(), full);
        store->append(std::string(1000, 'a'));  // buffered: nothing written yet, nothing lost
        CHECK_THROWS_MATCHES(store->append(std::string(2 << 20, 'b')), notes::SpillError,
                             Catch::Message("cannot write the temporary file of the notes read in " + dir.str() +
                                            ": No space left on device (0 bytes written); make room on that disk "
                                            "and run notes-index again"));
    }
    SECTION("a write that takes nothing counts as a full disk") {
        auto nothing = [](int, const void*, std::size_t, off_t) -> ssize_t { return 0; };
        auto store = notes::TextStore::temporary_file(dir.str(), nothing);
        CHECK_THROWS_WITH(store->append(std::string(2 << 20, 'b')),
                          Catch::Contains("No space left on device (0 bytes written)"));
    }
    SECTION("merging notes into a collection on that store") {
        notes::Collection into(notes::TextStore::temporary_file(dir.str(), full));
        notes::Collection local;
        local.add_page(big_page("Big", 600, 4000));  // 2.4 MB of summaries: more than the buffer
        CHECK_THROWS_AS(into.absorb(std::move(local)), notes::SpillError);
    }
    SECTION("a folder where no file can be made") {
        CHECK_THROWS_MATCHES(
            notes::TextStore::temporary_file(dir.str("missing")), notes::SpillError,
            Catch::Message("cannot make a temporary file in " + dir.str("missing") + ": No such file or directory"));
    }
}

TEST_CASE("notes merged on a file store are those merged in memory", "[spill]") {
    const std::vector<notes::Note> expected = read_in_memory();
    REQUIRE(expected.size() > 20);
    TempDir dir;
    notes::Collection on_disk(notes::TextStore::temporary_file(dir.str()));
    read_as_a_sync_does(on_disk);
    CHECK(on_disk.store().on_disk());
    CHECK(on_disk.notes() == expected);
    std::vector<notes::Note> taken;
    for (auto slice = on_disk.take_notes(7); !slice.empty(); slice = on_disk.take_notes(7))
        taken.insert(taken.end(), slice.begin(), slice.end());
    CHECK(taken == expected);
}

TEST_CASE("the merge rules hold on stored texts: real beats placeholder, longer wins, first on a tie", "[spill]") {
    auto page_of = [](const std::string& tag, const std::string& summary, const std::string& comment) {
        notes::TagPage page;
        page.tag = tag;
        notes::Note n;
        n.id = 7;
        n.summary = summary;
        n.comment = comment;
        page.notes.push_back(n);
        return page;
    };
    const std::vector<notes::TagPage> pages = {
        page_of("A", "No description", ""),    page_of("B", "短い", "..."),    page_of("C", "abcdef", "first"),
        page_of("D", "長い要約です", "secnd"), page_of("E", "No comment", ""), page_of("F", "", "longest comment")};
    TempDir dir;
    notes::Collection whole(notes::TextStore::temporary_file(dir.str()));
    for (const auto& p : pages) {  // one file a page, each absorbed
        notes::Collection local;
        local.add_page(p);
        whole.absorb(std::move(local));
    }
    notes::Collection direct;
    for (const auto& p : pages) direct.add_page(p);
    const auto notes = whole.notes();
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].summary == "abcdef");  // six code points, as the later "長い要約です" (more bytes)
    CHECK(notes[0].comment == "longest comment");
    CHECK(direct.notes() == notes);
}

TEST_CASE("dropping notes reads none of their texts, and their tags still come out in order", "[spill]") {
    TempDir dir;
    notes::Collection c(notes::TextStore::temporary_file(dir.str()));
    read_as_a_sync_does(c);
    const std::vector<notes::Note> all = c.notes();
    c.drop_if([](std::int64_t id) { return id % 2 == 0; });
    std::vector<notes::Note> odd;
    for (const auto& n : all)
        if (n.id % 2 != 0) odd.push_back(n);
    std::vector<std::pair<std::int64_t, std::vector<std::string>>> tags;
    c.for_each_tags([&](std::int64_t id, const std::vector<std::string>& names) { tags.emplace_back(id, names); });
    REQUIRE(tags.size() == odd.size());
    for (std::size_t i = 0; i < odd.size(); ++i) {
        CHECK(tags[i].first == odd[i].id);
        CHECK(tags[i].second == odd[i].tags);
    }
    CHECK(c.take_notes(odd.size() + 1) == odd);
}

TEST_CASE("a sync keeps the notes' texts in an unnamed file in the index folder while it writes", "[spill][sync]") {
    const unsigned jobs = GENERATE(1u, 2u);  // written in place, and rebuilt in parallel
    TempDir dir;
    const std::string db = dir.str("db");
    const std::string db_seen = (fs::canonical(dir.path) / "db").string();  // as /proc names it
    // What the process holds open in the index folder that has no name there any more.
    auto unnamed_in_db = [&] {
        std::size_t n = 0;
        for (const auto& fd : fs::directory_iterator("/proc/self/fd")) {
            std::error_code ec;
            const std::string target = fs::read_symlink(fd.path(), ec).string();
            const std::string name = target.substr(std::min(target.size(), db_seen.size() + 1));
            if (!ec && target.starts_with(db_seen + "/") && target.ends_with(" (deleted)") &&
                (name.starts_with("#") || name.starts_with(".notes-index-spill-")))
                ++n;
        }
        return n;
    };
    std::size_t seen = 0;
    notes::SyncOptions options;
    options.jobs = jobs;
    options.on_write = [&](std::size_t, std::size_t) { seen = std::max(seen, unnamed_in_db()); };
    notes::SyncReport report = notes::sync_index(db, notes::find_sources({kFixtures + "/pages"}), analyzer(), options);
    REQUIRE(report.written);
    CHECK(report.rebuilt == (jobs > 1));
    CHECK(seen == 1);
    CHECK(unnamed_in_db() == 0);  // closed with the run
}
