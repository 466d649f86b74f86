// workers.h — the searchers a server's threads take turns with: each one an Analyzer (MeCab) and
// a Searcher (a Xapian::Database) of its own, used by one thread at a time (ARCHITECTURE.md: Threads).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "analyzer.h"
#include "searcher.h"

namespace notes::serve {

struct Worker {
    Worker(const std::string& db, const SearcherOptions& options) : searcher(db, analyzer, options) {}
    Analyzer analyzer;  // before the searcher, which keeps a reference to it
    Searcher searcher;
};

class WorkerPool {
  public:
    // Opens `count` searchers on `db` now, so that an index that cannot be opened is told at start
    // (the Searcher's IndexError) rather than at the first request.
    WorkerPool(const std::string& db, std::size_t count, const SearcherOptions& options = {});

    // A worker for the holder alone, given back when the Lease goes.
    class Lease {
      public:
        Lease(WorkerPool& pool, Worker* worker) : pool_(pool), worker_(worker) {}
        ~Lease() { pool_.give_back(worker_); }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Worker& operator*() const { return *worker_; }
        Worker* operator->() const { return worker_; }

      private:
        WorkerPool& pool_;
        Worker* worker_;
    };

    // Waits for a free worker; with as many workers as server threads it never waits.
    Lease lease();
    std::size_t size() const { return all_.size(); }

  private:
    void give_back(Worker* worker);

    std::vector<std::unique_ptr<Worker>> all_;
    std::vector<Worker*> free_;
    std::mutex mutex_;
    std::condition_variable returned_;
};

}  // namespace notes::serve
