// analyzer.cc — splits normalised text into Latin and Japanese runs; MeCab segments the latter.
#include "analyzer.h"

#include <mecab.h>
#include <utf8proc.h>
#include <xapian.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "ascii.h"
#include "files.h"
#include "model_names.h"
#include "normalize.h"
#include "paths.h"
#include "urls.h"

namespace notes {

namespace {

constexpr std::size_t kMaxRunBytes = 3000;  // about 1,000 kanji: see japanese_runs

bool is_katakana(char32_t cp) { return (cp >= 0x30A1 && cp <= 0x30FA) || cp == 0x30FC; }

enum class CharClass { Japanese, Word, Other };

CharClass classify(char32_t cp) {
    if (cp < 0x80) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z')) return CharClass::Word;
        return CharClass::Other;
    }
    if (is_japanese_char(cp)) return CharClass::Japanese;
    if (is_letter_or_number(cp)) return CharClass::Word;
    switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
        case UTF8PROC_CATEGORY_MN:
        case UTF8PROC_CATEGORY_MC: return CharClass::Word;  // accents stay inside their word
        default: return CharClass::Other;
    }
}

// Katakana words are written with or without their final long-vowel mark (コンピューター /
// コンピュータ); both sides drop it from words of three or more characters.
std::string strip_final_long_vowels(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0, run = 0;
    while (i < s.size()) {
        std::size_t at = i;
        char32_t cp = next_codepoint(s, i);
        if (cp == 0x30FC && run >= 2) {
            std::size_t j = i;
            char32_t next = j < s.size() ? next_codepoint(s, j) : 0;
            if (!is_katakana(next)) {  // a word-final ー: drop it
                run = 0;
                continue;
            }
        }
        run = is_katakana(cp) ? run + 1 : 0;
        out.append(s.substr(at, i - at));
    }
    return out;
}

// The first fields of MeCab's comma-separated feature string (ipadic: part of speech, its
// subclasses, ..., dictionary form, reading), in one pass over the C string: a token's features
// are read for every word, so neither a strlen of the whole string nor a vector is paid for.
struct Features {
    static constexpr std::size_t kMax = 8;
    std::array<std::string_view, kMax> field;
    std::size_t count = 0;
    std::string_view operator[](std::size_t i) const { return i < count ? field[i] : std::string_view(); }
    std::size_t size() const { return count; }
};

Features split_features(const char* s) {
    Features f;
    const char* start = s;
    for (;; ++s) {
        if (*s != ',' && *s != '\0') continue;
        f.field[f.count++] = std::string_view(start, static_cast<std::size_t>(s - start));
        if (*s == '\0' || f.count == Features::kMax) break;
        start = s + 1;
    }
    return f;
}

// Verbs so common that they carry no topic (する in 量子化する); kept for phrases only.
bool is_light_verb(std::string_view base) {
    static constexpr std::string_view kLight[] = {"する", "いる", "ある", "なる", "できる",
                                                  "おる", "くる", "いく", "れる", "られる"};
    for (auto v : kLight)
        if (base == v) return true;
    return false;
}

WordClass word_class_of(const Features& f, std::string_view base) {
    std::string_view pos = f.size() > 0 ? f[0] : "";
    std::string_view pos1 = f.size() > 1 ? f[1] : "";
    if (pos == "名詞") {
        if (pos1 == "接尾") return WordClass::NounSuffix;
        if (pos1 == "非自立" || pos1 == "代名詞") return WordClass::Function;
        return WordClass::Noun;
    }
    if (pos == "接頭詞") return WordClass::Prefix;
    if (pos == "動詞" && pos1 == "自立") return is_light_verb(base) ? WordClass::Function : WordClass::Verb;
    if (pos == "形容詞" && pos1 == "自立") return WordClass::Adjective;
    return WordClass::Function;
}

bool is_kanji(char32_t cp) {
    return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x20000 && cp <= 0x2FFFF) || cp == 0x3005;
}

