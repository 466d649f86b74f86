// sync_test.cc — incremental re-indexing: what is re-read, and that the result equals a fresh build.
#include <xapian.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>

#include "facets.h"
#include "recorded_sources.h"
#include "schema.h"
#include "support.h"
#include "sync.h"

namespace fs = std::filesystem;
using namespace notes::test;

namespace {

void replace_in(const fs::path& p, const std::string& from, const std::string& to) {
    std::string s = read_file(p);
    auto at = s.find(from);
    REQUIRE(at != std::string::npos);
    s.replace(at, from.size(), to);
    write_file(p, s);
}

// Everything a reader can see: each note's data, terms with wdf and positions, values, and the
// metadata. Equal dumps mean equal indexes.
std::string dump(const fs::path& db_path) {
    Xapian::Database db(db_path.string());
    auto table = notes::TagTable::decode(db.get_metadata(std::string(notes::schema::kMetaTags)));
    std::ostringstream out;
    for (auto id = db.allterms_begin("Q"); id != db.allterms_end("Q"); ++id) {
        Xapian::docid did = *db.postlist_begin(*id);
        Xapian::Document doc = db.get_document(did);
        out << *id << " " << doc.get_data() << "\n";
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            out << "  " << *t << ":" << t.get_wdf();
            for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) out << "," << *p;
            out << "\n";
        }
        for (auto v = doc.values_begin(); v != doc.values_end(); ++v) {
            out << "  v" << v.get_valueno() << "=";
            if (v.get_valueno() != notes::schema::kSlotFacets) {
                out << *v << "\n";
                continue;
            }
            // Tag ids are given in the order tags are first written, which differs between an
            // index kept up to date and a fresh one: what must be equal is the tags they name.
            auto facets = notes::decode_facet_value(*v);
            out << facets.year;
            for (auto id : facets.tag_ids) out << " " << (table.name(id).empty() ? "?" : table.name(id));
            out << "\n";
        }
    }
    for (auto k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k) {
        if (*k == notes::schema::kMetaTags) continue;     // compared through the values above
        if (*k == notes::schema::kMetaSources) continue;  // holds the time of reading: see paths()
        std::string value = db.get_metadata(*k);
        out << "meta " << *k << " " << value << "\n";
    }
    return out.str();
}

struct Site {
    TempDir tmp;
    fs::path pages = tmp.path / "pages";
    fs::path db = tmp.path / "db";
    Site() { fs::copy(NOTES_EXAMPLES, pages); }

    notes::SyncReport sync() {
        return notes::sync_index(db.string(), notes::find_sources({pages.string()}), analyzer());
    }

    // A fresh build of the same files, elsewhere, must be what the incremental one made.
    void check_equals_fresh() {
        TempDir fresh;
        auto r = notes::sync_index((fresh.path / "db").string(), notes::find_sources({pages.string()}), analyzer());
        REQUIRE(r.written);
        CHECK(dump(db) == dump(fresh.path / "db"));
    }
};

}  // namespace

