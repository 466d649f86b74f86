// faults_test.cc — what a user, a file, the disk or another process can do to notes-index and
// notes-search: never a crash, a hang or a lost note; one clear line and a defined exit code.
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xapian.h>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "support.h"

namespace fs = std::filesystem;
using namespace notes::test;

namespace {

Run index(const std::vector<std::string>& args, const std::string& env = "NO_COLOR=") {
    return run(NOTES_INDEX_EXE, args, env);
}
Run search(const std::vector<std::string>& args, const std::string& env = "NO_COLOR=") {
    return run(NOTES_SEARCH_EXE, args, env);
}

// No run may end by a signal (abort, segfault) or an uncaught exception.
void check_no_crash(const Run& r) {
    INFO("stderr: " << r.err);
    CHECK(r.status >= 0);
    CHECK(r.status != 134);
    CHECK(r.status != 139);
    CHECK(r.err.find("terminate called") == std::string::npos);
}

// One line on stderr, starting with the program's name.
void check_one_line(const Run& r, const std::string& program) {
    INFO("stderr: " << r.err);
    CHECK_THAT(r.err, Catch::StartsWith(program + ": "));
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
}

std::string note_line(std::int64_t id, const std::string& title, const std::vector<std::string>& tags = {"NLP"},
                      const std::string& summary = "量子化の研究") {
    return nlohmann::json{{"id", id}, {"title", title}, {"tags", tags}, {"summary", summary}, {"date", "2023-05-01"}}
               .dump() +
           "\n";
}

std::int64_t notes_in(const std::string& db) {
    Run r = search({"--db", db, "--stats", "--json"});
    REQUIRE(r.status == 0);
    return r.json().at("notes").get<std::int64_t>();
}

// The prefix that runs a command as `nobody`, where this process may drop to it (root, setpriv);
// "" otherwise. Root reads every file whatever its mode, so permission faults need another user.
// Empty also where `nobody` cannot read the build (a checkout under a folder only root may enter,
// as mktemp -d makes): notes-index would then miss its user dictionary, take root's index for
// one of another version, and fail for that reason, not the one a test makes.
std::string as_nobody() {
    if (::geteuid() != 0 || std::system("command -v setpriv >/dev/null 2>&1") != 0) return "";
    const std::string prefix = "NO_COLOR= HOME=/tmp setpriv --reuid=65534 --regid=65534 --clear-groups --";
    if (std::system((prefix + " test -r " + quote(NOTES_INDEX_EXE)).c_str()) != 0) return "";
    return prefix;
}

// A folder `nobody` may write in (TempDir's are 0700 and root's).
void open_to_all(const TempDir& dir) { fs::permissions(dir.path, fs::perms::all); }

// A tmpfs of some size at `at`, for a full disk; unmounted at the end of the scope. Not mounted
// where this process may not mount one (not root, or a container without the right).
struct SmallDisk {
    fs::path at;
    bool mounted = false;
    SmallDisk(const fs::path& where, std::uintmax_t bytes) : at(where) {
        fs::create_directories(at);
        mounted = ::geteuid() == 0 && ::mount("tmpfs", at.c_str(), "tmpfs", 0, size(bytes).c_str()) == 0;
    }
    ~SmallDisk() {
        if (mounted) ::umount2(at.c_str(), MNT_DETACH);
    }
    SmallDisk(const SmallDisk&) = delete;
    SmallDisk& operator=(const SmallDisk&) = delete;
    bool resize(std::uintmax_t bytes) {
        return ::mount("tmpfs", at.c_str(), "tmpfs", MS_REMOUNT, size(bytes).c_str()) == 0;
    }
    std::string str(const std::string& sub) const { return (at / sub).string(); }
    static std::string size(std::uintmax_t bytes) { return "size=" + std::to_string(bytes / 1024) + "k"; }
};

// The environment of a run whose commit fails for want of room. Xapian 1.4.22 leaks about 2 KB
// inside WritableDatabase::commit() when a write fails (seen with Xapian alone, no code of ours),
// and LeakSanitizer would turn the clean exit that follows into an abort.
std::string disk_full_env() {
    return std::string("NO_COLOR= LSAN_OPTIONS=suppressions=") + NOTES_LSAN_XAPIAN + ":print_suppressions=0";
}

std::uintmax_t bytes_under(const fs::path& dir) {
    std::uintmax_t n = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        if (entry.is_regular_file()) n += entry.file_size();
    return n;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Crashes

TEST_CASE("a damaged index is a clear error, and notes-index says how to rebuild", "[faults][xapian]") {
    TempDir dir;
    REQUIRE(index({"--db", dir.str("db"), NOTES_EXAMPLES}).status == 0);
    // The tables are in the generation the index folder's stub names (index_layout.h).
    for (const auto& e : fs::recursive_directory_iterator(dir.path / "db"))
        if (e.path().extension() == ".glass") fs::resize_file(e.path(), 100);  // cut every table
    Run s = search({"--db", dir.str("db"), "LoRA"});
    check_no_crash(s);
    CHECK(s.status == 1);
    check_one_line(s, "notes-search");
    CHECK_THAT(s.err, Catch::Contains(dir.str("db")));
    Run i = index({"--db", dir.str("db"), NOTES_EXAMPLES});
    check_no_crash(i);
    CHECK(i.status == 1);
    CHECK_THAT(i.err, Catch::Contains("damaged") && Catch::Contains("rm -r"));
}

TEST_CASE("a tag and a source path longer than Xapian's term limit are indexed, not fatal", "[faults][xapian]") {
    TempDir dir;
    const std::string long_tag(250, 'T');
    const fs::path deep = dir.path / std::string(120, 'd') / std::string(120, 'e');
    fs::create_directories(deep);
    write_file(deep / (std::string(30, 'f') + ".jsonl"), note_line(1, "Long tag", {long_tag}));
    Run r = index({"--db", dir.str("db"), dir.str("")});
    check_no_crash(r);
    CHECK(r.status == 0);
    Run found = search({"--db", dir.str("db"), "--json", "tag:" + long_tag});
    REQUIRE(found.status == 0);
    CHECK(ids(found.json()) == Ids{1});
    Run again = index({"--db", dir.str("db"), dir.str("")});  // the long path is recorded: unchanged
    CHECK(again.status == 0);
    CHECK_THAT(again.out, Catch::Contains("(1 unchanged)"));
}

TEST_CASE("a tag page whose tag is longer than Xapian's key limit is indexed and written back", "[faults][xapian]") {
    TempDir dir;
    const std::string tag(250, 'P');
    std::string page = read_file(fs::path(NOTES_EXAMPLES) / "NLP.markdown");
    page.replace(page.find("## NLP\n"), 7, "## " + tag + "\n");
    write_file(dir.path / "long.markdown", page);
    Run r = index({"--db", dir.str("db"), dir.str("long.markdown")});
    check_no_crash(r);
    CHECK(r.status == 0);
    Run back = search({"--db", dir.str("db"), "--html", "--tag", tag});
    check_no_crash(back);
    CHECK(back.status == 0);
    CHECK_THAT(back.out, Catch::Contains("## " + tag + "\n"));
    CHECK_THAT(back.out, Catch::Contains("title: NLPに関する論文・技術記事メモの一覧"));  // the page as published
}

TEST_CASE("an index folder that is not writable says so", "[faults][permissions]") {
    const std::string nobody = as_nobody();
    if (nobody.empty()) {
        WARN("skipped: needs root, setpriv, and a build the user nobody can read");
        return;
    }
    TempDir dir;
    open_to_all(dir);
    REQUIRE(index({"--db", dir.str("db"), NOTES_EXAMPLES}).status == 0);  // root's index
    Run r = index({"--db", dir.str("db"), NOTES_EXAMPLES}, nobody);
    check_no_crash(r);
    CHECK(r.status == 1);
    check_one_line(r, "notes-index");
    CHECK_THAT(r.err, Catch::Contains("ermission denied"));
    CHECK_THAT(r.err, !Catch::Contains("holds its lock") && !Catch::Contains("no index there"));
    CHECK(notes_in(dir.str("db")) == 26);
}

TEST_CASE("a full disk says so and leaves the index as it was", "[faults][disk]") {
    TempDir dir;
    SmallDisk disk(dir.path / "small", 400 * 1024);
    if (!disk.mounted) {
        WARN("skipped: cannot mount a small tmpfs here");
        return;
    }
    std::string big;
    for (int i = 1; i <= 3000; ++i) big += note_line(i, "Note " + std::to_string(i) + " on quantization");
    write_file(dir.path / "big.jsonl", big);
    Run r = index({"--db", disk.str("db"), dir.str("big.jsonl")}, disk_full_env());
    check_no_crash(r);
    CHECK(r.status == 1);
    check_one_line(r, "notes-index");
    CHECK_THAT(r.err, Catch::Contains("No space left on device") || Catch::Contains("disk is full"));
}

TEST_CASE("a disk that fills while Xapian writes a commit's values: the same one line", "[faults][disk]") {
    // Xapian writes a commit's value chunks last, the last of each from a destructor; a disk that
    // filled there threw out of it, and C++ aborted (src/indexer/last_resort.h). 120 tags a note
    // make the facet values big enough that, given 96-104% of the room a build needs (measured,
    // with -j1: one writer, one order), the disk fills while they are written.
    TempDir dir;
    if (!SmallDisk(dir.path / "probe", 1 << 20).mounted) {
        WARN("skipped: cannot mount a small tmpfs here");
        return;
    }
    std::string tagged;
    for (int i = 1; i <= 1000; ++i) {
        std::vector<std::string> tags;
        for (int k = 0; k < 120; ++k) tags.push_back("T" + std::to_string((i * 7 + k) % 400));
        tagged += note_line(100000 + i, "Note " + std::to_string(i), tags);
    }
    write_file(dir.path / "tagged.jsonl", tagged);
    REQUIRE(index({"-q", "-j1", "--db", dir.str("tagged"), dir.str("tagged.jsonl")}).status == 0);
    REQUIRE(index({"-q", "-j1", "--db", dir.str("examples"), NOTES_EXAMPLES}).status == 0);
    const std::uintmax_t room = bytes_under(dir.path / "tagged") + bytes_under(dir.path / "examples");
    for (double share : {0.97, 1.02}) {
        INFO("a disk of " << share << " of the room needed");
        SmallDisk disk(dir.path / "small", static_cast<std::uintmax_t>(room * share));
        REQUIRE(disk.mounted);
        REQUIRE(index({"-q", "-j1", "--db", disk.str("db"), NOTES_EXAMPLES}).status == 0);
        Run r = index({"-q", "-j1", "--db", disk.str("db"), dir.str("tagged.jsonl")}, disk_full_env());
        check_no_crash(r);
        CHECK(r.status == 1);
        check_one_line(r, "notes-index");
        CHECK_THAT(r.err, Catch::Contains("the disk is full") && Catch::Contains("last committed index is kept"));
        CHECK(notes_in(disk.str("db")) == 26);
        // With room, the same run ends well over what the failed one left.
        REQUIRE(disk.resize(room * 2));
        CHECK(index({"-q", "-j1", "--db", disk.str("db"), dir.str("tagged.jsonl")}).status == 0);
        CHECK(notes_in(disk.str("db")) == 1026);
    }
}

TEST_CASE("an index whose first build never committed says so", "[faults][xapian]") {
    TempDir dir;
    // What a first build killed before its commit leaves: a database with no document and no schema.
    {
        Xapian::WritableDatabase db(dir.str("db"), Xapian::DB_CREATE_OR_OPEN);
        db.commit();
    }
    Run s = search({"--db", dir.str("db"), "LoRA"});
    check_no_crash(s);
    CHECK(s.status == 1);
    CHECK_THAT(s.err, Catch::Contains("never finished") && !Catch::Contains("another version"));
    Run d = index({"--db", dir.str("db"), "--dump", dir.str("out.jsonl")});
    CHECK(d.status == 1);
    CHECK_FALSE(fs::exists(dir.path / "out.jsonl"));
}

TEST_CASE("a query nested too deeply is refused, not a stack overflow", "[faults][query]") {
    TempDir dir;
    REQUIRE(index({"--db", dir.str("db"), NOTES_EXAMPLES}).status == 0);
    Run r = search({"--db", dir.str("db"), std::string(25000, '(') + "LoRA"});
    check_no_crash(r);
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Contains("too deeply nested"));
}

// ---------------------------------------------------------------------------------------------
// Hangs and memory

TEST_CASE("a query of thousands of repeated words is merged or refused, quickly", "[faults][query]") {
    TempDir dir;
    REQUIRE(index({"--db", dir.str("db"), NOTES_EXAMPLES}).status == 0);
    std::string lora, lora_or;
    for (int i = 0; i < 10000; ++i) lora += "LoRA ";
    for (int i = 0; i < 2000; ++i) lora_or += "LoRA OR ";
    lora_or += "LoRA";
    for (const std::string& q : {lora, lora_or}) {
        Run r = search({"--db", dir.str("db"), "--json", q});
        check_no_crash(r);
        CHECK((r.status == 0 || r.status == 2));
        if (r.status == 0) CHECK(ids(r.json()) == ids(search({"--db", dir.str("db"), "--json", "LoRA"}).json()));
    }
    std::string many;
    for (int i = 0; i < 5000; ++i) many += "word" + std::to_string(i) + " ";
    Run r = search({"--db", dir.str("db"), many});
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Contains("too many words"));
}

