// sync.cc — the catalog of source files in the index, and the incremental update built on it.
#include "sync.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "collection.h"
#include "document.h"
#include "files.h"
#include "schema.h"

namespace fs = std::filesystem;

namespace notes {

namespace {

// What the index remembers of one source file: enough to tell whether it changed, which notes
// it holds, and what it adds to the collection-wide choices (tag spellings, pages, author).
struct SourceRecord {
    std::uint64_t size = 0;
    std::int64_t mtime = 0;
    std::string hash;
    std::size_t seq = 0;  // its place among the files of the run that recorded it
    std::vector<std::int64_t> ids;
    std::map<std::string, std::string> tag_names;
    std::map<std::string, PublishedPage> pages;
    AuthorCounts authors;
};

std::string record_json(const SourceRecord& r) {
    nlohmann::json pages = nlohmann::json::object();
    for (const auto& [key, page] : r.pages) pages[key] = nlohmann::json::parse(page_metadata(page));
    return nlohmann::json{{"size", r.size}, {"mtime", r.mtime},    {"hash", r.hash}, {"seq", r.seq},
                          {"ids", r.ids},   {"tags", r.tag_names}, {"pages", pages}, {"authors", r.authors}}
        .dump();
}

bool parse_record(const std::string& value, SourceRecord& r) {
    auto j = nlohmann::json::parse(value, nullptr, false);
    if (!j.is_object()) return false;
    try {
        r.size = j.at("size").get<std::uint64_t>();
        r.mtime = j.at("mtime").get<std::int64_t>();
        r.hash = j.at("hash").get<std::string>();
        r.seq = j.at("seq").get<std::size_t>();
        r.ids = j.at("ids").get<std::vector<std::int64_t>>();
        r.tag_names = j.at("tags").get<std::map<std::string, std::string>>();
        for (const auto& [key, page] : j.at("pages").items()) r.pages[key] = page_from_metadata(page.dump());
        r.authors = j.at("authors").get<AuthorCounts>();
        return true;
    } catch (const std::exception&) {
        return false;  // an unreadable record only costs a re-read of its file
    }
}

SourceRecord record_of(const Collection& local) {
    SourceRecord r;
    r.ids = local.ids();
    r.tag_names = local.tag_names();
    r.pages = local.pages();
    r.authors = local.authors();
    return r;
}

// Choices made over all sources, first file first: tag spellings, each tag's page, the author.
struct SiteChoices {
    std::map<std::string, std::string> tag_names;
    std::map<std::string, PublishedPage> pages;
    std::string author;

