// progress.cc — formatting and drawing notes-index's progress line.
#include "progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace notes {

namespace {

std::string printf_string(const char* format, auto... args) {
    char buf[256];
    int n = std::snprintf(buf, sizeof buf, format, args...);
    return std::string(buf, static_cast<std::size_t>(std::clamp(n, 0, static_cast<int>(sizeof buf) - 1)));
}

// A failed or short write only loses a frame of the display.
void write_all(int fd, std::string_view text) {
    for (std::size_t written = 0; written < text.size();) {
        ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n <= 0) return;
        written += static_cast<std::size_t>(n);
    }
}

std::string fit(std::string line, std::size_t width) {
    std::size_t room = width > 1 ? width - 1 : 0;
    if (line.size() > room) line.resize(room);
    return line;
}

}  // namespace

std::string format_duration(double seconds) {
    long s = std::isfinite(seconds) && seconds > 0 ? std::lround(seconds) : 0;
    if (s < 60) return printf_string("%lds", s);
    if (s < 3600) return printf_string("%ldm%02lds", s / 60, s % 60);
    return printf_string("%ldh%02ldm", s / 3600, s % 3600 / 60);
}

std::string format_reading(const ReadProgress& p, double elapsed, std::size_t width) {
    const std::string head = "notes-index: reading ";
    std::string text = printf_string("%zu/%zu files, %zu notes", p.files_done, p.files_total, p.notes);
    if (elapsed > 0) text += printf_string(", %.0f files/s", static_cast<double>(p.files_done) / elapsed);
    double done = p.bytes_total > 0   ? static_cast<double>(p.bytes_done) / static_cast<double>(p.bytes_total)
                  : p.files_total > 0 ? static_cast<double>(p.files_done) / static_cast<double>(p.files_total)
                                      : 0.0;
    done = std::clamp(done, 0.0, 1.0);
    if (done > 0 && done < 1 && elapsed > 0) text += ", ETA " + format_duration(elapsed * (1 - done) / done);
    std::size_t room = width > 1 ? width - 1 : 0;
    std::size_t bar = 0;  // cells between the brackets: as many as fit, up to 30; none below 10
    if (room > head.size() + text.size() + 3) bar = std::min<std::size_t>(30, room - head.size() - text.size() - 3);
    if (bar < 10 || p.files_total == 0) return fit(head + text, width);
    auto filled = static_cast<std::size_t>(done * static_cast<double>(bar));
    return fit(head + "[" + std::string(filled, '#') + std::string(bar - filled, '.') + "] " + text, width);
}

std::string format_writing(double elapsed, std::size_t frame, std::size_t width, std::size_t notes_done,
                           std::size_t notes_total) {
    static constexpr char kSpinner[] = {'|', '/', '-', '\\'};
    if (notes_total == 0)
        return fit(printf_string("notes-index: writing the index %c %.1f s", kSpinner[frame % 4], elapsed), width);
    return fit(printf_string("notes-index: writing the index %c %zu/%zu notes, %.1f s", kSpinner[frame % 4], notes_done,
                             notes_total, elapsed),
               width);
}

bool progress_wanted(int fd, bool quiet) {
    if (quiet || !::isatty(fd)) return false;
    const char* term = std::getenv("TERM");
    return !(term && std::strcmp(term, "dumb") == 0);
}

ProgressTiming progress_timing_from_env() {
    ProgressTiming timing;
    if (const char* v = std::getenv("NOTES_PROGRESS_DELAY_MS")) {
        char* end = nullptr;
        errno = 0;
        long ms = std::strtol(v, &end, 10);
        if (end != v && *end == '\0' && errno == 0 && ms >= 0) timing.delay = std::chrono::milliseconds(ms);
    }
    return timing;
}

TerminalProgress::TerminalProgress(int fd, bool enabled, ProgressTiming timing)
    : fd_(fd), enabled_(enabled), timing_(timing), start_(Clock::now()) {}

TerminalProgress::~TerminalProgress() { finish(); }

double TerminalProgress::elapsed(Clock::time_point now) const {
    return std::chrono::duration<double>(now - start_).count();
}

std::size_t TerminalProgress::width() const {
    winsize ws{};
    if (::ioctl(fd_, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
    return 80;
}

bool TerminalProgress::due(Clock::time_point now) const {
    return now - start_ >= timing_.delay && (!drawn_ || now - last_draw_ >= timing_.interval);
}

void TerminalProgress::draw(std::string_view line, Clock::time_point now) {
    std::string out = "\r";
    out.append(line).append("\x1b[K");
    write_all(fd_, out);
    drawn_ = true;
    last_draw_ = now;
}

void TerminalProgress::files(const ReadProgress& p) {
    if (!enabled_ || spinner_.joinable()) return;  // the spinner thread alone draws now
    auto now = Clock::now();
    if (due(now) || (drawn_ && p.files_done == p.files_total)) draw(format_reading(p, elapsed(now), width()), now);
}

void TerminalProgress::written(std::size_t done, std::size_t total) {
    notes_done_ = done;
    notes_total_ = total;
}

void TerminalProgress::writing() {
    if (!enabled_ || spinner_.joinable()) return;
    auto writing_started = Clock::now();
    // The first frame is news (a new phase): drawn here and now, not whenever the thread runs.
    if (writing_started - start_ >= timing_.delay)
        draw(format_writing(0.0, 0, width(), notes_done_, notes_total_), writing_started);
    spinner_ = std::thread([this, writing_started] {
        std::unique_lock lock(mutex_);
        for (std::size_t frame = 1;; ++frame) {
            if (stop_signal_.wait_for(lock, timing_.interval, [this] { return stop_; })) return;
            auto now = Clock::now();
            double writing_for = std::chrono::duration<double>(now - writing_started).count();
            if (due(now)) draw(format_writing(writing_for, frame, width(), notes_done_, notes_total_), now);
        }
    });
}

void TerminalProgress::finish() {
    if (spinner_.joinable()) {
        {
            std::lock_guard lock(mutex_);
            stop_ = true;
        }
        stop_signal_.notify_all();
        spinner_.join();
    }
    if (enabled_ && drawn_) {
        write_all(fd_, "\r\x1b[K");
        drawn_ = false;
    }
}

}  // namespace notes