TEST_CASE("a re-run reads only what changed and ends equal to a fresh build", "[sync]") {
    Site site;
    auto first = site.sync();
    REQUIRE(first.written);
    CHECK(first.stats.added == 26);
    CHECK(first.unchanged == 0);

    SECTION("nothing changed: nothing read, nothing written") {
        auto r = site.sync();
        CHECK(r.unchanged == r.files);
        CHECK(r.stats.added + r.stats.updated + r.stats.removed == 0);
        site.check_equals_fresh();
    }
    SECTION("a touched file with the same content is not re-read") {
        fs::last_write_time(site.pages / "NLP.markdown", fs::file_time_type::clock::now() + std::chrono::seconds(5));
        auto r = site.sync();
        CHECK(r.unchanged == r.files);
        site.check_equals_fresh();
    }
    SECTION("a changed page: its note is updated, on every page's behalf") {
        replace_in(site.pages / "Quantization.markdown", "量子化して凍結し", "量子化してから凍結し");
        auto r = site.sync();
        CHECK(r.unchanged < r.files);
        CHECK(r.stats.updated >= 1);
        CHECK(r.stats.added == 0);
        CHECK(r.stats.removed == 0);
        site.check_equals_fresh();
    }
    SECTION("a removed page: its notes are re-merged from the pages left") {
        fs::remove(site.pages / "Abstractive.markdown");
        auto r = site.sync();
        CHECK(r.files == 7);
        CHECK(r.unchanged == 7);  // the notes it held are re-merged from the index's records
        site.check_equals_fresh();
        Xapian::Database db(site.db.string());
        CHECK(db.get_metadata("page:abstractive").empty());  // its page is no longer one to write back
    }
    SECTION("an added page: new notes come in") {
        std::string page = read_file(site.pages / "Abstractive.markdown");
        fs::remove(site.pages / "Abstractive.markdown");
        site.sync();
        write_file(site.pages / "Abstractive.markdown", page);
        auto r = site.sync();
        CHECK(r.stats.updated >= 1);
        site.check_equals_fresh();
    }
    SECTION("a tag dropped from a note's pages is dropped from the note") {
        // #Finetuning leaves note 881's buttons on every page that lists it.
        for (const auto& e : fs::directory_iterator(site.pages)) {
            std::string s = read_file(e.path());
            const std::string button = "<a class=\"button\" href=\"articles/Finetuning.html\">#Finetuning</a>";
            auto title = s.find("issues/881\"");
            if (title == std::string::npos) continue;
            auto date = s.rfind("<span class=\"issue_date\">", title);
            auto start = s.rfind("\n", date);
            auto at = s.find(button, start);
            if (at != std::string::npos && at < date) s.erase(at, button.size());
            write_file(e.path(), s);
        }
        site.sync();
        site.check_equals_fresh();
        Xapian::Database db(site.db.string());
        auto doc = db.get_document(*db.postlist_begin("Q881"));
        CHECK(doc.get_data().find("\"Finetuning\"") == std::string::npos);
    }
    SECTION("a source no longer given is a source gone") {
        auto r = notes::sync_index(site.db.string(),
                                   notes::find_sources({(site.pages / "Quantization.markdown").string()}), analyzer());
        REQUIRE(r.written);
        CHECK(r.stats.removed > 0);
        TempDir fresh;
        notes::sync_index((fresh.path / "db").string(),
                          notes::find_sources({(site.pages / "Quantization.markdown").string()}), analyzer());
        CHECK(dump(site.db) == dump(fresh.path / "db"));
    }
}

TEST_CASE("a spelling change of a tag reaches notes in files not re-read", "[sync]") {
    TempDir tmp;
    fs::create_directories(tmp.path / "p");
    auto page = [](const std::string& heading, int id, const std::string& button) {
        return "---\nlayout: post\ntitle: " + heading + "に関する論文・技術記事メモの一覧\nauthor: T\n---\n## " +
               heading + "\n<div class=\"visible-content\">\n<a class=\"button\" href=\"articles/X.html\">#" + button +
               "</a><br><span class=\"issue_date\">Issue Date: 2023-01-0" + std::to_string(id) +
               "</span>\n<a href=\"https://github.com/e/r/issues/" + std::to_string(id) + "\">Note " +
               std::to_string(id) + "</a>\n<span class=\"snippet\"><span>Comment</span>本文</span>\n</div>\n";
    };
    write_file(tmp.path / "p" / "b.markdown", page("Other", 2, "InformationExtraction"));
    auto files = [&] { return notes::find_sources({(tmp.path / "p").string()}); };
    REQUIRE(notes::sync_index((tmp.path / "db").string(), files(), analyzer()).written);
    // A file sorted first now spells the tag differently: note 2's tag is spelled its way too.
    write_file(tmp.path / "p" / "a.markdown", page("Information Extraction", 1, "Other"));
    REQUIRE(notes::sync_index((tmp.path / "db").string(), files(), analyzer()).written);
    REQUIRE(notes::sync_index((tmp.path / "fresh").string(), files(), analyzer()).written);
    CHECK(dump(tmp.path / "db") == dump(tmp.path / "fresh"));
    Xapian::Database db((tmp.path / "db").string());
    CHECK(db.get_document(*db.postlist_begin("Q2")).get_data().find("\"Information Extraction\"") != std::string::npos);
}