TEST_CASE("a synonyms file that never ends is refused", "[faults][synonyms]") {
    TempDir dir;
    REQUIRE(index({"--db", dir.str("db"), NOTES_EXAMPLES}).status == 0);
    Run r = search({"--db", dir.str("db"), "LoRA"}, "NO_COLOR= NOTES_SEARCH_SYNONYMS=/dev/zero");
    check_no_crash(r);
    CHECK(r.status == 1);
    check_one_line(r, "notes-search");
    CHECK_THAT(r.err, Catch::Contains("/dev/zero"));
}

// ---------------------------------------------------------------------------------------------
// Data loss

TEST_CASE("a source that cannot be read this time keeps the notes it held", "[faults][sync]") {
    TempDir dir;
    fs::create_directories(dir.path / "notes" / "sub");
    write_file(dir.path / "notes" / "a.jsonl", note_line(1, "Kept A"));
    write_file(dir.path / "notes" / "sub" / "b.jsonl", note_line(2, "Kept B"));
    const std::string gh = std::string(NOTES_TEST_FIXTURES) + "/github/";
    fs::copy_file(gh + "rest_page1.json", dir.path / "notes" / "export.json");
    REQUIRE(index({"--db", dir.str("db"), dir.str("notes")}).status == 0);
    const std::int64_t before = notes_in(dir.str("db"));
    // The run names the source, exits 3 (done, something skipped) and the index keeps every note.
    auto reindex_keeps_notes = [&](const std::string& named) {
        Run r = index({"--db", dir.str("db"), dir.str("notes")});
        check_no_crash(r);
        CHECK(r.status == 3);
        CHECK_THAT(r.err, Catch::Contains(named));
        CHECK(notes_in(dir.str("db")) == before);
    };

    SECTION("a truncated export") {
        const fs::path e = dir.path / "notes" / "export.json";
        std::string text = read_file(e);
        write_file(e, text.substr(0, text.size() / 2));
        reindex_keeps_notes("export.json");
    }
    SECTION("a broken symbolic link where a file was") {
        fs::remove(dir.path / "notes" / "a.jsonl");
        fs::create_symlink(dir.path / "nowhere.jsonl", dir.path / "notes" / "a.jsonl");
        reindex_keeps_notes("a.jsonl");
    }
    SECTION("an unreadable sub-folder, or a file that cannot be opened though unchanged") {
        const std::string nobody = as_nobody();
        if (nobody.empty()) {
            WARN("skipped: needs root, setpriv, and a build the user nobody can read");
            return;
        }
        open_to_all(dir);
        REQUIRE(std::system(("chown -R 65534:65534 " + quote(dir.str())).c_str()) == 0);
        fs::permissions(dir.path / "notes" / "sub", fs::perms::none);
        Run r = index({"--db", dir.str("db"), dir.str("notes")}, nobody);
        check_no_crash(r);
        CHECK(r.status == 3);
        CHECK_THAT(r.err, Catch::Contains("sub"));
        fs::permissions(dir.path / "notes" / "sub", fs::perms::owner_all);
        fs::permissions(dir.path / "notes" / "a.jsonl", fs::perms::none);
        Run unopened = index({"--db", dir.str("db"), dir.str("notes")}, nobody);
        CHECK(unopened.status == 3);
        CHECK_THAT(unopened.err, Catch::Contains("a.jsonl"));
        CHECK(notes_in(dir.str("db")) == before);
    }
    SECTION("a folder that is really gone removes its notes") {
        fs::remove_all(dir.path / "notes" / "sub");
        Run r = index({"--db", dir.str("db"), dir.str("notes")});
        CHECK(r.status == 0);
        CHECK(notes_in(dir.str("db")) == before - 1);
    }
}

