// memory.h — the heap's pages: handed back after a big phase, taken whole at start, left at exit.
#pragma once

namespace notes {

// Returns the free pages of every malloc arena to the system (glibc's malloc_trim), elsewhere
// nothing. A long run that frees large transient buffers among the notes it keeps (a page of
// 100K notes read, merged and freed) otherwise holds those pages for good: glibc gives back only
// the top of a heap by itself.
void return_free_memory();

// Lets the heap grow from here on into one transparent huge page (2 MiB), where glibc and the
// system allow it; elsewhere, or under a sanitizer's allocator, nothing. For a short process
// only: call it at the start of main, before any thread. Why: on a virtual machine the first
// touch of each 4 KiB page costs some 13 µs, and a query as a whole process touches ~110 pages
// of heap (1.4 ms, a tenth of its time); one huge page costs ~0.2 ms. glibc's own
// glibc.malloc.hugetlb tunable cannot do it, as the heap's first 2 MiB do not start on a 2 MiB
// boundary and a query's heap stays inside them. Returns whether the heap was so advised.
bool start_heap_on_huge_page();

// Ends the process with `code` once C's and C++'s streams are flushed, without destructors or
// atexit handlers: the index's tables, MeCab's mapped dictionary and the heap are the system's to
// drop, and a query's own teardown (closing, unmapping, freeing) took ~0.4 ms of its ~13. Under
// a sanitizer it returns, so that the leak checker runs at the normal exit.
void exit_at_once(int code);

// Whether this build's start_heap_on_huge_page can do anything: glibc's malloc, no sanitizer's.
bool heap_on_huge_page_possible();

}  // namespace notes