bool has_kanji(std::string_view s) {
    for (std::size_t i = 0; i < s.size();)
        if (is_kanji(next_codepoint(s, i))) return true;
    return false;
}

// The readings of the runs of up to kMaxReadingRun tokens in toks[i, j) (one compound) that hold
// a kanji; a run with a token MeCab gave no reading has none.
void add_readings(const std::vector<Token>& toks, std::size_t i, std::size_t j, std::vector<std::string>& out) {
    for (std::size_t a = i; a < j; ++a) {
        std::string reading;
        bool kanji = false;
        for (std::size_t b = a; b < j && b < a + kMaxReadingRun && !toks[b].reading.empty(); ++b) {
            reading += toks[b].reading;
            kanji = kanji || has_kanji(toks[b].term);
            if (kanji && count_codepoints(reading) >= 2) out.push_back(reading);
        }
    }
}

// The compound terms of toks[i, j), nouns side by side (Analysis::compounds): every run of two to
// kMaxCompoundRun words, whatever word starts it (非補償型|時|系列 with 時 a suffix): a query
// compound is matched by its term alone (query_terms.h compound_matched).
void add_compounds(const std::vector<Token>& toks, std::size_t i, std::size_t j, std::vector<std::string>& out) {
    if (j - i < 2) return;
    std::string joined;
    for (std::size_t a = i; a < j; ++a) {
        joined = toks[a].term;
        for (std::size_t b = a + 1; b < j && b < a + kMaxCompoundRun; ++b) {
            joined += toks[b].term;
            if (joined.size() <= kMaxTermBytes) out.push_back(compound_key(joined));
        }
    }
}

// A noun that says something by itself (MeCab feature "名詞,..."), not a suffix, a number, a
// pronoun or a dependent noun.
bool is_plain_noun(std::string_view feature) {
    constexpr std::string_view kNoun = "名詞,";
    if (!feature.starts_with(kNoun)) return false;
    std::string_view pos1 = feature.substr(kNoun.size());
    pos1 = pos1.substr(0, pos1.find(','));
    return pos1 != "接尾" && pos1 != "非自立" && pos1 != "代名詞" && pos1 != "数";
}

bool is_nounish(WordClass c) { return c == WordClass::Noun || c == WordClass::NounSuffix || c == WordClass::Prefix; }

std::string find_userdic() {
    if (const char* env = std::getenv("NOTES_SEARCH_USERDIC"); env && *env) return env;
    return data_file("user.dic");
}

std::string file_fingerprint(const std::string& path) {
    std::optional<std::uint64_t> h = file_fnv1a(path);
    return h ? std::to_string(*h) : "none";
}

}  // namespace

bool is_japanese_char(char32_t cp) {
    return (cp >= 0x3041 && cp <= 0x309F) ||                  // hiragana
           (cp >= 0x30A1 && cp <= 0x30FA) || cp == 0x30FC ||  // katakana, ー (not ・)
           (cp >= 0x31F0 && cp <= 0x31FF) ||                  // katakana extensions
           (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x20000 && cp <= 0x2FFFF) || cp == 0x3005 || cp == 0x3006 || cp == 0x3007;  // 々 〆 〇
}

std::string compound_key(std::string_view joined_terms) {
    std::string out;
    out.reserve(joined_terms.size());
    std::size_t run = 0;  // katakana letters just before
    for (std::size_t i = 0; i < joined_terms.size();) {
        std::size_t at = i;
        char32_t cp = next_codepoint(joined_terms, i);
        if (cp == 0x30FC && run >= 2) continue;
        run = is_katakana(cp) && cp != 0x30FC ? run + 1 : 0;
        out.append(joined_terms.substr(at, i - at));
    }
    return out;
}

struct Analyzer::Impl {
    MeCab::Model* model = nullptr;
    MeCab::Tagger* tagger = nullptr;
    MeCab::Lattice* lattice = nullptr;
    Xapian::Stem stem{"english"};
    std::string fingerprint;
    std::string userdic;