TEST_CASE("a source that cannot be read this time keeps its notes; one that is gone loses them", "[sync]") {
    TempDir tmp;
    fs::create_directories(tmp.path / "p");
    auto line = [](int id) {
        return "{\"id\":" + std::to_string(id) + ",\"title\":\"Note " + std::to_string(id) + "\",\"tags\":[\"T\"]}\n";
    };
    write_file(tmp.path / "p" / "a.jsonl", line(1) + line(2));
    write_file(tmp.path / "p" / "b.jsonl", line(3));
    const std::string db = (tmp.path / "db").string();
    auto files = [&] { return notes::find_sources({(tmp.path / "p").string()}); };
    REQUIRE(notes::sync_index(db, files(), analyzer()).written);
    auto count = [&] { return Xapian::Database(db).get_doccount(); };

    // Cut short: its first note still reads, the second is kept as it was, and a warning says so.
    write_file(tmp.path / "p" / "a.jsonl", line(1) + line(2).substr(0, 10));
    auto cut = notes::sync_index(db, files(), analyzer());
    REQUIRE(cut.written);
    CHECK(count() == 3);
    REQUIRE(cut.read.problems.size() == 1);
    // Emptied: all of its notes are kept, and it is read again next time.
    write_file(tmp.path / "p" / "a.jsonl", "");
    auto empty = notes::sync_index(db, files(), analyzer());
    REQUIRE(empty.read.problems.size() == 1);
    CHECK_THAT(empty.read.problems[0].message, Catch::Contains("empty file") && Catch::Contains("2 note(s)"));
    CHECK(count() == 3);
    // Mended: read again, though nothing else changed, and equal to a fresh build.
    write_file(tmp.path / "p" / "a.jsonl", line(1));
    auto mended = notes::sync_index(db, files(), analyzer());
    CHECK(mended.read.problems.empty());
    CHECK(count() == 2);
    REQUIRE(notes::sync_index((tmp.path / "fresh").string(), files(), analyzer()).written);
    CHECK(dump(db) == dump(tmp.path / "fresh"));
    // Gone: its notes go.
    fs::remove(tmp.path / "p" / "a.jsonl");
    REQUIRE(notes::sync_index(db, files(), analyzer()).written);
    CHECK(count() == 1);
}

TEST_CASE("a folder that cannot be listed keeps the notes of its files", "[sync]") {
    TempDir tmp;
    fs::create_directories(tmp.path / "p" / "sub");
    write_file(tmp.path / "p" / "a.jsonl", "{\"id\":1,\"title\":\"A\"}\n");
    write_file(tmp.path / "p" / "sub" / "b.jsonl", "{\"id\":2,\"title\":\"B\"}\n");
    const std::string db = (tmp.path / "db").string();
    REQUIRE(notes::sync_index(db, notes::find_sources({(tmp.path / "p").string()}), analyzer()).written);
    // What list_sources gives when sub/ cannot be listed: its files missing, the folder named.
    notes::SourceList listed{{tmp.path / "p" / "a.jsonl"}, {{(tmp.path / "p" / "sub").string(), "cannot read"}}};
    auto r = notes::sync_index(db, listed, analyzer());
    REQUIRE(r.written);
    REQUIRE(r.read.problems.size() == 1);
    CHECK_THAT(r.read.problems[0].message, Catch::EndsWith("the 1 note(s) of its files are kept from the last run"));
    CHECK(Xapian::Database(db).get_doccount() == 2);
}

