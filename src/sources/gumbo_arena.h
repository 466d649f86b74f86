// gumbo_arena.h — gumbo's memory for a page's pieces, taken from one region and dropped at once.
#pragma once

#include <gumbo.h>

#include <cstddef>
#include <memory>

namespace notes {

// Why: gumbo allocates every node, attribute, text and buffer of a parse with its own malloc,
// and gumbo_destroy_output frees them one at a time; in a 100K build's page reading, glibc's
// malloc and free (with the consolidation that many small frees bring) took a third of the
// samples. A GumboArena gives gumbo memory from one reserved region by moving a pointer,
// freeing is nothing, and release() takes everything back at once for the next piece, keeping
// the region's pages. Past its capacity it hands out malloc's memory, which it frees as gumbo
// says, so that a page read in one piece still parses whatever its size.
//
// One thread at a time; one parse at a time (release() the output before the next parse).
class GumboArena {
  public:
    static constexpr std::size_t kDefaultCapacity = std::size_t{256} << 20;

    // `capacity` bytes of address space, reserved, not committed: only the pages a parse
    // touches become memory. When the system gives no region, every allocation is malloc's.
    explicit GumboArena(std::size_t capacity = kDefaultCapacity);
    ~GumboArena();
    GumboArena(const GumboArena&) = delete;
    GumboArena& operator=(const GumboArena&) = delete;

    // A parse, released (below) when it goes.
    struct Releaser {
        GumboArena* arena;
        void operator()(GumboOutput* out) const { arena->release(out); }
    };
    using Parse = std::unique_ptr<GumboOutput, Releaser>;

    // Gumbo's parse with its default options, this arena as the allocator; null if gumbo fails.
    Parse parse(const char* html, std::size_t size) {
        return Parse(gumbo_parse_with_options(&options_, html, size), Releaser{this});
    }
    // Ends `out`'s parse (out may be null): what malloc gave is freed, the region is reused.
    void release(GumboOutput* out);

    // Bytes of the region given out since the last release(), and allocations past it.
    std::size_t used() const { return top_; }
    std::size_t overflowed() const { return overflowed_; }

  private:
    static void* allocate(void* arena, std::size_t size);
    static void deallocate(void* arena, void* p);
    bool owns(const void* p) const;

    GumboOptions options_;
    void* mapping_ = nullptr;  // the region, with up to a huge page before it
    std::size_t mapped_ = 0;
    char* region_ = nullptr;
    std::size_t capacity_ = 0;
    std::size_t top_ = 0;         // next free byte of the region
    std::size_t touched_ = 0;     // the most ever given out, unpoisoned before the unmapping
    std::size_t overflowed_ = 0;  // allocations from malloc since the last release()
};

}  // namespace notes
