// progress_test.cc — notes-index's progress line: its text, its width, and when it is drawn.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <thread>

#include "progress.h"

using namespace std::chrono_literals;

namespace {

// A pipe standing in for the terminal: what was written to it.
struct Pipe {
    int fds[2] = {-1, -1};
    Pipe() {
        REQUIRE(::pipe(fds) == 0);
        ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
    }
    ~Pipe() {
        ::close(fds[0]);
        ::close(fds[1]);
    }
    std::string read() const {
        std::string out;
        char buf[4096];
        for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
        return out;
    }
};

}  // namespace

TEST_CASE("durations", "[progress]") {
    CHECK(notes::format_duration(0) == "0s");
    CHECK(notes::format_duration(4.4) == "4s");
    CHECK(notes::format_duration(59.4) == "59s");
    CHECK(notes::format_duration(65) == "1m05s");
    CHECK(notes::format_duration(3599) == "59m59s");
    CHECK(notes::format_duration(7380) == "2h03m");
    CHECK(notes::format_duration(-3) == "0s");
}

TEST_CASE("the reading line: bar, files, notes, rate, ETA", "[progress]") {
    const std::string line = "36/144 files, 3120 notes, 18 files/s, ETA 6s";  // a quarter done in 2 s
    CHECK(notes::format_reading({36, 144, 3120, 250, 1000}, 2.0, 100) ==
          "notes-index: reading [#######.......................] " + line);
    // without sizes the ETA counts files
    CHECK(notes::format_reading({36, 144, 3120, 0, 0}, 2.0, 100) ==
          "notes-index: reading [#######.......................] " + line);
    // the ETA follows bytes rather than files when it has them: a quarter of the files, half the bytes
    CHECK_THAT(notes::format_reading({36, 144, 3120, 500, 1000}, 2.0, 100), Catch::EndsWith("ETA 2s"));
    // done: no ETA; nothing yet: no rate either
    CHECK(notes::format_reading({147, 147, 9000, 1000, 1000}, 10.0, 120) ==
          "notes-index: reading [##############################] 147/147 files, 9000 notes, 15 files/s");
    CHECK(notes::format_reading({0, 147, 0, 0, 1000}, 0.0, 120) ==
          "notes-index: reading [..............................] 0/147 files, 0 notes");
}

TEST_CASE("the line fits the terminal: a shorter bar, then no bar, then cut", "[progress]") {
    const std::string line = "36/144 files, 3120 notes, 18 files/s, ETA 6s";
    notes::ReadProgress p{36, 144, 3120, 250, 1000};
    CHECK(notes::format_reading(p, 2.0, 80) == "notes-index: reading [##.........] " + line);  // 79 columns
    CHECK(notes::format_reading(p, 2.0, 78) == "notes-index: reading " + line);                // a bar of 9 is no bar
    CHECK(notes::format_reading(p, 2.0, 40) == "notes-index: reading 36/144 files, 3120");
    CHECK(notes::format_reading(p, 2.0, 1).empty());
    CHECK(notes::format_reading(p, 2.0, 0).empty());
    for (std::size_t width = 0; width < 130; ++width) {
        INFO(width);
        CHECK(notes::format_reading(p, 2.0, width).size() < std::max<std::size_t>(width, 1));
    }
}

TEST_CASE("the writing line turns a spinner", "[progress]") {
    CHECK(notes::format_writing(0.0, 0, 80) == "notes-index: writing the index | 0.0 s");
    CHECK(notes::format_writing(4.25, 1, 80) == "notes-index: writing the index / 4.2 s");
    CHECK(notes::format_writing(12.0, 2, 80) == "notes-index: writing the index - 12.0 s");
    CHECK(notes::format_writing(12.0, 7, 80) == "notes-index: writing the index \\ 12.0 s");
    CHECK(notes::format_writing(12.0, 7, 20) == "notes-index: writin");
}

