// document.cc — writes the terms, values and data of one note (see schema.h for the layout).
#include "document.h"

#include <nlohmann/json.hpp>

#include "fields.h"
#include "normalize.h"
#include "schema.h"

namespace notes {

namespace {

// A katakana loanword of 3 to 20 characters: where a Japanese reader's typing slips (ハルシネーシヨン).
bool is_katakana_word(const std::string& term) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < term.size(); ++chars) {
        char32_t cp = next_codepoint(term, i);
        if (!((cp >= 0x30A1 && cp <= 0x30FA) || cp == 0x30FC)) return false;
    }
    return chars >= 3 && chars <= 20;
}

class TermWriter {
  public:
    explicit TermWriter(Xapian::Document& doc) : doc_(doc) {}

    // The words of one text into the free text, and into `copy`'s prefixed terms unless it is
    // null (tag names have no copy).
    void field(const Analysis& a, Xapian::termcount weight, const schema::TextField* copy) {
        copy_ = copy;
        for (const Token& t : a.tokens) {
            ++pos_;
            // A model name's letters and digits are there for phrases; the name itself weighs.
            Xapian::termcount wdf = t.name_part ? 0 : weight;
            word(t.term, wdf);
            if (!t.name.empty()) word(t.name, weight);
            if (!t.base.empty()) {
                doc_.add_term(prefixed(schema::kPrefixStem, t.base), wdf);
                if (copy) doc_.add_term(prefixed(schema::kPrefixStem, copy->prefix, t.base), wdf ? 1 : 0);
            }
        }
        for (const std::string& c : a.compounds) doc_.add_term(prefixed(schema::kPrefixCompound, c), weight);
        for (const std::string& r : a.readings) doc_.add_term(prefixed(schema::kPrefixReading, r), weight);
        pos_ += schema::kFieldGap;
    }

  private:
    // One term at the current position in the free text (wdf `wdf`) and in the field's copy.
    void word(const std::string& term, Xapian::termcount wdf) {
        doc_.add_posting(term, pos_, wdf);
        if (!copy_) return;
        const std::string& copied = prefixed(copy_->prefix, term);
        if (copy_->positional)
            doc_.add_posting(copied, pos_, wdf ? 1 : 0);
        else
            doc_.add_term(copied, wdf ? 1 : 0);
    }

    // `parts` joined, in one buffer kept between calls: a note's terms are built one after the
    // other, and a std::string per prefixed term was an allocation each (Xapian copies the term).
    template <typename... Parts>
    const std::string& prefixed(std::string_view first, const Parts&... rest) {
        buffer_.assign(first);
        (buffer_.append(rest), ...);
        return buffer_;
    }

    Xapian::Document& doc_;
    const schema::TextField* copy_ = nullptr;
    Xapian::termpos pos_ = 0;
    std::string buffer_;
};

}  // namespace

Xapian::Document make_document(const Note& note, const Analyzer& analyzer) {
    Xapian::Document doc;
    TermWriter writer(doc);
    for (const schema::TextField& f : schema::kTextFields) {
        const std::string& text = note.*f.member;
        if (f.skip_placeholders && is_placeholder(text)) continue;
        writer.field(analyzer.analyze(text), f.weight, &f);
    }
    for (const auto& tag : note.tags) {
        writer.field(analyzer.analyze(tag), schema::kTagWeight, nullptr);
        doc.add_term(schema::tag_term(tag), 1);
    }
    doc.add_boolean_term(schema::id_term(note.id));
    std::string date = schema::date_value(note.date);
    if (!date.empty()) {
        doc.add_boolean_term(std::string(schema::kPrefixYear) + date.substr(0, 4));
        doc.add_value(schema::kSlotDate, date);
    }
    doc.set_data(to_json(note).dump());
    return doc;
}

std::string page_metadata(const PublishedPage& page) {
    return nlohmann::json{{"tag", page.tag},
                          {"title", page.title},
                          {"author", page.author},
                          {"unlabeled", page.unlabeled_snippets},
                          {"order", page.order}}
        .dump();
}

PublishedPage page_from_metadata(const std::string& value) {
    auto j = nlohmann::json::parse(value, nullptr, false);
    if (!j.is_object()) throw std::runtime_error("a page record in the index is damaged");
    PublishedPage p;
    p.tag = j.value("tag", "");
    p.title = j.value("title", "");
    p.author = j.value("author", "");
    p.unlabeled_snippets = j.value("unlabeled", false);
    p.order = j.value("order", std::vector<std::int64_t>{});
    return p;
}

std::vector<std::string> spelling_words(const Xapian::Document& doc) {
    std::vector<std::string> words;
    // Unprefixed terms sort after the upper-case prefixes; only plain a-z words and katakana words
    // are spellings (numbers, kanji and one- or two-letter words make no useful suggestion).
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string& term = *t;
        bool latin = term.size() >= 3 && term.size() <= 30 &&
                     term.find_first_not_of("abcdefghijklmnopqrstuvwxyz") == std::string::npos;
        if (latin || is_katakana_word(term)) words.push_back(term);
    }
    return words;
}

void add_spellings(Xapian::WritableDatabase& db, const Xapian::Document& doc) {
    for (const auto& w : spelling_words(doc)) db.add_spelling(w, 1);
}

void remove_spellings(Xapian::WritableDatabase& db, const Xapian::Document& doc) {
    for (const auto& w : spelling_words(doc)) db.remove_spelling(w, 1);
}

void replace_note(Xapian::WritableDatabase& db, const std::string& id_term, const Xapian::Document& doc) {
    if (auto p = db.postlist_begin(id_term); p != db.postlist_end(id_term)) remove_spellings(db, db.get_document(*p));
    add_spellings(db, doc);
    db.replace_document(id_term, doc);
}

void delete_note(Xapian::WritableDatabase& db, const std::string& id_term) {
    if (auto p = db.postlist_begin(id_term); p != db.postlist_end(id_term)) remove_spellings(db, db.get_document(*p));
    db.delete_document(id_term);
}

Note note_of(const Xapian::Document& doc) {
    auto j = nlohmann::json::parse(doc.get_data(), nullptr, false);
    if (j.is_discarded()) throw std::runtime_error("document " + std::to_string(doc.get_docid()) + " holds no note");
    return note_from_json(j);
}

bool has_term(const Xapian::Document& doc, const std::string& term) {
    Xapian::TermIterator t = doc.termlist_begin();
    t.skip_to(term);
    return t != doc.termlist_end() && *t == term;
}

}  // namespace notes
