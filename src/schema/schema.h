// schema.h — the index layout shared by notes-index and notes-search: every prefix, slot and key.
//
// On disk (index_layout.h): the index folder holds a Xapian stub, XAPIANDB, naming the generation
// folder (gen-...) with the glass database described below; a parallel rebuild publishes a new
// generation by renaming a new stub over it. An older index is that database in the folder itself.
//
// One Xapian document per note.
//
// Terms. Positions only where a query needs them: the free-text words (phrases "...", the words
// of a compound or a hyphenated word as a phrase, the near-words boost, model names) and the
// title's copy (fields.h: every free-text query searches it, multi-word units as a phrase). Every
// other family has none: a stem, a compound, a reading, a tag, a summary or comment copy is looked
// up as a term, never as part of a phrase.
//   Q<id>        the issue number in decimal; unique, boolean. replace_document("Q881", doc).
//   K<tag key>   each tag, wdf 1, no position; tag_key() folds case, "_" to "/", drops spaces, so
//                that Efficiency_SpeedUp, efficiency/speedup and "Information Extraction" /
//                InformationExtraction meet. Filters use it as a boolean term (weight x 0); a
//                query word naming the tag (量子化 -> #Quantization, via dict/synonyms) adds its
//                BM25 weight, so a rare tag lifts its notes more than a common one.
//   <word>       every analysed word of the text fields (fields.h) and of the tag names,
//                unprefixed, positional: the free-text field. Each field's words go in with its wdf weight,
//                tag words x kTagWeight, so BM25 ranks a title hit above a summary hit.
//   Z<base>      English stem / Japanese dictionary form of each word, no positions (as Xapian's
//                TermGenerator does): what an unquoted query word searches.
//                A model name (GPT-4, GPT4, LLaMA-2, GPT-3.5; analyzer.h Token::name) is its
//                name written whole (gpt4, gpt3.5) at its first word's position, with the field's
//                weight, and its letters and digits (gpt, 4) at theirs with wdf 0 (their Z stems
//                too): a phrase finds it however it is written, and a query for the letters alone
//                (LLaMA) finds LLaMA2 without counting it as a match of LLaMA itself.
//   R<reading>   the katakana readings of the Japanese nouns and compounds written with kanji
//                (量子化 -> Rリョウシカ, Rリョウシ; analyzer.h Analysis::readings), wdf x weight, no
//                positions, free text only: what a word typed in kana also searches (x kReadingScale).
//   C<compound>  compound terms (analyzer.h Analysis::compounds), no positions, wdf x weight, free
//                text only: each run of 2 to 4 words at word boundaries of a Japanese compound
//                (大|規模|言語|モデル: C大規模言語モデル, C言語モデル, ...), and the two
//                dictionary nouns a noun MeCab kept whole also splits into (量子力学: C量子, C力学).
//                What finds 量子化 however MeCab split it in the note and in the query: the query
//                looks a Japanese word up as C<its words joined> OR <its words joined>
//                (x kCompoundScale), weighed also by its words (query_builder.cc). Schema 5's character bigrams
//                (B, positional) did this at 18% of the index; these cost 2% (bench/RESULTS.md).
//   <prefix><word>  Z<prefix><base>   each text field's copy, what a field query (title:...)
//                searches: prefixes, weights and positions are the rows of fields.h kTextFields,
//                whose comment says why. Tag names have no copy: their words are in the free
//                text, the tags themselves K.
//   Y<yyyy>      the year, boolean (cheap date:2023 and the year facet)
//   A term longer than Xapian takes (kMaxTermBytes) is cut by fit_term, the same at index and at
//   query time: only a tag can be that long (the analyzer drops words over 120 bytes).
//
// Values
//   kSlotDate  "YYYYMMDD", fixed width so that it sorts and ranges as text ("" when unknown)
//   kSlotFacets  the year, then the note's tags' facet ids, as LEB128 varints (facets.h): what the
//                facet counter reads for every match, so it is kept to a few bytes. A tag's id is
//                a 32-bit hash of its key (facets.h tag_facet_id), the same in every shard
//
// Document data: the note as JSON (note.h to_json), so every output is made from the index alone.
//
// Spelling table (Xapian's, for did-you-mean): each Latin word (3 to 30 letters a-z) and each
// katakana word (3 to 20 characters) of the free-text field, with the number of notes holding
// it; a note's words are taken back when the note is replaced or removed (document.h
// spelling_words).
//
// Metadata
//   schema    kSchemaVersion; another value means: re-index
//   analyzer  Analyzer::fingerprint() the index was built with
//   author    the author named in the indexed pages' front matter
//   tags      the tags kSlotFacets may name: a JSON array of display names, each one's id the
//             hash of its key (facets.h TagTable); a tag no note carries any more simply counts
//             nothing. A reader of several shards joins every shard's own array
//   shard     "K/N" when the index holds only the notes of shard K of N (shards.h), else absent
//   page:<tag key>  (page_key) a published tag page: {"tag", "title", "author", "unlabeled", "order": [ids]}
//                   (document.h page_metadata), so notes-search --html can write it back
//   src:<path>      a source file the index was built from: its path, size, mtime, content hash,
//                   the readers' version (kReadersVersion), the notes it holds and its tag
//                   spellings/pages/author (sync.cc), so that a re-run reads only what changed;
//                   src:#<16 hex digits> (FNV-1a of the path) for a path too long for a key
//                   (source_record.h)
//   sources         the sources given on the command line, which `notes-index` alone re-reads: a
//                   JSON array of {"path" (absolute, normalised), "kind" (folder, tag page, jsonl,
//                   export), "files", "notes", "read" (Unix time of the last run that read it),
//                   "missing" (why the last run found it missing, else absent)} in the order given
//                   (recorded_sources.h); no key: an index built before sources were recorded
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <xapian.h>

