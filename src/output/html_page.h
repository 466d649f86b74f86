// html_page.h — writing notes as a tag page in the site's own markup (the standalone page: standalone_page.h).
//
// The tag page format, as the site's generator writes it (every "\n" below is a real newline):
//
//   ---\nlayout: post\ntitle: T\nauthor: A\n---\n## H\n
//   <div class="visible-content">\n  NOTE NOTE NOTE  </div>\n
//   -- only when there are more than three notes:
//   <button onclick="showMore(0)">more</button>\n\n<div class="hidden-content">\n  NOTE...
//   <button onclick="hideContent(0)" style="display: none;">hide</button>\n</div>\n
//
// and each NOTE is
//
//   <a class="button" href="articles/TAG.html">#TAG</a>...<br><span class="issue_date">Issue Date: D</span>\n
//   <a href="URL">TITLE</a>\n
//   <span class="snippet"><span>Summary</span>SUMMARY</span>\n     (when the summary is not empty)
//   <span class="snippet"><span>Comment</span>COMMENT</span>\n     (when the comment is not empty)
//   <img src="SRC" alt="ALT">...                                    (no newline: the next note's
//                                                                    buttons, "</div>" or the hide
//                                                                    button follow directly)
//
// Fixed defects of the site: a tag holding "/" links to one page (tag_href), and a tag is shown
// once per note. The page's own tag is left out of the buttons.
//
// Escaping: text (titles, snippets, tags, alt, dates, the heading and the front matter) has
// & < > " written as entities, so markup in a note is inert, and the "{" of "{{" and "{%" as
// &#123;, so Jekyll's Liquid does not evaluate them; the site writes text raw, so a page
// read back is the same once entities are decoded. "\n" inside a text is dropped (the format is
// one line per snippet; the site's generator drops it too and keeps "\r"). In the one-line
// fields (front matter, heading) every control character becomes a space. A front matter value
// that YAML would not read back as the same plain string is written double-quoted.
//
// URLs: only http:// and https:// (any case, no control characters) go into href/src. An image
// with another src is left out; a title whose url is empty or not http(s) is written as
// `<a>TITLE</a>`, a link without a target, so the title still reads and nothing can run.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "note.h"

namespace notes {

// How snippets are labelled. The site's generator once wrote a note's one snippet without a
// label (`<span class="snippet">TEXT</span>`; a reader keeps that text in `comment`), later with
// `<span>Summary</span>` / `<span>Comment</span>`. A page is all one or all the other.
enum class SnippetLabels { shown, hidden };

// What one page shows.
struct PageSpec {
    std::string title;        // front matter title, e.g. "Quantizationに関する論文・技術記事メモの一覧"
    std::string author;       // front matter author
    std::string heading;      // the "## ..." text
    std::string own_tag;      // left out of each note's buttons (tag pages); "" for a query page
    std::vector<Note> notes;  // in display order
    SnippetLabels snippet_labels = SnippetLabels::shown;
};

// The name of a tag's page, without its extension, as both its link (tag_href) and its file
// (page_file_name, site.h) spell it, so that they always agree: "/", "\" and control characters
// as "_" (the site's file names: Efficiency_SpeedUp); "tag-" before a name that is empty or
// starts with ".", "_", "#" or "~" (Jekyll skips those files, and "." or ".." would name no file:
// "tag-..", never "..markdown"); a name over 150 bytes cut there, ending in a hash of the tag.
std::string tag_file_stem(std::string_view tag);

// The href of a tag's page: "articles/<stem>.html" (tag_file_stem) with "%", "#", "?"
// percent-encoded so the link cannot point elsewhere. Spaces are kept, as the site writes them.
// Not HTML-escaped.
std::string tag_href(std::string_view tag);

// The site's order: notes without the "Article" tag first, then those with it; each group newest
// first (an empty date counts as oldest); equal dates by id, highest first. Stable, total.
void sort_site_order(std::vector<Note>& notes);

// The page in the site's exact markup (see the top of this file). Notes are written in the order
// given: call sort_site_order() first for the site's order.
std::string render_tag_page(const PageSpec& spec);

}  // namespace notes
