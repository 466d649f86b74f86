// files_test.cc — util/files: what -o and --dump may and may not replace, file hashes, paths.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "files.h"
#include "hash.h"
#include "paths.h"
#include "support.h"

using namespace notes::test;
namespace fs = std::filesystem;

namespace {

struct stat stat_of(const fs::path& p) {
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st;
}

// Sets an environment variable for one scope, as it was afterwards.
class EnvVar {
  public:
    EnvVar(const char* name, const char* value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        value ? ::setenv(name, value, 1) : ::unsetenv(name);
    }
    ~EnvVar() { old_ ? ::setenv(name_, old_->c_str(), 1) : ::unsetenv(name_); }

  private:
    const char* name_;
    std::optional<std::string> old_;
};

}  // namespace

TEST_CASE("a symbolic link is written through to its target, and stays a link", "[files][faults]") {
    TempDir dir;
    const fs::path target = dir.write("real.markdown", "old\n");
    fs::create_symlink("real.markdown", dir.path / "link.markdown");
    notes::write_file_atomically(dir.str("link.markdown"), "new\n");
    CHECK(fs::is_symlink(fs::symlink_status(dir.path / "link.markdown")));
    CHECK(read_file(target) == "new\n");
    CHECK(dir.names() == std::vector<std::string>{"link.markdown", "real.markdown"});

    SECTION("a dangling link makes its target") {
        fs::create_symlink("made.markdown", dir.path / "dangling");
        notes::write_file_atomically(dir.str("dangling"), "made\n");
        CHECK(fs::is_symlink(fs::symlink_status(dir.path / "dangling")));
        CHECK(read_file(dir.path / "made.markdown") == "made\n");
    }
}

TEST_CASE("an existing file keeps its permissions", "[files][faults]") {
    TempDir dir;
    const fs::path p = dir.write("notes.jsonl", "old\n");
    REQUIRE(::chmod(p.c_str(), 0600) == 0);
    notes::write_file_atomically(p.string(), "new\n");
    CHECK((stat_of(p).st_mode & 07777) == 0600);
    CHECK(read_file(p) == "new\n");
}

TEST_CASE("a FIFO is written in place, never replaced by a file", "[files][faults]") {
    TempDir dir;
    const fs::path fifo = dir.path / "pipe";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    // A reader that is already there (opened without waiting for a writer), so that nothing
    // blocks whichever way the write goes.
    const int in = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
    REQUIRE(in >= 0);
    notes::write_file_atomically(fifo.string(), "through the pipe\n");
    char buf[64] = {};
    const ssize_t n = ::read(in, buf, sizeof buf);
    ::close(in);
    const std::string got(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
    CHECK(got == "through the pipe\n");
    CHECK(S_ISFIFO(stat_of(fifo).st_mode));
    CHECK(dir.names() == std::vector<std::string>{"pipe"});
}

TEST_CASE("a character device is written in place", "[files][faults]") {
    // A null device of the test's own (root only), so that a regression replaces that node and not
    // the machine's /dev/null, as `--dump /dev/null` once did.
    TempDir dir;
    const fs::path dev = dir.path / "null";
    if (::mknod(dev.c_str(), S_IFCHR | 0666, ::makedev(1, 3)) != 0) {
        WARN("skipped: cannot make a device node here (not root)");
        return;
    }
    if (const int fd = ::open(dev.c_str(), O_WRONLY); fd < 0) {
        WARN("skipped: the temporary folder does not allow devices (nodev)");
        return;
    } else {
        ::close(fd);
    }
    notes::write_file_atomically(dev.string(), "nothing\n");
    CHECK(S_ISCHR(stat_of(dev).st_mode));
    CHECK(dir.names() == std::vector<std::string>{"null"});
}

TEST_CASE("a folder is refused, naming it", "[files][faults]") {
    TempDir dir;
    fs::create_directory(dir.path / "out");
    CHECK_THROWS_WITH(notes::write_file_atomically(dir.str("out"), "x"),
                      "cannot write " + dir.str("out") + ": Is a directory");
    CHECK_THROWS_WITH(notes::write_file_atomically(dir.str("out") + "/", "x"),
                      "cannot write " + dir.str("out") + "/: Is a directory");
    CHECK(fs::is_directory(dir.path / "out"));
}

TEST_CASE("file hashes: the same bytes, the same hash; an unreadable file, none", "[files]") {
    TempDir dir;
    const fs::path a = dir.write("a", "量子化\n"), b = dir.write("b", "量子化\n"), c = dir.write("c", "LoRA\n");
    CHECK(notes::file_hash(a.string()) == notes::file_hash(b.string()));
    CHECK(notes::file_hash(a.string()) != notes::file_hash(c.string()));
    CHECK(notes::file_hash(dir.str("missing")).empty());
    CHECK(notes::file_hash(dir.str("missing")) != notes::file_hash(dir.write("empty", "").string()));
}

TEST_CASE("read_file reads a file whole at its size, a pipe and a growing file past it", "[files]") {
    TempDir dir;
    std::string big;
    for (int i = 0; big.size() < 200'000; ++i) big += "line " + std::to_string(i) + " 量子化\n";
    CHECK(notes::read_file(dir.write("big", big).string()) == big);
    CHECK(notes::read_file(dir.write("empty", "").string()).empty());
    CHECK(notes::read_file(dir.write("one", "x").string()) == "x");
    // A pipe has no size: read in pieces until its writer closes it.
    const fs::path fifo = dir.path / "pipe";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    std::thread writer([&] {
        std::ofstream out(fifo, std::ios::binary);
        out << big;
    });
    std::string through = notes::read_file(fifo.string());
    writer.join();
    CHECK(through == big);
    // The hash goes through the file in pieces: the same as the bytes' own, past a piece's size.
    notes::Fnv1a h;
    h.add(big);
    CHECK(notes::file_fnv1a(dir.str("big")) == h.value());
}

TEST_CASE("with no HOME the default index is an error that says what to set", "[files][paths][faults]") {
    EnvVar db("NOTES_SEARCH_DB", nullptr), xdg("XDG_DATA_HOME", nullptr), home("HOME", nullptr);
    CHECK_THROWS_WITH(notes::resolve_db_path(""), Catch::Contains("set NOTES_SEARCH_DB") && Catch::Contains("--db"));
    CHECK(notes::resolve_db_path("/x/db") == "/x/db");
}
