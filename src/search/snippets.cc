// snippets.cc — the passage of a note that shows the query's words best, cut to the terminal width.
#include "snippets.h"

#include <algorithm>
#include <memory>
#include <string_view>

#include "ascii.h"
#include "fields.h"
#include "normalize.h"

namespace notes {

namespace {

struct Mark {
    std::size_t begin, end, unit;
};

// The runs of tokens that read as `reading` (量子|化 for リョウシカ), marked as unit `u`.
void mark_reading(const std::vector<Token>& toks, const std::string& reading, std::size_t u, std::vector<Mark>& marks) {
    for (std::size_t i = 0; i < toks.size(); ++i) {
        std::string r;
        for (std::size_t j = i; j < toks.size() && j < i + kMaxReadingRun && !toks[j].reading.empty(); ++j) {
            if (j > i && !toks[j].joins_previous) break;
            r += toks[j].reading;
            if (r == reading) marks.push_back({toks[i].begin, toks[j].end, u});
            if (r.size() >= reading.size()) break;
        }
    }
}

// A text normalised as the index's words are, with every ー taken out (a term loses its final ー,
// so コンピューター and コンピュータ meet): where a word's text is, as byte ranges of the source.
class TextWithoutLongVowels {
  public:
    explicit TextWithoutLongVowels(std::string_view source) : n_(normalize_mapped(source)) {
        for (std::size_t at = 0; at < n_.text.size();) {
            if (n_.text.compare(at, kLongVowel.size(), kLongVowel) == 0) {
                at += kLongVowel.size();
                continue;
            }
            at_.push_back(at);
            text_.push_back(n_.text[at++]);
        }
        at_.push_back(n_.text.size());
    }

    bool holds(std::string_view word) const {
        std::string needle = without_long_vowels(word);
        return !needle.empty() && text_.find(needle) != std::string::npos;
    }

    // Marks every place `word` (normalised) is written as unit `u`, ー after its end included.
    void mark(std::string_view word, std::size_t u, std::vector<Mark>& marks) const {
        std::string needle = without_long_vowels(word);
        if (needle.empty()) return;
        for (std::size_t at = text_.find(needle); at != std::string::npos; at = text_.find(needle, at + 1)) {
            std::size_t end = at_[at + needle.size() - 1] + 1;
            while (n_.text.compare(end, kLongVowel.size(), kLongVowel) == 0) end += kLongVowel.size();
            marks.push_back({n_.source[at_[at]], n_.source[end], u});
        }
    }

  private:
    static constexpr std::string_view kLongVowel = "ー";
    Normalized n_;
    std::string text_;
    std::vector<std::size_t> at_;  // per byte of text_, its offset in n_.text; then the end
};

// A text field of the note; its normalised form is made the first time a word is looked for.
class FieldText {
  public:
    explicit FieldText(std::string_view text) : text_(text) {}
    std::string_view text() const { return text_; }
    const TextWithoutLongVowels& plain() const {
        if (!plain_) plain_ = std::make_unique<TextWithoutLongVowels>(text_);
        return *plain_;
    }

