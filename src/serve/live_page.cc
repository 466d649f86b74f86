// live_page.cc — the live page's frame and its results part, in the standalone page's markup.
#include "live_page.h"

#include <algorithm>

#include "highlighter.h"
#include "html_escape.h"
#include "note_markup.h"
#include "printer.h"
#include "site.h"
#include "tags.h"

namespace notes::serve {

namespace {

constexpr std::size_t kShownTagChips = 24;

bool has_tag(const std::vector<std::string>& tags, std::string_view tag) {
    return std::any_of(tags.begin(), tags.end(), [&](const std::string& t) { return tag_key(t) == tag_key(tag); });
}

// `state` with `tag` among its filters, or without it when it is one already.
SearchState toggled_tag(SearchState state, std::string_view tag) {
    auto& tags = state.tags;
    auto same = [&](const std::string& t) { return tag_key(t) == tag_key(tag); };
    if (std::any_of(tags.begin(), tags.end(), same))
        tags.erase(std::remove_if(tags.begin(), tags.end(), same), tags.end());
    else
        tags.emplace_back(tag);
    return state;
}

void append_chip(std::string& out, const std::string& href, std::string_view label, std::int64_t count, bool pressed) {
    out += "<li><a class=\"chip";
    out += pressed ? " pressed\" aria-pressed=\"true\"" : "\" aria-pressed=\"false\"";
    out += " href=\"";
    append_escaped(out, href);
    out += "\"><span class=\"chip-tag\">";
    append_escaped(out, label);
    out += "</span><span class=\"chip-count\">" + std::to_string(count) + "</span></a></li>\n";
}

void append_facets(std::string& out, std::string_view label, std::string_view kind, const std::string& chips) {
    if (chips.empty()) return;
    out += "<div class=\"facet-row\" data-facet=\"";
    out += kind;
    out += "\"><span class=\"facet-label\">";
    out += label;
    out += "</span><ul class=\"facets\">\n" + chips + "</ul></div>\n";
}

// The tag chips: the filters in force first (pressed: a click widens), then the most frequent.
std::string tag_chips(const SearchState& state, const std::vector<FacetCount>& facets) {
    std::string out;
    std::vector<const FacetCount*> shown;
    for (const auto& f : facets)
        if (has_tag(state.tags, f.name)) shown.push_back(&f);
    for (const auto& f : facets)
        if (!has_tag(state.tags, f.name) && shown.size() < kShownTagChips + state.tags.size()) shown.push_back(&f);
    for (const FacetCount* f : shown)
        append_chip(out, page_url(toggled_tag(state, f->name)), "#" + f->name, f->count, has_tag(state.tags, f->name));
    return out;
}

std::string year_chips(const SearchState& state, const std::vector<FacetCount>& years) {
    std::string out;
    for (const auto& y : years) {
        SearchState next = state;
        next.date = state.date == y.name ? "" : y.name;
        append_chip(out, page_url(next), y.name, y.count, state.date == y.name);
    }
    return out;
}

void append_summary(std::string& out, const SearchState& state, const SearchResult& found) {
    out += "<section class=\"results-head\">\n<p class=\"summary-line\"><span class=\"count\">";
    out += (found.exact ? std::to_string(found.total) : "約 " + approximate(found.total)) + "件</span></p>\n";
    if (!found.suggestion.empty()) {
        SearchState next = state;
        next.q = found.suggestion;
        out += "<p class=\"notice suggestion\">もしかして: <a href=\"";
        append_escaped(out, page_url(next));
        out += "\">";
        append_escaped(out, found.suggestion);
        out += "</a></p>\n";
    }
    if (found.partial)
        out +=
            "<p class=\"notice partial\">すべての語を含むメモはありません。一部の語を含むメモを表示しています。</p>\n";
    append_facets(out, "タグ", "tags", tag_chips(state, found.tag_facets));
    append_facets(out, "年", "years", year_chips(state, found.year_facets));
    out += "</section>\n";
}

// The notes, each in the standalone page's <div class="note">, and the link to the next page.
void append_hits(std::string& out, const SearchState& state, const Results& r) {
    const StandalonePage marked = standalone_page(r);
    const Highlighter highlighter(marked.highlight_terms);
    const NoteStyle style{.own_tag = "",
                          .labels = SnippetLabels::shown,
                          .buttons = TagButtons::chips,
                          .highlighter = &highlighter,
                          .tag_link = [&](std::string_view tag) { return page_url(toggled_tag(state, tag)); }};
    out += "<main class=\"hits\" data-offset=\"" + std::to_string(r.offset) + "\">\n";
    if (r.found.hits.empty()) out += "<p class=\"empty\">該当するメモはありません。</p>\n";
    for (const Hit& hit : r.found.hits) {
        out += "<div class=\"note\">\n";
        append_note(out, hit.note, style);
        if (out.back() != '\n') out += '\n';
        out += "</div>\n";
    }
    out += "</main>\n";
    const std::size_t next = r.offset + r.found.hits.size();
    if (!r.found.hits.empty() && next < r.found.total) {
        std::string href = page_url(state);
        href += (href.find('?') == std::string::npos ? "?" : "&") + std::string("offset=") + std::to_string(next);
        out += "<p class=\"more\"><a class=\"more-button\" href=\"";
        append_escaped(out, href);
        out += "\">more <span class=\"more-count\">+" + std::to_string(r.found.total - next) + "</span></a></p>\n";
    }
}

// The month a date value starts (`end` false) or ends in, as <input type="month"> holds it:
// 2023 -> 2023-01 / 2023-12, 2023-07 and 2023-07-15 -> 2023-07; "" for what is not a date.
std::string month_of(std::string_view date, bool end) {
    auto digits = [&](std::size_t from, std::size_t n) {
        return date.size() >= from + n &&
               std::all_of(date.begin() + from, date.begin() + from + n, [](char c) { return c >= '0' && c <= '9'; });
    };
    if (!digits(0, 4)) return "";
    if (date.size() == 4) return std::string(date) + (end ? "-12" : "-01");
    if (date[4] == '-' && digits(5, 2)) return std::string(date.substr(0, 7));
    return "";
}

void append_form(std::string& out, const SearchState& state) {
    out += "<form class=\"search\" id=\"search\" action=\"/\" method=\"get\" role=\"search\">\n";
    out += "<input type=\"search\" id=\"q\" name=\"q\" value=\"";
    append_escaped(out, state.q);
    out +=
        "\" placeholder=\"LoRA 量子化（/ で入力）\" autocomplete=\"off\" maxlength=\"1000\" aria-label=\"検索語\">\n";
    out += "<select id=\"sort\" name=\"sort\" aria-label=\"並び順\">";
    for (auto [value, label] : {std::pair{"relevance", "関連度順"}, {"newest", "新しい順"}, {"oldest", "古い順"}}) {
        out += "<option value=\"" + std::string(value) + "\"" + (state.sort == value ? " selected" : "") + ">";
        out += std::string(label) + "</option>";
    }
    out += "</select>\n";
    const std::size_t dots = state.date.find("..");
    const std::string_view date = state.date;
    const std::string from = month_of(date.substr(0, dots), false);
    const std::string to = month_of(dots == std::string::npos ? date : date.substr(dots + 2), true);
    out += "<span class=\"range\"><input type=\"month\" id=\"from\" aria-label=\"期間の始め\" value=\"" + from + "\">";
    out += "<span class=\"range-dash\">〜</span>";
    out += "<input type=\"month\" id=\"to\" aria-label=\"期間の終わり\" value=\"" + to + "\"></span>\n";
    for (const auto& tag : state.tags) {
        out += "<input type=\"hidden\" name=\"tag\" value=\"";
        append_escaped(out, tag);
        out += "\">\n";
    }
    out += "<input type=\"hidden\" id=\"date\" name=\"date\" value=\"";
    append_escaped(out, state.date);
    out += "\">\n<button type=\"submit\" class=\"go\">検索</button>\n</form>\n";
}

class LivePrinter final : public Printer {
  public:
    explicit LivePrinter(SearchState state) : state_(std::move(state)) {}
    std::string_view option() const override { return "the live page"; }
    bool prints(Mode mode) const override { return mode == Mode::search; }

