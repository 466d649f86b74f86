// generations.cc — the index folder's generations: made, published by renaming a stub, removed.
#include "generations.h"

#include <fcntl.h>
#include <unistd.h>

#include <xapian.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "errors.h"
#include "files.h"
#include "index_layout.h"

namespace fs = std::filesystem;

namespace notes {

namespace {

// The generation the stub names ("glass gen-..."), "" without a stub.
std::string stub_target(const std::string& db_path) {
    std::string stub = schema::published_generation(db_path);
    auto space = stub.find(' ');
    if (space == std::string::npos) return "";
    std::string target = stub.substr(space + 1);
    while (!target.empty() && (target.back() == '\n' || target.back() == '\r')) target.pop_back();
    return target;
}

// An unlink or a rename is durable once its folder is synced.
void sync_folder(const fs::path& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

std::string unique_suffix() {
    auto ns = std::chrono::system_clock::now().time_since_epoch() / std::chrono::nanoseconds(1);
    return std::to_string(ns) + "-" + std::to_string(::getpid());
}

// The glass tables of an older index, moved into a generation since.
bool old_table_file(const fs::path& name) {
    return name.extension() == ".glass" || name == "flintlock" || name == "iamglass";
}

}  // namespace

std::string new_generation_name() { return std::string(schema::kGenerationPrefix) + unique_suffix(); }

std::string new_build_folder_name() { return std::string(schema::kBuildPrefix) + unique_suffix(); }

void prepare_index_folder(const std::string& db_path) {
    const fs::path dir(db_path);
    std::error_code ec;
    if (schema::holds_tables(dir) || fs::exists(dir / schema::kStubFile, ec)) return;
    const std::string generation = new_generation_name();
    {
        Xapian::WritableDatabase db((dir / generation).string(), Xapian::DB_CREATE);
        db.commit();
    }
    // link() makes the stub only if no other notes-index made one meanwhile; the one that lost
    // opens the winner's generation, and its lock error, like any second writer.
    const fs::path temp = dir / (std::string(schema::kStubFile) + ".new-" + unique_suffix());
    write_file_atomically(temp.string(), "glass " + generation + "\n");
    int linked = ::link(temp.c_str(), (dir / schema::kStubFile).c_str());
    int link_errno = errno;
    fs::remove(temp, ec);
    if (linked != 0) {
        fs::remove_all(dir / generation, ec);
        if (link_errno != EEXIST) throw IndexError("cannot create index " + db_path + ": " + std::strerror(link_errno));
    }
    sync_folder(dir);
}

std::string current_database_dir(const std::string& db_path) {
    if (schema::holds_tables(db_path)) return db_path;
    std::string target = stub_target(db_path);
    return target.empty() ? db_path : (fs::path(db_path) / target).string();
}

void remove_leftovers(const std::string& db_path) {
    const fs::path dir(db_path);
    const bool in_folder = schema::holds_tables(dir);
    const std::string current = in_folder ? "" : stub_target(db_path);
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        bool stale =
            name.starts_with(schema::kBuildPrefix) || name.starts_with(std::string(schema::kStubFile) + ".new-") ||
            name.starts_with("." + std::string(schema::kStubFile) + ".") ||  // write_file_atomically's
            (name.starts_with(schema::kGenerationPrefix) && name != current) ||
            // a stub written by a publication killed before it unlinked iamglass
            (in_folder && name == schema::kStubFile) || (!in_folder && !current.empty() && old_table_file(name));
        std::error_code rm;
        if (stale) fs::remove_all(entry.path(), rm);
    }
}

Retired publish_generation(const std::string& db_path, const std::string& generation) {
    const fs::path dir(db_path);
    Retired retired{db_path, schema::holds_tables(dir) ? "" : stub_target(db_path)};
    write_file_atomically((dir / schema::kStubFile).string(), "glass " + generation + "\n");
    if (retired.generation.empty()) {
        if (::unlink((dir / "iamglass").c_str()) != 0 && errno != ENOENT)
            throw IndexError("cannot publish index " + db_path + ": cannot remove " + (dir / "iamglass").string() +
                             ": " + std::strerror(errno));
        sync_folder(dir);
    }
    return retired;
}

void remove_retired(const Retired& retired) noexcept {
    const fs::path dir(retired.db_path);
    std::error_code ec;
    if (!retired.generation.empty()) {
        fs::remove_all(dir / retired.generation, ec);
        return;
    }
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        std::error_code rm;
        if (old_table_file(entry.path().filename())) fs::remove(entry.path(), rm);
    }
}

}  // namespace notes
