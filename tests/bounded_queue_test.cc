// bounded_queue_test.cc — BoundedQueue: order, the bound, close(), and two threads handing values over.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bounded_queue.h"

using namespace std::chrono_literals;
using notes::BoundedQueue;

namespace {

// Polls `done` until it holds or two seconds have passed; whether it held.
template <typename Condition>
bool eventually(Condition done) {
    auto deadline = std::chrono::steady_clock::now() + 2s;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(1ms);
    }
    return true;
}

}  // namespace

TEST_CASE("values come out in the order they went in", "[bounded_queue]") {
    BoundedQueue<std::string> q(4);
    for (const char* s : {"a", "b", "c"}) REQUIRE(q.push(s));
    CHECK(q.size() == 3);
    CHECK(q.pop() == "a");
    REQUIRE(q.push("d"));
    CHECK(q.pop() == "b");
    CHECK(q.pop() == "c");
    CHECK(q.pop() == "d");
    CHECK(q.size() == 0);
}

TEST_CASE("a push into a full queue waits until a value is taken", "[bounded_queue]") {
    auto q = std::make_shared<BoundedQueue<int>>(2);
    auto pushed = std::make_shared<std::atomic<int>>(0);
    std::thread producer([q, pushed] {
        for (int i = 0; i < 3; ++i) {
            q->push(int{i});
            ++*pushed;
        }
    });
    bool two = eventually([&] { return *pushed >= 2; });
    // Proving that the third push waits takes a while without news; a tenth of a second will do.
    std::this_thread::sleep_for(100ms);
    int pushed_while_full = *pushed;
    std::size_t held = q->size();
    std::optional<int> first = q->pop();
    bool third = eventually([&] { return *pushed == 3; });
    if (!third) q->close();  // lets a stuck producer go, so that the test fails rather than hangs
    producer.join();         // before any REQUIRE can leave this scope
    REQUIRE(two);
    CHECK(pushed_while_full == 2);
    CHECK(held == 2);
    CHECK(first == 0);
    CHECK(third);
    CHECK(q->pop() == 1);
    CHECK(q->pop() == 2);
}

TEST_CASE("close() wakes a consumer waiting on an empty queue", "[bounded_queue]") {
    auto q = std::make_shared<BoundedQueue<int>>(1);
    auto woke = std::make_shared<std::atomic<bool>>(false);
    auto got = std::make_shared<std::optional<int>>(42);
    std::thread consumer([q, woke, got] {
        *got = q->pop();
        *woke = true;
    });
    std::this_thread::sleep_for(20ms);  // most likely waiting by now; the test holds either way
    q->close();
    bool woken = eventually([&] { return woke->load(); });
    if (woken)
        consumer.join();
    else
        consumer.detach();  // still waiting: it owns what it uses, so it may outlive the test
    REQUIRE(woken);
    CHECK_FALSE(got->has_value());
}

TEST_CASE("after close(), push refuses and pop drains what is left", "[bounded_queue]") {
    BoundedQueue<int> q(3);
    REQUIRE(q.push(1));
    REQUIRE(q.push(2));
    q.close();
    int late = 3;
    CHECK_FALSE(q.push(std::move(late)));
    CHECK(q.pop() == 1);
    CHECK(q.pop() == 2);
    CHECK_FALSE(q.pop().has_value());
    q.close();  // twice is harmless
    CHECK_FALSE(q.pop().has_value());
}

TEST_CASE("close() wakes a producer waiting for room", "[bounded_queue]") {
    auto q = std::make_shared<BoundedQueue<int>>(1);
    REQUIRE(q->push(1));
    auto result = std::make_shared<std::atomic<int>>(-1);  // -1: push has not returned
    std::thread producer([q, result] { *result = q->push(2) ? 1 : 0; });
    q->close();
    bool returned = eventually([&] { return *result != -1; });
    if (returned)
        producer.join();
    else
        producer.detach();
    REQUIRE(returned);
    CHECK(*result == 0);
    CHECK(q->pop() == 1);
    CHECK_FALSE(q->pop().has_value());
}

TEST_CASE("wait_for_room says whether a push would go through at once", "[bounded_queue]") {
    BoundedQueue<int> q(1);
    CHECK(q.wait_for_room(0ms));
    REQUIRE(q.push(1));
    CHECK_FALSE(q.wait_for_room(1ms));  // full, and no one takes
    CHECK(q.pop() == 1);
    CHECK(q.wait_for_room(0ms));
    REQUIRE(q.push(2));
    q.close();
    CHECK(q.wait_for_room(0ms));  // closed: a push returns at once, refused
    CHECK_FALSE(q.push(3));
}

TEST_CASE("a producer and a consumer on two threads hand over every value, in order, within the bound",
          "[bounded_queue]") {
    constexpr int kCount = 20000;
    constexpr std::size_t kBound = 8;
    BoundedQueue<std::unique_ptr<int>> q(kBound);  // move-only values, as Xapian documents are moved
    std::thread producer([&] {
        for (int i = 0; i < kCount; ++i) q.push(std::make_unique<int>(i));
        q.close();
    });
    std::vector<int> seen;
    std::size_t largest = 0;
    while (auto v = q.pop()) {
        seen.push_back(**v);
        largest = std::max(largest, q.size());
    }
    producer.join();
    REQUIRE(seen.size() == static_cast<std::size_t>(kCount));
    for (std::size_t i = 0; i < seen.size(); ++i)
        if (seen[i] != static_cast<int>(i)) FAIL("value " << i << " came out as " << seen[i]);
    CHECK(largest <= kBound);
    CHECK(q.capacity() == kBound);
}
