// ordered_parallel_test.cc — items made on several threads are used in order, a bounded few ahead.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "ordered_parallel.h"

TEST_CASE("results are used in order even when later items are made first", "[ordered_parallel]") {
    // Item 0 is not made until item 1 is: the helpers must finish out of order.
    std::mutex m;
    std::condition_variable cv;
    bool one_made = false;
    std::vector<std::size_t> used;
    notes::for_each_in_order(
        50, 2, 4,
        [&](std::size_t i) {
            if (i == 0) {
                std::unique_lock lock(m);
                cv.wait(lock, [&] { return one_made; });
            }
            if (i == 1) {
                std::lock_guard lock(m);
                one_made = true;
                cv.notify_all();
            }
            return i * 10;
        },
        [&](std::size_t i, std::size_t made) {
            CHECK(made == i * 10);
            used.push_back(i);
        });
    REQUIRE(used.size() == 50);
    for (std::size_t i = 0; i < used.size(); ++i) CHECK(used[i] == i);
}

TEST_CASE("no more than the window is made ahead of what is used", "[ordered_parallel]") {
    std::atomic<int> ahead{0}, most{0};
    notes::for_each_in_order(
        200, 3, 5,
        [&](std::size_t i) {
            int now = ++ahead;
            int seen = most.load();
            while (now > seen && !most.compare_exchange_weak(seen, now)) {
            }
            return i;
        },
        [&](std::size_t, std::size_t) { --ahead; });
    CHECK(most.load() >= 1);
    CHECK(most.load() <= 5);
    CHECK(ahead.load() == 0);
}

TEST_CASE("one thread makes and uses on the caller, in turn", "[ordered_parallel]") {
    const auto caller = std::this_thread::get_id();
    std::vector<int> trace;
    notes::for_each_in_order(
        3, 1, 2,
        [&](std::size_t i) {
            CHECK(std::this_thread::get_id() == caller);
            trace.push_back(static_cast<int>(i));
            return i;
        },
        [&](std::size_t i, std::size_t) { trace.push_back(-1 - static_cast<int>(i)); });
    CHECK(trace == std::vector<int>{0, -1, 1, -2, 2, -3});
}

TEST_CASE("a failure in making item i is thrown where item i would be used", "[ordered_parallel]") {
    std::vector<std::size_t> used;
    auto run = [&] {
        notes::for_each_in_order(
            40, 4, 8,
            [](std::size_t i) {
                if (i == 17) throw std::runtime_error("item 17");
                return i;
            },
            [&](std::size_t i, std::size_t) { used.push_back(i); });
    };
    CHECK_THROWS_WITH(run(), "item 17");
    REQUIRE(used.size() == 17);
    CHECK(used.back() == 16);
}

TEST_CASE("a failure in using stops the helpers and is thrown as it is", "[ordered_parallel]") {
    std::atomic<std::size_t> made{0};
    auto run = [&] {
        notes::for_each_in_order(
            1000, 2, 4,
            [&](std::size_t i) {
                ++made;
                return i;
            },
            [](std::size_t i, std::size_t) {
                if (i == 3) throw std::logic_error("use 3");
            });
    };
    CHECK_THROWS_AS(run(), std::logic_error);
    CHECK(made.load() < 1000);  // the window stopped the helpers long before the end
}

TEST_CASE("no items, and one item, need no helper", "[ordered_parallel]") {
    int calls = 0;
    notes::for_each_in_order(
        0, 4, 8, [](std::size_t i) { return i; }, [&](std::size_t, std::size_t) { ++calls; });
    CHECK(calls == 0);
    notes::for_each_in_order(
        1, 4, 8, [](std::size_t i) { return i; }, [&](std::size_t, std::size_t) { ++calls; });
    CHECK(calls == 1);
}

TEST_CASE("past a slow, big item, the cost budget lets the helpers go on", "[ordered_parallel]") {
    // Item 0 is made only once item 10 is: with two a thread in flight (the count alone), the
    // helpers would stop at item 3 and wait for ever; the budget lets 12 cheap items in flight,
    // item 0 costing far more than the budget, as the next to be used, not counted.
    std::mutex m;
    std::condition_variable cv;
    bool ten_made = false, timed_out = false;
    std::vector<std::size_t> used;
    notes::for_each_in_order(
        40, 2, notes::InFlight{.items = 4, .most_items = 12, .cost_budget = 12},
        [](std::size_t i) { return std::uint64_t{i == 0 ? 1000u : 1u}; },
        [&](std::size_t i) {
            std::unique_lock lock(m);
            if (i == 0) timed_out = !cv.wait_for(lock, std::chrono::seconds(20), [&] { return ten_made; });
            if (i == 10) {
                ten_made = true;
                cv.notify_all();
            }
            return i;
        },
        [&](std::size_t i, std::size_t made) {
            CHECK(made == i);
            used.push_back(i);
        });
    CHECK_FALSE(timed_out);
    REQUIRE(used.size() == 40);
    for (std::size_t i = 0; i < used.size(); ++i) CHECK(used[i] == i);
}

TEST_CASE("past the items always allowed, what is in flight stays within the cost budget", "[ordered_parallel]") {
    // Costs from 1 to 9; at every start of a make, the items made and not yet used are at most
    // `items`, or at most `most_items`, those behind the oldest costing at most the budget.
    const notes::InFlight bound{.items = 3, .most_items = 10, .cost_budget = 20};
    auto cost = [](std::size_t i) { return std::uint64_t{1 + (i * 7) % 9}; };
    std::mutex m;
    std::set<std::size_t> in_flight;  // made or being made, not used up
    std::size_t most = 0;
    bool within = true;
    notes::for_each_in_order(
        300, 3, bound, cost,
        [&](std::size_t i) {
            std::lock_guard lock(m);
            in_flight.insert(i);
            std::uint64_t behind = 0;
            for (auto j : in_flight)
                if (j != *in_flight.begin()) behind += cost(j);
            most = std::max(most, in_flight.size());
            within = within && in_flight.size() <= bound.most_items &&
                     (in_flight.size() <= bound.items || behind <= bound.cost_budget);
            return i;
        },
        [&](std::size_t i, std::size_t) {
            std::this_thread::yield();  // let the helpers run ahead
            std::lock_guard lock(m);
            in_flight.erase(i);
        });
    CHECK(within);
    CHECK(most > 3);  // the budget was used, not only the count
    CHECK(in_flight.empty());
}

TEST_CASE("an item costing more than the budget is still made, within the count", "[ordered_parallel]") {
    std::vector<std::size_t> used;
    notes::for_each_in_order(
        20, 2, notes::InFlight{.items = 2, .most_items = 8, .cost_budget = 10},
        [](std::size_t i) { return std::uint64_t{i % 5 == 0 ? 1000u : 1u}; }, [](std::size_t i) { return i; },
        [&](std::size_t i, std::size_t) { used.push_back(i); });
    REQUIRE(used.size() == 20);
    for (std::size_t i = 0; i < used.size(); ++i) CHECK(used[i] == i);
}