    ~Impl() {
        delete lattice;
        delete tagger;
        delete model;
    }

    // A run is given to MeCab in pieces of at most kMaxRunBytes: MeCab refuses a sentence it
    // finds too long, and its lattice grows faster than the text.
    // A piece ends where a character ends, so a run of real prose is cut at most between words
    // of one long unpunctuated stretch.
    void japanese_runs(std::string_view run, std::size_t run_offset, const Normalized& n, Analysis& out) {
        while (run.size() > kMaxRunBytes) {
            std::size_t cut = kMaxRunBytes;
            while (cut > 0 && (static_cast<unsigned char>(run[cut]) & 0xC0) == 0x80) --cut;
            japanese_run(run.substr(0, cut), run_offset, n, out);
            run.remove_prefix(cut);
            run_offset += cut;
        }
        japanese_run(run, run_offset, n, out);
    }

    // Whether MeCab's dictionary has a noun (is_plain_noun) written run[at, at + length).
    bool dictionary_noun(std::size_t at, std::size_t length) const {
        for (const MeCab::Node* node = lattice->begin_nodes(at); node; node = node->bnext)
            if (node->length == length && node->stat != MECAB_UNK_NODE && is_plain_noun(node->feature)) return true;
        return false;
    }

    // A noun MeCab kept whole that its dictionary also has as two nouns of two or more characters
    // (量子|力学 in 量子力学, ラン|タイム in ランタイム): the two are compound terms too, so that 量子
    // finds 量子力学 as it finds 量子|化. Only whole splits: the other nouns of the lattice inside
    // a word are mostly accidents (デル in モデル, 古屋 in 名古屋).
    void add_subwords(const MeCab::Node* word, std::string_view run, std::size_t run_offset, const Normalized& n,
                      std::vector<std::string>& out) const {
        if (word->length < 12) return;  // fewer than four kana or kanji
        const auto begin = static_cast<std::size_t>(word->surface - run.data());
        const std::size_t end = begin + word->length;
        std::size_t mid = begin;
        next_codepoint(run, mid);
        next_codepoint(run, mid);
        for (; mid < end; next_codepoint(run, mid)) {
            if (count_codepoints(run.substr(mid, end - mid)) < 2) break;
            if (!dictionary_noun(begin, mid - begin) || !dictionary_noun(mid, end - mid)) continue;
            out.push_back(compound_key(strip_final_long_vowels(n.text.substr(run_offset + begin, mid - begin))));
            out.push_back(compound_key(strip_final_long_vowels(n.text.substr(run_offset + mid, end - mid))));
        }
    }

