// shards_test.cc — one index cut into shards: built with --shard K/N and --shards N, served by
// xapian-tcpsrv on loopback, opened through a stub, and compared with the same notes in one index.
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <thread>

#include "facets.h"
#include "shards.h"
#include "support.h"

namespace fs = std::filesystem;
using namespace notes::test;

namespace {

Run index(const std::vector<std::string>& args) { return run(NOTES_INDEX_EXE, args); }
Run search(const std::vector<std::string>& args) { return run(NOTES_SEARCH_EXE, args); }

const char* kTcpServer = "/usr/bin/xapian-tcpsrv";

// Notes enough that every shard holds a few hundred words and tags, written as notes-index reads
// JSON Lines: titles and summaries from small pools, so that queries match many notes and rank them.
std::string generated_notes() {
    const std::vector<std::string> words = {"transformer", "attention", "量子化", "retrieval", "LoRA",    "蒸留",
                                            "benchmark",   "agent",     "推論",   "alignment", "dataset", "評価"};
    const std::vector<std::string> tags = {
        "NLP",       "Quantization",       "Survey",  "Agent",     "RAG",
        "Alignment", "Efficiency/SpeedUp", "Dataset", "Benchmark", "MachineTranslation"};
    std::string out;
    for (int id = 1; id <= 240; ++id) {
        nlohmann::json n;
        const std::string& a = words[id % words.size()];
        const std::string& b = words[(id * 7 + 3) % words.size()];
        n["id"] = 10000 + id;
        n["title"] = a + " and " + b + " study " + std::to_string(id);
        n["url"] = "https://github.com/example/paper_notes/issues/" + std::to_string(10000 + id);
        n["date"] = std::to_string(2019 + id % 6) + "-0" + std::to_string(1 + id % 9) + "-1" + std::to_string(id % 10);
        n["tags"] = {tags[id % tags.size()], tags[(id / 3) % tags.size()]};
        n["summary"] = "この研究は" + a + "を使って" + b + "を改善する。" + std::string(id % 4 == 0 ? a : "") +
                       " results on " + words[(id * 5) % words.size()];
        n["comment"] = id % 3 == 0 ? b + "が良い" : "";
        out += n.dump() + "\n";
    }
    return out;
}

// A port no one listens on now: the kernel's choice for a socket bound to port 0.
int free_port() {
    int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(s);
    return ntohs(a.sin_port);
}

bool accepts(int port) {
    int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    bool ok = ::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(s);
    return ok;
}

// xapian-tcpsrv serving one shard on 127.0.0.1, stopped when the test ends.
class TcpServer {
  public:
    explicit TcpServer(const std::string& db) : db_(db), port_(free_port()) { start(); }
    // Serves again on the same port, as a restarted server does.
    void start() {
        pid_ = ::fork();
        if (pid_ == 0) {
            // A session of its own: xapian-tcpsrv signals its process group when a connection ends,
            // which would reach the test itself.
            ::setsid();
            int null = ::open("/dev/null", O_WRONLY);
            ::dup2(null, STDOUT_FILENO);
            ::dup2(null, STDERR_FILENO);
            std::string port = std::to_string(port_);
            ::execl(kTcpServer, kTcpServer, "--port", port.c_str(), "--interface", "127.0.0.1", "--quiet", db_.c_str(),
                    static_cast<char*>(nullptr));
            ::_exit(127);
        }
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (!accepts(port_) && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ~TcpServer() { stop(); }
    TcpServer(const TcpServer&) = delete;
    TcpServer& operator=(const TcpServer&) = delete;
    void stop() {
        if (pid_ <= 0) return;
        ::kill(-pid_, SIGKILL);  // its group: the server and the processes serving each connection
        ::waitpid(pid_, nullptr, 0);
        pid_ = 0;
    }
    int port() const { return port_; }
    std::string name() const { return "127.0.0.1:" + std::to_string(port_); }

  private:
    std::string db_;
    int port_;
    pid_t pid_ = 0;
};

// What a query answers, as far as shards must agree with one index: the total, the facets, and
// the hits by score (ties in any order: the shards number their documents otherwise), with snippets.
struct Answer {
    std::int64_t total = 0;
    nlohmann::json facets;
    std::vector<std::pair<long long, std::int64_t>> ranked;  // (score x 1e6, id), best first
    std::map<std::int64_t, std::string> snippets;
};

Answer answer(const std::string& db, const std::vector<std::string>& query) {
    std::vector<std::string> args = {"--db", db, "--json", "--limit", "1000"};
    args.insert(args.end(), query.begin(), query.end());
    Run r = search(args);
    INFO(db << ": " << r.err);
    REQUIRE(r.status == 0);
    nlohmann::json j = r.json();
    Answer a;
    a.total = j.at("total");
    a.facets = j.at("facets");
    for (const auto& h : j.at("results")) {
        a.ranked.emplace_back(std::llround(h.at("score").get<double>() * 1e6), h.at("id"));
        a.snippets[h.at("id")] = h.at("snippet");
    }
    std::stable_sort(a.ranked.begin(), a.ranked.end(), [](auto x, auto y) { return x > y; });
    return a;
}

const std::vector<std::vector<std::string>> kQueries = {
    {"LoRA", "量子化"},        {"transformer"}, {"attention", "OR", "agent"}, {"tag:NLP"},
    {"#Quantization", "推論"}, {"date:2021"},   {"\"and retrieval\""},        {"評価", "-benchmark"},
    {"--tag", "Survey"},       {"蒸留"}};

void check_same(const std::string& one, const std::string& sharded) {
    for (const auto& q : kQueries) {
        INFO("query: " << q.front() << (q.size() > 1 ? " " + q[1] : ""));
        Answer a = answer(one, q), b = answer(sharded, q);
        CHECK(a.total > 0);
        CHECK(a.total == b.total);
        CHECK(a.facets == b.facets);
        CHECK(a.ranked == b.ranked);
        CHECK(a.snippets == b.snippets);
    }
}

// The sources every index of a test is built from: the examples and the generated notes.
struct Sources {
    TempDir dir;
    std::string jsonl = dir.write("generated.jsonl", generated_notes()).string();
    std::vector<std::string> list() const { return {NOTES_EXAMPLES, jsonl}; }
};

std::vector<std::string> with(std::vector<std::string> head, const std::vector<std::string>& tail) {
    head.insert(head.end(), tail.begin(), tail.end());
    return head;
}

Ids note_ids(const std::string& db) {
    Run r = index({"--db", db, "--dump", "-"});
    REQUIRE(r.status == 0);
    Ids out;
    std::size_t at = 0;
    while (at < r.out.size()) {
        std::size_t end = r.out.find('\n', at);
        out.push_back(nlohmann::json::parse(r.out.substr(at, end - at)).at("id"));
        at = end + 1;
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("a note's shard: FNV-1a of its decimal id, modulo N, plus one", "[shards]") {
    // FNV-1a 64 of "881" is 0x8f158c504df3d25e (worked out apart, in Python, from the constants).
    CHECK(notes::shard_of(881, 1) == 1);
    CHECK(notes::shard_of(881, 2) == 0x8f158c504df3d25eULL % 2 + 1);
    CHECK(notes::shard_of(881, 7) == 0x8f158c504df3d25eULL % 7 + 1);
    CHECK(notes::parse_shard("2/4") == notes::ShardSpec{2, 4});
    for (const char* bad : {"0/3", "4/3", "3", "a/b", "1/0", "1/2000", "-1/3"})
        CHECK_THROWS_WITH(notes::parse_shard(bad), Catch::StartsWith(std::string("cannot use --shard ") + bad));
    std::map<unsigned, int> per_shard;
    for (int id = 1; id <= 3000; ++id) ++per_shard[notes::shard_of(id, 3)];
    REQUIRE(per_shard.size() == 3);
    for (const auto& [k, n] : per_shard) CHECK((n > 800 && n < 1200));  // about a third each
}

TEST_CASE("stub files: Xapian 1.4's lines", "[shards]") {
    auto e =
        notes::parse_stub("# shards\nauto shard-1\n\nremote 10.0.0.2:8100\nremote :ssh box xapian-progsrv /srv/db\n");
    REQUIRE(e.size() == 3);
    CHECK((e[0].kind == notes::StubEntry::Kind::local && e[0].path == "shard-1"));
    CHECK((e[1].kind == notes::StubEntry::Kind::tcp && e[1].host == "10.0.0.2" && e[1].port == 8100));
    CHECK(e[1].name() == "10.0.0.2:8100");
    CHECK((e[2].kind == notes::StubEntry::Kind::program && e[2].program == "ssh"));
    CHECK(e[2].args == "box xapian-progsrv /srv/db");
    CHECK(notes::parse_stub("remote [::1]:8100\n").at(0).host == "::1");
    CHECK_THROWS_WITH(notes::parse_stub("auto a\nremote tcp host 8100\n"), Catch::StartsWith("line 2: remote tcp"));
    CHECK_THROWS_WITH(notes::parse_stub(" auto a\n"), Catch::StartsWith("line 1:"));
    CHECK_THROWS_WITH(notes::parse_stub("inmemory\n"), Catch::StartsWith("line 1:"));
    CHECK(notes::local_stub({"shard-1", "shard-2"}) == "auto shard-1\nauto shard-2\n");
}

TEST_CASE("--shard K/N: each shard holds its notes, remembers its shard, refuses another", "[shards][e2e]") {
    Sources src;
    TempDir out;
    Ids all;
    for (unsigned k = 1; k <= 3; ++k) {
        std::string db = out.str("shard-" + std::to_string(k));
        Run r = index(with({"--db", db, "--shard", std::to_string(k) + "/3"}, src.list()));
        INFO(r.err);
        REQUIRE(r.status == 0);
        Ids ids = note_ids(db);
        CHECK(!ids.empty());
        for (auto id : ids) CHECK(notes::shard_of(id, 3) == k);
        all.insert(all.end(), ids.begin(), ids.end());
    }
    REQUIRE(index(with({"--db", out.str("one")}, src.list())).status == 0);
    std::sort(all.begin(), all.end());
    CHECK(all == note_ids(out.str("one")));

    // `notes-index` alone keeps the shard; another shard, or none, is refused with a way out.
    Ids before = note_ids(out.str("shard-2"));
    Run again = index({"--db", out.str("shard-2")});
    CHECK(again.status == 0);
    CHECK(note_ids(out.str("shard-2")) == before);
    Run other = index({"--db", out.str("shard-2"), "--shard", "1/3"});
    CHECK(other.status == 2);
    CHECK(other.err ==
          "notes-index: cannot index as shard 1/3: the index holds shard 2/3 (given at its first build); "
          "run it with --shard 2/3, or build shard 1/3 in another --db folder\n");
    Run whole = index({"--db", out.str("one"), "--shard", "1/3"});
    CHECK(whole.status == 2);
    CHECK_THAT(whole.err, Catch::Contains("the index holds every note (it was built without --shard)"));
    CHECK(index({"--db", out.str("x"), "--shard", "4/3", NOTES_EXAMPLES}).status == 2);
}

TEST_CASE("--shards N: shards side by side and a stub, searched as one index", "[shards][e2e]") {
    Sources src;
    TempDir out;
    REQUIRE(index(with({"--db", out.str("one")}, src.list())).status == 0);
    Run built = index(with({"--db", out.str("sharded"), "--shards", "3"}, src.list()));
    INFO(built.err);
    REQUIRE(built.status == 0);
    CHECK(read_file(out.path / "sharded" / "XAPIANDB") == "auto shard-1\nauto shard-2\nauto shard-3\n");
    for (unsigned k = 1; k <= 3; ++k)
        for (auto id : note_ids(out.str("sharded/shard-" + std::to_string(k)))) CHECK(notes::shard_of(id, 3) == k);
    check_same(out.str("one"), out.str("sharded"));

    Run stats_one = search({"--db", out.str("one"), "--stats", "--json"});
    Run stats_sharded = search({"--db", out.str("sharded"), "--stats", "--json"});
    REQUIRE(stats_sharded.status == 0);
    CHECK(stats_one.json().at("notes") == stats_sharded.json().at("notes"));
    CHECK(stats_one.json().at("tags") == stats_sharded.json().at("tags"));
    CHECK(search({"--db", out.str("one"), "--tags"}).out == search({"--db", out.str("sharded"), "--tags"}).out);
    CHECK(search({"--db", out.str("one"), "show", "10007"}).out ==
          search({"--db", out.str("sharded"), "show", "10007"}).out);

    // A re-run syncs each shard: a note added lands in its shard, the others are unchanged.
    write_file(src.jsonl, read_file(src.jsonl) +
                              nlohmann::json{{"id", 20001},
                                             {"title", "a new transformer note"},
                                             {"url", "https://github.com/example/paper_notes/issues/20001"},
                                             {"date", "2024-02-02"},
                                             {"tags", {"NLP"}},
                                             {"summary", "new"}}
                                  .dump() +
                              "\n");
    Run resync = index({"--db", out.str("sharded")});
    INFO(resync.err);
    REQUIRE(resync.status == 0);
    CHECK_THAT(resync.out, Catch::Contains("1 added"));
    REQUIRE(index({"--db", out.str("one")}).status == 0);
    check_same(out.str("one"), out.str("sharded"));
    CHECK(index(with({"--db", out.str("sharded"), "--shards", "2"}, src.list())).status == 2);
}

TEST_CASE("remote shards on loopback: the same answers as one index; a shard that stops", "[shards][e2e]") {
    if (access(kTcpServer, X_OK) != 0) {
        WARN("xapian-tcpsrv is not installed (scripts/install-deps installs xapian-tools): skipped");
        return;
    }
    Sources src;
    TempDir out;
    REQUIRE(index(with({"--db", out.str("one")}, src.list())).status == 0);
    std::vector<std::unique_ptr<TcpServer>> servers;
    std::string stub;
    for (unsigned k = 1; k <= 3; ++k) {
        std::string db = out.str("shard-" + std::to_string(k));
        REQUIRE(index(with({"--db", db, "--shard", std::to_string(k) + "/3"}, src.list())).status == 0);
        servers.push_back(std::make_unique<TcpServer>(db));
        REQUIRE(accepts(servers.back()->port()));
        stub += "remote " + servers.back()->name() + "\n";
    }
    std::string stub_file = out.write("remote.stub", stub).string();

    SECTION("totals, rankings, snippets and facets") { check_same(out.str("one"), stub_file); }

    SECTION("a tag page, --tags and --stats") {
        Run page_one = search({"--db", out.str("one"), "--html", "--tag", "NLP"});
        Run page_remote = search({"--db", stub_file, "--html", "--tag", "NLP"});
        REQUIRE(page_remote.status == 0);
        CHECK(page_one.out == page_remote.out);
        CHECK(search({"--db", out.str("one"), "--tags"}).out == search({"--db", stub_file, "--tags"}).out);
        Run explain = search({"--db", stub_file, "--explain", "transformer"});
        CHECK_THAT(explain.out, Catch::Contains("did-you-mean is off: the shards are remote"));
    }

    SECTION("a server stopped: exit 1 naming it, or --partial answers from the others") {
        servers[1]->stop();
        Run down = search({"--db", stub_file, "transformer"});
        CHECK(down.status == 1);
        CHECK_THAT(down.err, Catch::StartsWith("notes-search: cannot open shard " + servers[1]->name() + " of index " +
                                               stub_file + ": "));
        CHECK(std::count(down.err.begin(), down.err.end(), '\n') == 1);

        Run partial = search({"--db", stub_file, "--partial", "--json", "transformer"});
        INFO(partial.err);
        REQUIRE(partial.status == 0);
        CHECK(partial.json().at("missing_shards") == nlohmann::json::array({servers[1]->name()}));
        CHECK(partial.err == "notes-search: partial answer: shard " + servers[1]->name() + " could not be reached\n");
        std::string others = out.write("others.stub", "auto shard-1\nauto shard-3\n").string();
        CHECK(partial.json().at("total") == answer(others, {"transformer"}).total);
    }

    SECTION("a server stopped between two searches of one reader") {
        notes::SearcherOptions options;
        options.shard_timeout = std::chrono::seconds(5);
        notes::Searcher searcher(stub_file, analyzer(), options);
        notes::SearchRequest req;
        req.query = "transformer";
        std::size_t total = searcher.search(req).total;
        CHECK(total > 0);
        servers[2]->stop();
        CHECK_THROWS_WITH(searcher.search(req), Catch::StartsWith("cannot search shard " + servers[2]->name()));

        options.partial = true;
        notes::Searcher partial(stub_file, analyzer(), options);
        notes::SearchResult two = partial.search(req);
        CHECK(two.missing_shards == std::vector<std::string>{servers[2]->name()});
        CHECK(two.total < total);
        servers[0]->stop();  // between two searches of the same reader
        notes::SearchResult one = partial.search(req);
        CHECK(one.missing_shards == std::vector<std::string>{servers[0]->name(), servers[2]->name()});
        CHECK(one.total > 0);
        CHECK(one.total < two.total);
    }

    SECTION("a reader that stays open (serve --partial) takes a shard back once it answers again") {
        notes::SearchRequest req;
        req.query = "transformer";
        const std::size_t total = notes::Searcher(stub_file, analyzer()).search(req).total;
        servers[1]->stop();
        notes::SearcherOptions options;
        options.shard_timeout = std::chrono::seconds(5);
        options.partial = true;
        options.retry_missing = std::chrono::hours(1);
        notes::Searcher patient(stub_file, analyzer(), options);
        options.retry_missing = std::chrono::milliseconds(0);
        notes::Searcher eager(stub_file, analyzer(), options);
        REQUIRE(patient.search(req).missing_shards == std::vector<std::string>{servers[1]->name()});
        REQUIRE(eager.search(req).missing_shards == std::vector<std::string>{servers[1]->name()});
        REQUIRE(eager.search(req).total < total);

        servers[1]->start();
        patient.refresh();  // not due yet: still answers without it, and does not wait for it
        CHECK(patient.search(req).missing_shards == std::vector<std::string>{servers[1]->name()});
        CHECK(eager.refresh());
        notes::SearchResult back = eager.search(req);
        CHECK(back.missing_shards.empty());
        CHECK(back.total == total);
    }
}

TEST_CASE("a shard that accepts and never answers: exit 1 after --shard-timeout", "[shards][e2e]") {
    TempDir out;
    Run built = index({"--db", out.str("one"), NOTES_EXAMPLES});
    REQUIRE(built.status == 0);
    // A socket that listens but is never accepted from: the connection is made, no reply comes.
    int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    REQUIRE(::listen(s, 4) == 0);
    socklen_t len = sizeof a;
    ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
    std::string name = "127.0.0.1:" + std::to_string(ntohs(a.sin_port));
    std::string stub = out.write("stub", "auto one\nremote " + name + "\n").string();
    Run r = search({"--db", stub, "--shard-timeout", "1", "LoRA"});
    ::close(s);
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::StartsWith("notes-search: cannot open shard " + name + " of index " + stub + ": "));
    Run bad = search({"--db", out.write("bad", "auto one\nremote tcp 127.0.0.1 1\n").string(), "LoRA"});
    CHECK(bad.status == 1);
    CHECK_THAT(bad.err, Catch::Contains("line 2: remote tcp 127.0.0.1 1 is neither HOST:PORT nor :PROGRAM ARGS"));
}