TEST_CASE("drawn only once the delay has passed, each line over the last, erased at the end", "[progress]") {
    SECTION("a short run draws nothing") {
        Pipe tty;
        notes::TerminalProgress progress(tty.fds[1], true, {1h, 0ms});
        progress.files({1, 2, 10, 0, 0});
        progress.files({2, 2, 20, 0, 0});
        progress.writing();
        std::this_thread::sleep_for(30ms);
        progress.finish();
        CHECK(tty.read().empty());
    }
    SECTION("a long one draws, then erases") {
        Pipe tty;
        notes::TerminalProgress progress(tty.fds[1], true, {0ms, 0ms});
        progress.files({1, 2, 10, 0, 0});
        progress.files({2, 2, 20, 0, 0});
        std::string reading = tty.read();
        CHECK_THAT(reading, Catch::StartsWith("\rnotes-index: reading ["));
        CHECK_THAT(reading, Catch::Contains("] 1/2 files, 10 notes"));
        CHECK_THAT(reading, Catch::Contains("\x1b[K\rnotes-index: reading [#"));  // the next line over the first
        CHECK_THAT(reading, Catch::Contains("#] 2/2 files, 20 notes"));           // a full bar
        progress.writing();
        std::this_thread::sleep_for(50ms);
        progress.finish();
        std::string writing = tty.read();
        CHECK_THAT(writing, Catch::StartsWith("\rnotes-index: writing the index | "));
        CHECK_THAT(writing, Catch::EndsWith("\x1b[K\r\x1b[K"));  // the last line, then erased
        progress.finish();                                       // once is enough
        CHECK(tty.read().empty());
    }
    SECTION("updates come no closer than the interval") {
        Pipe tty;
        notes::TerminalProgress progress(tty.fds[1], true, {0ms, 1h});
        for (std::size_t i = 1; i < 100; ++i) progress.files({i, 100, i, 0, 0});
        std::string drawn = tty.read();
        CHECK(std::count(drawn.begin(), drawn.end(), '\r') == 1);
        progress.files({100, 100, 100, 0, 0});  // but the last state is always shown
        CHECK_THAT(tty.read(), Catch::Contains("100/100 files"));
    }
    SECTION("disabled, nothing at all") {
        Pipe tty;
        notes::TerminalProgress progress(tty.fds[1], false, {0ms, 0ms});
        progress.files({1, 1, 1, 0, 0});
        progress.writing();
        std::this_thread::sleep_for(20ms);
        progress.finish();
        CHECK(tty.read().empty());
    }
}

TEST_CASE("progress only on a terminal (not TERM=dumb), and not with --quiet", "[progress]") {
    Pipe pipe;
    CHECK_FALSE(notes::progress_wanted(pipe.fds[1], false));
    int master = ::posix_openpt(O_RDWR | O_NOCTTY);
    REQUIRE(master >= 0);
    REQUIRE(::grantpt(master) == 0);
    REQUIRE(::unlockpt(master) == 0);
    int terminal = ::open(::ptsname(master), O_RDWR | O_NOCTTY);
    REQUIRE(terminal >= 0);
    const char* term = std::getenv("TERM");
    std::string saved = term ? term : "";
    ::setenv("TERM", "xterm", 1);
    CHECK(notes::progress_wanted(terminal, false));
    CHECK_FALSE(notes::progress_wanted(terminal, true));
    ::setenv("TERM", "dumb", 1);
    CHECK_FALSE(notes::progress_wanted(terminal, false));
    ::unsetenv("TERM");
    CHECK(notes::progress_wanted(terminal, false));
    if (term) ::setenv("TERM", saved.c_str(), 1);
    ::close(terminal);
    ::close(master);
}

TEST_CASE("the writing line counts the notes written once their number is known", "[progress]") {
    CHECK(notes::format_writing(4.25, 1, 200, 1200, 10000) ==
          "notes-index: writing the index / 1200/10000 notes, 4.2 s");
    CHECK(notes::format_writing(4.25, 1, 200) == "notes-index: writing the index / 4.2 s");
}