    void japanese_run(std::string_view run, std::size_t run_offset, const Normalized& n, Analysis& out) {
        lattice->set_sentence(run.data(), run.size());
        if (!tagger->parse(lattice))
            throw std::runtime_error(std::string("cannot analyse text with MeCab: ") + lattice->what());
        const Token* prev = nullptr;
        std::size_t first_of_run = out.tokens.size();
        // Per token: it and the one before are nouns of any kind (or a prefix) side by side, wider
        // than joins_previous: a query's 時系列 must find タグの時系列 (時 a dependent noun).
        std::vector<bool> noun_link;
        bool prev_noun = false;
        for (const MeCab::Node* node = lattice->bos_node(); node; node = node->next) {
            if (node->stat == MECAB_BOS_NODE || node->stat == MECAB_EOS_NODE || node->length == 0) continue;
            std::size_t begin = static_cast<std::size_t>(node->surface - run.data()) + run_offset;
            std::size_t end = begin + node->length;
            const Features fields = split_features(node->feature);
            std::string_view base = fields.size() > 6 && fields[6] != "*" ? fields[6] : std::string_view();
            Token t;
            t.term = strip_final_long_vowels(n.text.substr(begin, end - begin));
            // A word MeCab does not know has no reading; written in kana, it is its own.
            t.reading = fields.size() > 7 && fields[7] != "*" ? std::string(fields[7])
                                                              : kana_reading(n.text.substr(begin, end - begin));
            t.kind = TokenKind::Japanese;
            t.word_class = word_class_of(fields, base);
            // Inflected words are searched by dictionary form (用いた finds 用いる), as English
            // words are by stem.
            if (t.word_class == WordClass::Verb || t.word_class == WordClass::Adjective)
                t.base = base.empty() ? t.term : std::string(base);
            t.begin = n.source[begin];
            t.end = n.source[end];
            t.joins_previous = prev && is_nounish(prev->word_class) &&
                               (t.word_class == WordClass::Noun || t.word_class == WordClass::NounSuffix);
            if (t.term.size() > kMaxTermBytes) {
                prev = nullptr;
                prev_noun = false;
                continue;
            }
            const bool noun = fields.size() > 0 && (fields[0] == "名詞" || fields[0] == "接頭詞");
            noun_link.push_back(prev_noun && noun);
            prev_noun = noun;
            out.tokens.push_back(std::move(t));
            prev = &out.tokens.back();
            if (prev->word_class == WordClass::Noun) add_subwords(node, run, run_offset, n, out.compounds);
        }
        // Compound terms and readings of the nouns and compounds only: particles or verbs
        // between them would only cost terms.
        for (std::size_t i = first_of_run; i < out.tokens.size();) {
            std::size_t j = i + 1;
            while (j < out.tokens.size() && noun_link[j - first_of_run]) ++j;
            add_compounds(out.tokens, i, j, out.compounds);
            if (is_nounish(out.tokens[i].word_class) || j > i + 1) add_readings(out.tokens, i, j, out.readings);
            i = j;
        }
    }
};

Analyzer::Analyzer() : impl_(std::make_unique<Impl>()) {
    const std::string dicdir = NOTES_DEFAULT_DICDIR;
    impl_->userdic = find_userdic();
    std::string args = "-r /dev/null -d " + dicdir;
    if (!impl_->userdic.empty()) args += " -u " + impl_->userdic;
    impl_->model = MeCab::createModel(args.c_str());
    if (!impl_->model)
        throw std::runtime_error("cannot load MeCab dictionary " + dicdir + ": " + MeCab::getLastError());
    impl_->tagger = impl_->model->createTagger();
    impl_->lattice = impl_->model->createLattice();
    if (!impl_->tagger || !impl_->lattice)
        throw std::runtime_error("cannot start MeCab: " + std::string(MeCab::getLastError()));
    std::error_code ec;
    auto sys_size = std::filesystem::file_size(dicdir + "/sys.dic", ec);
    impl_->fingerprint = "sys.dic:" + std::to_string(ec ? 0 : sys_size) +
                         ";user.dic:" + (impl_->userdic.empty() ? "none" : file_fingerprint(impl_->userdic)) + ";v1";
}

Analyzer::~Analyzer() = default;

const std::string& Analyzer::fingerprint() const { return impl_->fingerprint; }
const std::string& Analyzer::userdic_path() const { return impl_->userdic; }

namespace {

// A URL's words (urls.h) as Latin tokens, joined as the words of one written word are.
void url_tokens(const Url& url, std::string_view text, const Xapian::Stem& stem, Analysis& out) {
    std::size_t prev_end = std::string::npos;
    for (const Url::Word& w : url.words) {
        Token t;
        t.term = ascii_lower(text.substr(w.begin, w.end - w.begin));
        if (t.term.size() > kMaxTermBytes) continue;
        bool digits = t.term.find_first_not_of("0123456789") == std::string::npos;
        t.kind = digits ? TokenKind::Number : TokenKind::Latin;
        if (!digits) t.base = stem(t.term);
        t.begin = static_cast<std::uint32_t>(w.begin);
        t.end = static_cast<std::uint32_t>(w.end);
        t.joins_previous = prev_end != std::string::npos && w.begin == prev_end + 1 &&
                           std::string_view("-./").find(text[prev_end]) != std::string_view::npos;
        out.tokens.push_back(std::move(t));
        prev_end = w.end;
    }
}

}  // namespace

