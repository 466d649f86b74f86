// bounded_queue.h — a first-in, first-out queue of bounded size, handing values between threads.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <utility>

namespace notes {

// Values from a producing thread to a consuming one, in order, with at most `capacity` waiting so
// that a fast producer cannot fill memory ahead of a slow consumer.
//
// Thread rules: every member may be called from any thread at any time (one mutex guards the
// queue). push() waits while the queue is full and pop() while it is empty; close() wakes both.
// After close(), push() drops its value and returns false, and pop() hands out what is left, then
// std::nullopt. Values are moved in and out while the mutex is held, so a value's moved-from
// husk must share nothing with it: true of ordinary values and of handles with real move
// semantics (Xapian's, whose reference counts are not atomic), not of a handle whose "move" is a
// copy. Whatever the producer wrote before push(), or before close(), is visible to the consumer
// that pops the value, or that sees the end.
template <typename T>
class BoundedQueue {
  public:
    explicit BoundedQueue(std::size_t capacity) : capacity_(capacity > 0 ? capacity : 1) {}
    BoundedQueue(const BoundedQueue&) = delete;
    BoundedQueue& operator=(const BoundedQueue&) = delete;

    // Waits for room, then appends `value`; false when the queue is closed (`value` is then untouched).
    bool push(T&& value) {
        std::unique_lock lock(mutex_);
        room_.wait(lock, [&] { return values_.size() < capacity_ || closed_; });
        if (closed_) return false;
        values_.push_back(std::move(value));
        ready_.notify_one();
        return true;
    }

    // Waits at most `timeout` for room: true when there is some, or the queue is closed, so that
    // the one thread that pushes can do something else (report progress) while it waits.
    template <typename Rep, typename Period>
    bool wait_for_room(const std::chrono::duration<Rep, Period>& timeout) {
        std::unique_lock lock(mutex_);
        return room_.wait_for(lock, timeout, [&] { return values_.size() < capacity_ || closed_; });
    }

    // Waits for a value and takes the oldest; std::nullopt once the queue is closed and empty.
    std::optional<T> pop() {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return !values_.empty() || closed_; });
        if (values_.empty()) return std::nullopt;
        std::optional<T> value(std::move(values_.front()));
        values_.pop_front();
        room_.notify_one();
        return value;
    }

    // Ends the queue, waking every thread waiting in push() or pop(); calling it again does nothing.
    void close() {
        {
            std::lock_guard lock(mutex_);
            closed_ = true;
        }
        room_.notify_all();
        ready_.notify_all();
    }

    // Values waiting now: a snapshot, stale as soon as it is returned.
    std::size_t size() const {
        std::lock_guard lock(mutex_);
        return values_.size();
    }

    std::size_t capacity() const { return capacity_; }

  private:
    const std::size_t capacity_;
    mutable std::mutex mutex_;
    std::condition_variable room_, ready_;
    std::deque<T> values_;
    bool closed_ = false;
};

}  // namespace notes