TEST_CASE("a source path too long for a metadata key is recorded by its hash, and read back", "[sync]") {
    TempDir tmp;
    const fs::path deep = tmp.path / std::string(120, 'd') / std::string(120, 'e');
    fs::create_directories(deep);
    write_file(deep / "notes.jsonl", "{\"id\":1,\"title\":\"Deep\"}\n");
    const std::string db = (tmp.path / "db").string();
    auto files = [&] { return notes::find_sources({tmp.path.string()}); };
    REQUIRE(notes::sync_index(db, files(), analyzer()).written);
    CHECK(notes::sync_index(db, files(), analyzer()).unchanged == 1);
    {
        Xapian::Database x(db);
        auto key = x.metadata_keys_begin("src:");
        REQUIRE(key != x.metadata_keys_end("src:"));
        CHECK_THAT(*key, Catch::Matches("src:#[0-9a-f]{16}"));
        CHECK_THAT(x.get_metadata(*key), Catch::Contains((deep / "notes.jsonl").string()));
    }
    fs::remove(deep / "notes.jsonl");
    write_file(tmp.path / "other.jsonl", "{\"id\":2,\"title\":\"Other\"}\n");
    REQUIRE(notes::sync_index(db, files(), analyzer()).written);  // the deep file is gone: note 1 goes
    CHECK(Xapian::Database(db).get_doccount() == 1);
}

TEST_CASE("records written before paths were kept in the value still read", "[sync]") {
    Site site;
    REQUIRE(site.sync().written);
    {  // as an older notes-index wrote them: the path in the key alone
        Xapian::WritableDatabase db(site.db.string());
        std::vector<std::string> keys;
        for (auto k = db.metadata_keys_begin("src:"); k != db.metadata_keys_end("src:"); ++k) keys.push_back(*k);
        REQUIRE(!keys.empty());
        for (const auto& key : keys) {
            auto value = nlohmann::json::parse(db.get_metadata(key));
            value.erase("path");
            db.set_metadata(key, value.dump());
        }
        db.commit();
    }
    auto r = site.sync();
    CHECK(r.unchanged == r.files);
    site.check_equals_fresh();
}

TEST_CASE("a file recorded by other readers is read again, its bytes unchanged", "[sync]") {
    Site site;
    REQUIRE(site.sync().written);
    {  // one record as an older notes-index wrote it (no readers' version), another as a future one
        Xapian::WritableDatabase db(site.db.string());
        std::vector<std::string> keys;
        for (auto k = db.metadata_keys_begin("src:"); k != db.metadata_keys_end("src:"); ++k) keys.push_back(*k);
        REQUIRE(keys.size() >= 3);
        for (const auto& value : {db.get_metadata(keys[0]), db.get_metadata(keys[1])})
            CHECK(nlohmann::json::parse(value).at("readers") == std::string(notes::schema::kReadersVersion));
        auto older = nlohmann::json::parse(db.get_metadata(keys[0]));
        older.erase("readers");
        db.set_metadata(keys[0], older.dump());
        auto other = nlohmann::json::parse(db.get_metadata(keys[1]));
        other["readers"] = "0";
        db.set_metadata(keys[1], other.dump());
        db.commit();
    }
    auto r = site.sync();
    CHECK(r.unchanged == r.files - 2);
    CHECK(r.stats.added + r.stats.updated + r.stats.removed == 0);  // the same notes, read again
    site.check_equals_fresh();
    auto again = site.sync();  // recorded now by these readers
    CHECK(again.unchanged == again.files);
}

// ---------------------------------------------------------------------------------------------
// The recorded sources: what `notes-index` alone reads again.

namespace {

using notes::SourcesAction;

notes::SourcesRun update(const fs::path& db, SourcesAction action, const std::vector<fs::path>& paths = {}) {
    std::vector<std::string> given;
    for (const auto& p : paths) given.push_back(p.string());
    return notes::update_sources(db.string(), action, given, analyzer());
}

std::vector<std::string> paths(const fs::path& db) {
    std::vector<std::string> out;
    for (const auto& s : notes::read_recorded_sources(db.string())) out.push_back(s.path);
    return out;
}

// The notes as dump() shows them, without the metadata: a kept source's record is marked to be
// read again next time, but its notes must not change.
std::string notes_dump(const fs::path& db) {
    std::string d = dump(db);
    return d.substr(0, d.find("meta "));
}

std::uint32_t count(const fs::path& db) { return Xapian::Database(db.string()).get_doccount(); }

bool holds(const fs::path& db, std::int64_t id) {
    Xapian::Database x(db.string());
    return x.postlist_begin(notes::schema::id_term(id)) != x.postlist_end(notes::schema::id_term(id));
}

// Two sources that share note 881: the example pages, and a JSON Lines file that adds a tag to
// 881 and a note of its own, 5000.
struct TwoSources {
    TempDir tmp;
    fs::path pages = tmp.path / "pages", extra = tmp.path / "extra.jsonl", db = tmp.path / "db";
    TwoSources() {
        fs::copy(NOTES_EXAMPLES, pages);
        write_file(extra,
                   "{\"id\":881,\"title\":\"QLoRA\",\"tags\":[\"Mine\"],\"comment\":\"A comment of mine, longer "
                   "than the page's cut one, so that it wins the merge.\"}\n"
                   "{\"id\":5000,\"title\":\"Only in extra\",\"tags\":[\"Mine\"]}\n");
    }
    // A fresh build of `sources`, in that order, elsewhere: what the index must now equal.
    void check_equals_fresh(const std::vector<fs::path>& sources) {
        TempDir fresh;
        REQUIRE(update(fresh.path / "db", SourcesAction::add, sources).sync.written);
        CHECK(dump(db) == dump(fresh.path / "db"));
        CHECK(paths(db) == paths(fresh.path / "db"));
    }
};

}  // namespace

