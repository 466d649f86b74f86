// memory.cc — malloc_trim where the C library has it.
#include "memory.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace notes {

void return_free_memory() {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

}  // namespace notes
