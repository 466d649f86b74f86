// files.cc — reading and writing whole files, safely.
#include "files.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "hash.h"

namespace notes {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open file");
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw std::runtime_error("read error");
    return std::move(ss).str();
}

std::optional<std::uint64_t> file_fnv1a(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    Fnv1a h;
    char buf[65536];
    while (in.read(buf, sizeof buf) || in.gcount() > 0)
        h.add(std::string_view(buf, static_cast<std::size_t>(in.gcount())));
    if (in.bad()) return std::nullopt;
    return h.value();
}

std::string file_hash(const std::string& path) {
    std::optional<std::uint64_t> h = file_fnv1a(path);
    if (!h) return "";
    std::ostringstream s;
    s << std::hex << *h;
    return s.str();
}

namespace {

[[noreturn]] void throw_write_error(const std::string& path, int err) {
    throw std::runtime_error("cannot write " + path + ": " + std::strerror(err));
}

// The temporary file until it is renamed: closed and removed when something goes wrong.
class TempFile {
  public:
    TempFile(std::string name, int fd) : name_(std::move(name)), fd_(fd) {}
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    ~TempFile() {
        if (fd_ >= 0) ::close(fd_);
        if (!committed_) ::unlink(name_.c_str());
    }
    int fd() const { return fd_; }
    const std::string& name() const { return name_; }
    int close() {  // 0 or errno
        const int rc = ::close(fd_);
        fd_ = -1;
        return rc == 0 ? 0 : errno;
    }
    void commit() { committed_ = true; }

  private:
    std::string name_;
    int fd_;
    bool committed_ = false;
};

}  // namespace

void write_file_atomically(const std::string& path, std::string_view content) {
    const auto slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
    const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    if (base.empty()) throw_write_error(path, EISDIR);

    // A hidden name in the same directory (so rename() stays on one file system, and Jekyll
    // skips it), created exclusively so two writers never share one.
    static std::atomic<unsigned> counter{0};
    int fd = -1;
    std::string temp_name;
    for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
        const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
        temp_name = (slash == std::string::npos ? std::string() : path.substr(0, slash + 1)) + "." + base + ".tmp-" +
                    std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" + std::to_string(now);
        fd = ::open(temp_name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST) throw_write_error(path, errno);
    }
    if (fd < 0) throw_write_error(path, EEXIST);
    TempFile temp(temp_name, fd);

    const char* data = content.data();
    std::size_t left = content.size();
    while (left > 0) {
        const ssize_t n = ::write(temp.fd(), data, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw_write_error(path, errno);
        }
        data += n;
        left -= static_cast<std::size_t>(n);
    }
    if (::fsync(temp.fd()) != 0) throw_write_error(path, errno);
    if (const int err = temp.close(); err != 0) throw_write_error(path, err);
    if (::rename(temp.name().c_str(), path.c_str()) != 0) throw_write_error(path, errno);
    temp.commit();

    // Make the rename itself durable; the file is already in place, so a failure here is not one.
    const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd >= 0) {
        ::fsync(dir_fd);
        ::close(dir_fd);
    }
}

}  // namespace notes
