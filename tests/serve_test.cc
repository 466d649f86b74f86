// serve_test.cc — notes-search serve over HTTP: the API answers as --json does, errors have their
// statuses, no path reaches the file system, the security headers, a commit seen while serving,
// and the command itself (a free port, a port in use, SIGTERM).
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include "server.h"
#include "support.h"

using namespace notes::test;
using Clock = std::chrono::steady_clock;

namespace {

Run index(const std::vector<std::string>& args) { return run(NOTES_INDEX_EXE, args); }
Run search(const std::vector<std::string>& args) { return run(NOTES_SEARCH_EXE, args); }

// A server on a free loopback port in this process, stopped and joined when the test ends.
struct LiveServer {
    explicit LiveServer(const std::string& db)
        : server(notes::serve::ServeOptions{.db = db, .bind = "127.0.0.1", .port = 0, .threads = 3, .searcher = {}}) {
        port = server.listen();
        thread = std::thread([this] { server.run(); });
    }
    ~LiveServer() {
        server.stop();
        thread.join();
    }
    httplib::Client client() const {
        httplib::Client c("127.0.0.1", port);
        c.set_connection_timeout(5);
        c.set_read_timeout(10);
        return c;
    }
    // GET `path` (already encoded); fails the test when there is no answer.
    httplib::Result get(const std::string& path) const {
        httplib::Result r = client().Get(path.c_str());
        REQUIRE(r);
        return r;
    }
    notes::serve::Server server;
    int port = 0;
    std::thread thread;
};

std::string encoded(const std::string& text) {
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_') {
            out += static_cast<char>(c);
        } else {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", c);
            out += hex;
        }
    }
    return out;
}

// The request line and headers sent as written, for paths a client library might tidy up first.
std::string raw_get(int port, const std::string& target, const std::string& host = "127.0.0.1") {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    timeval timeout{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    const std::string request = "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
    REQUIRE(::send(fd, request.data(), request.size(), 0) == static_cast<ssize_t>(request.size()));
    std::string answer;
    char buffer[4096];
    for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) answer.append(buffer, static_cast<std::size_t>(n));
    ::close(fd);
    return answer;
}

int status_of(const std::string& raw_answer) {
    REQUIRE(raw_answer.starts_with("HTTP/1.1 "));
    return std::stoi(raw_answer.substr(9, 3));
}

struct ExamplesIndex {
    ExamplesIndex() { REQUIRE(index({"--quiet", "--db", db, NOTES_EXAMPLES}).status == 0); }
    TempDir dir;
    std::string db = dir.str("db");
};

}  // namespace

TEST_CASE("the API answers what notes-search --json prints for the same query", "[serve]") {
    ExamplesIndex examples;
    LiveServer live(examples.db);
    struct Case {
        std::string params;
        std::vector<std::string> args;
    };
    const std::vector<Case> cases = {
        {"q=" + encoded("LoRA 量子化"), {"LoRA 量子化"}},
        {"q=quantization&sort=newest", {"quantization", "--sort", "newest"}},
        {"q=" + encoded("LoRA OR 量子化") + "&limit=3&offset=1", {"LoRA OR 量子化", "--limit", "3", "--offset", "1"}},
        {"q=LoRA&tag=NLP", {"LoRA", "--tag", "NLP"}},
        {"tag=Quantization&sort=oldest", {"--tag", "Quantization", "--sort", "oldest"}},
        {"q=" + encoded("量子化") + "&date=2023", {"量子化 date:2023"}},
        {"q=quantizaton", {"quantizaton"}},                      // did-you-mean
        {"q=" + encoded("LoRA zzyzx"), {"LoRA zzyzx"}},          // no note has both: partial
        {"q=" + encoded("<b>nothing</b>"), {"<b>nothing</b>"}},  // none at all
    };
    for (const Case& c : cases) {
        INFO(c.params);
        std::vector<std::string> args = {"--db", examples.db, "--json", "--"};
        std::vector<std::string> words, options;
        for (std::size_t i = 0; i < c.args.size(); ++i) {
            if (c.args[i].starts_with("--")) {
                options.push_back(c.args[i]);
                options.push_back(c.args[++i]);
            } else {
                words.push_back(c.args[i]);
            }
        }
        args.insert(args.begin() + 3, options.begin(), options.end());
        args.insert(args.end(), words.begin(), words.end());
        const Run expected = search(args);
        REQUIRE(expected.status == 0);
        const auto answer = live.get("/api/search?" + c.params);
        CHECK(answer->status == 200);
        CHECK(answer->get_header_value("Content-Type") == "application/json");
        CHECK(answer->body == expected.out);
    }
    const Run tags = search({"--db", examples.db, "--tags", "--json"});
    REQUIRE(tags.status == 0);
    CHECK(live.get("/api/tags")->body == tags.out);
}

