// last_resort.cc — the terminate handler of last_resort.h.
#include "last_resort.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <exception>

namespace notes {

namespace {

std::function<std::string(const Xapian::Error&)> g_message;
int g_exit_code = 1;
std::terminate_handler g_runtime_handler = nullptr;
std::atomic_flag g_reporting = ATOMIC_FLAG_INIT;

[[noreturn]] void on_terminate() {
    if (std::exception_ptr current = std::current_exception()) {
        try {
            std::rethrow_exception(current);
        } catch (const Xapian::Error& e) {
            // Two writer threads may fail at once: one line, from the first.
            if (g_reporting.test_and_set()) {
                for (;;) ::pause();
            }
            const std::string line = g_message(e);
            [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
            // Not exit(): other threads are still writing, and destructors at exit would race them.
            std::_Exit(g_exit_code);
        } catch (...) {
        }
    }
    if (g_runtime_handler) g_runtime_handler();  // the runtime's own message, then abort
    std::abort();
}

}  // namespace

void exit_on_xapian_terminate(std::function<std::string(const Xapian::Error&)> message, int exit_code) {
    g_message = std::move(message);
    g_exit_code = exit_code;
    g_runtime_handler = std::set_terminate(on_terminate);
}

}  // namespace notes
