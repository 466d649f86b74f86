// memory.h — handing the heap's free pages back to the system after a phase that freed much.
#pragma once

namespace notes {

// Returns the free pages of every malloc arena to the system (glibc's malloc_trim), elsewhere
// nothing. A long run that frees large transient buffers among the notes it keeps (a page of
// 100K notes read, merged and freed) otherwise holds those pages for good: glibc gives back only
// the top of a heap by itself.
void return_free_memory();

}  // namespace notes
