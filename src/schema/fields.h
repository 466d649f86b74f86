// fields.h — the note's text fields, one row each: what the index writes and what search reads.
//
// Every reader goes through kTextFields: make_document writes the rows in table order (so the
// free text's positions run title, summary, comment, then the tags), the query language knows a
// field by its name (title:量子化), snippets try the rows by snippet_order, and --like counts the
// words of the rows it reads. Adding a field is: the Note member, its JSON (note.cc), one row here.
//
// Each row's words go into the free text (schema.h) with wdf x weight, and into a copy under its
// own prefix, S<word> ZS<base> for the title, that field queries search. The summary and comment
// copies have no positions: they would be 40% of the index (bench/RESULTS.md), and they serve only
// summary:/comment: queries, where a phrase is the words in the field AND the phrase in the free
// text. The title's copy keeps them because every free-text query searches it too
// (searched_with_free_text): with BM25's saturation, title wdf alone cannot lift a title hit above
// a note that repeats the word.
//
// Tags are not a row: a note has a list of them, not one text; each tag is a boolean K term of its
// key (tag_key, not its words), and its words go into the free text only (x kTagWeight), with no
// copy and no query field of their own (tag:NLP is a filter on the K term).
#pragma once

#include <xapian.h>

#include <array>
#include <string>
#include <string_view>

#include "note.h"

namespace notes::schema {

struct TextField {
    std::string_view name;         // in queries (title:) and in the note's JSON
    std::string Note::*member;     // the text
    std::string_view prefix;       // of the copy's terms: <prefix><word>, Z<prefix><base>
    Xapian::termcount weight;      // wdf of its words in the free text (and their count for --like)
    bool positional;               // whether the copy keeps positions
    bool searched_with_free_text;  // every free-text query word searches the copy too
    // A placeholder ("No description ...", is_placeholder) is not indexed: no words, no position
    // gap. The title is always written, even empty, so that the free text's positions start there.
    bool skip_placeholders;
    int snippet_order;  // 1 is tried first for a snippet, then 2, ...; 0: never shown
    bool related;       // --like reads its words
};

// The title's weight 3 ranks a title hit above a summary hit; its snippet comes last, since the
// title is shown anyway and a snippet of it says nothing new.
// clang-format off
inline constexpr std::array<TextField, 3> kTextFields{{
    {.name = "title",   .member = &Note::title,   .prefix = "S",  .weight = 3, .positional = true,  .searched_with_free_text = true,  .skip_placeholders = false, .snippet_order = 3, .related = true},
    {.name = "summary", .member = &Note::summary, .prefix = "XS", .weight = 1, .positional = false, .searched_with_free_text = false, .skip_placeholders = true,  .snippet_order = 1, .related = true},
    {.name = "comment", .member = &Note::comment, .prefix = "XC", .weight = 1, .positional = false, .searched_with_free_text = false, .skip_placeholders = true,  .snippet_order = 2, .related = true},
}};
// clang-format on

// The row named `name`; nullptr when there is none.
const TextField* find_text_field(std::string_view name);

}  // namespace notes::schema
