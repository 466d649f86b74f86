// support.cc — the helpers of support.h, compiled once for every test program.
#include "support.h"

#include <sys/wait.h>
#include <catch2/catch.hpp>

#include <cerrno>  // program_invocation_short_name

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace notes::test {

namespace {
// The tests never read the settings or synonyms of the user who runs them: the config folder is
// one that is not there, for this program and every command it runs (a test that wants a config
// names its own XDG_CONFIG_HOME or --config).
const bool kNoUserConfig = [] {
    ::setenv("XDG_CONFIG_HOME", "/nonexistent/notes-search-tests", 1);
    ::unsetenv("NOTES_SEARCH_CONFIG");
    return true;
}();
}  // namespace

notes::Analyzer& analyzer() {
    static notes::Analyzer a;
    return a;
}

TempDir::TempDir() {
    // mkdtemp, not a random name: two test programs run at once (ctest -j) never share a folder.
    std::string templ = (fs::temp_directory_path() / "notes-test-XXXXXX").string();
    if (::mkdtemp(templ.data()) == nullptr) throw std::runtime_error("cannot create a temporary folder");
    path = templ;
}

TempDir::~TempDir() {
    std::error_code ignored;  // destructors never throw; a folder left behind fails no test
    fs::remove_all(path, ignored);
}

fs::path TempDir::write(const std::string& name, const std::string& content) const {
    write_file(path / name, content);
    return path / name;
}

std::vector<std::string> TempDir::names() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(path)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_file(const fs::path& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
}

notes::Note note(std::int64_t id, std::string title, std::string summary, std::vector<std::string> tags,
                 std::string date, std::string comment) {
    notes::Note n;
    n.id = id;
    n.title = std::move(title);
    n.summary = std::move(summary);
    n.comment = std::move(comment);
    n.tags = std::move(tags);
    n.date = std::move(date);
    n.url = "https://github.com/example/paper_notes/issues/" + std::to_string(id);
    return n;
}

const notes::Note& by_id(const std::vector<notes::Note>& notes, std::int64_t id) {
    for (const auto& n : notes)
        if (n.id == id) return n;
    FAIL("no note #" << id);
    throw;  // not reached: FAIL throws; this tells the compiler so
}

Ids ids(const std::vector<notes::Note>& notes) {
    Ids out;
    for (const auto& n : notes) out.push_back(n.id);
    return out;
}

Ids ids(const notes::SearchResult& result) {
    Ids out;
    for (const auto& h : result.hits) out.push_back(h.note.id);
    return out;
}

bool has(const Ids& ids, std::int64_t id) { return std::find(ids.begin(), ids.end(), id) != ids.end(); }

notes::Collection read_notes(const std::vector<std::string>& paths, notes::ReadReport& report) {
    notes::Collection c;
    for (const auto& f : notes::find_sources(paths)) notes::read_source(f, c, report);
    return c;
}

std::string decode_entities(std::string s) {
    // &amp; last, so that an escaped entity ("&amp;lt;") is decoded once, as it was escaped.
    const std::pair<std::string, std::string> entities[] = {{"&lt;", "<"},  {"&gt;", ">"},   {"&quot;", "\""},
                                                            {"&#39;", "'"}, {"&#123;", "{"}, {"&amp;", "&"}};
    for (const auto& [from, to] : entities)
        for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + 1))
            s.replace(at, from.size(), to);
    return s;
}

TempIndex::TempIndex(const notes::IndexContents& contents, const TempIndexOptions& options) {
    if (!options.synonyms_file.empty()) synonyms_file = (dir.path / options.synonyms_file).string();
    if (!options.synonyms_text.empty()) write_file(synonyms_file, options.synonyms_text);
    notes::write_index(db, contents, analyzer());
    searcher = std::make_unique<notes::Searcher>(db, analyzer(), notes::SearcherOptions{synonyms_file});
}

TempIndex::TempIndex(const std::vector<notes::Note>& notes, const TempIndexOptions& options)
    : TempIndex(notes::IndexContents{notes, "Tester", {}}, options) {}

TempIndex::TempIndex(const notes::Collection& collection, const TempIndexOptions& options)
    : TempIndex(notes::IndexContents{collection.notes(), collection.author(), collection.pages()}, options) {}

std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

namespace {

// What `args` ask notes-search to write: "json" (--json, --format json), "jsonl", or "" for neither
// (or for --help).
std::string json_format(const std::vector<std::string>& args) {
    std::string format;
    for (std::size_t i = 0; i < args.size() && args[i] != "--"; ++i) {
        if (args[i] == "-h" || args[i] == "--help" || args[i] == "--version") return "";  // not JSON
        if (args[i] == "--json")
            format = "json";
        else if (args[i] == "--format" && i + 1 < args.size())
            format = args[i + 1];
        else if (args[i].starts_with("--format="))
            format = args[i].substr(9);
    }
    return format == "json" || format == "jsonl" ? format : "";
}

// Every --json and --format jsonl output notes-search gives a test is kept in NOTES_JSON_LOG, with
// its arguments, for json_schema_test (tests/json_schema_test.py) to hold against
// docs/notes-search.schema.json: the contract is checked on everything the tests make it write.
void keep_json_output(const std::string& exe, const std::vector<std::string>& args, const Run& r) {
#ifdef NOTES_JSON_LOG
    const std::string format = json_format(args);
    if (fs::path(exe).filename() != "notes-search" || format.empty() || r.status != 0 || r.out.empty()) return;
    static int kept = 0;
    const fs::path dir = NOTES_JSON_LOG;
    const std::string program = program_invocation_short_name;
    if (kept == 0) {  // what this program kept in an earlier run is stale
        fs::create_directories(dir);
        for (const auto& entry : fs::directory_iterator(dir))
            if (entry.path().filename().string().starts_with(program + "-")) fs::remove(entry.path());
    }
    const std::string base = (dir / (program + "-" + std::to_string(++kept))).string();
    write_file(base + "." + format, r.out);
    std::string line = "notes-search";
    for (const auto& a : args) line += " " + quote(a);
    write_file(base + ".args", line + "\n");
#else
    (void)exe, (void)args, (void)r;
#endif
}

}  // namespace

Run run(const std::string& exe, const std::vector<std::string>& args, const std::string& env) {
    // Through files, not pipes: a command that fills one pipe while we read the other would hang.
    TempDir tmp;
    std::string cmd = env + " " + quote(exe);
    for (const auto& a : args) cmd += " " + quote(a);
    cmd += " > " + quote(tmp.str("out")) + " 2> " + quote(tmp.str("err"));
    Run r;
    int raw = std::system(cmd.c_str());
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.out = read_file(tmp.path / "out");
    r.err = read_file(tmp.path / "err");
    keep_json_output(exe, args, r);
    return r;
}

}  // namespace notes::test