TEST_CASE("a note by id, completions, and the page's results", "[serve]") {
    ExamplesIndex examples;
    LiveServer live(examples.db);

    const auto note = live.get("/api/note/881");
    CHECK(note->status == 200);
    const auto j = nlohmann::json::parse(note->body);
    CHECK(j.at("id") == 881);
    CHECK(j.at("url") == "https://github.com/example/paper_notes/issues/881");

    const auto words = nlohmann::json::parse(live.get("/api/suggest?q=" + encoded("LoRA 量"))->body);
    CHECK(words.at("prefix") == "量");
    REQUIRE(!words.at("words").empty());
    for (const auto& w : words.at("words")) CHECK(w.get<std::string>().starts_with("量"));
    const auto tags = nlohmann::json::parse(live.get("/api/suggest?q=quant")->body);
    REQUIRE(!tags.at("tags").empty());
    CHECK(tags.at("tags").at(0).at("name") == "Quantization");

    // Opened directly, the page holds its results, marked, and the form holds the query.
    const auto page = live.get("/?q=" + encoded("LoRA 量子化") + "&tag=NLP");
    CHECK(page->status == 200);
    CHECK_THAT(page->body, Catch::Contains("value=\"LoRA 量子化\""));
    CHECK_THAT(page->body, Catch::Contains("<div class=\"note\">"));
    CHECK_THAT(page->body, Catch::Contains("<mark>"));
    CHECK_THAT(page->body, Catch::Contains("aria-pressed=\"true\""));  // the NLP chip, pressed
    // What the reader typed comes back as text, never as markup.
    const auto hostile = live.get("/?q=" + encoded("\"><script>alert(1)</script>"));
    CHECK_THAT(hostile->body, !Catch::Contains("<script>alert"));
    CHECK_THAT(hostile->body, Catch::Contains("&quot;&gt;&lt;script&gt;"));
}

TEST_CASE("a request that cannot be answered gets its status and one message", "[serve]") {
    ExamplesIndex examples;
    LiveServer live(examples.db);
    const std::vector<std::pair<std::string, int>> cases = {
        {"/api/search?q=", 400},
        {"/api/search?q=LoRA&limit=many", 400},
        {"/api/search?q=LoRA&limit=101", 400},
        {"/api/search?q=LoRA&offset=-1", 400},
        {"/api/search?q=LoRA&sort=best", 400},
        {"/api/search?q=LoRA&date=" + encoded("2023 OR x"), 400},
        {"/api/search?q=%FF%FE", 400},
        {"/api/search?q=" + std::string(1001, 'a'), 400},
        {"/api/search?q=a&q=b", 400},
        {"/api/search?q=" + encoded("date:2023-99"), 400},
        {"/api/search?tag=NoSuchTagAnywhere", 404},
        {"/api/note/99999", 404},
        {"/api/note/abc", 404},
        {"/api/nothing", 404},
        {"/index.html", 404},
    };
    for (const auto& [path, status] : cases) {
        INFO(path);
        const auto answer = live.get(path);
        CHECK(answer->status == status);
        if (status != 200) CHECK_FALSE(nlohmann::json::parse(answer->body).at("error").get<std::string>().empty());
    }
    const auto post = live.client().Post("/api/search?q=LoRA", "x", "text/plain");
    REQUIRE(post);
    CHECK(post->status == 405);
    // A page of another site pointed at 127.0.0.1 by its DNS (rebinding) is not answered.
    CHECK(status_of(raw_get(live.port, "/api/tags", "attacker.example")) == 403);
    CHECK(status_of(raw_get(live.port, "/api/tags", "localhost:" + std::to_string(live.port))) == 200);
}