Analysis Analyzer::analyze(std::string_view text) const {
    static const RunFilter every = [] {
        RunFilter f;
        f.keep_all();
        return f;
    }();
    return analyze(text, every);
}

Analysis Analyzer::analyze(std::string_view text, const RunFilter& filter) const {
    Normalized n = normalize_mapped(text);
    Analysis out;
    out.tokens.reserve(text.size() / 4 + 4);  // about a word per 4 bytes; a reallocation moves every Token
    const std::string& s = n.text;
    std::size_t i = 0;
    std::size_t prev_latin_end = std::string::npos;  // where the last Latin token ended
    std::vector<Url> urls = find_urls(text);
    auto url = urls.begin();
    while (i < s.size()) {
        std::size_t start = i;
        while (url != urls.end() && url->end <= n.source[start]) ++url;
        if (url != urls.end() && n.source[start] >= url->begin) {  // a URL: its words, then past it
            url_tokens(*url, text, impl_->stem, out);
            while (i < s.size() && n.source[i] < url->end) ++i;
            prev_latin_end = std::string::npos;
            continue;
        }
        std::size_t limit = url != urls.end() ? url->begin : text.size();  // a word ends where a URL begins
        char32_t cp = next_codepoint(s, i);
        CharClass cls = classify(cp);
        if (cls == CharClass::Other) continue;
        std::size_t end = i;
        while (end < s.size() && n.source[end] < limit) {
            std::size_t j = end;
            if (classify(next_codepoint(s, j)) != cls) break;
            end = j;
        }
        i = end;
        if (cls == CharClass::Japanese) {
            std::size_t after = end;
            bool ime_hyphen = prev_latin_end == start && end - start == 3 && cp == 0x30FC && end < s.size() &&
                              classify(next_codepoint(s, after)) == CharClass::Word;
            if (ime_hyphen) continue;  // GPTー4: join_of reads it as a hyphen
            std::string_view run = std::string_view(s).substr(start, end - start);
            if (filter.keeps(run)) {
                impl_->japanese_runs(run, start, n, out);
            } else {
                Token& skipped = out.tokens.emplace_back();
                skipped.kind = TokenKind::Japanese;
                skipped.word_class = WordClass::Function;
                skipped.begin = n.source[start];
                skipped.end = n.source[end];
            }
            prev_latin_end = std::string::npos;
            continue;
        }
        Join join = prev_latin_end == std::string::npos
                        ? Join::None
                        : join_of(std::string_view(s).substr(prev_latin_end, start - prev_latin_end));
        for (auto [b, e] : latin_parts(s, start, end)) {
            Token t;
            t.term = s.substr(b, e - b);
            if (t.term.size() > kMaxTermBytes) {
                join = Join::None;
                continue;
            }
            bool digits = t.term.find_first_not_of("0123456789") == std::string::npos;
            t.kind = digits ? TokenKind::Number : TokenKind::Latin;
            if (!digits) t.base = impl_->stem(t.term);
            t.begin = n.source[b];
            t.end = n.source[e];
            t.joins_previous = join != Join::None;
            mark_name(out.tokens, t, join);
            out.tokens.push_back(std::move(t));
            join = Join::Glued;
        }
        prev_latin_end = join == Join::None ? std::string::npos : end;
    }
    return out;
}

std::string kana_reading(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        char32_t cp = next_codepoint(text, i);
        if (cp >= 0x3041 && cp <= 0x3096)
            cp += 0x60;  // hiragana to katakana
        else if (!is_katakana(cp))
            return "";
        append_utf8(out, cp);
    }
    return out;
}

}  // namespace notes
