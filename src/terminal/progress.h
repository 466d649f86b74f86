// progress.h — the progress line notes-index draws on a terminal during longer runs.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace notes {

// How far the reading of the sources has come.
struct ReadProgress {
    std::size_t files_done = 0, files_total = 0;
    std::size_t notes = 0;                          // notes read so far
    std::uint64_t bytes_done = 0, bytes_total = 0;  // bytes_total 0: the ETA counts files instead
};

// "4s", "1m05s", "2h03m".
std::string format_duration(double seconds);

// The reading line, at most width - 1 columns (the last column is left alone so that the
// terminal never wraps), e.g.
//   notes-index: reading [#########...........]  37/147 files, 3120 notes, 85 files/s, ETA 2s
// The bar goes first when the terminal is narrow, then the end of the text.
std::string format_reading(const ReadProgress& p, double elapsed_seconds, std::size_t width);

// The writing line: "notes-index: writing the index / 4.2 s", `frame` turning the spinner and the
// time counting from the start of writing, with "1200/10000 notes" once notes_total is known; at
// most width - 1 columns.
std::string format_writing(double elapsed_seconds, std::size_t frame, std::size_t width, std::size_t notes_done = 0,
                           std::size_t notes_total = 0);

// When to draw: nothing until `delay` has passed since the start (a short run shows nothing at
// all), then at most one line per `interval`.
struct ProgressTiming {
    std::chrono::milliseconds delay{1000};
    std::chrono::milliseconds interval{100};
};

// The default timing, with the delay taken from NOTES_PROGRESS_DELAY_MS when that is a number of
// milliseconds (0 draws from the start: the end-to-end tests use it rather than a run long enough).
ProgressTiming progress_timing_from_env();

// Whether to draw progress on `fd`: a terminal (not TERM=dumb), and not --quiet.
bool progress_wanted(int fd, bool quiet);

// The progress of one notes-index run, drawn on `fd` (stderr) as one line that each update
// overwrites ("\r" ... "\x1b[K") and finish() erases. First the reading bar (files(), after each
// file), then, while the index is written (writing() until finish()), a spinner drawn by a thread
// of its own, since writing gives no news until it is done. Disabled, it writes nothing at all.
//
// Thread rules: one thread, the one running the work, calls files(), writing() and finish(), and
// draws the reading bar and the writing line's first frame itself. From writing() until finish()
// only the spinner thread draws, holding mutex_ (the line, drawn_ and last_draw_ are then its
// own), and files() draws nothing. written() may be called from any thread: it only stores two
// atomics that the spinner reads. finish() joins the spinner, so that nothing draws afterwards,
// and erases the line: call it before printing anything else, or the spinner's "\r" and erase
// would overwrite the printed text or draw into the middle of it.
class TerminalProgress {
  public:
    using Clock = std::chrono::steady_clock;
    TerminalProgress(int fd, bool enabled, ProgressTiming timing = {});
    ~TerminalProgress();  // finish()
    TerminalProgress(const TerminalProgress&) = delete;
    TerminalProgress& operator=(const TerminalProgress&) = delete;

    void files(const ReadProgress& p);
    void writing();
    // Notes written so far of those to write; the spinner shows them (any thread may call it).
    void written(std::size_t done, std::size_t total);
    // Stops the spinner and erases the line, if one was drawn. Call before printing anything else.
    void finish();

  private:
    std::atomic<std::size_t> notes_done_{0}, notes_total_{0};
    bool due(Clock::time_point now) const;
    void draw(std::string_view line, Clock::time_point now);
    double elapsed(Clock::time_point now) const;
    std::size_t width() const;

    int fd_;
    bool enabled_;
    ProgressTiming timing_;
    Clock::time_point start_, last_draw_{};
    bool drawn_ = false;
    std::thread spinner_;
    std::mutex mutex_;
    std::condition_variable stop_signal_;
    bool stop_ = false;
};

}  // namespace notes
