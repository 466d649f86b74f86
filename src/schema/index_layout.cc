// index_layout.cc — reading the index folder's stub.
#include "index_layout.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace notes::schema {

std::string published_generation(const std::string& db_path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    // Xapian opens the glass database first when both are there: so does this.
    if (fs::exists(fs::path(db_path) / "iamglass", ec)) return "";
    std::ifstream in(fs::path(db_path) / kStubFile);
    if (!in) return "";
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace notes::schema
