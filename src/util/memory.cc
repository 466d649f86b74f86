// memory.cc — malloc_trim where the C library has it, the heap moved onto a huge page, a quick exit.
#include "memory.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#if defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

#if defined(__SANITIZE_ADDRESS__)
#define NOTES_OWN_ALLOCATOR 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define NOTES_OWN_ALLOCATOR 1
#endif
#endif

namespace notes {

void return_free_memory() {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

void exit_at_once(int code) {
#if !defined(NOTES_OWN_ALLOCATOR)
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    std::_Exit(code);
#else
    (void)code;
#endif
}

#if defined(__GLIBC__) && __GLIBC_PREREQ(2, 33) && defined(MADV_HUGEPAGE) && !defined(NOTES_OWN_ALLOCATOR)
namespace {
void* heap_filler;  // kept: its space lies below the huge page and is never to be reused
}

bool start_heap_on_huge_page() {
    constexpr std::size_t kHuge = std::size_t{2} << 20;
    // glibc's main heap ends at the program break, its free top chunk last.
    const struct mallinfo2 info = mallinfo2();
    const auto end = reinterpret_cast<std::uintptr_t>(sbrk(0));
    if (end == static_cast<std::uintptr_t>(-1) || info.keepcost == 0 || info.keepcost > end) return false;
    const std::uintptr_t top = end - info.keepcost;
    std::uintptr_t huge = (top + kHuge - 1) & ~(kHuge - 1);
    // The filler must not fit in the top chunk, or the heap would not grow. Its chunk ends 64
    // bytes short of the boundary, so that the headers malloc writes next land on the page before
    // it: a huge page forms only where nothing was touched yet.
    while (huge < end + 4096) huge += kHuge;
    const std::size_t filler_chunk = huge - 64 - top;
    if (filler_chunk > 4 * kHuge) return false;  // a heap that already grew big: nothing to win
    // A filler past mmap's threshold would not come from the heap; a top pad of 2 MiB and more
    // makes the heap grow past the boundary's whole huge page, and keeps a later free from
    // trimming it back.
    mallopt(M_MMAP_THRESHOLD, static_cast<int>(filler_chunk + kHuge));
    mallopt(M_TOP_PAD, static_cast<int>(kHuge + (256 << 10)));
    heap_filler = malloc(filler_chunk - sizeof(std::size_t));
    mallopt(M_MMAP_THRESHOLD, 128 << 10);  // glibc's default
    if (heap_filler == nullptr || reinterpret_cast<std::uintptr_t>(sbrk(0)) < huge + kHuge) return false;
    // Advice only: where transparent huge pages are off, the heap stays on 4 KiB pages.
    return madvise(reinterpret_cast<void*>(huge), kHuge, MADV_HUGEPAGE) == 0;
}

bool heap_on_huge_page_possible() { return true; }
#else
bool start_heap_on_huge_page() { return false; }
bool heap_on_huge_page_possible() { return false; }
#endif

}  // namespace notes