#include "tags.h"

namespace notes::schema {

inline constexpr std::string_view kSchemaVersion = "8";
// The readers' version, kept with each source file's record: a file recorded by other readers is
// read again, though its bytes did not change. Raised when a reader makes other notes of the same
// bytes. 2: GitHub issue bodies read on several threads had lost ~~strikethrough~~ and tables.
inline constexpr std::string_view kReadersVersion = "2";

// Term prefixes, as the comment above lays them out.
inline constexpr std::string_view kPrefixId = "Q", kPrefixTag = "K", kPrefixStem = "Z", kPrefixCompound = "C",
                                  kPrefixYear = "Y", kPrefixReading = "R";
// The text fields' prefixes are in fields.h.

inline constexpr Xapian::valueno kSlotDate = 0;
inline constexpr Xapian::valueno kSlotFacets = 1;

inline constexpr Xapian::termcount kTagWeight = 2;
// A compound term adds to the phrase of its words where MeCab split the note as the query, and
// rescues the note where it did not; at half weight it never outranks a real word match.
inline constexpr double kCompoundScale = 0.5;
// A word typed in kana finds the kanji word it reads as (りょうしか -> 量子化), below the notes
// that write the kana themselves: a reading may be another word's (すいせん: 推薦 and 水仙).
inline constexpr double kReadingScale = 0.5;
// Gap between fields in the free-text position space, so phrases never span two fields.
inline constexpr Xapian::termpos kFieldGap = 100;

// Metadata keys, as the comment above lays them out.
inline constexpr std::string_view kMetaSchema = "schema", kMetaAnalyzer = "analyzer", kMetaAuthor = "author",
                                  kMetaTags = "tags",
                                  kMetaPagePrefix = "page:", kMetaSourcePrefix = "src:", kMetaSources = "sources",
                                  kMetaShard = "shard";

// Xapian's glass backend refuses a term or a metadata key longer than this.
inline constexpr std::size_t kMaxTermBytes = 245;

// `term` itself when Xapian takes it; else its first bytes, cut at a UTF-8 boundary, then "~" and
// a hash of the whole in 16 hex digits (FNV-1a): at most kMaxTermBytes, and the same on every
// machine, so that the index and the query meet. Two long terms meet only if they are equal.
std::string fit_term(std::string term);

inline std::string id_term(std::int64_t id) { return std::string(kPrefixId) + std::to_string(id); }

inline std::string tag_term(std::string_view tag) { return fit_term(std::string(kPrefixTag) + tag_key(tag)); }

// The metadata key of `tag`'s published page.
inline std::string page_key(std::string_view tag) { return fit_term(std::string(kMetaPagePrefix) + tag_key(tag)); }

// "2023-07-22" -> "20230722"; "" when the date is not of that form.
std::string date_value(std::string_view date);

}  // namespace notes::schema
