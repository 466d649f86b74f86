// gumbo_arena.cc — a bump allocator for gumbo on one reserved region; poisoned under ASan so
// that a read of a released parse, or past an allocation's end, is still reported.
#include "gumbo_arena.h"

#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>

#if defined(__SANITIZE_ADDRESS__)
#define NOTES_ARENA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NOTES_ARENA_ASAN 1
#endif
#endif

#if defined(NOTES_ARENA_ASAN)
#include <sanitizer/asan_interface.h>
#define NOTES_POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define NOTES_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define NOTES_POISON(p, n) ((void)(p), (void)(n))
#define NOTES_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

namespace notes {

namespace {
constexpr std::size_t kAlign = alignof(std::max_align_t);
// Under ASan each allocation is followed by a poisoned gap, so that an overrun is caught as
// malloc's redzones would catch it.
#if defined(NOTES_ARENA_ASAN)
constexpr std::size_t kRedzone = kAlign;
#else
constexpr std::size_t kRedzone = 0;
#endif
// A parse of a 1 MiB piece touches some tens of MiB: on huge pages that is a few dozen page
// faults, not thousands (a first touch of a 4 KiB page costs ~13 µs on a virtual machine).
constexpr std::size_t kHugePage = std::size_t{2} << 20;
}  // namespace

GumboArena::GumboArena(std::size_t capacity) : options_(kGumboDefaultOptions) {
    options_.allocator = &GumboArena::allocate;
    options_.deallocator = &GumboArena::deallocate;
    options_.userdata = this;
    if (capacity == 0) return;
    // One huge page more than asked, so that the region can start on a huge page's boundary.
    const std::size_t mapped = capacity + kHugePage;
    void* p = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return;
    mapping_ = p;
    mapped_ = mapped;
    const auto at = reinterpret_cast<std::uintptr_t>(p);
    region_ = static_cast<char*>(p) + ((kHugePage - at % kHugePage) % kHugePage);
    capacity_ = capacity;
#if defined(MADV_HUGEPAGE)
    madvise(region_, capacity_, MADV_HUGEPAGE);  // advice only: without it, 4 KiB pages
#endif
}

GumboArena::~GumboArena() {
    if (!mapping_) return;
    // ASan keeps a region's poison past munmap: a later mapping at the same address would
    // inherit it.
    NOTES_UNPOISON(region_, touched_);
    munmap(mapping_, mapped_);
}

bool GumboArena::owns(const void* p) const {
    const auto at = reinterpret_cast<std::uintptr_t>(p);
    const auto begin = reinterpret_cast<std::uintptr_t>(region_);
    return region_ && at >= begin && at - begin < capacity_;
}

void* GumboArena::allocate(void* arena, std::size_t size) {
    auto& self = *static_cast<GumboArena*>(arena);
    const std::size_t room = self.capacity_ - self.top_;
    if (size < room) {
        const std::size_t need = (size + kAlign - 1) / kAlign * kAlign + kRedzone;
        if (need <= room) {
            char* p = self.region_ + self.top_;
            self.top_ += need;
            if (self.top_ > self.touched_) self.touched_ = self.top_;
            NOTES_UNPOISON(p, size);
            NOTES_POISON(p + size, need - size);
            return p;
        }
    }
    // As gumbo's own allocator would: malloc, and gumbo's to cope with a null.
    ++self.overflowed_;
    return std::malloc(size);
}

void GumboArena::deallocate(void* arena, void* p) {
    auto& self = *static_cast<GumboArena*>(arena);
    if (!self.owns(p)) std::free(p);  // the region's part is taken back by release()
}

void GumboArena::release(GumboOutput* out) {
    // Gumbo's tree is walked and freed only where some of it is malloc's.
    if (out && overflowed_) gumbo_destroy_output(&options_, out);
    if (region_) NOTES_POISON(region_, top_);
    top_ = 0;
    overflowed_ = 0;
}

}  // namespace notes