    void add(const SourceRecord& r, AuthorCounts& authors) {
        for (const auto& [key, name] : r.tag_names) tag_names.try_emplace(key, name);
        for (const auto& [key, page] : r.pages) pages.try_emplace(key, page);
        for (const auto& [name, n] : r.authors) count_author(authors, name, n);
    }
};

}  // namespace

SyncReport sync_index(const std::string& db_path, const std::vector<fs::path>& files, const Analyzer& analyzer,
                      const SyncOptions& options) {
    SyncReport report;
    report.files = files.size();
    IndexWriter writer(db_path, analyzer);  // takes the lock before any work
    const std::string kSrc(schema::kMetaSourcePrefix);

    std::map<std::string, SourceRecord> old;  // by absolute path
    if (!writer.stale())
        for (const auto& key : writer.metadata_keys(kSrc)) {
            SourceRecord r;
            if (parse_record(writer.metadata(key), r)) old.emplace(key.substr(kSrc.size()), std::move(r));
        }
    const std::vector<std::int64_t> indexed = writer.ids();
    // Without a record of every note's files, only a full build is exact.
    bool full = writer.stale() || old.empty() || indexed.empty();

    struct Item {
        fs::path path;
        std::string key;
        SourceRecord record;
        bool changed = true;
        bool recorded = true;  // false: it had problems, so it is read again next time
        std::unique_ptr<Collection> local;
        bool absorbed = false;
    };
    Collection collection;
    std::vector<Item> items(files.size());
    std::set<std::int64_t> affected;
    std::size_t notes_read = 0;
    for (std::size_t i = 0; i < files.size(); ++i) {
        Item& it = items[i];
        it.path = files[i];
        std::error_code ec;
        it.key = fs::absolute(files[i], ec).lexically_normal().string();
        it.record.size = fs::file_size(files[i], ec);
        if (ec) it.record.size = 0;
        auto mtime = fs::last_write_time(files[i], ec);
        it.record.mtime = ec ? 0 : static_cast<std::int64_t>(mtime.time_since_epoch().count());
        it.record.seq = i;
        auto prior = old.find(it.key);
        // A pipe (notes-index <(gh issue list ...)) can be read once only, and has no size or
        // mtime to remember: it is read as new every time, and never recorded.
        bool regular = fs::is_regular_file(files[i], ec);
        if (!full && regular && prior != old.end()) {
            const SourceRecord& was = prior->second;
            bool same = was.size == it.record.size && was.mtime == it.record.mtime;
            if (!same) {
                it.record.hash = file_hash(files[i].string());
                same = !it.record.hash.empty() && it.record.hash == was.hash;
            }
            if (same) {
                std::uint64_t size = it.record.size;
                std::int64_t mt = it.record.mtime;
                it.record = was;
                it.record.size = size;
                it.record.mtime = mt;
                it.record.seq = i;
                it.changed = false;
                ++report.unchanged;
                if (options.on_file) options.on_file(i + 1, files.size(), notes_read);
                continue;
            }
        }
        if (it.record.hash.empty() && regular) it.record.hash = file_hash(files[i].string());
        it.local = std::make_unique<Collection>();
        std::size_t problems_before = report.read.problems.size();
        read_source(files[i], *it.local, report.read);
        it.recorded = regular && report.read.problems.size() == problems_before;
        SourceRecord fresh = record_of(*it.local);
        fresh.size = it.record.size;
        fresh.mtime = it.record.mtime;
        fresh.hash = it.record.hash;
        fresh.seq = i;
        it.record = std::move(fresh);
        notes_read += it.record.ids.size();
        if (full) {  // every file is read anyway: merge now rather than hold every file's notes
            collection.absorb(*it.local);
            it.local.reset();
            it.absorbed = true;
        }
        affected.insert(it.record.ids.begin(), it.record.ids.end());
        if (prior != old.end()) affected.insert(prior->second.ids.begin(), prior->second.ids.end());
        if (options.on_file) options.on_file(i + 1, files.size(), notes_read);
    }
    std::unordered_set<std::string> listed;
    for (const auto& it : items) listed.insert(it.key);
    for (const auto& [key, r] : old)
        if (!listed.count(key)) affected.insert(r.ids.begin(), r.ids.end());  // a file gone

    if (options.strict && !report.read.problems.empty()) {
        report.untouched_because = std::to_string(report.read.problems.size()) +
                                   " input problem(s) with --strict; the index was left untouched";
        return report;
    }

    // Choices over all files, now and as they were: a tag whose spelling changes touches every
    // note that carries it, read or not.
    SiteChoices now, before;
    AuthorCounts authors_now, authors_before;
    for (const auto& it : items) now.add(it.record, authors_now);
    now.author = most_common_author(authors_now);
    if (!full) {
        std::vector<const SourceRecord*> by_seq;
        for (const auto& [key, r] : old) by_seq.push_back(&r);
        std::sort(by_seq.begin(), by_seq.end(), [](auto* a, auto* b) { return a->seq < b->seq; });
        for (const auto* r : by_seq) before.add(*r, authors_before);
        for (const auto& [key, name] : now.tag_names) {
            auto was = before.tag_names.find(key);
            if (was != before.tag_names.end() && was->second != name)
                for (const auto& it : items)  // every file holding a note with that tag
                    if (it.record.tag_names.count(key)) affected.insert(it.record.ids.begin(), it.record.ids.end());
        }
    }

    // Read the unchanged files that share a note with what changed, then merge in file order.
    for (auto& it : items) {
        if (it.absorbed) continue;
        bool needed = full || it.changed || std::any_of(it.record.ids.begin(), it.record.ids.end(), [&](auto id) {
                          return affected.count(id);
                      });
        if (!needed) continue;
        if (!it.local) {
            it.local = std::make_unique<Collection>();
            read_source(it.path, *it.local, report.read);
        }
        collection.absorb(*it.local);
        it.local.reset();
    }
    collection.use_tag_names(now.tag_names);

    std::vector<Note> notes = collection.notes();
    std::unordered_set<std::int64_t> present;
    std::vector<const Note*> to_write;
    for (const Note& n : notes) {
        present.insert(n.id);
        if (full || affected.count(n.id)) to_write.push_back(&n);
    }
    writer.put_all(to_write, report.stats, options.on_write);
    if (full) {
        for (auto id : indexed)
            if (!present.count(id)) writer.remove(id, report.stats);
    } else {
        for (auto id : affected)
            if (!present.count(id)) writer.remove(id, report.stats);
    }
    report.notes = writer.ids().size();
    if (report.notes == 0) {
        report.untouched_because =
            "no notes found in " + std::to_string(files.size()) + " file(s); the index was left untouched";
        return report;
    }
    for (const auto& key : writer.metadata_keys(kSrc)) writer.set_metadata(key, "");
    for (const auto& it : items)
        if (it.recorded) writer.set_metadata(kSrc + it.key, record_json(it.record));
    write_site_metadata(writer, now.author, now.pages);
    writer.commit();
    report.written = true;
    return report;
}

}  // namespace notes
