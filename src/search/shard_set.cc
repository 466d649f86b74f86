// shard_set.cc — opening an index path entry by entry (see shard_set.h).
#include "shard_set.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "errors.h"
#include "index_layout.h"
#include "shards.h"

namespace fs = std::filesystem;

namespace notes {

namespace {

// A stub nested deeper than this is taken for a loop (a stub listing itself).
constexpr int kMaxStubDepth = 8;

// The stub file `path` names, or "" for a database (or nothing) there.
std::string stub_file(const std::string& path) {
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) return path;
    if (!fs::is_directory(path, ec)) return "";
    if (schema::holds_tables(path)) return "";
    fs::path stub = fs::path(path) / schema::kStubFile;
    return fs::is_regular_file(stub, ec) ? stub.string() : "";
}

std::string read_stub(const std::string& file, const std::string& index) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) throw IndexError("cannot open index " + index + ": cannot read its stub file " + file);
    return text.str();
}

Xapian::Database open_remote(const StubEntry& e, const ShardOptions& options) {
    auto ms = static_cast<unsigned>(options.timeout.count());
    if (e.kind == StubEntry::Kind::tcp) return Xapian::Remote::open(e.host, e.port, ms, ms);
    return Xapian::Remote::open(e.program, e.args, ms);
}

struct Opener {
    const std::string& index;
    const ShardOptions& options;
    const std::set<std::string>& given_up;
    ShardSet& set;

    void missing(const std::string& name, const std::string& reason) {
        if (!options.partial)
            throw IndexError("cannot open shard " + name + " of index " + index + ": " + reason +
                             "; --partial answers from the shards that can be reached");
        set.missing.push_back(name);
    }

    void open_entry(const StubEntry& e, const fs::path& base, int depth) {
        bool local = e.kind == StubEntry::Kind::local;
        std::string name = local ? (base / e.path).lexically_normal().string() : e.name();
        if (given_up.count(name)) return missing(name, "it stopped answering");
        if (local && !stub_file(name).empty()) return open(name, depth + 1);
        try {
            Shard s{name, local ? Xapian::Database(name) : open_remote(e, options), !local, e};
            set.shards.push_back(std::move(s));
        } catch (const Xapian::DatabaseNotFoundError&) {
            missing(name, "no index there");
        } catch (const Xapian::Error& err) {
            missing(name, err.get_msg() + (err.get_error_string() ? std::string(" (") + err.get_error_string() + ")"
                                                                  : std::string()));
        }
    }

    void open(const std::string& path, int depth) {
        std::string file = stub_file(path);
        if (file.empty()) {  // only the index itself (open_entry opens the others): its errors are the caller's
            set.shards.push_back({path, Xapian::Database(path), false, {}});
            return;
        }
        if (depth > kMaxStubDepth) throw IndexError("cannot open index " + index + ": its stubs list each other");
        std::vector<StubEntry> entries;
        try {
            entries = parse_stub(read_stub(file, index));
        } catch (const std::runtime_error& e) {
            if (dynamic_cast<const IndexError*>(&e)) throw;
            throw IndexError("cannot open index " + index + ": " + file + ": " + e.what());
        }
        if (entries.empty()) throw IndexError("cannot open index " + index + ": its stub " + file + " lists nothing");
        fs::path base = fs::path(file).parent_path();
        for (const auto& e : entries) open_entry(e, base, depth);
    }
};

}  // namespace

bool ShardSet::remote() const {
    for (const auto& s : shards)
        if (s.remote) return true;
    return false;
}

ShardSet open_shards(const std::string& path, const ShardOptions& options, const std::set<std::string>& given_up) {
    ShardSet set;
    Opener{path, options, given_up, set}.open(path, 0);
    if (set.shards.empty())
        throw IndexError("cannot open index " + path + ": none of its shards can be reached (" +
                         std::to_string(set.missing.size()) + " tried)");
    for (const auto& s : set.shards) set.all.add_database(s.db);
    return set;
}

std::vector<std::string> unanswering_shards(const ShardSet& set, const ShardOptions& options) {
    std::vector<std::string> out;
    for (const auto& s : set.shards) {
        if (!s.remote) continue;
        try {
            open_remote(s.entry, options).get_doccount();
        } catch (const Xapian::Error&) {
            out.push_back(s.name);
        }
    }
    return out;
}

}  // namespace notes