TEST_CASE("a recorded folder that is missing or empty keeps its notes until it is forgotten", "[faults][sync]") {
    TempDir dir;
    const fs::path notes = dir.path / "notes";
    fs::create_directories(notes);
    write_file(notes / "a.jsonl", note_line(1, "Kept A") + note_line(2, "Kept B"));
    write_file(dir.path / "other.jsonl", note_line(3, "Other"));
    REQUIRE(index({"--db", dir.str("db"), notes.string(), dir.str("other.jsonl")}).status == 0);
    REQUIRE(notes_in(dir.str("db")) == 3);
    auto check_kept = [&](const Run& r, const std::string& why) {
        check_no_crash(r);
        CHECK(r.status == 3);
        CHECK(r.err == "notes-index: warning: " + notes.string() + ": " + why +
                           "; the 2 note(s) of its files are kept from the last run; notes-index --forget " +
                           notes.string() + " drops it and the notes only it held\n");
        CHECK(notes_in(dir.str("db")) == 3);
    };

    SECTION("renamed away (an unmounted disk): kept, listed as missing, forgotten on request") {
        fs::rename(notes, dir.path / "away");
        check_kept(index({"--db", dir.str("db")}), "the recorded folder is not there");
        check_kept(index({"--db", dir.str("db"), dir.str("other.jsonl")}), "the recorded folder is not there");
        Run strict = index({"--db", dir.str("db"), "--strict"});
        CHECK(strict.status == 1);
        CHECK(notes_in(dir.str("db")) == 3);
        Run listed = index({"--db", dir.str("db"), "--sources", "--json"});
        CHECK(listed.json().at("sources").at(0).at("missing") == "not there");
        CHECK_THAT(index({"--db", dir.str("db"), "--sources"}).out, Catch::Contains(notes.string() + "  (not there"));
        Run forgot = index({"--db", dir.str("db"), "--forget", notes.string()});
        CHECK(forgot.status == 0);
        CHECK(forgot.err.empty());
        CHECK(notes_in(dir.str("db")) == 1);
    }
    SECTION("an index of another version is not rebuilt whole while a source is missing") {
        {
            Xapian::WritableDatabase db(dir.str("db"), Xapian::DB_OPEN);
            db.set_metadata("schema", "0");  // as an older notes-index left it: a whole rebuild is due
            db.commit();
        }
        fs::rename(notes, dir.path / "away");
        Run r = index({"--db", dir.str("db")});
        check_no_crash(r);
        CHECK(r.status == 1);
        CHECK_THAT(r.err, Catch::Contains("the index must be rebuilt whole"));
        CHECK(Xapian::Database(dir.str("db")).get_doccount() == 3);
        fs::rename(dir.path / "away", notes);
        CHECK(index({"--db", dir.str("db")}).status == 0);
        CHECK(notes_in(dir.str("db")) == 3);
    }
    SECTION("emptied (a broken checkout): kept; filled again: read") {
        fs::remove(notes / "a.jsonl");
        check_kept(index({"--db", dir.str("db")}), "the recorded folder is empty now");
        write_file(notes / "a.jsonl", note_line(1, "Kept A"));
        Run back = index({"--db", dir.str("db")});
        CHECK(back.status == 0);
        CHECK(notes_in(dir.str("db")) == 2);
    }
}

