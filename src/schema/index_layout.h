// index_layout.h — the index folder on disk: a Xapian stub naming the published generation.
//
//   DB/XAPIANDB        one line "glass <generation>": Xapian opens the folder through it
//   DB/<generation>/   the glass database readers and the in-place writer open (its flintlock
//                      is the index's write lock); named "gen-<time>-<pid>", never reused
//   DB/.build-<...>/   a parallel build's shards, removed when it ends (or by the next writer)
// An index written before generations is a glass database in DB itself (DB/iamglass): Xapian
// opens that first, so a rebuild moves it to a generation by unlinking iamglass last.
#pragma once

#include <string>
#include <string_view>

namespace notes::schema {

inline constexpr std::string_view kStubFile = "XAPIANDB", kGenerationPrefix = "gen-", kBuildPrefix = ".build-";

// Whether `dir` holds a database's own tables (glass, or chert from an older Xapian): Xapian
// opens those before any stub beside them.
bool holds_tables(const std::string& dir);

// What names the published state of the index at `db_path`: the stub's content, or "" for a
// database in the folder itself or none. A reader that remembers it knows a rebuild was published
// when it changes (rebuilds never modify the generation a reader holds open).
std::string published_generation(const std::string& db_path);

}  // namespace notes::schema
