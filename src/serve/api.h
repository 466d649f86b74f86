// api.h — what each address answers, apart from HTTP: the JSON API (the --json contract) and the
// live page. The server (server.h) routes to these; tests call them directly or over HTTP.
#pragma once

#include <string>
#include <string_view>

#include "request.h"
#include "searcher.h"

namespace notes::serve {

struct Reply {
    int status = 200;
    std::string type = "application/json";
    std::string body;
};

// /api/search: what `notes-search --json` prints for the same words, tags, date, sort, limit and
// offset (request.h command_of), through the same Command and JSON printer.
Reply search_json(const Searcher& searcher, const Params& params);
// /api/note/ID: the note as the --json results write one (note.h to_json); 404 when there is none.
Reply note_json(const Searcher& searcher, std::string_view id);
// /api/tags: what `notes-search --tags --json` prints.
Reply tags_json(const Searcher& searcher);
// /api/suggest?q=: completions of the last word of q: {"prefix", "words": [...], "tags": [{"name", "count"}]}.
Reply suggest_json(const Searcher& searcher, const Params& params);

// /: the live page, its results already in it. /results: the results part alone, for its script.
Reply page_html(const Searcher& searcher, const Params& params);
Reply results_html(const Searcher& searcher, const Params& params);

// {"error": "<message>"} with `status`.
Reply error_json(int status, std::string_view message);

}  // namespace notes::serve