TEST_CASE("--dump never replaces what is not a plain file", "[faults][output]") {
    TempDir dir;
    REQUIRE(index({"--db", dir.str("db"), NOTES_EXAMPLES}).status == 0);
    const fs::path target = dir.write("target.jsonl", "");
    fs::create_symlink(target, dir.path / "link.jsonl");
    REQUIRE(index({"--db", dir.str("db"), "--dump", dir.str("link.jsonl")}).status == 0);
    CHECK(fs::is_symlink(fs::symlink_status(dir.path / "link.jsonl")));
    CHECK(fs::file_size(target) > 0);
    fs::create_directory(dir.path / "folder");
    Run r = index({"--db", dir.str("db"), "--dump", dir.str("folder")});
    CHECK(r.status == 1);
    check_one_line(r, "notes-index");
    CHECK(fs::is_directory(dir.path / "folder"));
}

TEST_CASE("a query word that starts with - is a query word, never an option", "[faults][cli]") {
    TempDir dir;
    REQUIRE(index({"--db", dir.str("db"), NOTES_EXAMPLES}).status == 0);
    const fs::path cwd = fs::current_path();
    fs::current_path(dir.path);
    Run r = search({"--db", dir.str("db"), "--json", "LoRA", "-overfitting"});
    fs::current_path(cwd);
    CHECK(r.status == 0);
    CHECK_FALSE(fs::exists(dir.path / "verfitting"));
    CHECK(r.json().at("query") == "LoRA -overfitting");
    Run dashdash = search({"--db", dir.str("db"), "--json", "--", "-overfitting", "LoRA"});
    CHECK(dashdash.status == 0);
    CHECK(dashdash.json().at("query") == "-overfitting LoRA");
}