  private:
    std::string_view text_;
    mutable std::unique_ptr<TextWithoutLongVowels> plain_;
};

// A Japanese word that its text can be looked for by: two characters or more, ー aside (化 alone
// is in every 変化).
bool findable_by_text(const QueryUnit& unit) {
    return unit.japanese && count_codepoints(without_long_vowels(unit.text)) >= 2;
}

struct Form {
    std::size_t unit;  // a synonym marks as its unit
    const QueryUnit* word;
    bool by_text;  // found by its text in this note, without MeCab
};
using Forms = std::vector<Form>;

Forms forms_in(const std::vector<QueryUnit>& units, const std::vector<FieldText>& fields) {
    Forms forms;
    auto add = [&](std::size_t u, const QueryUnit& word) {
        bool by_text = found_by_text(word);
        // An inflected or kana word that the note writes as the query does is marked where it is
        // written; only a note that writes it otherwise (用いた, 量子化 for りょうしか) needs MeCab.
        if (!by_text && findable_by_text(word))
            by_text = std::any_of(fields.begin(), fields.end(),
                                  [&](const FieldText& f) { return f.plain().holds(word.text); });
        forms.push_back({u, &word, by_text});
    };
    for (std::size_t u = 0; u < units.size(); ++u) {
        add(u, units[u]);
        for (const auto& alternative : units[u].alternatives) add(u, alternative);
    }
    return forms;
}

// MeCab is what a snippet costs: only the Japanese runs that may hold a word of `forms` not
// found by its text are read.
RunFilter run_filter(const Forms& forms) {
    RunFilter filter;
    for (const Form& form : forms) {
        if (form.by_text) continue;
        if (!form.word->reading.empty()) filter.keep_all();
        for (const auto& term : form.word->terms) filter.add_term(term);
        for (const auto& stem : form.word->stems) filter.add_base(stem);
    }
    return filter;
}

std::vector<Mark> find_marks(const FieldText& field, const Forms& forms, const Analyzer& analyzer) {
    std::vector<Mark> marks;
    if (field.text().empty() || forms.empty()) return marks;
    bool all_by_text = std::all_of(forms.begin(), forms.end(), [](const Form& f) { return f.by_text; });
    Analysis a = all_by_text ? Analysis() : analyzer.analyze(field.text(), run_filter(forms));
    const auto& toks = a.tokens;
    for (const auto& [u, word, by_text] : forms) {
        const QueryUnit& unit = *word;
        if (by_text) {
            field.plain().mark(unit.text, u, marks);
            continue;
        }
        if (!unit.reading.empty()) mark_reading(toks, unit.reading, u, marks);
        std::size_t k = unit.terms.size();
        bool found = false;
        for (std::size_t i = 0; k > 0 && i + k <= toks.size(); ++i) {
            bool match;
            if (k == 1 && !unit.stems.empty())
                match = toks[i].base == unit.stems.front() || toks[i].term == unit.terms.front();
            else {
                match = true;
                for (std::size_t j = 0; j < k && match; ++j) match = toks[i + j].term == unit.terms[j];
            }
            if (match) {
                marks.push_back({toks[i].begin, toks[i + k - 1].end, u});
                found = true;
            }
        }
        // The note may have split a Japanese compound differently: find its text instead, as
        // the compound terms do.
        if (!found && findable_by_text(unit)) field.plain().mark(unit.text, u, marks);
    }
    std::sort(marks.begin(), marks.end(),
              [](const Mark& x, const Mark& y) { return x.begin != y.begin ? x.begin < y.begin : x.end > y.end; });
    return marks;
}

std::size_t distinct_units(const std::vector<Mark>& marks) {
    std::vector<std::size_t> seen;
    for (const auto& m : marks)
        if (std::find(seen.begin(), seen.end(), m.unit) == seen.end()) seen.push_back(m.unit);
    return seen.size();
}

// Markdown says nothing to a reader of a one-line snippet: an image (![image](https://...)) is
// left out whole, a link ([text](https://...)) keeps only its text, a heading ("# 概要") loses its
// marks. Byte ranges to skip, in order. The note keeps its text as the site shows it (the tag
// page is written back byte for byte), so this is done here, for the snippet only.
std::vector<std::pair<std::size_t, std::size_t>> markdown_spans(std::string_view text) {
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    for (std::size_t at = text.find('['); at != std::string_view::npos; at = text.find('[', at + 1)) {
        std::size_t mid = text.find("](", at);
        if (mid == std::string_view::npos) break;
        std::size_t close = text.find(')', mid);
        if (close == std::string_view::npos) break;
        if (text.substr(at, mid - at).find('\n') != std::string_view::npos ||
            text.substr(at + 1, mid - at - 1).find('[') != std::string_view::npos)
            continue;  // not one link: try from the next bracket
        bool image = at > 0 && text[at - 1] == '!';
        if (image) {
            spans.emplace_back(at - 1, close + 1);
        } else {
            spans.emplace_back(at, at + 1);
            spans.emplace_back(mid, close + 1);
        }
        at = close;
    }
    // A heading's marks: the site writes a comment's lines as one, so "# 概要" may stand
    // mid-text ("読むべき# 一言で言うと"); "C# " and "#453" are no heading.
    for (std::size_t at = text.find('#'); at != std::string_view::npos; at = text.find('#', at + 1)) {
        std::size_t n = 0;
        while (at + n < text.size() && text[at + n] == '#') ++n;
        bool after_word = at > 0 && (is_ascii_alnum(text[at - 1]) || text[at - 1] == '&');
        if (n <= 6 && at + n < text.size() && text[at + n] == ' ' && !after_word) spans.emplace_back(at, at + n + 1);
        at += n;
    }
    std::sort(spans.begin(), spans.end());
    return spans;
}

// The characters of a text a snippet may show: their starts, leaving out markdown images and
// link targets, and cols[k], the terminal columns before character k, so that a window is
// `width` columns wide, not characters (a Japanese character takes two).
struct Columns {
    std::vector<std::size_t> chars;
    std::vector<std::size_t> cols{0};
    std::size_t width = 0;

