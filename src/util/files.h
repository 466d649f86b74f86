// files.h — reading and writing whole files, safely.
#pragma once

#include <string>
#include <string_view>

namespace notes {

// Writes `content` to a new temporary file in the directory of `path`, fsyncs it and renames it
// over `path`, so readers see the old file or the new one, never a part. The new file gets the
// usual permissions (0666 less the umask). Throws std::runtime_error("cannot write <path>:
// <reason>") and leaves no temporary file behind on failure.
void write_file_atomically(const std::string& path, std::string_view content);

}  // namespace notes
