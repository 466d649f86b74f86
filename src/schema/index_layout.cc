// index_layout.cc — reading the index folder's stub.
#include "index_layout.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace notes::schema {

namespace fs = std::filesystem;

bool holds_tables(const std::string& dir) {
    std::error_code ec;
    for (const char* marker : {"iamglass", "iamchert"})
        if (fs::exists(fs::path(dir) / marker, ec)) return true;
    return false;
}

std::string published_generation(const std::string& db_path) {
    // Xapian opens the database's tables first when both are there: so does this.
    if (holds_tables(db_path)) return "";
    std::ifstream in(fs::path(db_path) / kStubFile);
    if (!in) return "";
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace notes::schema
