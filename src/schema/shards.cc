// shards.cc — a note's shard and the stub file's lines (see shards.h).
#include "shards.h"

#include <charconv>
#include <stdexcept>

#include "hash.h"

namespace notes {

namespace {

bool whole_number(const std::string& text, unsigned& out) {
    const char* end = text.data() + text.size();
    auto [at, ec] = std::from_chars(text.data(), end, out);
    return !text.empty() && ec == std::errc() && at == end;
}

StubEntry remote_entry(const std::string& arg, int line) {
    StubEntry e;
    e.line = line;
    if (!arg.empty() && arg[0] == ':') {
        e.kind = StubEntry::Kind::program;
        std::string rest = arg.substr(1);
        std::size_t space = rest.find(' ');
        e.program = rest.substr(0, space);
        e.args = space == std::string::npos ? "" : rest.substr(space + 1);
        if (e.program.empty()) throw std::runtime_error("line " + std::to_string(line) + ": no program after remote :");
        return e;
    }
    e.kind = StubEntry::Kind::tcp;
    std::size_t colon = arg.rfind(':');
    if (colon == std::string::npos || colon == 0 || !whole_number(arg.substr(colon + 1), e.port) || e.port == 0 ||
        e.port > 65535)
        throw std::runtime_error("line " + std::to_string(line) + ": remote " + arg +
                                 " is neither HOST:PORT nor :PROGRAM ARGS");
    e.host = arg.substr(0, colon);
    if (e.host.size() > 2 && e.host.front() == '[' && e.host.back() == ']')
        e.host = e.host.substr(1, e.host.size() - 2);
    return e;
}

}  // namespace

ShardSpec parse_shard(const std::string& text) {
    ShardSpec s;
    std::size_t slash = text.find('/');
    if (slash == std::string::npos || !whole_number(text.substr(0, slash), s.k) ||
        !whole_number(text.substr(slash + 1), s.n) || s.k < 1 || s.k > s.n || s.n > kMaxShards)
        throw std::invalid_argument("cannot use --shard " + text + ": give K/N, shard K of N, 1 <= K <= N <= " +
                                    std::to_string(kMaxShards) + " (--shard 2/4)");
    return s;
}

unsigned shard_of(std::int64_t id, unsigned n) {
    Fnv1a h;
    h.add(std::to_string(id));
    return static_cast<unsigned>(h.value() % n) + 1;
}

std::string StubEntry::name() const {
    switch (kind) {
        case Kind::tcp:
            return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(port);
        case Kind::program: return program + (args.empty() ? "" : " " + args);
        case Kind::local: break;
    }
    return path;
}

std::vector<StubEntry> parse_stub(const std::string& text) {
    std::vector<StubEntry> out;
    std::size_t at = 0;
    for (int line = 1; at < text.size(); ++line) {
        std::size_t end = text.find('\n', at);
        std::string row = text.substr(at, end == std::string::npos ? std::string::npos : end - at);
        at = end == std::string::npos ? text.size() : end + 1;
        if (!row.empty() && row.back() == '\r') row.pop_back();
        if (row.empty() || row[0] == '#') continue;
        std::size_t space = row.find(' ');
        std::string type = row.substr(0, space), arg = space == std::string::npos ? "" : row.substr(space + 1);
        if ((type == "auto" || type == "glass" || type == "chert") && !arg.empty()) {
            StubEntry e;
            e.path = arg;
            e.line = line;
            out.push_back(std::move(e));
        } else if (type == "remote" && !arg.empty()) {
            out.push_back(remote_entry(arg, line));
        } else {
            throw std::runtime_error("line " + std::to_string(line) + ": \"" + row +
                                     "\" is not auto PATH, remote HOST:PORT nor remote :PROGRAM ARGS");
        }
    }
    return out;
}

std::string local_stub(const std::vector<std::string>& paths) {
    std::string out;
    for (const auto& p : paths) out += "auto " + p + "\n";
    return out;
}

}  // namespace notes