TEST_CASE("every source given is recorded, and a run without one reads them all again", "[sync][sources]") {
    TwoSources t;
    REQUIRE(update(t.db, SourcesAction::add, {t.pages}).sync.written);
    CHECK(paths(t.db) == std::vector<std::string>{t.pages.string()});
    const auto recorded = notes::read_recorded_sources(t.db.string());
    CHECK(recorded.at(0).kind == "folder");
    CHECK(recorded.at(0).files == 8);
    CHECK(recorded.at(0).notes == 26);
    CHECK(recorded.at(0).read_at > 0);

    SECTION("no source given: a changed file is read again") {
        replace_in(t.pages / "Quantization.markdown", "量子化して凍結し", "量子化してから凍結し");
        auto r = update(t.db, SourcesAction::refresh);
        REQUIRE(r.sync.written);
        CHECK(r.sync.stats.updated >= 1);
        CHECK(r.sync.unchanged == 7);
        t.check_equals_fresh({t.pages});
    }
    SECTION("a second source keeps the first one's notes") {
        auto r = update(t.db, SourcesAction::add, {t.extra});
        REQUIRE(r.sync.written);
        CHECK(count(t.db) == 27);
        CHECK(paths(t.db) == std::vector<std::string>{t.pages.string(), t.extra.string()});
        CHECK(notes::read_recorded_sources(t.db.string()).at(1).kind == "jsonl");
        t.check_equals_fresh({t.pages, t.extra});
    }
    SECTION("a page given alone inside the recorded folder drops nothing, and is not recorded twice") {
        replace_in(t.pages / "Quantization.markdown", "量子化して凍結し", "量子化してから凍結し");
        auto r = update(t.db, SourcesAction::add, {t.pages / "Quantization.markdown"});
        REQUIRE(r.sync.written);
        CHECK(r.sync.stats.removed == 0);
        CHECK(r.sync.stats.updated >= 1);
        CHECK(count(t.db) == 26);
        CHECK(paths(t.db) == std::vector<std::string>{t.pages.string()});
        t.check_equals_fresh({t.pages});
    }
    SECTION("a path given with a trailing slash or relative names the same source") {
        REQUIRE(update(t.db, SourcesAction::add, {t.pages.string() + "/"}).sync.written);
        CHECK(paths(t.db) == std::vector<std::string>{t.pages.string()});
    }
}

