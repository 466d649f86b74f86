// workers.cc — lending the searchers out, one thread at a time each.
#include "workers.h"

namespace notes::serve {

WorkerPool::WorkerPool(const std::string& db, std::size_t count, const SearcherOptions& options) {
    for (std::size_t i = 0; i < count; ++i) {
        all_.push_back(std::make_unique<Worker>(db, options));
        free_.push_back(all_.back().get());
    }
}

WorkerPool::Lease WorkerPool::lease() {
    std::unique_lock lock(mutex_);
    returned_.wait(lock, [&] { return !free_.empty(); });
    Worker* worker = free_.back();
    free_.pop_back();
    return Lease(*this, worker);
}

void WorkerPool::give_back(Worker* worker) {
    {
        std::lock_guard lock(mutex_);
        free_.push_back(worker);
    }
    returned_.notify_one();
}

}  // namespace notes::serve
