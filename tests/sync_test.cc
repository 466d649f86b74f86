// sync_test.cc — incremental re-indexing: what is re-read, and that the result equals a fresh build.
#include <xapian.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>

#include "facets.h"
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
        if (*k == notes::schema::kMetaTags) continue;  // compared through the values above
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