TEST_CASE("--forget drops a source and the notes only it held, as a fresh build of the rest", "[sync][sources]") {
    TwoSources t;
    REQUIRE(update(t.db, SourcesAction::add, {t.pages, t.extra}).sync.written);
    REQUIRE(count(t.db) == 27);

    SECTION("the second source") {
        auto r = update(t.db, SourcesAction::forget, {t.extra});
        REQUIRE(r.sync.written);
        CHECK(r.sync.stats.removed == 1);  // 5000; 881 is re-merged from the pages alone
        CHECK_FALSE(holds(t.db, 5000));
        CHECK(holds(t.db, 881));
        t.check_equals_fresh({t.pages});
    }
    SECTION("the first source") {
        auto r = update(t.db, SourcesAction::forget, {t.pages});
        REQUIRE(r.sync.written);
        CHECK(count(t.db) == 2);
        t.check_equals_fresh({t.extra});
    }
    SECTION("both: an empty index that records nothing") {
        auto r = update(t.db, SourcesAction::forget, {t.pages, t.extra});
        REQUIRE(r.sync.written);
        CHECK(count(t.db) == 0);
        CHECK(paths(t.db).empty());
        CHECK_THROWS_AS(update(t.db, SourcesAction::refresh), notes::NotRecordedError);
    }
    SECTION("a path not recorded: refused, naming what is, and nothing changes") {
        const std::string before = dump(t.db);
        try {
            update(t.db, SourcesAction::forget, {t.pages / "NLP.markdown"});
            FAIL("no error");
        } catch (const notes::NotRecordedError& e) {
            CHECK_THAT(e.what(), Catch::StartsWith("cannot forget " + (t.pages / "NLP.markdown").string() +
                                                   ": it is not a recorded source"));
            CHECK_THAT(e.what(), Catch::Contains(t.pages.string() + ", " + t.extra.string()));
        }
        CHECK(dump(t.db) == before);
        CHECK(paths(t.db).size() == 2);
    }
}

TEST_CASE("a recorded source missing as a whole keeps its notes until it is forgotten", "[sync][sources]") {
    TwoSources t;
    REQUIRE(update(t.db, SourcesAction::add, {t.pages, t.extra}).sync.written);
    const std::string before = notes_dump(t.db);
    auto check_kept = [&](const notes::SourcesRun& r, const fs::path& named, const std::string& why) {
        REQUIRE(r.sync.written);
        REQUIRE(r.sync.read.problems.size() == 1);
        CHECK(r.sync.read.problems[0].where == named.string());
        CHECK_THAT(
            r.sync.read.problems[0].message,
            Catch::StartsWith(why) && Catch::Contains("are kept from the last run") &&
                Catch::EndsWith("notes-index --forget " + named.string() + " drops it and the notes only it held"));
        CHECK(notes_dump(t.db) == before);
    };

    SECTION("a folder renamed away (an unmounted disk), then back") {
        fs::rename(t.pages, t.tmp.path / "away");
        check_kept(update(t.db, SourcesAction::refresh), t.pages, "the recorded folder is not there");
        CHECK(notes::read_recorded_sources(t.db.string()).at(0).missing == "not there");
        fs::rename(t.tmp.path / "away", t.pages);
        auto back = update(t.db, SourcesAction::refresh);
        CHECK(back.sync.read.problems.empty());
        CHECK(notes::read_recorded_sources(t.db.string()).at(0).missing.empty());
        t.check_equals_fresh({t.pages, t.extra});
    }
    SECTION("a folder emptied (a broken checkout), even when given again") {
        for (const auto& e : fs::directory_iterator(t.pages)) fs::remove(e.path());
        check_kept(update(t.db, SourcesAction::add, {t.pages}), t.pages, "the recorded folder is empty now");
    }
    SECTION("a file that is gone") {
        fs::remove(t.extra);
        check_kept(update(t.db, SourcesAction::refresh), t.extra, "the recorded file is not there");
        auto forgotten = update(t.db, SourcesAction::forget, {t.extra});
        REQUIRE(forgotten.sync.written);
        CHECK(forgotten.sync.read.problems.empty());
        t.check_equals_fresh({t.pages});
    }
    SECTION("a file deleted inside a folder that is still there is a real change") {
        fs::remove(t.pages / "Abstractive.markdown");
        auto r = update(t.db, SourcesAction::refresh);
        CHECK(r.sync.read.problems.empty());
        t.check_equals_fresh({t.pages, t.extra});
    }
}

TEST_CASE("an index built before sources were recorded", "[sync][sources]") {
    TwoSources t;
    REQUIRE(notes::sync_index(t.db.string(), notes::find_sources({t.pages.string()}), analyzer()).written);
    CHECK(paths(t.db).empty());
    CHECK_THROWS_AS(update(t.db, SourcesAction::refresh), notes::NotRecordedError);
    // A source given mirrors it alone, as notes-index did before, and is recorded.
    REQUIRE(update(t.db, SourcesAction::add, {t.extra}).sync.written);
    CHECK(count(t.db) == 2);
    CHECK(paths(t.db) == std::vector<std::string>{t.extra.string()});
}

