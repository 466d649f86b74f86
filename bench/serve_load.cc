// serve_load.cc — notes-bench-serve: a bounded load on notes-search serve over loopback, as a reader's
// browser would make it: the API's search for each query of a file, round robin.
//
//   notes-bench-serve --url http://127.0.0.1:PORT --queries FILE [--requests 2000] [--concurrency 16]
//                     [--path /api/search]
//
// FILE is bench/queries.txt ("CLASS<TAB>QUERY" or "QUERY"; "#" and blank lines skipped). Each of the
// --concurrency clients keeps one connection (keep-alive, as a browser does) and sends its share of
// the --requests in turn; every answer must be 200 with a body, else it counts as an error. Prints
// one JSON object: requests, errors, seconds, requests per second, and latency p50/p95/p99/max in ms.
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> read_queries(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read queries " + path);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        const std::size_t tab = line.find('\t');
        out.push_back(tab == std::string::npos ? line : line.substr(tab + 1));
    }
    if (out.empty()) throw std::runtime_error("no query in " + path);
    return out;
}

std::string encoded(const std::string& text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

double percentile(std::vector<double> sorted, double p) {
    if (sorted.empty()) return 0;
    const auto at = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
    return sorted[std::min(at, sorted.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) try {
    std::string url, queries_file, path = "/api/search";
    std::size_t requests = 2000, concurrency = 16;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string name = argv[i], value = argv[i + 1];
        if (name == "--url")
            url = value;
        else if (name == "--queries")
            queries_file = value;
        else if (name == "--requests")
            requests = std::stoul(value);
        else if (name == "--concurrency")
            concurrency = std::stoul(value);
        else if (name == "--path")
            path = value;
        else
            throw std::runtime_error("unknown option " + name);
    }
    if (url.empty() || queries_file.empty() || concurrency == 0)
        throw std::runtime_error("usage: notes-bench-serve --url URL --queries FILE [--requests N] [--concurrency N]");
    const std::vector<std::string> queries = read_queries(queries_file);

    std::vector<std::vector<double>> latencies(concurrency);
    std::atomic<std::size_t> next{0}, errors{0};
    const auto start = Clock::now();
    std::vector<std::thread> clients;
    for (std::size_t c = 0; c < concurrency; ++c) {
        clients.emplace_back([&, c] {
            httplib::Client client(url);
            client.set_keep_alive(true);
            client.set_connection_timeout(5);
            client.set_read_timeout(10);
            for (std::size_t i; (i = next++) < requests;) {
                const std::string target = path + "?q=" + encoded(queries[i % queries.size()]);
                const auto t0 = Clock::now();
                const auto answer = client.Get(target.c_str());
                const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
                if (!answer || answer->status != 200 || answer->body.empty()) ++errors;
                latencies[c].push_back(ms);
            }
        });
    }
    for (auto& t : clients) t.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::vector<double> all;
    for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
    std::sort(all.begin(), all.end());
    nlohmann::json out = {{"url", url},
                          {"path", path},
                          {"requests", all.size()},
                          {"concurrency", concurrency},
                          {"errors", errors.load()},
                          {"seconds", seconds},
                          {"requests_per_second", static_cast<double>(all.size()) / seconds},
                          {"ms",
                           {{"p50", percentile(all, 0.5)},
                            {"p95", percentile(all, 0.95)},
                            {"p99", percentile(all, 0.99)},
                            {"max", all.empty() ? 0 : all.back()}}}};
    std::cout << out.dump(2) << "\n";
    return errors == 0 ? 0 : 1;
} catch (const std::exception& e) {
    std::cerr << "notes-bench-serve: " << e.what() << "\n";
    return 2;
}
