// server.cc — the routes, the security headers and limits, the threads and their searchers.
#include "server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "api.h"
#include "live_assets.h"
#include "standalone_assets.h"
#include "workers.h"

namespace notes::serve {

namespace {

// No inline script or style, nothing from elsewhere but the notes' images, no framing.
const char* const kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: http: data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

bool loopback(const std::string& address) {
    return address == "127.0.0.1" || address == "::1" || address == "localhost" || address.starts_with("127.");
}

// The Host a loopback server answers: a page on another site whose name was pointed at 127.0.0.1
// (DNS rebinding) sends its own name and is refused.
bool local_host(const std::string& host) {
    std::string name = host;
    if (name.starts_with('[')) {
        name = name.substr(0, name.find(']') + 1);
    } else if (std::size_t colon = name.rfind(':'); colon != std::string::npos) {
        name.resize(colon);
    }
    return name == "localhost" || name == "[::1]" || name.starts_with("127.");
}

void send(httplib::Response& res, const Reply& reply) {
    res.status = reply.status;
    res.set_content(reply.body, reply.type.c_str());
}

std::string listen_problem(int error) {
    switch (error) {
        case EADDRINUSE: return "the port is in use (another server?); choose another with --port";
        case EACCES: return "permission denied (a port below 1024 needs privileges); choose another with --port";
        case EADDRNOTAVAIL: return "this machine has no such address; give one of its own with --bind";
        case 0: return "the address cannot be used; give another with --bind";
        default: return std::strerror(error);
    }
}

}  // namespace

struct Server::Impl {
    ServeOptions options;
    WorkerPool workers;
    httplib::Server http;
    std::atomic<bool> stopped{false};

    explicit Impl(const ServeOptions& o) : options(o), workers(o.db, o.threads, o.searcher) {}

    // `answer(searcher)` on a worker of this request's own, on the newest revision of the index.
    template <class Answer>
    void with_searcher(httplib::Response& res, Answer&& answer) {
        auto worker = workers.lease();
        try {
            worker->searcher.refresh();
        } catch (const IndexError& e) {
            return send(res, error_json(500, e.what()));
        }
        send(res, answer(worker->searcher));
    }

    void configure();
    void route();
};

void Server::Impl::configure() {
    const std::size_t threads = options.threads;
    http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    // A client that sends or reads slowly holds a thread for at most these few seconds.
    http.set_read_timeout(5, 0);
    http.set_write_timeout(5, 0);
    // One request per connection: a kept-alive connection holds its thread while the client
    // thinks, and connections queued behind it wait (bench/RESULTS.md: 16 clients on 4 threads,
    // p95 690 ms with 5 requests a connection, 170 ms with 1). On loopback a connection costs little.
    http.set_keep_alive_max_count(1);
    http.set_payload_max_length(4096);  // nothing here takes a body
    // httplib's default adds SO_REUSEPORT, with which a second server takes the same port
    // silently and the two share its requests; SO_REUSEADDR alone lets a restart reuse it.
    http.set_socket_options([](socket_t sock) {
        int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    http.set_default_headers({{"Content-Security-Policy", kContentSecurityPolicy},
                              {"X-Content-Type-Options", "nosniff"},
                              {"Referrer-Policy", "no-referrer"},
                              {"Cache-Control", "no-store"}});
    const bool check_host = loopback(options.bind);
    http.set_pre_routing_handler([check_host](const httplib::Request& req, httplib::Response& res) {
        if (req.method != "GET" && req.method != "HEAD") {
            send(res, error_json(405, "cannot answer " + req.method + ": only GET is served"));
            return httplib::Server::HandlerResponse::Handled;
        }
        if (check_host && !local_host(req.get_header_value("Host"))) {
            send(res, error_json(403, "cannot answer for another host name: this server is for this machine"));
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });
    http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (res.body.empty()) send(res, error_json(res.status, res.status == 404 ? "no such page" : "cannot answer"));
    });
    http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        send(res, error_json(500, "cannot answer: the server failed; see its standard error"));
    });
}

void Server::Impl::route() {
    auto get = [this](const char* path, auto answer) {
        http.Get(path, [this, answer](const httplib::Request& req, httplib::Response& res) {
            with_searcher(res, [&](const Searcher& s) { return answer(s, req); });
        });
    };
    get("/", [](const Searcher& s, const httplib::Request& req) { return page_html(s, req.params); });
    get("/results", [](const Searcher& s, const httplib::Request& req) { return results_html(s, req.params); });
    get("/api/search", [](const Searcher& s, const httplib::Request& req) { return search_json(s, req.params); });
    get("/api/tags", [](const Searcher& s, const httplib::Request&) { return tags_json(s); });
    get("/api/suggest", [](const Searcher& s, const httplib::Request& req) { return suggest_json(s, req.params); });
    get(R"(/api/note/([0-9]{1,18}))",
        [](const Searcher& s, const httplib::Request& req) { return note_json(s, req.matches[1].str()); });
    // The only files served, from the program itself: no path reaches the file system.
    auto asset = [this](const char* path, std::string_view body, const char* type) {
        http.Get(path, [body, type](const httplib::Request&, httplib::Response& res) {
            res.set_header("Cache-Control", "no-cache");
            res.set_content(body.data(), body.size(), type);
        });
    };
    asset("/assets/standalone.css", kStandaloneCss, "text/css; charset=utf-8");
    asset("/assets/live.css", kLiveCss, "text/css; charset=utf-8");
    asset("/assets/live.js", kLiveScript, "text/javascript; charset=utf-8");
}

Server::Server(const ServeOptions& options) : impl_(std::make_unique<Impl>(options)) {
    impl_->configure();
    impl_->route();
}

Server::~Server() = default;

int Server::listen() {
    const ServeOptions& o = impl_->options;
    errno = 0;
    int port = o.port;
    if (o.port == 0)
        port = impl_->http.bind_to_any_port(o.bind);
    else if (!impl_->http.bind_to_port(o.bind, o.port))
        port = -1;
    if (port < 0)
        throw ListenError("cannot listen on " + o.bind + ":" + std::to_string(o.port) + ": " + listen_problem(errno));
    return port;
}

void Server::run() {
    if (!impl_->stopped) impl_->http.listen_after_bind();
}

void Server::stop() {
    impl_->stopped = true;
    impl_->http.stop();
}

}  // namespace notes::serve