// ---------------------------------------------------------------------------------------------
// Output that must be safe

TEST_CASE("terminal control characters never reach the terminal raw", "[faults][output]") {
    TempDir dir;
    write_file(dir.path / "evil.jsonl", note_line(1, "Title \x1b]0;owned\x07 and \x1b[2J clear", {"NLP\x1b[31m"},
                                                  "summary \xc2\x9b"  // U+009B, CSI, as UTF-8
                                                  "31m with C1 and \x7f DEL"));
    REQUIRE(index({"--db", dir.str("db"), dir.str("evil.jsonl")}).status == 0);
    Run text = search({"--db", dir.str("db"), "title"});
    REQUIRE(text.status == 0);
    CHECK(text.out.find('\x1b') == std::string::npos);
    CHECK(text.out.find('\x07') == std::string::npos);
    CHECK(text.out.find('\x7f') == std::string::npos);
    CHECK(text.out.find("\xc2\x9b") == std::string::npos);
    Run json = search({"--db", dir.str("db"), "--json", "title"});
    REQUIRE(json.status == 0);
    CHECK(json.out.find('\x1b') == std::string::npos);
    CHECK_THAT(json.json().at("results").at(0).at("title").get<std::string>(), Catch::Contains("\x1b]0;owned"));
}

TEST_CASE("Liquid tags in note text are escaped in pages", "[faults][output]") {
    TempDir dir;
    write_file(dir.path / "liquid.jsonl",
               note_line(1, "Templates {{ site.secret }} and {% include evil.html %}", {"NLP"}, "a {{ x }} b"));
    REQUIRE(index({"--db", dir.str("db"), dir.str("liquid.jsonl")}).status == 0);
    Run page = search({"--db", dir.str("db"), "--html", "Templates"});
    REQUIRE(page.status == 0);
    CHECK(page.out.find("{{") == std::string::npos);
    CHECK(page.out.find("{%") == std::string::npos);
    REQUIRE(search({"--db", dir.str("db"), "--all-pages", dir.str("pages")}).status == 0);
    CHECK(read_file(dir.path / "pages" / "NLP.markdown").find("{{") == std::string::npos);
}