TEST_CASE("no index and nothing recorded: no index is made", "[sync][sources]") {
    TempDir tmp;
    CHECK_THROWS_AS(update(tmp.path / "db", SourcesAction::refresh), notes::NotRecordedError);
    CHECK_THROWS_AS(update(tmp.path / "db", SourcesAction::forget, {tmp.path}), notes::NotRecordedError);
    CHECK_FALSE(fs::exists(tmp.path / "db"));
}

namespace {

// Whether generated note `id` is on the page of tag `t` (each note is on one page at least).
bool on_page(int id, int t, int tags) { return (id * 31 + t * 17) % 4 == 0 || t == id % tags; }

// A tag page of Tag<p> in the site's markup. Its notes' titles, summaries and button orders vary
// with the page, so that which page is merged first shows in the index: titles and tag spellings
// are the first seen, summaries the longest (the first on a tie), and the button orders of the
// pages disagree (a cycle, broken by first-seen order).
std::string generated_page(int p, int notes, int tags) {
    std::string heading = "Tag" + std::to_string(p);
    std::string s = "---\nlayout: post\ntitle: " + heading + "に関する論文・技術記事メモの一覧\nauthor: A" +
                    std::to_string(p % 3) + "\n---\n## " + heading + "\n<div class=\"visible-content\">\n";
    for (int id = 1; id <= notes; ++id) {
        if (!on_page(id, p, tags)) continue;
        std::vector<int> others;
        for (int t = 0; t < tags; ++t)
            if (t != p && on_page(id, t, tags)) others.push_back(t);
        for (std::size_t k = 0; k < others.size(); ++k) {
            int t = others[(k + p) % others.size()];
            // Tag 3 is spelled two ways: the first page read decides.
            std::string name = t == 3 && p % 2 ? "tag-3" : "Tag" + std::to_string(t);
            s += "<a class=\"button\" href=\"articles/" + name + ".html\">#" + name + "</a>";
        }
        s += "<br><span class=\"issue_date\">Issue Date: 2023-01-0" + std::to_string(1 + id % 9) + "</span>\n";
        s += "<a href=\"https://github.com/e/r/issues/" + std::to_string(id) + "\">Note " + std::to_string(id) +
             " as page " + std::to_string(p) + " has it</a>\n";
        std::string tail;
        for (int k = 0; k < (id + p) % 3; ++k) tail += "あ";
        s += "<span class=\"snippet\"><span>Summary</span>要約" + std::to_string(p % 10) + tail + "</span>\n";
    }
    return s + "</div>\n";
}

// A folder of generated pages, and among them files that cannot be read, each its own way.
struct GeneratedSite {
    TempDir tmp;
    fs::path pages = tmp.path / "pages";
    GeneratedSite(int page_count, int notes) {
        fs::create_directories(pages);
        for (int p = 0; p < page_count; ++p)
            write_file(pages / ("Tag" + std::to_string(p) + ".markdown"), generated_page(p, notes, page_count));
        write_file(pages / "Tag1x.markdown", "");                      // empty
        write_file(pages / "Tag2x.markdown", std::string("a\0b", 3));  // binary
        write_file(pages / "Tag3x.markdown", "\xFF\xFEx\0");           // UTF-16
        write_file(pages / "Tag4x.jsonl",
                   "{\"id\":1,\"title\":\"From JSON\"}\n{\"id\":\n{\"id\":2,\"title\":\"T\",\"tags\":[\"J\"]}\n");
    }
    notes::SyncReport build(const fs::path& db, std::size_t jobs, std::vector<fs::path> files = {}) const {
        notes::SyncOptions options;
        options.jobs = jobs;
        if (files.empty()) files = notes::find_sources({pages.string()});
        return notes::sync_index(db.string(), notes::SourceList{files, {}}, analyzer(), options);
    }
};

std::vector<std::string> lines(const std::vector<notes::Problem>& problems) {
    std::vector<std::string> out;
    for (const auto& p : problems) out.push_back(p.where + ": " + p.message);
    return out;
}

}  // namespace

