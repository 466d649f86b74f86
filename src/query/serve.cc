// serve.cc — notes-search serve [--port 8080] [--bind 127.0.0.1]: parses its options, opens the
// index, listens, and stops cleanly on SIGINT or SIGTERM.
#include "serve.h"

#include <pthread.h>
#include <signal.h>
#include <xapian.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <sstream>
#include <thread>

#include "paths.h"
#include "printable.h"
#include "server.h"

namespace {

constexpr int kOk = 0, kError = 1, kUsage = 2;

const char* kServeFooter = R"(The page: http://127.0.0.1:8080/ (results as you type; the state in the address, so
/?q=LoRA+量子化&tag=NLP can be bookmarked). The API answers as notes-search --json does:
  /api/search?q=&tag=&date=&sort=&limit=&offset=   /api/note/ID   /api/tags   /api/suggest?q=
There is no authentication: keep --bind on this machine (127.0.0.1) unless every reader of
the network may read the notes.)";

int fail(std::string_view message, int code) {
    std::string line = notes::printable(message);
    std::replace(line.begin(), line.end(), '\n', ' ');
    std::cerr << "notes-search serve: " << line << "\n";
    return code;
}

// Serves until SIGINT or SIGTERM. The signals are blocked in every thread (the server's threads
// inherit the mask) and taken by one thread with sigwait, which may then call stop() safely.
int serve(notes::serve::Server& server, const sigset_t& signals) {
    std::atomic<bool> finished{false};
    std::thread waiter([&] {
        int signal = 0;
        sigwait(&signals, &signal);
        // A stop asked just before run() starts listening could be missed by it: ask until it returns.
        while (!finished) {
            server.stop();
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    });
    server.run();
    finished = true;
    pthread_kill(waiter.native_handle(), SIGTERM);  // a waiter still waiting wakes and ends
    waiter.join();
    std::cerr << "notes-search serve: stopped\n";
    return kOk;
}

}  // namespace

int serve_main(int argc, char** argv) try {
    CLI::App app{"notes-search serve: the live search page and the JSON API over HTTP", "notes-search serve"};
    app.footer(kServeFooter);
    app.failure_message([](const CLI::App*, const CLI::Error& e) { return std::string(e.what()); });
    notes::serve::ServeOptions options;
    std::string db;
    app.add_option("--port", options.port, "The port (0: any free one)")
        ->check(CLI::Range(0, 65535))
        ->capture_default_str();
    app.add_option("--bind", options.bind, "The address to listen on")->capture_default_str();
    app.add_option("--db", db, "Index folder (default: $NOTES_SEARCH_DB, else $XDG_DATA_HOME/notes-search/db)");
    app.add_option("--threads", options.threads, "Requests answered at once, each thread with its own searcher")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    bool partial = false;
    unsigned shard_timeout = 10;
    app.add_flag("--partial", partial,
                 "An index of shards: answer from the shards that can be reached (\"missing_shards\" in JSON); "
                 "without it, a shard that fails makes that request fail, and the next one tries it again");
    app.add_option("--shard-timeout", shard_timeout, "Seconds a remote shard has for each reply")
        ->check(CLI::Range(1u, 3600u))
        ->capture_default_str();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        std::ostringstream out, err;
        const int code = app.exit(e, out, err);
        std::cout << out.str() << std::flush;
        if (code == 0) return kOk;
        std::string message = err.str();
        while (!message.empty() && message.back() == '\n') message.pop_back();
        return fail(message + "; notes-search serve --help lists the options", kUsage);
    }
    options.db = notes::resolve_db_path(db);
    options.searcher.partial = partial;
    options.searcher.shard_timeout = std::chrono::seconds(shard_timeout);

    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    notes::serve::Server server(options);
    const int port = server.listen();
    const std::string host = options.bind.find(':') != std::string::npos ? "[" + options.bind + "]" : options.bind;
    std::cout << "notes-search serve: http://" << host << ":" << port << "/ (index " << options.db << "; Ctrl-C stops)"
              << std::endl;
    return serve(server, signals);
} catch (const std::exception& e) {  // a port in use (serve::ListenError), the index's errors, ...
    return fail(e.what(), kError);
} catch (const Xapian::Error& e) {
    return fail(e.get_description(), kError);
}