TEST_CASE("odd tags: control characters cleaned; a tag's link and its file agree", "[faults][output]") {
    TempDir dir;
    write_file(dir.path / "odd.jsonl", note_line(1, "Odd tags", {"Bad\x01Tag", ".", "..", "a/b", "c\\d"}));
    REQUIRE(index({"--db", dir.str("db"), dir.str("odd.jsonl")}).status == 0);
    Run r = search({"--db", dir.str("db"), "--json", "Odd"});
    REQUIRE(r.status == 0);
    const nlohmann::json found = r.json();  // held: a range over a temporary's member would dangle
    for (const auto& t : found.at("results").at(0).at("tags"))
        CHECK(t.get<std::string>().find('\x01') == std::string::npos);
    REQUIRE(search({"--db", dir.str("db"), "--all-pages", dir.str("pages")}).status == 0);
    std::set<std::string> files, linked;
    for (const auto& e : fs::directory_iterator(dir.path / "pages")) {
        const std::string name = e.path().filename().string();
        REQUIRE(name.size() > 9);
        files.insert(name.substr(0, name.size() - 9));  // less ".markdown"
        const std::string page = read_file(e.path());
        static const std::regex href(R"(href="articles/([^"]*)\.html")");
        for (auto m = std::sregex_iterator(page.begin(), page.end(), href); m != std::sregex_iterator(); ++m)
            linked.insert((*m)[1]);
    }
    CHECK(files.size() == 5);  // Odd's own tags, each a page of its own inside the folder
    for (const auto& h : linked) CHECK(files.count(h) == 1);
    CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 3);  // db, odd.jsonl, pages
}

TEST_CASE("a write error on standard output is an error, not a truncated success", "[faults][output]") {
    TempDir dir;
    REQUIRE(index({"--db", dir.str("db"), NOTES_EXAMPLES}).status == 0);
    for (const char* mode : {"--json", "--tags", "--stats"}) {
        Run r = run(NOTES_SEARCH_EXE, {"--db", dir.str("db"), mode, "LoRA"}, "NO_COLOR=");
        REQUIRE(r.status == 0);
        int status = std::system(("NO_COLOR= " + quote(NOTES_SEARCH_EXE) + " --db " + quote(dir.str("db")) + " " +
                                  mode + " LoRA > /dev/full 2>/dev/null")
                                     .c_str());
        CHECK(WEXITSTATUS(status) == 1);
    }
}

// ---------------------------------------------------------------------------------------------
// Input and arguments

TEST_CASE("bad arguments and queries exit 2 with one plain line", "[faults][cli]") {
    TempDir dir;
    REQUIRE(index({"--db", dir.str("db"), NOTES_EXAMPLES}).status == 0);
    const std::string db = dir.str("db");
    for (const std::vector<std::string>& args : {std::vector<std::string>{"--db", db, "LoRA\xff"},
                                                 {"--db", db, "--offset", "-1", "LoRA"},
                                                 {"--db", db, "date:2023-13"},
                                                 {"--db", db, "date:0000"},
                                                 {"--db", db, "date:2023-02-30"},
                                                 {"--db", db, "date:2024..2023"},
                                                 {"--db", db, "tag:"},
                                                 {"--db", db, "title:"}}) {
        Run r = search(args);
        INFO("args: " << args.back());
        check_no_crash(r);
        CHECK(r.status == 2);
        check_one_line(r, "notes-search");
        CHECK_THAT(r.err, !Catch::Contains("1.79") && !Catch::Contains("000000"));
    }
    Run like0 = search({"--db", db, "--like", "0"});
    CHECK(like0.status == 2);
    check_one_line(like0, "notes-search");
}

TEST_CASE("a page with a byte-order mark is read; a UTF-16 page is named as such", "[faults][sources]") {
    TempDir dir;
    const std::string page = read_file(fs::path(NOTES_EXAMPLES) / "NLP.markdown");
    write_file(dir.path / "bom.markdown", "\xEF\xBB\xBF" + page);
    Run r = index({"--db", dir.str("db"), dir.str("bom.markdown")});
    CHECK(r.status == 0);
    std::string utf16 = "\xFF\xFE";
    for (char c : std::string("---\nlayout: post\n---\n")) utf16 += std::string{c, '\0'};
    write_file(dir.path / "utf16.markdown", utf16);
    Run u = index({"--db", dir.str("db2"), dir.str("utf16.markdown")});
    CHECK(u.status != 0);
    CHECK_THAT(u.err, Catch::Contains("UTF-16"));
}