TEST_CASE("reading on several threads makes the index a single thread makes", "[sync][parallel]") {
    GeneratedSite site(24, 300);
    const auto files = notes::find_sources({site.pages.string()});
    auto one = site.build(site.tmp.path / "one", 1);
    REQUIRE(one.written);
    CHECK(one.notes == 300);
    for (std::size_t jobs : {2, 4, 7}) {
        CAPTURE(jobs);
        const fs::path db = site.tmp.path / ("jobs" + std::to_string(jobs));
        auto many = site.build(db, jobs);
        REQUIRE(many.written);
        CHECK(dump(db) == dump(site.tmp.path / "one"));
        CHECK(lines(many.read.problems) == lines(one.read.problems));
        CHECK(lines(many.read.warnings) == lines(one.read.warnings));
        CHECK(many.read.files == one.read.files);
        CHECK(many.read.pages == one.read.pages);
    }
    // The files that cannot be read are reported in file order, each once, and the rest counts.
    auto problems = lines(one.read.problems);
    CAPTURE(problems);
    REQUIRE(problems.size() == 4);
    CHECK(problems[0].find("Tag1x.markdown: empty file") != std::string::npos);
    CHECK(problems[1].find("Tag2x.markdown: binary file") != std::string::npos);
    CHECK(problems[2].find("Tag3x.markdown: not UTF-8") != std::string::npos);
    CHECK(problems[3].find("Tag4x.jsonl:2: ") != std::string::npos);
    // The order of the files matters, so the equality above is no accident of the generator.
    std::vector<fs::path> reversed(files.rbegin(), files.rend());
    REQUIRE(site.build(site.tmp.path / "reversed", 4, reversed).written);
    CHECK(dump(site.tmp.path / "reversed") != dump(site.tmp.path / "one"));
}

TEST_CASE("many small files read on several threads, then synced, equal a fresh serial build", "[sync][parallel]") {
    TempDir tmp;
    fs::create_directories(tmp.path / "p");
    // 400 files of one to three notes, each note in several files with other titles and tag orders.
    for (int f = 0; f < 400; ++f) {
        std::string text;
        for (int k = 0; k <= f % 3; ++k) {
            int id = (f * 7 + k * 13) % 150 + 1;
            std::string tags =
                f % 2 ? "[\"X\",\"Y" + std::to_string(k) + "\"]" : "[\"Y" + std::to_string(k) + "\",\"X\"]";
            text += "{\"id\":" + std::to_string(id) + ",\"title\":\"Note " + std::to_string(id) + " in file " +
                    std::to_string(f) + "\",\"summary\":\"" + std::string(static_cast<std::size_t>(f % 5), 's') +
                    "\",\"tags\":" + tags + "}\n";
        }
        char name[32];
        std::snprintf(name, sizeof name, "f%03d.jsonl", f);
        write_file(tmp.path / "p" / name, text);
    }
    auto build = [&](const fs::path& db, std::size_t jobs) {
        notes::SyncOptions options;
        options.jobs = jobs;
        return notes::sync_index(db.string(), notes::find_sources({(tmp.path / "p").string()}), analyzer(), options);
    };
    REQUIRE(build(tmp.path / "one", 1).written);
    REQUIRE(build(tmp.path / "four", 4).written);
    CHECK(dump(tmp.path / "four") == dump(tmp.path / "one"));

    // A re-run on four threads after some files changed reads those, and the files sharing their
    // notes, and ends where a fresh build on one thread does.
    write_file(tmp.path / "p" / "f010.jsonl", "{\"id\":71,\"title\":\"Rewritten\",\"tags\":[\"Z\",\"X\"]}\n");
    fs::remove(tmp.path / "p" / "f200.jsonl");
    auto again = build(tmp.path / "four", 4);
    REQUIRE(again.written);
    CHECK(again.unchanged > 300);
    CHECK(again.unchanged < 399);
    REQUIRE(build(tmp.path / "fresh", 1).written);
    CHECK(dump(tmp.path / "four") == dump(tmp.path / "fresh"));
}