TEST_CASE("no path reaches the file system", "[serve]") {
    ExamplesIndex examples;
    LiveServer live(examples.db);
    for (const std::string target :
         {"/../../../../etc/passwd", "/assets/../../etc/passwd", "/assets/%2e%2e/%2e%2e/etc/passwd",
          "/assets/..%2f..%2fetc%2fpasswd", "/etc/passwd", "//etc/passwd", "/assets/live.js/../../../etc/passwd",
          "http://127.0.0.1/etc/passwd", "/assets/", "/assets/live.js%00.txt"}) {
        INFO(target);
        const std::string answer = raw_get(live.port, target);
        CHECK(status_of(answer) == 404);
        CHECK_THAT(answer, !Catch::Contains("root:"));
    }
    CHECK(status_of(raw_get(live.port, "/assets/live.js")) == 200);
}

TEST_CASE("every answer carries the security headers; the page runs no inline script", "[serve]") {
    ExamplesIndex examples;
    LiveServer live(examples.db);
    for (const std::string path : {"/", "/?q=LoRA", "/results?q=LoRA", "/api/search?q=LoRA",
                                   "/api/search?q=", "/assets/live.js", "/assets/standalone.css", "/nowhere"}) {
        INFO(path);
        const auto answer = live.get(path);
        const std::string csp = answer->get_header_value("Content-Security-Policy");
        CHECK_THAT(csp, Catch::Contains("script-src 'self'"));
        CHECK_THAT(csp, Catch::Contains("default-src 'none'"));
        CHECK_THAT(csp, !Catch::Contains("unsafe-inline"));
        CHECK(answer->get_header_value("X-Content-Type-Options") == "nosniff");
    }
    CHECK(live.get("/assets/live.js")->get_header_value("Content-Type") == "text/javascript; charset=utf-8");
    const std::string page = live.get("/?q=" + encoded("LoRA 量子化"))->body;
    CHECK_THAT(page, Catch::Contains("<script src=\"/assets/live.js\" defer></script>"));
    CHECK_THAT(page, !Catch::Contains("<script>"));
    CHECK_THAT(page, !Catch::Contains(" style=\""));
    CHECK_THAT(page, !Catch::Contains(" onclick="));
}

TEST_CASE("a commit made while serving is seen without a restart", "[serve]") {
    TempDir dir;
    const std::string db = dir.str("db");
    auto line = [](int id, const std::string& title) {
        return nlohmann::json{{"id", id},
                              {"title", title},
                              {"url", "https://example.com/" + std::to_string(id)},
                              {"date", "2024-01-0" + std::to_string(id)},
                              {"tags", {"Test"}},
                              {"summary", title},
                              {"comment", ""},
                              {"images", nlohmann::json::array()}}
                   .dump() +
               "\n";
    };
    const auto notes = dir.write("notes.jsonl", line(1, "Sparse attention for long inputs"));
    REQUIRE(index({"--quiet", "--db", db, notes.string()}).status == 0);
    LiveServer live(db);
    auto total = [&](const std::string& q) {
        return nlohmann::json::parse(live.get("/api/search?q=" + q)->body).at("total").get<int>();
    };
    REQUIRE(total("attention") == 1);
    REQUIRE(total("zebrafish") == 0);
    // Three commits: past what one open Xapian reader could still follow without reopening.
    for (int id = 2; id <= 4; ++id) {
        std::ofstream(notes, std::ios::app) << line(id, "Zebrafish embryos, part " + std::to_string(id));
        REQUIRE(index({"--quiet", "--db", db, notes.string()}).status == 0);
        CHECK(total("zebrafish") == id - 1);
    }
    CHECK(nlohmann::json::parse(live.get("/api/tags")->body).at("tags").at(0).at("count") == 4);
}

