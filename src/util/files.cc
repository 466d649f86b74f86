// files.cc — reading and writing whole files, safely.
#include "files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "hash.h"
#include "paths.h"

namespace notes {

namespace {
// What read_file asks for at a time past a regular file's size (a pipe, a file that grew), and
// file_fnv1a's buffer: a dictionary is hashed at every start, 16 KiB at a time.
constexpr std::size_t kReadChunk = std::size_t{64} << 10;
constexpr std::size_t kHashChunk = std::size_t{16} << 10;
}  // namespace

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open file");
    // Room for a regular file's size at once: a stream's buffer grows by doubling, and copying it
    // held a tag page of a million notes (hundreds of MB) two or three times over. A pipe, or a
    // file that grows meanwhile, is read all the same.
    // Read straight into the string, not through a buffer on the stack: a query reads a few
    // small files, and every page of memory it touches first costs (bench/startup).
    std::string out;
    std::error_code ec;
    std::size_t chunk = kReadChunk;
    if (std::filesystem::is_regular_file(path, ec)) {
        std::uintmax_t size = std::filesystem::file_size(path, ec);
        if (!ec) chunk = static_cast<std::size_t>(size) + 1;  // + 1: the end is seen in one read
    }
    for (;;) {
        std::size_t got = out.size();
        out.resize(got + chunk);
        in.read(out.data() + got, static_cast<std::streamsize>(chunk));
        out.resize(got + static_cast<std::size_t>(in.gcount()));
        if (!in) break;
        chunk = kReadChunk;
    }
    if (in.bad()) throw std::runtime_error("read error");
    return out;
}

std::optional<std::uint64_t> file_fnv1a(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    Fnv1a h;
    std::string buf(kHashChunk, '\0');
    while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0)
        h.add(std::string_view(buf.data(), static_cast<std::size_t>(in.gcount())));
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
    TempFile(TempFile&& other) noexcept
        : name_(std::move(other.name_)),
          fd_(std::exchange(other.fd_, -1)),
          committed_(std::exchange(other.committed_, true)) {}
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

void write_all(int fd, std::string_view content, const std::string& path) {
    const char* data = content.data();
    std::size_t left = content.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, data, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw_write_error(path, errno);
        }
        data += n;
        left -= static_cast<std::size_t>(n);
    }
}

// A device, a FIFO or a socket is a place to send bytes, not a file to replace (`-o /dev/null`
// as root replaced the device with a file): written in place, as a shell's `>` does.
void write_in_place(const std::string& path, std::string_view content) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) throw_write_error(path, errno);
    try {
        write_all(fd, content, path);
    } catch (...) {
        ::close(fd);
        throw;
    }
    if (::close(fd) != 0) throw_write_error(path, errno);
}

// Where `path` really is: a symbolic link is followed (to its target, which need not exist yet),
// so that the link stays a link and its target gets the new content.
std::string follow_links(const std::string& path) {
    std::error_code ec;
    std::filesystem::path p = path;
    for (int hops = 0; hops < 40 && std::filesystem::is_symlink(std::filesystem::symlink_status(p, ec)); ++hops) {
        std::filesystem::path target = std::filesystem::read_symlink(p, ec);
        if (ec) throw_write_error(path, ec.value());
        p = target.is_absolute() ? target : p.parent_path() / target;
    }
    if (std::filesystem::is_symlink(std::filesystem::symlink_status(p, ec))) throw_write_error(path, ELOOP);
    return p.string();
}

// A new hidden file beside `path` (so rename() stays on one file system, and Jekyll skips it),
// created exclusively so two writers never share one.
TempFile create_temp_beside(const std::string& path, const std::string& shown) {
    static std::atomic<unsigned> counter{0};
    const auto slash = path.rfind('/');
    const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    for (int attempt = 0; attempt < 16; ++attempt) {
        const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
        std::string name = (slash == std::string::npos ? std::string() : path.substr(0, slash + 1)) + "." + base +
                           ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
                           std::to_string(now);
        const int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) return TempFile(std::move(name), fd);
        if (errno != EEXIST) throw_write_error(shown, errno);
    }
    throw_write_error(shown, EEXIST);
}

void sync_folder_of(const std::string& path) {
    const auto slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
    const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd >= 0) {
        ::fsync(dir_fd);
        ::close(dir_fd);
    }
}

}  // namespace

void write_file_atomically(const std::string& shown, std::string_view content, bool durable) {
    const std::string path = follow_links(shown);
    if (path.empty() || path.back() == '/') throw_write_error(shown, EISDIR);
    struct stat st {};
    const bool exists = ::stat(path.c_str(), &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) throw_write_error(shown, EISDIR);
    if (exists && !S_ISREG(st.st_mode)) return write_in_place(path, content);

    TempFile temp = create_temp_beside(path, shown);
    // A file that was there keeps its permissions and, where we may, its owner.
    if (exists) {
        if (::fchmod(temp.fd(), st.st_mode & 07777) != 0) throw_write_error(shown, errno);
        if (::fchown(temp.fd(), st.st_uid, st.st_gid) != 0 && errno != EPERM) throw_write_error(shown, errno);
    }
    write_all(temp.fd(), content, shown);
    if (durable && ::fsync(temp.fd()) != 0) throw_write_error(shown, errno);
    if (const int err = temp.close(); err != 0) throw_write_error(shown, err);
    if (::rename(temp.name().c_str(), path.c_str()) != 0) throw_write_error(shown, errno);
    temp.commit();
    // Make the rename itself durable; the file is already in place, so a failure here is not one.
    if (durable) sync_folder_of(path);
}

std::optional<std::string> read_cache(const std::string& name) {
    std::string dir = cache_dir();
    if (dir.empty()) return std::nullopt;
    try {
        return read_file((std::filesystem::path(dir) / name).string());
    } catch (const std::runtime_error&) {  // none yet, or unreadable: the work is done again
        return std::nullopt;
    }
}

void write_cache(const std::string& name, std::string_view content) {
    std::string dir = cache_dir();
    if (dir.empty()) return;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    try {
        write_file_atomically((std::filesystem::path(dir) / name).string(), content, false);
    } catch (const std::runtime_error&) {  // a read-only home: the next run does the work again
    }
}

}  // namespace notes
