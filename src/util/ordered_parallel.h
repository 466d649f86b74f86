// ordered_parallel.h — work items made on several threads and used on the calling one, in order.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace notes {

// How far making may run ahead of using: `items` always (the one being used included); past
// that, up to `most_items` while the costs (a file's bytes, say) of those in flight behind the
// next to be used add up to at most `cost_budget`. Why both: with a count alone, one big item
// (a tag page of 580 MB) stops every other thread a few small items later, as the small ones
// cannot be used before it; the budget lets them go on through many small items, and holds
// what waits behind it bounded. The next to be used is left out of the budget as it is what
// everything waits for: a 580 MB page must not shut out the others because it is big.
struct InFlight {
    std::size_t items = 1;
    std::size_t most_items = 0;  // below `items`: `items`
    std::uint64_t cost_budget = 0;
};

// Calls make(i) for each i in [0, n) on up to `threads` helper threads and use(i, result) on the
// calling thread for each i in increasing order, so that what `use` does comes out exactly as a
// serial loop would have it, whatever the threads' timing. What is between being made and used
// up is bounded by `bound`, cost(i) being item i's cost (called on the caller, once, up front).
//
// Thread rules: `make` runs on the helpers only, concurrently with itself and with `use`, so it
// may touch nothing they change; `use` runs on the caller only. With threads <= 1 (or n <= 1)
// no thread is started: make(i) then use(i) in turn on the caller. An exception from make(i) is
// rethrown on the caller when use(i) would have been called, one from `use` as it is; either
// way the helpers are stopped and joined first, and no use(j) for j > i is called.
template <typename Cost, typename Make, typename Use>
void for_each_in_order(std::size_t n, std::size_t threads, InFlight bound, Cost cost, Make make, Use use) {
    using Result = std::invoke_result_t<Make&, std::size_t>;
    if (threads <= 1 || n <= 1) {
        for (std::size_t i = 0; i < n; ++i) use(i, make(i));
        return;
    }
    if (bound.items < threads) bound.items = threads;
    if (bound.most_items < bound.items) bound.most_items = bound.items;
    const std::size_t window = bound.most_items;
    std::vector<std::uint64_t> costs(n);
    for (std::size_t i = 0; i < n; ++i) costs[i] = cost(i);
    struct Slot {
        std::optional<Result> value;
        std::exception_ptr failure;
        bool ready = false;
    };
    std::vector<Slot> slots(window);  // item i waits in slots[i % window]
    std::mutex mutex;
    std::condition_variable room, made;
    std::size_t next_to_make = 0, next_to_use = 0;
    std::uint64_t cost_in_flight = 0;
    bool stop = false;
    auto may_make = [&] {  // under the lock
        const std::size_t ahead = next_to_make - next_to_use;
        if (ahead < bound.items) return true;
        const std::uint64_t behind = cost_in_flight - costs[next_to_use];
        return ahead < bound.most_items && behind + costs[next_to_make] <= bound.cost_budget;
    };
    auto helper = [&] {
        for (;;) {
            std::size_t i;
            {
                std::unique_lock lock(mutex);
                room.wait(lock, [&] { return stop || next_to_make >= n || may_make(); });
                if (stop || next_to_make >= n) return;
                i = next_to_make++;
                cost_in_flight += costs[i];
            }
            Slot out;
            try {
                out.value.emplace(make(i));
            } catch (...) {
                out.failure = std::current_exception();
            }
            out.ready = true;
            std::lock_guard lock(mutex);
            slots[i % window] = std::move(out);
            made.notify_all();
        }
    };
    std::vector<std::thread> helpers;
    auto finish = [&] {
        {
            std::lock_guard lock(mutex);
            stop = true;
        }
        room.notify_all();
        for (auto& t : helpers) t.join();
    };
    try {
        for (std::size_t t = 0; t < threads && t < n; ++t) helpers.emplace_back(helper);
        for (std::size_t i = 0; i < n; ++i) {
            Slot got;
            {
                std::unique_lock lock(mutex);
                made.wait(lock, [&] { return slots[i % window].ready; });
                got = std::move(slots[i % window]);
                slots[i % window] = Slot{};
            }
            if (got.failure) std::rethrow_exception(got.failure);
            use(i, std::move(*got.value));
            got = Slot{};  // freed before another item may be made in its place
            {
                std::lock_guard lock(mutex);
                ++next_to_use;
                cost_in_flight -= costs[i];
            }
            room.notify_all();
        }
    } catch (...) {
        finish();
        throw;
    }
    finish();
}

// The same with a count alone: at most `window` items between being made and used up.
template <typename Make, typename Use>
void for_each_in_order(std::size_t n, std::size_t threads, std::size_t window, Make make, Use use) {
    for_each_in_order(
        n, threads, InFlight{.items = window}, [](std::size_t) { return std::uint64_t{0}; }, std::move(make),
        std::move(use));
}

}  // namespace notes