TEST_CASE("answers made by several threads at once are the answers made one by one", "[serve]") {
    ExamplesIndex examples;
    LiveServer live(examples.db);
    const std::vector<std::string> paths = {"/api/search?q=LoRA",  "/api/search?q=" + encoded("量子化"),
                                            "/api/search?tag=NLP", "/api/suggest?q=qu",
                                            "/api/tags",           "/results?q=" + encoded("LoRA 量子化")};
    std::vector<std::string> expected;
    for (const auto& p : paths) expected.push_back(live.get(p)->body);
    std::vector<int> wrong(6, 0);
    std::vector<std::thread> clients;
    for (std::size_t t = 0; t < wrong.size(); ++t) {
        clients.emplace_back([&, t] {
            httplib::Client c = live.client();
            for (std::size_t i = 0; i < 30; ++i) {
                const std::size_t k = (i + t) % paths.size();
                auto r = c.Get(paths[k].c_str());
                if (!r || r->status != 200 || r->body != expected[k]) ++wrong[t];
            }
        });
    }
    for (auto& c : clients) c.join();
    CHECK(wrong == std::vector<int>(6, 0));
}

namespace {

// notes-search serve as a child process, its standard output read through a pipe.
struct Child {
    pid_t pid = -1;
    int out = -1;
    Child(const std::vector<std::string>& args) {
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            ::dup2(fds[1], STDOUT_FILENO);
            ::close(fds[0]);
            std::vector<char*> argv;
            for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
            argv.push_back(nullptr);
            ::execv(argv[0], argv.data());
            ::_exit(127);
        }
        ::close(fds[1]);
        out = fds[0];
    }
    ~Child() {
        if (pid > 0) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
        }
        if (out >= 0) ::close(out);
    }
    // The first line it prints, or "" when none came within 20 seconds.
    std::string first_line() const {
        std::string line;
        const auto deadline = Clock::now() + std::chrono::seconds(20);
        while (line.find('\n') == std::string::npos && Clock::now() < deadline) {
            pollfd p{out, POLLIN, 0};
            if (::poll(&p, 1, 200) <= 0) continue;
            char buffer[256];
            const ssize_t n = ::read(out, buffer, sizeof buffer);
            if (n <= 0) break;
            line.append(buffer, static_cast<std::size_t>(n));
        }
        return line.substr(0, line.find('\n'));
    }
    // The exit status once it has exited, or -1 when it has not within 10 seconds.
    int wait_exit() {
        const auto deadline = Clock::now() + std::chrono::seconds(10);
        while (Clock::now() < deadline) {
            int status = 0;
            if (::waitpid(pid, &status, WNOHANG) == pid) {
                pid = -1;
                return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return -1;
    }
};

}  // namespace

TEST_CASE("notes-search serve: a free port, SIGTERM stops it, a port in use is one line", "[serve]") {
    ExamplesIndex examples;
    Child child({NOTES_SEARCH_EXE, "serve", "--port", "0", "--db", examples.db});
    const std::string line = child.first_line();
    REQUIRE_THAT(line, Catch::StartsWith("notes-search serve: http://127.0.0.1:"));
    const int port = std::stoi(line.substr(line.rfind(':') + 1));
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(10);
    const auto tags = client.Get("/api/tags");
    REQUIRE(tags);
    CHECK(tags->status == 200);

    // The same port again, taken: one line naming it, exit 1.
    const Run taken =
        run("timeout", {"20", NOTES_SEARCH_EXE, "serve", "--port", std::to_string(port), "--db", examples.db});
    CHECK(taken.status == 1);
    CHECK(taken.err == "notes-search serve: cannot listen on 127.0.0.1:" + std::to_string(port) +
                           ": the port is in use (another server?); choose another with --port\n");

    REQUIRE(::kill(child.pid, SIGTERM) == 0);
    CHECK(child.wait_exit() == 0);

    const Run no_index =
        run("timeout", {"20", NOTES_SEARCH_EXE, "serve", "--port", "0", "--db", examples.dir.str("missing")});
    CHECK(no_index.status == 1);
    CHECK_THAT(no_index.err, Catch::StartsWith("notes-search serve: cannot open index "));
    const Run bad_port = run("timeout", {"20", NOTES_SEARCH_EXE, "serve", "--port", "70000"});
    CHECK(bad_port.status == 2);
}
