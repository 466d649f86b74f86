// memory_test — the heap moved onto a transparent huge page (util/memory.h), for a short process.
#include "memory.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace {

// The kernel's transparent huge page mode, "always", "madvise" or "never" ("" without the file).
std::string thp_mode() {
    std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string line;
    std::getline(in, line);
    const auto open = line.find('['), close = line.find(']');
    return open == std::string::npos || close == std::string::npos ? "" : line.substr(open + 1, close - open - 1);
}

// AnonHugePages of the mapping holding `address`, in kB, from /proc/self/smaps; -1 where none holds it.
long huge_kb_at(const void* address) {
    const auto at = reinterpret_cast<std::uintptr_t>(address);
    std::ifstream smaps("/proc/self/smaps");
    std::string line;
    bool inside = false;
    while (std::getline(smaps, line)) {
        std::uintptr_t begin = 0, end = 0;
        char dash = 0;
        std::istringstream range(line);
        if (range >> std::hex >> begin >> dash >> end && dash == '-') {
            inside = begin <= at && at < end;
        } else if (inside && line.rfind("AnonHugePages:", 0) == 0) {
            return std::stol(line.substr(14));
        }
    }
    return -1;
}

}  // namespace

TEST_CASE("after start_heap_on_huge_page the heap grows into a huge page, and allocates as before") {
    const bool advised = notes::start_heap_on_huge_page();
    // Without the kernel's huge pages madvise fails; a sanitizer's allocator is left alone.
    if (notes::heap_on_huge_page_possible() && !thp_mode().empty()) REQUIRE(advised);
    if (!notes::heap_on_huge_page_possible()) REQUIRE_FALSE(advised);
    // What a query's process does next: many small blocks, written, read and freed, and a few big ones.
    std::vector<std::unique_ptr<char[]>> blocks;
    for (int i = 0; i < 6000; ++i) {
        blocks.emplace_back(new char[100 + i % 13 * 16]);
        std::memset(blocks.back().get(), i % 251, 100);
    }
    std::vector<char> big(3 << 20, 'x');  // past mmap's threshold
    for (int i = 0; i < 6000; i += 97) CHECK(blocks[i][99] == static_cast<char>(i % 251));
    CHECK(big.back() == 'x');
    if (advised && (thp_mode() == "always" || thp_mode() == "madvise")) {
        const long kb = huge_kb_at(blocks.back().get());
        INFO("AnonHugePages of the mapping that holds the last block: " << kb << " kB");
        CHECK(kb >= 2048);
    }
    for (int i = 0; i < 6000; i += 2) blocks[i].reset();
    blocks.emplace_back(new char[64]);
    std::memset(blocks.back().get(), 1, 64);
    CHECK(blocks.back()[63] == 1);
}
