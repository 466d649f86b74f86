// synonyms.cc — reading dict/synonyms, and the keys under which query words meet synonyms and tags.
#include "synonyms.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "ascii.h"
#include "files.h"
#include "hash.h"
#include "normalize.h"
#include "paths.h"

namespace notes {

namespace {

bool is_blank_at(std::string_view s, std::size_t i, std::size_t& width) {
    if (s[i] == ' ' || s[i] == '\t') {
        width = 1;
        return true;
    }
    if (s.substr(i).starts_with(kIdeographicSpace)) {  // a Japanese keyboard's space
        width = kIdeographicSpace.size();
        return true;
    }
    return false;
}

// The terms of one line: white-space separated, "double quoted" when a term has spaces.
std::vector<std::string> split_terms(std::string_view line, const std::string& where) {
    std::vector<std::string> terms;
    std::size_t i = 0, w = 0;
    while (i < line.size()) {
        if (is_blank_at(line, i, w)) {
            i += w;
            continue;
        }
        if (line[i] == '"') {
            std::size_t close = line.find('"', i + 1);
            if (close == std::string_view::npos)
                throw SynonymsError("cannot read synonyms " + where + ": unbalanced quote (\")");
            std::string term(line.substr(i + 1, close - i - 1));
            if (trim(term, " \t").empty())
                throw SynonymsError("cannot read synonyms " + where + ": an empty quoted term");
            terms.push_back(std::move(term));
            i = close + 1;
            if (i < line.size() && !is_blank_at(line, i, w))
                throw SynonymsError("cannot read synonyms " + where + ": a quoted term must be followed by a space");
            continue;
        }
        std::size_t start = i;
        while (i < line.size() && !is_blank_at(line, i, w)) {
            if (line[i] == '"')
                throw SynonymsError("cannot read synonyms " + where +
                                    ": a quote (\") inside a term; quote the whole term");
            ++i;
        }
        terms.emplace_back(line.substr(start, i - start));
    }
    return terms;
}

// At most this much of a synonyms file is read: the shipped one is about 20 KB, and a file that
// never ends (/dev/zero) must not take all the memory.
constexpr std::size_t kMaxFileBytes = std::size_t{1} << 20;

std::string lower_first(std::string s) {
    if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = static_cast<char>(s[0] - 'A' + 'a');
    return s;
}

// The bytes of `path`, at most kMaxFileBytes of them. A pipe is read like a file (<(...));
// throws SynonymsError for a folder, a file that cannot be read, or one too large.
std::string read_bounded(const std::string& path) {
    auto fail = [&](const std::string& why) { return SynonymsError("cannot read synonyms " + path + ": " + why); };
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw fail("it is a folder; name a synonyms file");
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw fail(lower_first(std::strerror(errno)));
    // Grown as it fills, from a regular file's size (+ 1, to see its end in one read): a buffer
    // zeroed up front costs a search more than reading the file.
    std::string text;
    std::size_t got = 0;
    struct stat st {};
    std::size_t first =
        ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? static_cast<std::size_t>(st.st_size) + 1 : 1 << 16;
    while (got < kMaxFileBytes + 1) {
        if (got == text.size())
            text.resize(std::min(kMaxFileBytes + 1, got == 0 ? first : std::max<std::size_t>(2 * got, 1 << 16)));
        ssize_t n = ::read(fd, text.data() + got, text.size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            int err = errno;
            ::close(fd);
            throw fail(lower_first(std::strerror(err)));
        }
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    ::close(fd);
    if (got > kMaxFileBytes)
        throw fail(
            "larger than 1 MiB, which no synonyms file is (the shipped one is about 20 KB); check "
            "NOTES_SEARCH_SYNONYMS");
    text.resize(got);
    return text;
}

}  // namespace

std::string match_key(const std::vector<const Token*>& tokens) {
    std::string key;
    bool prev_latin = false;
    for (const Token* t : tokens) {
        bool latin = t->kind != TokenKind::Japanese;
        if (latin && prev_latin) key.push_back(' ');
        key += latin && !t->base.empty() ? t->base : t->term;
        prev_latin = latin;
    }
    return key;
}

std::vector<std::vector<const Token*>> token_units(const std::vector<Token>& tokens) {
    std::vector<std::vector<const Token*>> units;
    for (const Token& t : tokens) {
        if (units.empty() || !t.joins_previous) units.emplace_back();
        units.back().push_back(&t);
    }
    return units;
}

namespace {

// One line of the file as a group: each term analysed and keyed. Throws SynonymsError at `where`.
SynonymGroup analyze_group(std::string_view line, std::size_t line_no, const std::string& where,
                           const Analyzer& analyzer) {
    SynonymGroup group;
    group.line = line_no;
    for (auto& written : split_terms(line, where)) {
        SynonymTerm term;
        term.tokens = analyzer.analyze(written).tokens;
        if (term.tokens.empty())
            throw SynonymsError("cannot read synonyms " + where + ": \"" + written + "\" has no word to search for");
        std::vector<const Token*> all;
        for (const Token& t : term.tokens) all.push_back(&t);
        term.key = match_key(all);
        term.form = term.key;
        if (term.tokens.size() > 1) {
            term.form = "\"";
            for (const Token& t : term.tokens) term.form += t.term + " ";
        }
        term.written = std::move(written);
        bool repeated = false;  // quantize / quantized: one stem, one term
        for (const auto& other : group.terms) repeated = repeated || other.form == term.form;
        if (!repeated) group.terms.push_back(std::move(term));
    }
    if (group.terms.size() < 2)
        throw SynonymsError("cannot read synonyms " + where +
                            ": a group needs at least two different terms (they are compared normalised and stemmed)");
    return group;
}

// The cache of a file already read whole: each group's line and, for looking terms up, the keys
// of its terms; a group's terms are analysed again only when a query meets one of its keys.
constexpr std::string_view kCacheHeader = "notes-search synonyms keys 2\n";

}  // namespace

Synonyms Synonyms::parse(std::string_view source, const std::string& name, const Analyzer& analyzer) {
    Synonyms out;
    out.analyzer_ = &analyzer;
    out.storage_.push_back(std::make_shared<const std::string>(source));
    std::string_view text = *out.storage_.back();
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a BOM some editors write
    std::size_t line_no = 0;
    while (!text.empty()) {
        std::size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
        ++line_no;
        if (line.ends_with('\r')) line.remove_suffix(1);
        std::string where = name + ":" + std::to_string(line_no);
        if (std::size_t bad = find_invalid_utf8(line); bad != std::string_view::npos)
            throw SynonymsError("cannot read synonyms " + where + ": invalid UTF-8 at byte " + std::to_string(bad + 1) +
                                " of the line; is it a UTF-8 text file?");
        if (line.find('\0') != std::string_view::npos)
            throw SynonymsError("cannot read synonyms " + where + ": a NUL byte; is it a text file?");
        std::size_t first = line.find_first_not_of(" \t");
        if (first == std::string_view::npos || line[first] == '#') continue;
        out.add(analyze_group(line, line_no, where, analyzer), line);
    }
    out.files_ = {{0, name}};
    out.sort_keys();
    out.description_ = name + " (" + std::to_string(out.groups_.size()) + " groups)";
    return out;
}

std::string Synonyms::to_cache() const {
    std::string out(kCacheHeader);
    out += description_ + "\n" + std::to_string(longest_) + "\n";
    for (std::size_t i = 0; i < groups_.size(); ++i) {
        out += "G\t" + std::to_string(groups_[i].line) + "\t";
        out += texts_[i];
        out += "\n";
    }
    // In their sorted order, with their groups: a cached load has nothing left to sort.
    for (const KeyEntry& e : keys_) {
        out += "K\t" + std::to_string(e.group) + "\t";
        out += e.key;
        out += "\n";
    }
    return out;
}

bool Synonyms::from_cache(std::string cached, const std::string& name, const Analyzer& analyzer, Synonyms& out) {
    out = Synonyms();
    out.analyzer_ = &analyzer;
    out.storage_.push_back(std::make_shared<const std::string>(std::move(cached)));
    std::string_view bytes = *out.storage_.back();
    if (!bytes.starts_with(kCacheHeader)) return false;
    bytes.remove_prefix(kCacheHeader.size());
    auto next_line = [&](std::string_view& line) {
        std::size_t nl = bytes.find('\n');
        if (nl == std::string_view::npos) return false;
        line = bytes.substr(0, nl);
        bytes.remove_prefix(nl + 1);
        return true;
    };
    std::string_view description, longest, line;
    if (!next_line(description) || !next_line(longest)) return false;
    out.description_ = std::string(description);
    out.longest_ = std::strtoul(std::string(longest).c_str(), nullptr, 10);
    out.files_ = {{0, name}};
    // Sized at once: a vector grown by doubling touches twice the memory it ends with.
    std::size_t groups = 0, keys = 0;
    for (std::size_t at = 0; (at = bytes.find('\n', at)) != std::string_view::npos; ++at) {
        groups += bytes.compare(at + 1, 2, "G\t") == 0;
        keys += bytes.compare(at + 1, 2, "K\t") == 0;
    }
    out.groups_.reserve(groups + 1);
    out.texts_.reserve(groups + 1);
    out.keys_.reserve(keys + 1);
    // A "G" or "K" line: its number (a group's line in the file, a key's group), then its text.
    std::size_t number = 0;
    std::string_view text;
    auto numbered = [&](std::string_view l) {
        std::size_t tab = l.find('\t', 2);
        if (tab == std::string_view::npos) return false;
        number = std::strtoul(std::string(l.substr(2, tab - 2)).c_str(), nullptr, 10);
        text = l.substr(tab + 1);
        return true;
    };
    while (next_line(line)) {
        if (line.starts_with("G\t") && numbered(line)) {
            SynonymGroup group;
            group.line = number;
            out.groups_.push_back(std::move(group));
            out.texts_.push_back(text);
            out.ready_.push_back(false);
        } else if (line.starts_with("K\t") && numbered(line) && number < out.groups_.size()) {
            out.keys_.push_back({text, number});
        } else {
            return false;
        }
    }
    // Sorted and unique as written; a cache edited by hand is sorted again.
    const auto misplaced = [](const KeyEntry& a, const KeyEntry& b) { return !key_order(a, b); };
    if (std::adjacent_find(out.keys_.begin(), out.keys_.end(), misplaced) != out.keys_.end()) out.sort_keys();
    return bytes.empty();
}

Synonyms Synonyms::load(const std::string& path, const Analyzer& analyzer) {
    std::error_code ec;
    if (path.empty() || !std::filesystem::exists(path, ec)) {
        Synonyms none;
        none.description_ = path.empty() ? "none" : "none: no file at " + path;
        return none;
    }
    std::string text = read_bounded(path);

    // The name is a hash of everything the result depends on: the text, where it is (it is named
    // in describe()), the dictionaries, the cache layout. An edited file is another name.
    Fnv1a h;
    for (std::string_view part :
         {std::string_view(text), std::string_view(path), std::string_view(analyzer.fingerprint()), kCacheHeader})
        h.add_part(part);
    char name[40];
    std::snprintf(name, sizeof name, "synonyms-%016llx", static_cast<unsigned long long>(h.value()));
    if (std::optional<std::string> cached = read_cache(name)) {
        try {
            Synonyms out;
            if (from_cache(std::move(*cached), path, analyzer, out)) return out;
        } catch (const SynonymsError&) {  // a cache that cannot be read is made again
        }
    }
    Synonyms out = parse(text, path, analyzer);
    write_cache(name, out.to_cache());
    return out;
}

const SynonymGroup& Synonyms::group(std::size_t i) const {
    if (!ready_[i]) {
        // The cache was written from this very text, analysed without error: it cannot fail now
        // unless the dictionaries changed, and they are part of the cache's name.
        groups_[i] =
            analyze_group(texts_[i], groups_[i].line, file_of(i) + ":" + std::to_string(groups_[i].line), *analyzer_);
        ready_[i] = true;
    }
    return groups_[i];
}

const std::vector<SynonymGroup>& Synonyms::groups() const {
    for (std::size_t i = 0; i < groups_.size(); ++i) group(i);
    return groups_;
}

Synonyms Synonyms::load_all(const std::vector<std::string>& paths, const Analyzer& analyzer) {
    Synonyms out;
    out.analyzer_ = &analyzer;
    std::string description;
    for (const auto& path : paths) {
        Synonyms one = load(path, analyzer);
        description += (description.empty() ? "" : " + ") + one.describe();
        out.append(std::move(one));
    }
    if (!description.empty()) out.description_ = description;
    return out;
}

std::string Synonyms::default_path(const std::string& requested) {
    if (!requested.empty()) return requested;
    if (const char* env = std::getenv("NOTES_SEARCH_SYNONYMS"); env && *env) return env;
    if (std::string shipped = data_file("synonyms"); !shipped.empty()) return shipped;
    return data_file_candidates("synonyms").at(1);  // the installed one, named when it is missing
}

std::vector<std::string> Synonyms::default_paths() {
    std::vector<std::string> out{default_path()};
    std::error_code ec;
    // A user without a file of their own is the usual case, not worth a "none" in --explain.
    if (std::string mine = user_synonyms_file(); !mine.empty() && std::filesystem::exists(mine, ec))
        out.push_back(mine);
    return out;
}

std::vector<std::size_t> Synonyms::find(std::string_view key) const {
    auto first = std::lower_bound(keys_.begin(), keys_.end(), key,
                                  [](const KeyEntry& e, std::string_view k) { return e.key < k; });
    std::vector<std::size_t> out;
    for (auto it = first; it != keys_.end() && it->key == key; ++it) out.push_back(it->group);
    return out;
}

const std::string& Synonyms::file_of(std::size_t group) const {
    auto after = std::upper_bound(files_.begin(), files_.end(), group,
                                  [](std::size_t g, const auto& file) { return g < file.first; });
    return std::prev(after)->second;
}

bool Synonyms::key_order(const KeyEntry& a, const KeyEntry& b) {
    return a.key != b.key ? a.key < b.key : a.group < b.group;
}

void Synonyms::sort_keys() {
    auto same = [](const KeyEntry& a, const KeyEntry& b) { return a.key == b.key && a.group == b.group; };
    std::sort(keys_.begin(), keys_.end(), key_order);
    keys_.erase(std::unique(keys_.begin(), keys_.end(), same), keys_.end());
}

void Synonyms::add(SynonymGroup group, std::string_view text) {
    std::size_t index = groups_.size();
    for (const auto& term : group.terms) {
        storage_.push_back(std::make_shared<const std::string>(term.key));
        keys_.push_back({*storage_.back(), index});
        longest_ = std::max(longest_, token_units(term.tokens).size());
    }
    groups_.push_back(std::move(group));
    texts_.push_back(text);
    ready_.push_back(true);
}

void Synonyms::append(Synonyms&& other) {
    if (groups_.empty()) {  // the first file: taken whole, not copied entry by entry
        *this = std::move(other);
        return;
    }
    const std::size_t base = groups_.size();
    for (auto& bytes : other.storage_) storage_.push_back(std::move(bytes));
    for (const KeyEntry& e : other.keys_) keys_.push_back({e.key, base + e.group});
    for (auto& [first, name] : other.files_) files_.emplace_back(base + first, std::move(name));
    for (std::vector<SynonymGroup>::size_type i = 0; i < other.groups_.size(); ++i) {
        groups_.push_back(std::move(other.groups_[i]));
        ready_.push_back(other.ready_[i]);
        texts_.push_back(other.texts_[i]);
    }
    longest_ = std::max(longest_, other.longest_);
    sort_keys();
}

std::vector<std::string> Synonyms::keys() const {
    std::vector<std::string> out;
    for (const KeyEntry& e : keys_)
        if (out.empty() || out.back() != e.key) out.emplace_back(e.key);
    return out;  // in order: the same suggestion on every run
}

}  // namespace notes
