// spill_store.cc — the text store of spill_store.h: a buffer, and behind it an unnamed file.
#include "spill_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace notes {

namespace {

// Appends gathered before one write: few system calls, little memory. In memory, the size of
// a chunk.
constexpr std::size_t kBuffer = std::size_t{1} << 20;

std::string error_text(int error) { return std::strerror(error); }

// An unnamed file in `folder`: the system removes it when it is closed, even after a crash.
int open_unnamed(const std::string& folder) {
    int fd = ::open(folder.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0) return fd;
    // A file system without O_TMPFILE: a named file, its name removed at once.
    std::string name = folder + "/.notes-index-spill-XXXXXX";
    std::vector<char> path(name.begin(), name.end());
    path.push_back('\0');
    fd = ::mkostemp(path.data(), O_CLOEXEC);
    if (fd < 0) throw SpillError("cannot make a temporary file in " + folder + ": " + error_text(errno));
    ::unlink(path.data());
    return fd;
}

}  // namespace

std::shared_ptr<TextStore> TextStore::temporary_file(const std::string& folder, WriteFn write) {
    auto store = std::make_shared<TextStore>();
    store->fd_ = open_unnamed(folder.empty() ? "." : folder);
    store->folder_ = folder.empty() ? "." : folder;
    store->write_ = write ? std::move(write) : WriteFn(::pwrite);
    store->buffer_.reserve(kBuffer);
    return store;
}

TextStore::~TextStore() {
    if (fd_ >= 0) ::close(fd_);
}

void TextStore::write_locked(const char* data, std::size_t size) {
    std::size_t done = 0;
    while (done < size) {
        ssize_t n = write_(fd_, data + done, size - done, static_cast<off_t>(written_ + done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            int error = n < 0 ? errno : ENOSPC;  // nothing written and no reason: the disk is full
            throw SpillError("cannot write the temporary file of the notes read in " + folder_ + ": " +
                             error_text(error) + " (" + std::to_string(written_ + done) +
                             " bytes written); make room on that disk and run notes-index again");
        }
        done += static_cast<std::size_t>(n);
    }
    written_ += size;
}

void TextStore::flush_locked() {
    if (fd_ < 0 || buffer_.empty()) return;
    write_locked(buffer_.data(), buffer_.size());
    buffer_.clear();
}

TextRef TextStore::append(std::string_view text) {
    if (text.size() > std::numeric_limits<std::uint32_t>::max())
        throw SpillError("cannot keep a text of " + std::to_string(text.size()) + " bytes: 4 GiB at most");
    std::lock_guard lock(mutex_);
    if (fd_ < 0) {
        TextRef ref{held_, static_cast<std::uint32_t>(text.size())};
        while (!text.empty()) {
            if (chunks_.empty() || chunks_.back().size() == kBuffer) chunks_.emplace_back().reserve(kBuffer);
            std::size_t take = std::min(text.size(), kBuffer - chunks_.back().size());
            chunks_.back().append(text.substr(0, take));
            text.remove_prefix(take);
            held_ += take;
        }
        return ref;
    }
    if (buffer_.size() + text.size() > kBuffer) flush_locked();
    TextRef ref{written_ + buffer_.size(), static_cast<std::uint32_t>(text.size())};
    if (text.size() >= kBuffer)
        write_locked(text.data(), text.size());  // a text too big to gather: straight to the file
    else
        buffer_.append(text);
    return ref;
}

void TextStore::read_span(std::uint64_t offset, std::size_t size, std::string& out) const {
    std::lock_guard lock(mutex_);
    out.resize(size);
    std::size_t got = 0;
    while (got < size && offset + got < written_) {  // the part in the file
        std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(size - got, written_ - offset - got));
        ssize_t n = ::pread(fd_, out.data() + got, want, static_cast<off_t>(offset + got));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0)
            throw SpillError("cannot read back the temporary file of the notes read in " + folder_ + ": " +
                             (n < 0 ? error_text(errno) : std::string("it is shorter than written")));
        got += static_cast<std::size_t>(n);
    }
    if (fd_ < 0) {
        if (offset + size > held_) throw std::out_of_range("TextStore::read_span: beyond what was appended");
        for (std::uint64_t at = offset; got < size;) {
            const std::string& chunk = chunks_[static_cast<std::size_t>(at / kBuffer)];
            std::size_t n = chunk.copy(out.data() + got, size - got, static_cast<std::size_t>(at % kBuffer));
            got += n;
            at += n;
        }
        return;
    }
    if (got == size) return;
    const std::uint64_t in_buffer = offset + got - written_;  // the rest is still in the buffer
    if (in_buffer + (size - got) > buffer_.size())
        throw std::out_of_range("TextStore::read_span: beyond what was appended");
    buffer_.copy(out.data() + got, size - got, static_cast<std::size_t>(in_buffer));
}

void TextStore::read(TextRef ref, std::string& out) const { read_span(ref.offset, ref.size, out); }

std::string TextStore::read(TextRef ref) const {
    std::string out;
    read(ref, out);
    return out;
}

std::uint64_t TextStore::bytes() const {
    std::lock_guard lock(mutex_);
    return fd_ < 0 ? held_ : written_ + buffer_.size();
}

}  // namespace notes
