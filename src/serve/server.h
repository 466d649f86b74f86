// server.h — notes-search serve: the HTTP server over the index (cpp-httplib), with the live page
// and the JSON API (api.h). Loopback by default, no authentication: the notes are the reader's own.
#pragma once

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>

#include "searcher.h"

namespace notes::serve {

struct ServeOptions {
    std::string db;                  // the index folder
    std::string bind = "127.0.0.1";  // the address to listen on
    int port = 8080;                 // 0: any free port (listen() says which)
    std::size_t threads = 4;         // the fixed number of threads, each with its own searcher
    SearcherOptions searcher;
};

// The server could not listen: what() reads "cannot listen on HOST:PORT: <reason>".
struct ListenError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Server {
  public:
    // Opens the index once per thread (throws IndexError as the Searcher does).
    explicit Server(const ServeOptions& options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Takes the address and port; returns the port (the one chosen for port 0). Throws ListenError.
    int listen();
    // Answers requests until stop(); call listen() first.
    void run();
    // Makes run() return once the requests being answered are done; from any thread, at any time
    // after listen() (a stop asked before run() starts is kept).
    void stop();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace notes::serve