    std::string results(const Results& r) const override {
        std::string out;
        append_summary(out, state_, r.found);
        append_hits(out, state_, r);
        return out;
    }

  private:
    SearchState state_;
};

}  // namespace

std::unique_ptr<Printer> make_live_printer(const SearchState& state) { return std::make_unique<LivePrinter>(state); }

std::string render_start(std::size_t notes, const std::vector<FacetCount>& tags) {
    std::string out = "<section class=\"results-head\">\n<p class=\"summary-line\"><span class=\"count\">";
    out += std::to_string(notes) + "件</span>のメモ。語を入れるか、タグを選んでください。</p>\n";
    append_facets(out, "タグ", "tags", tag_chips(SearchState{}, tags));
    out += "</section>\n<main class=\"hits\"></main>\n";
    return out;
}

std::string render_problem(std::string_view message) {
    std::string out = "<section class=\"results-head\">\n<p class=\"notice problem\" role=\"alert\">";
    append_escaped(out, message);
    out += "</p>\n</section>\n<main class=\"hits\"></main>\n";
    return out;
}

std::string render_live_page(const SearchState& state, const std::string& results) {
    std::string out = "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n";
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += "<meta name=\"color-scheme\" content=\"light dark\">\n<title>";
    out += state.q.empty() ? "notes-search" : "「" + one_line(state.q) + "」の検索結果 — notes-search";
    out += "</title>\n<link rel=\"stylesheet\" href=\"/assets/standalone.css\">\n";
    out += "<link rel=\"stylesheet\" href=\"/assets/live.css\">\n<script src=\"/assets/live.js\" defer></script>\n";
    out += "</head>\n<body>\n<div class=\"page\">\n<header class=\"live-head\">\n";
    out += "<h1><a href=\"/\">notes-search</a></h1>\n";
    append_form(out, state);
    out += "<div id=\"suggest\" class=\"suggest\" hidden></div>\n</header>\n";
    out += "<div id=\"results\" class=\"results\" aria-live=\"polite\">\n" + results + "</div>\n";
    out += "<footer>/ で検索欄へ ・ ↑↓ で結果を選び Enter で開く</footer>\n</div>\n</body>\n</html>\n";
    return out;
}

}  // namespace notes::serve
