// api.cc — the answers: JSON through the --json printer, HTML through the live page's printer,
// and the errors as 400 (the request's fault) or 500 (the index's).
#include "api.h"

#include <algorithm>
#include <charconv>

#include <nlohmann/json.hpp>

#include "ascii.h"
#include "command.h"
#include "json_shapes.h"
#include "live_page.h"
#include "normalize.h"
#include "synonyms.h"
#include "tag_suggest.h"

namespace notes::serve {

namespace {

constexpr std::size_t kSuggestions = 8;

// `answer()` with the errors a request can meet as replies: the request's own (a bad parameter, a
// query that cannot be parsed) 400, a tag no note carries 404, the index's or the synonyms file's 500. `problem` makes
// the body.
template <class Answer, class Problem>
Reply guarded(Answer&& answer, Problem&& problem) {
    try {
        return answer();
    } catch (const BadRequest& e) {
        return problem(400, e.what());
    } catch (const QueryError& e) {
        return problem(400, e.what());
    } catch (const UsageError& e) {
        return problem(400, e.what());
    } catch (const EncodingError& e) {
        return problem(400, e.what());
    } catch (const UnknownTagError& e) {  // tag=NAME no note carries: named, with the closest ones
        return problem(404, e.what());
    } catch (const IndexError& e) {
        return problem(500, e.what());
    } catch (const SynonymsError& e) {
        return problem(500, e.what());
    }
}

Reply html(int status, std::string body) { return {status, "text/html; charset=utf-8", std::move(body)}; }

std::string single_q(const Params& params) {
    SearchState s = read_state(params);  // the same checks as a search's q
    return s.q;
}

// Tags whose name holds `word`, ASCII letters without case: those starting with it first.
std::vector<FacetCount> matching_tags(const Searcher& searcher, const std::string& word) {
    const std::string key = ascii_lower(word);
    std::vector<std::pair<bool, FacetCount>> found;
    for (auto& tag : searcher.all_tags()) {
        const std::size_t at = ascii_lower(tag.name).find(key);
        if (at != std::string::npos) found.emplace_back(at != 0, std::move(tag));
    }
    std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<FacetCount> out;
    for (std::size_t i = 0; i < found.size() && i < kSuggestions; ++i) out.push_back(std::move(found[i].second));
    return out;
}

}  // namespace

Reply error_json(int status, std::string_view message) {
    return {status, "application/json", dumped({{"error", std::string(message)}})};
}

Reply search_json(const Searcher& searcher, const Params& params) {
    return guarded(
        [&] {
            const Command command = command_of(read_state(params));
            return Reply{200, "application/json", run_command(command, searcher, *make_json_printer())};
        },
        error_json);
}

Reply note_json(const Searcher& searcher, std::string_view id) {
    std::int64_t number = 0;
    const char* end = id.data() + id.size();
    const auto [at, ec] = std::from_chars(id.data(), end, number);
    std::optional<Note> note;
    if (ec == std::errc() && at == end && number > 0) note = searcher.note(number);
    if (!note) return error_json(404, "cannot find note " + std::string(id) + ": the index has no such note");
    return {200, "application/json", dumped(to_json(*note))};
}

Reply tags_json(const Searcher& searcher) {
    Command command;
    command.mode = Mode::tag_list;
    return {200, "application/json", run_command(command, searcher, *make_json_printer())};
}

Reply suggest_json(const Searcher& searcher, const Params& params) {
    return guarded(
        [&] {
            // NFKC first, as the query line is read: a full-width space (U+3000) ends a word too.
            const std::string text = nfkc(single_q(params));
            const std::size_t space = text.find_last_of(" \t");
            std::string word = space == std::string::npos ? text : text.substr(space + 1);
            while (!word.empty() && (word.front() == '-' || word.front() == '#')) word.erase(0, 1);
            nlohmann::json tags = nlohmann::json::array();
            std::vector<std::string> words;
            if (!word.empty()) {
                words = searcher.complete(word, kSuggestions);
                for (const auto& t : matching_tags(searcher, word))
                    tags.push_back({{"name", t.name}, {"count", t.count}});
            }
            return Reply{200, "application/json", dumped({{"prefix", word}, {"words", words}, {"tags", tags}})};
        },
        error_json);
}

Reply results_html(const Searcher& searcher, const Params& params) {
    return guarded(
        [&] {
            const SearchState state = read_state(params);
            if (state.blank()) return html(200, render_start(searcher.stats().notes, searcher.all_tags()));
            return html(200, run_command(command_of(state), searcher, *make_live_printer(state)));
        },
        [](int status, std::string_view message) { return html(status, render_problem(message)); });
}

Reply page_html(const Searcher& searcher, const Params& params) {
    SearchState state;
    try {
        state = read_state(params);
    } catch (const BadRequest&) {
        // The form is shown empty; the results part says what was wrong with the address.
    }
    Reply results = results_html(searcher, params);
    return html(results.status, render_live_page(state, results.body));
}

}  // namespace notes::serve
