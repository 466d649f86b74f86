// hash.h — the one content hash: FNV-1a, 64 bits, stable across builds and machines.
#pragma once

#include <cstdint>
#include <string_view>

namespace notes {

class Fnv1a {
  public:
    void add(std::string_view bytes) {
        for (unsigned char c : bytes) h_ = (h_ ^ c) * 1099511628211ULL;
    }
    // `part` and a separator byte, so that ("ab", "c") and ("a", "bc") differ.
    void add_part(std::string_view part) {
        add(part);
        h_ = (h_ ^ 0xFF) * 1099511628211ULL;
    }
    std::uint64_t value() const { return h_; }

  private:
    std::uint64_t h_ = 1469598103934665603ULL;
};

}  // namespace notes
