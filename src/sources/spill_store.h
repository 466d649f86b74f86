// spill_store.h — where the text of merged notes waits, on disk, between reading and writing, so
// that a run over a million notes does not hold them all in memory.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace notes {

// Where a text was appended: read it back with TextStore::read.
struct TextRef {
    std::uint64_t offset = 0;
    std::uint32_t size = 0;  // bytes
};

// The temporary file could not be made, written or read back: the run cannot go on without
// losing notes, so it stops.
struct SpillError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Append-only text: in memory (the default: a few notes, one file's read), or in an unnamed
// temporary file (temporary_file) that the system removes when the store is closed or the
// process ends, however it ends. Appends are gathered in a buffer and written a buffer at a time;
// read() finds a text wherever it is. Every member may be called from any thread (one mutex).
class TextStore {
  public:
    // pwrite(2)'s shape: what the file store writes with (tests inject failures).
    using WriteFn = std::function<ssize_t(int fd, const void* data, std::size_t size, off_t offset)>;

    TextStore() = default;  // in memory
    // An unnamed file in `folder` (O_TMPFILE, else a name removed at once). Throws SpillError
    // naming the folder when none can be made.
    static std::shared_ptr<TextStore> temporary_file(const std::string& folder, WriteFn write = {});
    ~TextStore();
    TextStore(const TextStore&) = delete;
    TextStore& operator=(const TextStore&) = delete;

    // Throws SpillError when the file cannot be written (a full disk): never a text half kept.
    TextRef append(std::string_view text);
    // The text at `ref`, into `out` (replaced). Throws SpillError when it cannot be read back whole.
    void read(TextRef ref, std::string& out) const;
    std::string read(TextRef ref) const;
    // `size` bytes from `offset` on, which may span several appended texts.
    void read_span(std::uint64_t offset, std::size_t size, std::string& out) const;

    bool on_disk() const { return fd_ >= 0; }
    std::uint64_t bytes() const;  // appended so far
    const std::string& folder() const { return folder_; }

  private:
    void flush_locked();
    void write_locked(const char* data, std::size_t size);

    mutable std::mutex mutex_;
    int fd_ = -1;
    WriteFn write_;
    std::string folder_;
    std::uint64_t written_ = 0;  // bytes in the file; the buffer's text comes after them
    std::string buffer_;         // on disk: what is not written yet
    // In memory: everything, in chunks of kChunk bytes, so that growing never copies it all.
    std::vector<std::string> chunks_;
    std::uint64_t held_ = 0;
};

}  // namespace notes