    Columns(std::string_view text, std::size_t w) : width(w) {
        auto skip = markdown_spans(text);
        for (std::size_t i = 0, s = 0; i < text.size();) {
            while (s < skip.size() && skip[s].second <= i) ++s;
            if (s < skip.size() && i >= skip[s].first) {
                i = skip[s].second;
                continue;
            }
            chars.push_back(i);
            cols.push_back(cols.back() + char_columns(next_codepoint(text, i)));
        }
    }

    std::size_t char_index(std::size_t byte) const {
        return static_cast<std::size_t>(std::lower_bound(chars.begin(), chars.end(), byte) - chars.begin());
    }

    // The end (a character index) of the widest window from `start` that fits in `width` columns.
    std::size_t window_end(std::size_t start) const {
        auto past =
            std::upper_bound(cols.begin() + static_cast<std::ptrdiff_t>(start), cols.end(), cols[start] + width);
        return static_cast<std::size_t>(past - cols.begin()) - 1;
    }
};

// The first character of the window that holds the most distinct units, then the most marks.
std::size_t best_window(std::string_view text, const Columns& c, const std::vector<Mark>& marks) {
    std::size_t best_start = 0, best_distinct = 0, best_count = 0;
    for (const Mark& anchor : marks) {
        // The match a fifth of the way in, so that the reader sees what leads to it.
        std::size_t at = c.char_index(anchor.begin);
        std::size_t lead = c.cols[at] > c.width / 5 ? c.cols[at] - c.width / 5 : 0;
        auto first = std::lower_bound(c.cols.begin(), c.cols.begin() + static_cast<std::ptrdiff_t>(at) + 1, lead);
        std::size_t start = static_cast<std::size_t>(first - c.cols.begin());
        std::size_t end = c.window_end(start);
        std::size_t end_byte = end < c.chars.size() ? c.chars[end] : text.size();
        std::vector<Mark> inside;
        for (const Mark& m : marks)
            if (m.begin >= c.chars[std::min(start, c.chars.size() - 1)] && m.end <= end_byte) inside.push_back(m);
        std::size_t d = distinct_units(inside);
        if (d > best_distinct || (d == best_distinct && inside.size() > best_count)) {
            best_distinct = d;
            best_count = inside.size();
            best_start = start;
        }
    }
    return best_start;
}

bool is_space(std::string_view ch) {
    return ch == " " || ch == "\n" || ch == "\r" || ch == "\t" || ch == kIdeographicSpace;
}

// Characters [start, stop) of `text` on one line, the marks carried over, ellipses where cut.
Snippet render(std::string_view text, const Columns& c, const std::vector<Mark>& marks, std::size_t start,
               std::size_t stop) {
    Snippet out;
    if (start > 0) out.text = "…";
    bool space = false;  // white space runs (newlines too) become one space
    std::size_t mark_i = 0;
    std::size_t open_at = std::string::npos;
    for (std::size_t k = start; k < stop; ++k) {
        std::size_t b = c.chars[k], e = b;
        next_codepoint(text, e);
        std::string_view ch = text.substr(b, e - b);
        if (open_at != std::string::npos && b >= marks[mark_i].end) {
            out.marks.emplace_back(open_at, out.text.size());
            open_at = std::string::npos;
            ++mark_i;
        }
        while (mark_i < marks.size() && marks[mark_i].end <= b) ++mark_i;
        if (is_space(ch)) {
            space = true;
            continue;
        }
        if (space && !out.text.empty() && out.text != "…") out.text.push_back(' ');
        space = false;
        if (open_at == std::string::npos && mark_i < marks.size() && b >= marks[mark_i].begin)
            open_at = out.text.size();
        out.text.append(ch);
    }
    if (open_at != std::string::npos) out.marks.emplace_back(open_at, out.text.size());
    if (stop < c.chars.size()) out.text += "…";
    return out;
}

// How far, in columns, an edge of the window moves to keep a word whole; a longer "word" (a URL)
// is cut where the width says.
constexpr std::size_t kMaxWordShift = 20;

// Whether the window may begin or end before character k: not inside a Latin word or a grapheme
// cluster (normalize.h); between two Japanese characters, yes.
bool clean_cut(std::string_view text, const Columns& c, std::size_t k) {
    if (k == 0 || k >= c.chars.size()) return true;
    std::size_t before = c.chars[k - 1], after = c.chars[k];
    return cut_keeps_words(next_codepoint(text, before), next_codepoint(text, after));
}

// The first clean cut from character `k` towards `to` (either way, `to` included) within
// kMaxWordShift columns of `k`; npos when there is none.
std::size_t clean_cut_towards(std::string_view text, const Columns& c, std::size_t k, std::size_t to) {
    for (std::size_t at = k;; at = at < to ? at + 1 : at - 1) {
        if ((at > k ? c.cols[at] - c.cols[k] : c.cols[k] - c.cols[at]) > kMaxWordShift) return std::string::npos;
        if (clean_cut(text, c, at)) return at;
        if (at == to) return std::string::npos;
    }
}

// The clean cut nearest `k`, looked for towards `first` then towards `second`; `k` when none is near.
std::size_t word_edge(std::string_view text, const Columns& c, std::size_t k, std::size_t first, std::size_t second) {
    for (std::size_t to : {first, second})
        if (std::size_t at = clean_cut_towards(text, c, k, to); at != std::string::npos) return at;
    return k;
}

Snippet cut_snippet(std::string_view text, const std::vector<Mark>& marks, std::size_t width) {
    Columns c(text, width);
    if (c.chars.empty()) return {};  // nothing but an image
    std::size_t start = best_window(text, c, marks);
    // A start inside a word drops the word's end rather than show "…ng Label": up to the first mark.
    std::size_t first_mark = c.chars.size();
    for (const Mark& m : marks)
        if (m.begin >= c.chars[std::min(start, c.chars.size() - 1)]) {
            first_mark = c.char_index(m.begin);
            break;
        }
    start = word_edge(text, c, start, first_mark, 0);
    std::size_t stop = c.window_end(start);
    // Never cut a marked word in two: the window grows to its end.
    std::size_t last_mark = start;
    for (const Mark& m : marks) {
        if (stop < c.chars.size() && m.begin < c.chars[stop] && m.end > c.chars[stop]) stop = c.char_index(m.end);
        if (stop >= c.chars.size() || m.begin < c.chars[stop]) last_mark = std::max(last_mark, c.char_index(m.end));
    }
    // An end inside a word leaves the word out, not before the last mark shown.
    stop = word_edge(text, c, stop, last_mark, c.chars.size());
    return render(text, c, marks, start, stop);
}

}  // namespace

bool found_by_text(const QueryUnit& unit) {
    return findable_by_text(unit) && unit.reading.empty() && unit.stems.empty();
}

std::vector<QueryUnit> readings_held(const std::vector<QueryUnit>& units,
                                     const std::function<bool(const std::string& reading)>& holds) {
    std::vector<QueryUnit> out = units;
    auto drop = [&](QueryUnit& u) {
        if (!u.reading.empty() && !holds(u.reading)) u.reading.clear();
    };
    for (QueryUnit& u : out) {
        drop(u);
        for (QueryUnit& alternative : u.alternatives) drop(alternative);
    }
    return out;
}

std::vector<std::string> marked_words(const Note& note, const std::vector<QueryUnit>& units, const Analyzer& analyzer) {
    std::vector<FieldText> fields;
    for (const schema::TextField& f : schema::kTextFields)
        if (!is_placeholder(note.*f.member)) fields.emplace_back(note.*f.member);
    Forms forms = forms_in(units, fields);
    std::vector<std::string> words;
    for (const FieldText& field : fields) {
        for (const Mark& m : find_marks(field, forms, analyzer)) {
            std::string w(field.text().substr(m.begin, m.end - m.begin));
            if (std::find(words.begin(), words.end(), w) == words.end()) words.push_back(std::move(w));
        }
    }
    return words;
}

Snippet make_snippet(const Note& note, const std::vector<QueryUnit>& units, const Analyzer& analyzer,
                     std::size_t width) {
    std::vector<const schema::TextField*> order;
    for (const schema::TextField& f : schema::kTextFields)
        if (f.snippet_order > 0) order.push_back(&f);
    std::sort(order.begin(), order.end(), [](auto* a, auto* b) { return a->snippet_order < b->snippet_order; });
    std::vector<FieldText> fields;
    for (const schema::TextField* f : order)  // whatever the table says: a placeholder shows nothing
        if (!is_placeholder(note.*f->member)) fields.emplace_back(note.*f->member);
    if (fields.empty()) return {};
    Forms forms = forms_in(units, fields);
    const FieldText* best = &fields.front();  // with no match anywhere, the note's first text
    std::vector<Mark> best_marks;
    std::size_t best_distinct = 0;
    for (const FieldText& field : fields) {
        auto marks = find_marks(field, forms, analyzer);
        std::size_t d = distinct_units(marks);
        if (d > best_distinct) {
            best = &field;
            best_marks = std::move(marks);
            best_distinct = d;
        }
    }
    // Overlapping marks (a word inside a matched compound) become one.
    std::vector<Mark> merged;
    for (const Mark& m : best_marks) {
        if (!merged.empty() && m.begin < merged.back().end)
            merged.back().end = std::max(merged.back().end, m.end);
        else
            merged.push_back(m);
    }
    return cut_snippet(best->text(), merged, width);
}

}  // namespace notes
